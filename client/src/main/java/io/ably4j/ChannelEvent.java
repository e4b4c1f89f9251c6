package io.ably4j;

/** The events a {@link RealtimeChannel} emits: one per {@link ChannelState}, plus {@link #UPDATE}. Spec: RTL2a. */
public enum ChannelEvent {
    INITIALIZED,
    ATTACHING,
    ATTACHED,
    DETACHING,
    DETACHED,
    SUSPENDED,
    FAILED,
    /**
     * A change of the channel's condition without a change of state, such as an extra ATTACHED that is not resumed:
     * messages may have been lost. Spec: RTL2g, RTL12.
     */
    UPDATE
}
