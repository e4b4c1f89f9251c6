package io.ably4j;

/** The states of a {@link Connection}. Spec: RTN4, RTN27. */
public enum ConnectionState {
    /** Created, and no connection has been attempted yet. */
    INITIALIZED,
    /** A connection attempt is in progress. */
    CONNECTING,
    /** Connected: the transport is open and Ably has sent CONNECTED. Spec: RTN6. */
    CONNECTED,
    /** Temporarily disconnected; the client retries and will try to resume the connection. */
    DISCONNECTED,
    /** Disconnected for longer than the connection state TTL; the client keeps retrying less often. */
    SUSPENDED,
    /** Closing at the user's request. */
    CLOSING,
    /** Closed at the user's request; {@link Connection#connect()} starts over. */
    CLOSED,
    /** Failed permanently; {@link Connection#errorReason()} says why. {@link Connection#connect()} starts over. */
    FAILED;

    /** {@return the {@link ConnectionEvent} emitted when the connection enters this state} */
    public ConnectionEvent event() {
        return ConnectionEvent.valueOf(name());
    }
}
