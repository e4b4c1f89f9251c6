package io.ably4j.internal.channel;

import io.ably4j.ChannelStateChange;
import io.ably4j.types.ProtocolMessage;

/**
 * The seam through which presence (RTP) and other channel-scoped features follow the channels, beside the channel
 * state machine rather than inside it. Registered with {@link ChannelRegistry#addChannelObserver}; one observer sees
 * every channel of the client.
 *
 * <p>Every method is called on the client's serial executor (the one of {@link
 * io.ably4j.internal.connection.ConnectionManager#executor()}), so implementations may read channel and connection
 * state and call {@link io.ably4j.internal.connection.ConnectionManager#send} without locks. They must not block, and
 * should not throw: an exception is caught and logged (RTC11) and the channel carries on.
 */
public interface ChannelObserver {
    /**
     * A channel's state changed, or it emitted an {@link io.ably4j.ChannelEvent#UPDATE} (RTL2g, RTL12). Called with
     * the channel's state already updated and <em>before</em> the channel's user listeners are notified (they run
     * later, on the callback executor).
     *
     * @param channel the channel's name
     * @param change the change the channel's listeners will see
     * @param hasPresence the {@code HAS_PRESENCE} flag of the ATTACHED protocol message that caused the change (RTP1);
     *     false for a change not caused by an ATTACHED
     */
    default void onChannelStateChange(String channel, ChannelStateChange change, boolean hasPresence) {}

    /**
     * A PRESENCE protocol message for an ATTACHED channel (RTP2), after the channel's {@code channelSerial} was updated
     * from it (RTL15b). PRESENCE received in any other channel state is dropped, as messages are (RTL17).
     */
    default void onPresence(ProtocolMessage message) {}

    /**
     * A SYNC protocol message for an ATTACHED channel (RTP18); its {@code channelSerial} is the sync cursor and does
     * not update the channel's (RTL15b). SYNC received in any other channel state is dropped.
     */
    default void onSync(ProtocolMessage message) {}
}
