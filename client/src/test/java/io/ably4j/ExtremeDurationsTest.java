package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket;
import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Durations far beyond any sensible value (TO3l, RTN14d, RTB1) and exceptions thrown by user callbacks: the client
 * saturates the timers instead of failing inside its serial executor, and its state machines keep going.
 */
@NullUnmarked // tests read nullable results on purpose
class ExtremeDurationsTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    static Stream<Duration> extremes() {
        return Stream.of(ChronoUnit.FOREVER.getDuration(), Duration.ofDays(365L * 1000));
    }

    private RealtimeClient clientWithEveryDuration(Duration d) {
        return rt.client(b -> b.autoConnect(false)
                .realtimeRequestTimeout(d)
                .disconnectedRetryTimeout(d)
                .suspendedRetryTimeout(d)
                .channelRetryTimeout(d)
                .fallbackRetryTimeout(d)
                .httpOpenTimeout(d)
                .httpRequestTimeout(d)
                .httpMaxRetryDuration(d));
    }

    @ParameterizedTest
    @MethodSource("extremes")
    void TO3l_builderSaturatesExtremeDurations(Duration d) {
        ClientOptions o = ClientOptions.builder()
                .key("appId.keyId:keySecret")
                .realtimeRequestTimeout(d)
                .disconnectedRetryTimeout(d)
                .suspendedRetryTimeout(d)
                .channelRetryTimeout(d)
                .fallbackRetryTimeout(d)
                .httpOpenTimeout(d)
                .httpRequestTimeout(d)
                .httpMaxRetryDuration(d)
                .build();
        Duration max = ClientOptions.MAX_DURATION;
        assertThat(List.of(
                        o.realtimeRequestTimeout(),
                        o.disconnectedRetryTimeout(),
                        o.suspendedRetryTimeout(),
                        o.channelRetryTimeout(),
                        o.fallbackRetryTimeout(),
                        o.httpOpenTimeout(),
                        o.httpRequestTimeout(),
                        o.httpMaxRetryDuration()))
                .allSatisfy(v -> assertThat(v).isEqualTo(d.compareTo(max) > 0 ? max : d));
        assertThat(max.toNanos()).isPositive(); // converts without overflow
    }

    /** RTB1: the backoff of an unbounded initial delay saturates rather than overflowing. */
    @Test
    void RTB1_backoffOfForeverSaturates() {
        Duration delay = io.ably4j.internal.connection.Backoff.delay(ChronoUnit.FOREVER.getDuration(), 10, 1.0);
        assertThat(delay).isPositive().isGreaterThanOrEqualTo(ClientOptions.MAX_DURATION);
    }

    /** A failed attempt goes to DISCONNECTED with a saturated retry timer; close() still completes everything. */
    @ParameterizedTest
    @MethodSource("extremes")
    void RTN14d_failedAttemptWithExtremeDurations_disconnects_andCloseCompletesQueuedPublish(Duration d) {
        rt.ws.onConnectionAttempt(MockWebSocket.PendingConnection::respondWithRefused);
        RealtimeClient client = clientWithEveryDuration(d);
        client.connect();
        rt.drain();
        rt.advanceMillis(1_000); // any fallback / connectivity step
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);

        RealtimeChannel channel = client.channels().get("extreme");
        CompletableFuture<?> publish =
                channel.publish(Message.builder().name("n").data("d").build());
        rt.drain();
        assertThat(publish).isNotDone(); // queued (RTL6c2)

        CompletableFuture<Void> closed = new CompletableFuture<>();
        client.connection().once(ConnectionEvent.CLOSED, c -> closed.complete(null));
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(closed).isDone();
        assertThat(rt.awaitError(publish)).isInstanceOf(AblyException.class);
    }

    /** A connection that succeeds runs normally with every duration at its extreme, including close(). */
    @ParameterizedTest
    @MethodSource("extremes")
    void RTN4_connectedWithExtremeDurations_publishesAndCloses(Duration d) {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.ATTACH) {
                rt.ws.activeConnection()
                        .sendToClient(io.ably4j.types.ProtocolMessage.builder(Action.ATTACHED)
                                .channel(m.channel())
                                .build());
            } else if (m.action() == Action.CLOSE) {
                rt.ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        RealtimeClient client = clientWithEveryDuration(d);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        RealtimeChannel channel = client.channels().get("extreme");
        rt.await(channel.attach());
        CompletableFuture<?> publish =
                channel.publish(Message.builder().name("n").data("d").build());
        rt.drain();
        assertThat(publish).isNotDone(); // waiting for its ACK
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state())
                .isIn(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        client.close();
        rt.drain();
        rt.advanceMillis(1_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(publish).isDone();
    }

    /** RTN4: a connection listener that throws does not stop the state machine or the other listeners. */
    @Test
    void RTN4_throwingConnectionListener_doesNotWedgeTheConnection() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        List<ConnectionState> seen = new CopyOnWriteArrayList<>();
        client.connection().on(c -> {
            throw new IllegalStateException("listener bug");
        });
        client.connection().on(c -> seen.add(c.current()));
        client.connection().on(c -> {
            throw new AssertionError("listener error");
        });
        client.connect();
        // An Error is not swallowed (SerialExecutor): it reaches the thread that ran the task (here the test's
        // drain), once per state change, and the tasks still queued run on the next drain.
        int errors = drainThroughErrors();
        assertThat(errors).isPositive();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        client.close();
        drainThroughErrors();
        rt.ws.lastAttempt().sendToClient(Fixtures.closed());
        drainThroughErrors();
        rt.advanceMillis(20_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(seen).contains(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.CLOSED);
    }

    /** Drains, again after each listener {@link AssertionError}; returns how many there were. */
    private int drainThroughErrors() {
        int errors = 0;
        for (int i = 0; i < 20; i++) {
            try {
                rt.drain();
                return errors;
            } catch (AssertionError e) {
                assertThat(e).hasMessage("listener error");
                errors++;
            }
        }
        throw new IllegalStateException("still failing after 20 drains");
    }

    /** RTL2: a channel listener that throws does not stop the channel's state machine. */
    @Test
    void RTL2_throwingChannelListener_doesNotWedgeTheChannel() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.ATTACH) {
                rt.ws.activeConnection()
                        .sendToClient(io.ably4j.types.ProtocolMessage.builder(Action.ATTACHED)
                                .channel(m.channel())
                                .build());
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        RealtimeChannel channel = client.channels().get("throwing");
        channel.on(c -> {
            throw new IllegalStateException("listener bug");
        });
        channel.subscribe(m -> {
            throw new IllegalStateException("subscriber bug");
        });
        rt.await(channel.attach());
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        rt.ws.activeConnection()
                .sendToClient(io.ably4j.types.ProtocolMessage.builder(Action.MESSAGE)
                        .channel("throwing")
                        .messages(List.of(Message.builder().name("x").build()))
                        .build());
        rt.drain();
        CompletableFuture<?> publish =
                channel.publish(Message.builder().name("n").build());
        rt.drain();
        assertThat(rt.ws.sent(Action.MESSAGE)).hasSize(1);
        assertThat(publish).isNotDone();
    }
}
