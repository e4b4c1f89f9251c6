package io.ably4j;

/** The states of a {@link RealtimeChannel}. Spec: RTL2b. */
public enum ChannelState {
    /** Created; no attach has been requested yet. */
    INITIALIZED,
    /** An ATTACH was sent, or will be sent once the connection is CONNECTED; waiting for ATTACHED. Spec: RTL4i. */
    ATTACHING,
    /** Attached: messages are delivered to subscribers. Spec: RTL17. */
    ATTACHED,
    /** A DETACH was sent; waiting for DETACHED. */
    DETACHING,
    /** Detached at the user's request, or because the connection closed. Spec: RTL3b. */
    DETACHED,
    /**
     * The attachment was lost or could not be made in time; the client re-attaches automatically. Spec: RTL13b, RTL3d.
     */
    SUSPENDED,
    /**
     * Failed permanently, for example on a channel ERROR; {@link RealtimeChannel#errorReason()} says why. Spec: RTL14.
     */
    FAILED;

    /** {@return the {@link ChannelEvent} emitted when the channel enters this state} */
    public ChannelEvent event() {
        return ChannelEvent.valueOf(name());
    }
}
