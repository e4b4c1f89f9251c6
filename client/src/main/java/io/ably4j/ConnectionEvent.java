package io.ably4j;

/**
 * The events a {@link Connection} emits: one per {@link ConnectionState}, plus {@link #UPDATE} for changes that leave
 * the state unchanged. Spec: RTN4, RTN4h.
 */
public enum ConnectionEvent {
    /** The client was created and has not connected yet. */
    INITIALIZED,
    /** A connection attempt is in progress. Spec: RTN4. */
    CONNECTING,
    /** The connection is open: messages can be sent and received. Spec: RTN4. */
    CONNECTED,
    /**
     * The connection was lost or could not be made; the client retries after {@link
     * ClientOptions#disconnectedRetryTimeout()} and resumes if it can. Spec: RTN14d, RTN15.
     */
    DISCONNECTED,
    /**
     * The client has been disconnected for longer than the connection state TTL; it retries after {@link
     * ClientOptions#suspendedRetryTimeout()}, and channels are suspended. Spec: RTN14e.
     */
    SUSPENDED,
    /** The connection is closing on request. Spec: RTN12. */
    CLOSING,
    /** The connection was closed on request; the client does not reconnect unless asked to. Spec: RTN12. */
    CLOSED,
    /**
     * The connection failed permanently, for example because of invalid credentials; the client does not retry on its
     * own. Spec: RTN14a.
     */
    FAILED,
    /** Connection conditions changed without a state change, e.g. a new CONNECTED while connected (RTN24). */
    UPDATE
}
