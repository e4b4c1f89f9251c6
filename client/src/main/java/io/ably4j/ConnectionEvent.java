package io.ably4j;

/**
 * The events a {@link Connection} emits: one per {@link ConnectionState}, plus {@link #UPDATE} for changes that leave
 * the state unchanged. Spec: RTN4, RTN4h.
 */
public enum ConnectionEvent {
    INITIALIZED,
    CONNECTING,
    CONNECTED,
    DISCONNECTED,
    SUSPENDED,
    CLOSING,
    CLOSED,
    FAILED,
    /** Connection conditions changed without a state change, e.g. a new CONNECTED while connected (RTN24). */
    UPDATE
}
