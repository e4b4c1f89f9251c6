package io.ably4j.internal.channel;

import io.ably4j.AblyFuture;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.Channels;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.DeriveOptions;
import io.ably4j.RealtimeChannel;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.connection.ConnectionObserver;
import io.ably4j.internal.connection.RecoveryParticipant;
import io.ably4j.internal.presence.PresenceRouter;
import io.ably4j.internal.rest.RestCore;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The channels of one client (RTS1-RTS4) and the router between the {@link ConnectionManager} and them: it observes
 * the connection (RTL3), dispatches channel-addressed protocol messages, owns the connection-wide {@link
 * PublishQueue} (ACK/NACK, RTL11a: independent of channel state), and holds the {@link ChannelObserver}s through which
 * presence follows the channels. As the manager's {@link RecoveryParticipant} it supplies and applies the channel half
 * of a recovery key (RTN16). The map and the observer list are concurrent; {@link #msgSerial()} and {@link
 * #attachedChannelSerials()} may be called from any thread; everything else runs on the serial executor.
 */
public final class ChannelRegistry implements Channels, ConnectionObserver, RecoveryParticipant {
    private final ConnectionManager manager;
    private final RestCore rest;
    private final ConcurrentHashMap<String, ChannelImpl> channels = new ConcurrentHashMap<>();
    private final PublishQueue queue;
    private final ChannelObservers observers;
    private final LongSupplier wallClock;

    /**
     * Creates the registry and registers it with {@code manager} as an observer and as the recovery participant
     * (RTN16); call before connecting. Channel history (RTL10) goes through {@code rest}. Presence (RTP) follows the
     * channels through a {@link PresenceRouter}, the first {@link ChannelObserver}.
     *
     * @param wallClock the wall clock in ms since the epoch (the runtime's), for the timestamps presence synthesizes
     */
    public ChannelRegistry(ConnectionManager manager, RestCore rest, LongSupplier wallClock) {
        this.manager = manager;
        this.rest = rest;
        this.wallClock = wallClock;
        this.queue = new PublishQueue(manager);
        this.observers = new ChannelObservers(manager.log());
        observers.add(new PresenceRouter(name -> {
            ChannelImpl c = channels.get(name);
            return c == null ? null : c.presenceImpl();
        }));
        manager.addObserver(this);
        manager.setRecoveryParticipant(this);
    }

    /**
     * Adds an observer of every channel of this client, present and future (see {@link ChannelObserver}). Thread-safe;
     * the observer is called on the serial executor, and only for events after this call. Add it before any channel is
     * used to see them all.
     */
    public void addChannelObserver(ChannelObserver observer) {
        observers.add(observer);
    }

    @Override
    public RealtimeChannel get(String name) {
        return channels.computeIfAbsent(requireName(name), n -> newChannel(n, ChannelOptions.defaults()));
    }

    @Override
    public RealtimeChannel get(String name, ChannelOptions options) {
        requireName(name);
        if (options == null) {
            throw ChannelImpl.invalid("options must not be null");
        }
        ChannelImpl created = null;
        ChannelImpl existing = channels.get(name);
        if (existing == null) {
            ChannelImpl fresh = newChannel(name, options);
            existing = channels.putIfAbsent(name, fresh);
            if (existing == null) {
                created = fresh; // RTS3b
            }
        }
        if (created != null) {
            return created;
        }
        ChannelImpl channel = existing;
        if (channel.machine().needsReattach(options)) { // RTS3c1
            throw Errors.badArgument("Channels.get(name, options) would need to re-attach channel " + name
                    + " to apply new params or modes; use RealtimeChannel.setOptions instead");
        }
        // RTS3c: applied at once (no re-attach is needed), decided again on the serial executor (RTS3c1)
        manager.executor().execute(() -> channel.machine().applyOptionsFromGet(options));
        return channel;
    }

    @Override
    public RealtimeChannel getDerived(String name, DeriveOptions derive) {
        return get(DerivedNames.qualified(requireName(name), requireDerive(derive), Map.of()));
    }

    @Override
    public RealtimeChannel getDerived(String name, DeriveOptions derive, ChannelOptions options) {
        if (options == null) {
            throw ChannelImpl.invalid("options must not be null");
        }
        return get(DerivedNames.qualified(requireName(name), requireDerive(derive), options.params()), options);
    }

    private static DeriveOptions requireDerive(DeriveOptions derive) {
        if (derive == null) {
            throw ChannelImpl.invalid("derive options must not be null");
        }
        return derive;
    }

    @Override
    public boolean exists(String name) {
        return name != null && channels.containsKey(name);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(channels.keySet()));
    }

    @Override
    public AblyFuture<Void> release(String name) {
        requireName(name);
        ClientFuture<Void> removed = ClientFuture.create(manager.callbacks());
        ChannelImpl channel = channels.get(name); // the channel of that name now, never one created later
        if (channel == null) {
            removed.settle(null, null);
            return removed;
        }
        manager.executor().execute(() -> {
            if (channels.get(name) != channel) { // released meanwhile
                removed.settle(null, null);
                return;
            }
            // RTS4a: detach, then remove. The relay runs where the detach settles: on the serial executor.
            channel.machine().detach(ClientFuture.<Void>relay(manager.callbacks(), (v, error) -> {
                channels.remove(name, channel); // the channel detached, never a newer one of that name
                channel.machine().release();
                removed.settle(null, error);
            }));
        });
        return removed;
    }

    // ---------------------------------------------------------------- ConnectionObserver (serial executor)

    @Override
    public void onConnectionStateChange(ConnectionStateChange change, boolean resumed) {
        if (change.event() == ConnectionEvent.UPDATE) {
            return;
        }
        for (ChannelImpl c : channels.values()) {
            try {
                c.follower().onConnectionStateChange(change);
            } catch (RuntimeException e) { // RTC11
                manager.log().error("Channel " + c.name() + " failed to follow the connection state", e);
            }
        }
        ConnectionState cs = change.current();
        ErrorInfo reason = change.reason();
        switch (cs) {
            case CONNECTED -> queue.onConnected(resumed); // RTL3d, RTN19a
            case SUSPENDED, CLOSED, FAILED -> // RTN7e
                queue.failAll(ConnectionFollower.explain(cs, reason, "publish"), true);
            case DISCONNECTED -> {
                if (!manager.options().queueMessages()) { // RTN7d
                    queue.failAll(ConnectionFollower.explain(cs, reason, "publish"), false);
                }
            }
            default -> {}
        }
    }

    @Override
    public void onProtocolMessage(ProtocolMessage message) {
        switch (message.action()) {
            case ACK -> queue.onAck(message);
            case NACK -> queue.onNack(message);
            default -> {
                String name = message.channel();
                ChannelImpl channel = name == null ? null : channels.get(name);
                if (channel == null) {
                    manager.log().debug(() -> message.action() + " for unknown channel " + name + " ignored");
                    return;
                }
                channel.inbound().onProtocolMessage(message);
            }
        }
    }

    @Override
    public void onConnectionReset(boolean fromClosing) {
        queue.failAll(Errors.connectionClosed("Connection reset before the message was acknowledged"), true);
        queue.resetSerial(); // RTN11d
        for (ChannelImpl c : channels.values()) {
            c.follower().onConnectionReset(fromClosing);
        }
    }

    // ---------------------------------------------------------------- RecoveryParticipant (RTN16)

    /** RTN16g: the msgSerial the next publish will carry. Any thread (a volatile read). */
    @Override
    public long msgSerial() {
        return queue.nextMsgSerial();
    }

    /**
     * RTN16g: name to channelSerial of every ATTACHED channel that has a channelSerial. Any thread: a snapshot built
     * from volatile reads, so a channel changing state meanwhile may or may not be in it.
     */
    @Override
    public Map<String, String> attachedChannelSerials() {
        Map<String, String> serials = new LinkedHashMap<>();
        for (ChannelImpl c : channels.values()) {
            ChannelMachine m = c.machine();
            String serial = m.channelSerial();
            if (m.state() == ChannelState.ATTACHED && serial != null) {
                serials.put(m.name(), serial);
            }
        }
        return Collections.unmodifiableMap(serials);
    }

    /**
     * RTN16f, RTN16j: the publish queue continues from {@code msgSerial}, and each channel of {@code channelSerials} is
     * created (or, if the user already has it, kept) with its channelSerial set, so its ATTACH carries it (RTL4c1).
     * Channels stay INITIALIZED: the user attaches them (RTN16i). An entry with an empty name is logged and skipped, as
     * is a negative msgSerial. Serial executor, before the first connection attempt.
     */
    @Override
    public void recover(long msgSerial, Map<String, String> channelSerials) {
        if (msgSerial >= 0) {
            queue.continueFrom(msgSerial); // RTN16f
        } else {
            manager.log().warn("Recovery: negative msgSerial " + msgSerial + " ignored");
        }
        channelSerials.forEach((name, serial) -> {
            if (name == null || name.isEmpty() || serial == null) {
                manager.log().warn("Recovery: channel entry without a name or serial ignored");
                return;
            }
            ChannelImpl channel = channels.computeIfAbsent(name, n -> newChannel(n, ChannelOptions.defaults()));
            channel.machine().recoverChannelSerial(serial); // RTN16j
        });
    }

    /** The number of publishes awaiting ACK (tests). */
    int inFlightCount() {
        return queue.inFlightCount();
    }

    private ChannelImpl newChannel(String name, ChannelOptions options) {
        return new ChannelImpl(name, options, manager, queue, observers, rest, wallClock);
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new AblyException(
                    ErrorInfo.of(Errors.INVALID_CHANNEL_NAME, 400, "Channel name must be a non-empty string"));
        }
        int bad = unpairedSurrogate(name);
        if (bad >= 0) { // it cannot be encoded in UTF-8, so no ATTACH could carry it
            throw new AblyException(ErrorInfo.of(
                    Errors.INVALID_CHANNEL_NAME,
                    400,
                    "Channel name has an unpaired UTF-16 surrogate at index " + bad + "; it is not valid Unicode"));
        }
        return name;
    }

    /** The index of the first unpaired surrogate of {@code s}, or -1. */
    static int unpairedSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
