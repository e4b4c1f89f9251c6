package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/when_state_test.md} (RTN26). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class WhenStateTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private void connectEveryAttempt() {
        AtomicInteger n = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            int i = n.incrementAndGet();
            c.respondWithSuccess();
            c.sendToClient(Fixtures.connected("connection-id-" + i, "connection-key-" + i));
        });
    }

    @Test
    void RTN26a_immediate_callback_current_state_0() {
        connectEveryAttempt();
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        CompletableFuture<ConnectionStateChange> f = client.connection().whenState(ConnectionState.CONNECTED);
        rt.drain();
        assertThat(f).isDone();
        assertThat(rt.await(f)).isNull();
    }

    @Test
    void RTN26b_deferred_callback_future_state_0() {
        connectEveryAttempt();
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        CompletableFuture<ConnectionStateChange> f = client.connection().whenState(ConnectionState.CONNECTED);
        rt.drain();
        assertThat(f).isNotDone();
        client.connect();
        ConnectionStateChange change = rt.await(f);
        assertThat(change).isNotNull();
        assertThat(change.previous()).isIn(ConnectionState.INITIALIZED, ConnectionState.CONNECTING);
        assertThat(change.current()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void RTN26b_fires_only_once_1() {
        connectEveryAttempt();
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofMillis(100)));
        AtomicInteger count = new AtomicInteger();
        CompletableFuture<Void> counted =
                client.connection().whenState(ConnectionState.CONNECTED).thenAccept(c -> count.incrementAndGet());
        client.connect();
        rt.drain();
        assertThat(count).hasValue(1);
        assertThat(counted).isDone();
        rt.ws.activeConnection().closeFromServer();
        rt.drain();
        rt.advanceMillis(150);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.connectAttempts).hasSize(2);
        assertThat(count).hasValue(1);
    }

    @Test
    void RTN26a_multiple_whenstate_calls_1() {
        connectEveryAttempt();
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        CompletableFuture<ConnectionStateChange> f1 = client.connection().whenState(ConnectionState.CONNECTED);
        CompletableFuture<ConnectionStateChange> f2 = client.connection().whenState(ConnectionState.CONNECTED);
        CompletableFuture<ConnectionStateChange> f3 = client.connection().whenState(ConnectionState.CONNECTING);
        client.connect();
        rt.drain();
        assertThat(f1).isDone();
        assertThat(f2).isDone();
        assertThat(f3).isDone();
    }

    @Test
    void RTN26a_no_fire_for_past_state_2() {
        connectEveryAttempt();
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        CompletableFuture<ConnectionStateChange> f = client.connection().whenState(ConnectionState.CONNECTING);
        rt.advanceMillis(200);
        assertThat(f).isNotDone();
    }

    @Test
    void RTN26_whenstate_different_states_0() {
        rt.ws.onConnectionAttempt(MockWebSocket.PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        CompletableFuture<ConnectionStateChange> initialized =
                client.connection().whenState(ConnectionState.INITIALIZED);
        CompletableFuture<ConnectionStateChange> connecting =
                client.connection().whenState(ConnectionState.CONNECTING);
        CompletableFuture<ConnectionStateChange> disconnected =
                client.connection().whenState(ConnectionState.DISCONNECTED);
        rt.drain();
        assertThat(initialized).isDone();
        assertThat(connecting).isNotDone();
        assertThat(disconnected).isNotDone();
        client.connect();
        rt.drain();
        assertThat(connecting).isDone();
        assertThat(disconnected).isDone();
    }
}
