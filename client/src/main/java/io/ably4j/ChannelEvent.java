package io.ably4j;

/** The events a {@link RealtimeChannel} emits (RTL2a): one per {@link ChannelState}, plus {@link #UPDATE}. */
public enum ChannelEvent {
    INITIALIZED,
    ATTACHING,
    ATTACHED,
    DETACHING,
    DETACHED,
    SUSPENDED,
    FAILED,
    /**
     * A change of the channel's condition without a change of state (RTL2g), e.g. an extra ATTACHED that is not resumed
     * (RTL12): messages may have been lost.
     */
    UPDATE
}
