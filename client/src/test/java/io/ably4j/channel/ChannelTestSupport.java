package io.ably4j.channel;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;

/** Shared plumbing for the channel unit tests: a {@link FakeRuntime}, a scripted server and small helpers. */
@NullUnmarked
abstract class ChannelTestSupport {
    protected final FakeRuntime rt = new FakeRuntime();
    protected final MockWebSocket ws = rt.ws;
    /** Every message the client sent, in order. */
    protected final List<ProtocolMessage> fromClient = new ArrayList<>();

    private @Nullable Consumer<ProtocolMessage> server;

    ChannelTestSupport() {
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

    /** A server that answers ATTACH with ATTACHED and DETACH with DETACHED. */
    protected void autoAttachServer() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            } else if (m.action() == Action.DETACH) {
                toClient(detached(m.channel()));
            }
        });
    }

    /** A server that answers ATTACH/DETACH and ACKs every MESSAGE. */
    protected void autoAckServer() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            } else if (m.action() == Action.DETACH) {
                toClient(detached(m.channel()));
            } else if (m.action() == Action.MESSAGE) {
                toClient(ack(m.msgSerial(), 1));
            }
        });
    }

    protected RealtimeClient client() {
        return rt.client(b -> b.autoConnect(false));
    }

    protected RealtimeClient client(Consumer<ClientOptions.Builder> customiser) {
        return rt.client(b -> {
            b.autoConnect(false);
            customiser.accept(b);
        });
    }

    protected RealtimeClient connectedClient() {
        return connectedClient(b -> {});
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

    /** A channel of a connected client, attached through the auto-attach server. */
    protected RealtimeChannel attachedChannel(RealtimeClient client, String name) {
        if (server == null) {
            autoAttachServer();
        }
        RealtimeChannel ch = client.channels().get(name);
        rt.await(ch.attach());
        return ch;
    }

    /** Futures started and not awaited by a test (fire and forget); kept so none is silently dropped. */
    protected final List<CompletableFuture<?>> fired = new ArrayList<>();

    protected void fire(CompletableFuture<?> f) {
        fired.add(f);
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

    protected List<ProtocolMessage> sent(Action action) {
        return fromClient.stream().filter(m -> m.action() == action).toList();
    }

    protected static ProtocolMessage attached(String channel) {
        return ProtocolMessage.builder(Action.ATTACHED).channel(channel).build();
    }

    protected static ProtocolMessage detached(String channel) {
        return ProtocolMessage.builder(Action.DETACHED).channel(channel).build();
    }

    protected static ProtocolMessage channelError(String channel, int code, String message) {
        return ProtocolMessage.builder(Action.ERROR)
                .channel(channel)
                .error(ErrorInfo.of(code, code / 100, message))
                .build();
    }

    protected static ProtocolMessage ack(Long serial, int count) {
        return ProtocolMessage.builder(Action.ACK)
                .msgSerial(serial)
                .count(count)
                .build();
    }

    protected static ProtocolMessage nack(Long serial, int count, ErrorInfo error) {
        return ProtocolMessage.builder(Action.NACK)
                .msgSerial(serial)
                .count(count)
                .error(error)
                .build();
    }

    /** The AblyException error of a future that failed. */
    protected ErrorInfo errorOf(CompletableFuture<?> f) {
        Throwable t = rt.awaitError(f);
        if (!(t instanceof AblyException e)) {
            throw new AssertionError("expected an AblyException, got " + t, t);
        }
        return e.errorInfo();
    }

    /** Advances the fake clock in steps until {@code state} is reached (UTS: LOOP ADVANCE_TIME ... BREAK). */
    protected void advanceUntil(RealtimeClient client, ConnectionState state, long stepMillis, int maxSteps) {
        for (int i = 0; i < maxSteps && client.connection().state() != state; i++) {
            rt.advanceMillis(stepMillis);
        }
        if (client.connection().state() != state) {
            throw new AssertionError("connection did not reach " + state + ": "
                    + client.connection().state());
        }
    }
}
