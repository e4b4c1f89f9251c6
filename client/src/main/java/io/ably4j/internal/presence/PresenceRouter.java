package io.ably4j.internal.presence;

import io.ably4j.ChannelStateChange;
import io.ably4j.internal.channel.ChannelObserver;
import io.ably4j.types.ProtocolMessage;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ChannelObserver} through which every channel's {@link RealtimePresenceImpl} follows its channel: state
 * changes with their HAS_PRESENCE flag (RTP1, RTP5), PRESENCE (RTP2) and SYNC (RTP18) messages. Called on the serial
 * executor.
 */
public final class PresenceRouter implements ChannelObserver {
    private final Function<String, @Nullable RealtimePresenceImpl> presenceOf;

    /** @param presenceOf the presence of a channel by name, or null for a channel no longer in the registry */
    public PresenceRouter(Function<String, @Nullable RealtimePresenceImpl> presenceOf) {
        this.presenceOf = presenceOf;
    }

    @Override
    public void onChannelStateChange(String channel, ChannelStateChange change, boolean hasPresence) {
        RealtimePresenceImpl p = presenceOf.apply(channel);
        if (p != null) {
            p.onChannelStateChange(change, hasPresence);
        }
    }

    @Override
    public void onPresence(ProtocolMessage message) {
        RealtimePresenceImpl p = lookup(message);
        if (p != null) {
            p.onPresence(message);
        }
    }

    @Override
    public void onSync(ProtocolMessage message) {
        RealtimePresenceImpl p = lookup(message);
        if (p != null) {
            p.onSync(message);
        }
    }

    private @Nullable RealtimePresenceImpl lookup(ProtocolMessage message) {
        String channel = message.channel();
        return channel == null ? null : presenceOf.apply(channel);
    }
}
