package io.ably4j.emulator;

/** How {@link Faults#refuseConnections} treats new connection attempts. REST requests are unaffected. */
public enum RefuseMode {
    /** Reset every new TCP connection as soon as it is accepted. */
    RESET,
    /** Answer WebSocket upgrade requests with HTTP 503. */
    HTTP_503,
    /** Complete the WebSocket upgrade but never send CONNECTED (the client's connect times out). */
    HOLD
}
