package io.ably4j.emulator;

/** How {@link Faults#drop} ends a connection's transport. The connection's state is kept either way. */
public enum DropMode {
    /** A WebSocket close frame (code 1000), then TCP close. */
    CLEAN,
    /** TCP close (FIN) without a WebSocket close frame. */
    FIN,
    /** TCP reset (RST, {@code SO_LINGER 0}). */
    RST
}
