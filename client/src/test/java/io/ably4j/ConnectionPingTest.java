package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.util.Cancellable;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket;
import io.ably4j.types.AblyException;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/connection_ping_test.md} (RTN13). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ConnectionPingTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private void echoHeartbeats() {
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.HEARTBEAT) {
                rt.ws.activeConnection().sendToClient(Fixtures.heartbeat(m.id()));
            }
        });
    }

    private RealtimeClient connected(java.util.function.Consumer<ClientOptions.Builder> options) {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("conn-id-1", "conn-key-1"));
        RealtimeClient client = rt.client(b -> options.accept(b.autoConnect(false)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    @Test
    void RTN13a_ping_heartbeat_roundtrip_0() {
        echoHeartbeats();
        RealtimeClient client = connected(b -> {});
        Duration rtt = rt.await(client.connection().ping());
        assertThat(rtt).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(rt.ws.sent(Action.HEARTBEAT)).hasSize(1);
    }

    @Test
    void RTN13a_roundTripTimeIsMeasuredOnTheClock() {
        RealtimeClient client = connected(b -> {});
        CompletableFuture<Duration> ping = client.connection().ping();
        rt.drain();
        String id = rt.ws.sent(Action.HEARTBEAT).get(0).id();
        rt.advanceMillis(250);
        rt.ws.activeConnection().sendToClient(Fixtures.heartbeat(id));
        assertThat(rt.await(ping)).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void RTN13e_heartbeat_random_id_0() {
        AtomicReference<String> captured = new AtomicReference<>();
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.HEARTBEAT) {
                captured.set(m.id());
                rt.ws.activeConnection().sendToClient(Fixtures.heartbeat("wrong-id"));
                rt.ws.activeConnection().sendToClient(Fixtures.heartbeat(m.id()));
            }
        });
        RealtimeClient client = connected(b -> {});
        assertThat(rt.await(client.connection().ping())).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(captured.get()).isNotEmpty();
    }

    @Test
    void RTN13e_wrongIdDoesNotAnswerThePing() {
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.HEARTBEAT) {
                rt.ws.activeConnection().sendToClient(Fixtures.heartbeat("wrong-id"));
                rt.ws.activeConnection().sendToClient(ProtocolMessage.of(Action.HEARTBEAT));
            }
        });
        RealtimeClient client = connected(b -> {});
        CompletableFuture<Duration> ping = client.connection().ping();
        rt.drain();
        assertThat(ping).isNotDone();
    }

    @Test
    void RTN13e_no_id_heartbeat_ignored_1() {
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.HEARTBEAT) {
                rt.ws.activeConnection().sendToClient(ProtocolMessage.of(Action.HEARTBEAT));
                rt.ws.activeConnection().sendToClient(Fixtures.heartbeat(m.id()));
            }
        });
        RealtimeClient client = connected(b -> {});
        assertThat(rt.await(client.connection().ping())).isGreaterThanOrEqualTo(Duration.ZERO);
    }

    @Test
    void RTN13e_concurrent_pings_unique_ids_2() {
        echoHeartbeats();
        RealtimeClient client = connected(b -> {});
        CompletableFuture<Duration> p1 = client.connection().ping();
        CompletableFuture<Duration> p2 = client.connection().ping();
        assertThat(rt.await(p1)).isNotNull();
        assertThat(rt.await(p2)).isNotNull();
        List<ProtocolMessage> sent = rt.ws.sent(Action.HEARTBEAT);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).id()).isNotEqualTo(sent.get(1).id());
    }

    @Test
    void RTN13c_ping_timeout_0() {
        RealtimeClient client = connected(b -> b.realtimeRequestTimeout(Duration.ofSeconds(2)));
        CompletableFuture<Duration> ping = client.connection().ping();
        rt.drain();
        rt.advanceMillis(1900);
        assertThat(ping).isNotDone();
        rt.advanceMillis(200);
        Throwable error = rt.awaitError(ping);
        assertThat(error).isInstanceOf(AblyException.class);
        assertThat(((AblyException) error).errorInfo().message()).containsIgnoringCase("timeout");
        assertThat(((AblyException) error).errorInfo().code()).isEqualTo(50003);
    }

    @Test
    void RTN13b_ping_error_initialized_0() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        Throwable error = rt.awaitError(client.connection().ping());
        assertThat(error).isInstanceOf(AblyException.class);
        assertThat(((AblyException) error).errorInfo().code()).isEqualTo(80009);
    }

    @Test
    void RTN13b_ping_error_suspended_1() {
        rt.ws.onConnectionAttempt(MockWebSocket.PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false)
                .disconnectedRetryTimeout(Duration.ofSeconds(1))
                .suspendedRetryTimeout(Duration.ofMillis(100)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        rt.advanceMillis(121_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        Throwable error = rt.awaitError(client.connection().ping());
        assertThat(((AblyException) error).errorInfo().code()).isEqualTo(80002);
    }

    @Test
    void RTN13b_ping_error_closed_2() {
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                rt.ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        RealtimeClient client = connected(b -> {});
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(rt.awaitError(client.connection().ping())).isInstanceOf(AblyException.class);
    }

    @Test
    void RTN13b_ping_error_failed_3() {
        rt.ws.onConnectionAttempt(c -> c.respondWithError(Fixtures.error(80000, 400, "Fatal error")));
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(rt.awaitError(client.connection().ping())).isInstanceOf(AblyException.class);
    }

    /** SCHEDULE_AFTER(100ms) in the UTS: the mock answers the attempt on the fake clock. */
    private void respondAfter100ms(java.util.function.Consumer<MockWebSocket.PendingConnection> response) {
        rt.ws.onConnectionAttempt(c -> {
            Cancellable unused = rt.scheduler.schedule(Duration.ofMillis(100), () -> response.accept(c));
        });
    }

    @Test
    void RTN13d_ping_deferred_connecting_0() {
        respondAfter100ms(c -> c.respondWithSuccess(Fixtures.connected("conn-id-1", "conn-key-1")));
        echoHeartbeats();
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        CompletableFuture<Duration> ping = client.connection().ping();
        rt.drain();
        assertThat(rt.ws.sent(Action.HEARTBEAT)).isEmpty(); // deferred until CONNECTED
        rt.advanceMillis(200);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.await(ping)).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(rt.ws.sent(Action.HEARTBEAT)).hasSize(1);
    }

    /**
     * Adapted: after a transport loss while CONNECTED this client reconnects at once (RTN15a/RTN15h3), so the
     * reconnection attempt is refused once to hold the connection in DISCONNECTED while ping() is called.
     */
    @Test
    void RTN13d_ping_deferred_disconnected_1() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            int n = attempts.incrementAndGet();
            if (n == 2) {
                c.respondWithRefused();
            } else {
                c.respondWithSuccess(Fixtures.connected("conn-id-" + n, "conn-key-" + n));
            }
        });
        echoHeartbeats();
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofMillis(500)));
        client.connect();
        rt.drain();
        rt.ws.activeConnection().closeFromServer();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        CompletableFuture<Duration> ping = client.connection().ping();
        rt.drain();
        assertThat(ping).isNotDone();
        rt.advanceMillis(600);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.await(ping)).isGreaterThanOrEqualTo(Duration.ZERO);
        assertThat(rt.ws.sent(Action.HEARTBEAT)).hasSize(1);
    }

    @Test
    void RTN13b_deferred_ping_error_failed_4() {
        respondAfter100ms(c -> c.respondWithError(Fixtures.error(80000, 400, "Fatal error")));
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        CompletableFuture<Duration> ping = client.connection().ping();
        rt.advanceMillis(200);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(rt.awaitError(ping)).isInstanceOf(AblyException.class);
    }

    @Test
    void RTN13b_deferred_ping_error_suspended_5() {
        rt.ws.onConnectionAttempt(MockWebSocket.PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false)
                .disconnectedRetryTimeout(Duration.ofSeconds(1))
                .suspendedRetryTimeout(Duration.ofMillis(100)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        CompletableFuture<Duration> ping = client.connection().ping();
        rt.drain();
        assertThat(ping).isNotDone();
        rt.advanceMillis(121_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        assertThat(rt.awaitError(ping)).isInstanceOf(AblyException.class);
    }

    @Test
    void RTN13c_deferred_ping_timeout_1() {
        respondAfter100ms(c -> c.respondWithSuccess(Fixtures.connected("conn-id-1", "conn-key-1")));
        RealtimeClient client = rt.client(b -> b.autoConnect(false).realtimeRequestTimeout(Duration.ofSeconds(2)));
        client.connect();
        rt.drain();
        CompletableFuture<Duration> ping = client.connection().ping();
        rt.advanceMillis(200);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        rt.advanceMillis(1850); // 1950 ms after ping(), but only 1850 ms after the HEARTBEAT was sent
        assertThat(ping).isNotDone();
        rt.advanceMillis(250);
        Throwable error = rt.awaitError(ping);
        assertThat(((AblyException) error).errorInfo().message()).containsIgnoringCase("timeout");
    }

    @Test
    void RTN13b_inFlightPingFailsWhenTheConnectionCloses() {
        RealtimeClient client = connected(b -> {});
        CompletableFuture<Duration> ping = client.connection().ping();
        rt.drain();
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        assertThat(((AblyException) rt.awaitError(ping)).errorInfo().code()).isEqualTo(80017);
    }
}
