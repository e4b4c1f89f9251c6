package io.ably4j.internal.channel;

import io.ably4j.ChannelStateChange;
import io.ably4j.internal.util.Log;
import io.ably4j.types.ProtocolMessage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link ChannelObserver}s of one client, shared by all its channels. {@link #add} is thread-safe; the dispatch
 * methods are called on the serial executor and call each observer in registration order, catching and logging what
 * it throws (RTC11) so a failing observer neither stops the others nor corrupts the channel.
 */
final class ChannelObservers {
    private final CopyOnWriteArrayList<ChannelObserver> observers = new CopyOnWriteArrayList<>();
    private final Log log;

    ChannelObservers(Log log) {
        this.log = log;
    }

    void add(ChannelObserver observer) {
        observers.add(observer);
    }

    void stateChanged(String channel, ChannelStateChange change, boolean hasPresence) {
        for (ChannelObserver o : observers) {
            try {
                o.onChannelStateChange(channel, change, hasPresence);
            } catch (RuntimeException e) {
                log.error("A channel observer failed on " + change.event() + " of channel " + channel, e);
            }
        }
    }

    void presence(ProtocolMessage message) {
        for (ChannelObserver o : observers) {
            try {
                o.onPresence(message);
            } catch (RuntimeException e) {
                log.error("A channel observer failed on PRESENCE for channel " + message.channel(), e);
            }
        }
    }

    void sync(ProtocolMessage message) {
        for (ChannelObserver o : observers) {
            try {
                o.onSync(message);
            } catch (RuntimeException e) {
                log.error("A channel observer failed on SYNC for channel " + message.channel(), e);
            }
        }
    }
}
