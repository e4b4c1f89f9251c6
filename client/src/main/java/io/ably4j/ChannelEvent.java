package io.ably4j;

/** The events a {@link RealtimeChannel} emits: one per {@link ChannelState}, plus {@link #UPDATE}. Spec: RTL2a. */
public enum ChannelEvent {
    /** The channel was created and has not been attached yet. */
    INITIALIZED,
    /** The channel is attaching: an ATTACH was sent, or will be once connected. Spec: RTL4. */
    ATTACHING,
    /** The channel is attached: messages and presence flow. Spec: RTL4. */
    ATTACHED,
    /** The channel is detaching: a DETACH was sent. Spec: RTL5. */
    DETACHING,
    /** The channel is detached, on request or by the server; no messages are received. Spec: RTL5, RTL13. */
    DETACHED,
    /**
     * The channel could not attach, or the connection was suspended; the client retries after {@link
     * ClientOptions#channelRetryTimeout()}. Spec: RTL13b, RTL3c.
     */
    SUSPENDED,
    /**
     * The channel failed permanently, for example for lack of permission; {@link RealtimeChannel#attach()} retries it.
     * Spec: RTL4g.
     */
    FAILED,
    /**
     * A change of the channel's condition without a change of state, such as an extra ATTACHED that is not resumed:
     * messages may have been lost. Spec: RTL2g, RTL12.
     */
    UPDATE
}
