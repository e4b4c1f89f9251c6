package io.ably4j.presence;

import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket;
import io.ably4j.types.AblyException;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/**
 * Shared plumbing of the presence tests driven by a {@link MockWebSocket}: a {@link FakeRuntime}, a scripted server,
 * the UTS {@code captured_presence} list and helpers for the protocol messages of the UTS presence specs.
 */
@NullUnmarked
abstract class PresenceTestSupport {
    protected final FakeRuntime rt = new FakeRuntime();
    protected final MockWebSocket ws = rt.ws;
    /** Every message the client sent, in order. */
    protected final List<ProtocolMessage> fromClient = new ArrayList<>();
    /** The number of connection attempts so far (UTS {@code connection_count}). */
    protected final AtomicInteger connectionCount = new AtomicInteger();

    private @Nullable Consumer<ProtocolMessage> server;

    PresenceTestSupport() {
        ws.onMessageFromClient(m -> {
            fromClient.add(m);
            Consumer<ProtocolMessage> s = server;
            if (s != null) {
                s.accept(m);
            }
        });
        ws.respondToEveryAttemptWith(Fixtures.connected());
    }

    @AfterEach
    void closeRuntime() {
        rt.close();
    }

    /** Replaces the scripted server (what it does with each message from the client). */
    protected void server(@Nullable Consumer<ProtocolMessage> handler) {
        this.server = handler;
    }

    /** Each connection attempt succeeds with connectionId {@code conn-N}, N counting attempts from 1. */
    protected void numberedConnections() {
        ws.onConnectionAttempt(c -> {
            int n = connectionCount.incrementAndGet();
            c.respondWithSuccess(connected("conn-" + n));
        });
    }

    protected static ProtocolMessage connected(String connectionId) {
        return Fixtures.connected(connectionId, "key-" + connectionId);
    }

    /** CONNECTED with a connectionStateTtl (UTS {@code ConnectionDetails(connectionStateTtl: ttl)}). */
    protected static ProtocolMessage connected(String connectionId, long ttl) {
        ConnectionDetails d =
                Fixtures.details("key-" + connectionId).connectionStateTtl(ttl).build();
        return ProtocolMessage.builder(Action.CONNECTED)
                .connectionId(connectionId)
                .connectionKey("key-" + connectionId)
                .connectionDetails(d)
                .build();
    }

    protected RealtimeClient client(Consumer<ClientOptions.Builder> customiser) {
        return rt.client(b -> {
            b.autoConnect(false);
            customiser.accept(b);
        });
    }

    protected RealtimeClient connectedClient(@Nullable String clientId) {
        return connectedClient(b -> b.clientId(clientId));
    }

    protected RealtimeClient connectedClient(Consumer<ClientOptions.Builder> customiser) {
        RealtimeClient c = client(customiser);
        c.connect();
        rt.drain();
        if (c.connection().state() != ConnectionState.CONNECTED) {
            throw new AssertionError("not connected: " + c.connection().state());
        }
        return c;
    }

    protected RealtimeChannel attached(RealtimeClient client, String name) {
        RealtimeChannel ch = client.channels().get(name);
        rt.await(ch.attach());
        if (ch.state() != ChannelState.ATTACHED) {
            throw new AssertionError("not attached: " + ch.state());
        }
        return ch;
    }

    /** Sends {@code pm} to the client on the active connection (delivered on the next drain). */
    protected void toClient(ProtocolMessage pm) {
        ws.activeConnection().sendToClient(pm);
    }

    /** Sends {@code pm} and drains. */
    protected void deliver(ProtocolMessage pm) {
        toClient(pm);
        rt.drain();
    }

    /** The PRESENCE messages the client sent (UTS {@code captured_presence}). */
    protected List<ProtocolMessage> capturedPresence() {
        return fromClient.stream().filter(m -> m.action() == Action.PRESENCE).toList();
    }

    protected List<ProtocolMessage> sent(Action action) {
        return fromClient.stream().filter(m -> m.action() == action).toList();
    }

    protected static ProtocolMessage attachedMsg(String channel, Flag... flags) {
        ProtocolMessage.Builder b = ProtocolMessage.builder(Action.ATTACHED).channel(channel);
        for (Flag f : flags) {
            b.flag(f);
        }
        return b.build();
    }

    protected static ProtocolMessage detachedMsg(String channel) {
        return ProtocolMessage.builder(Action.DETACHED).channel(channel).build();
    }

    protected static ProtocolMessage channelError(String channel, int code, String message) {
        return ProtocolMessage.builder(Action.ERROR)
                .channel(channel)
                .error(ErrorInfo.of(code, code / 100, message))
                .build();
    }

    protected static ProtocolMessage sync(String channel, @Nullable String channelSerial, PresenceMessage... members) {
        return ProtocolMessage.builder(Action.SYNC)
                .channel(channel)
                .channelSerial(channelSerial)
                .presence(Arrays.asList(members))
                .build();
    }

    protected static ProtocolMessage presence(String channel, PresenceMessage... members) {
        return ProtocolMessage.builder(Action.PRESENCE)
                .channel(channel)
                .presence(Arrays.asList(members))
                .build();
    }

    protected static ProtocolMessage ack(Long serial) {
        return ProtocolMessage.builder(Action.ACK).msgSerial(serial).count(1).build();
    }

    protected static ProtocolMessage nack(Long serial, ErrorInfo error) {
        return ProtocolMessage.builder(Action.NACK)
                .msgSerial(serial)
                .count(1)
                .error(error)
                .build();
    }

    /**
     * The server echo of the UTS re-entry specs: each presence message of {@code msg} comes back as a PRESENCE with
     * the given connectionId, id {@code connectionId:msgSerial:index} and the client's clientId when it sent none.
     */
    protected void echo(ProtocolMessage msg, String connectionId, String defaultClientId) {
        List<PresenceMessage> items = msg.presence();
        for (int i = 0; i < items.size(); i++) {
            PresenceMessage p = items.get(i);
            toClient(ProtocolMessage.builder(Action.PRESENCE)
                    .channel(msg.channel())
                    .connectionId(connectionId)
                    .presence(List.of(p.toBuilder()
                            .clientId(p.clientId() != null ? p.clientId() : defaultClientId)
                            .connectionId(connectionId)
                            .id(connectionId + ":" + msg.msgSerial() + ":" + i)
                            .timestamp(rt.scheduler.currentTimeMillis())
                            .build()))
                    .build());
        }
    }

    /** The AblyException error of a future that failed. */
    protected ErrorInfo errorOf(CompletableFuture<?> f) {
        Throwable t = rt.awaitError(f);
        if (!(t instanceof AblyException e)) {
            throw new AssertionError("expected an AblyException, got " + t, t);
        }
        return e.errorInfo();
    }

    /** Advances the fake clock in steps until the connection reaches {@code state}. */
    protected void advanceUntil(RealtimeClient client, ConnectionState state, long stepMillis, int maxSteps) {
        for (int i = 0; i < maxSteps && client.connection().state() != state; i++) {
            rt.advanceMillis(stepMillis);
        }
        if (client.connection().state() != state) {
            throw new AssertionError("connection did not reach " + state + ": "
                    + client.connection().state());
        }
    }

    /** Drops the transport, refuses reconnection and advances the clock until the connection is SUSPENDED. */
    protected void suspend(RealtimeClient client) {
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        ws.activeConnection().simulateDisconnect(null);
        advanceUntil(client, ConnectionState.SUSPENDED, 5000, 60);
    }

    /** Drops the transport; the next attempt (run by advancing the clock) connects as the connection handler says. */
    protected void dropAndReconnect(RealtimeClient client) {
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        advanceUntil(client, ConnectionState.CONNECTED, 1000, 60);
    }
}
