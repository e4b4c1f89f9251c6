package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/connection_id_key_test.md} (RTN8, RTN9). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ConnectionIdKeyTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient connectedClient() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("conn-id-1", "conn-key-1"));
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                rt.ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    @Test
    void RTN8a_id_unset_until_connected_0() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("unique-conn-id-1", "conn-key-1"));
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        assertThat(client.connection().id()).isNull();
        client.connect();
        rt.drain();
        assertThat(client.connection().id()).isEqualTo("unique-conn-id-1");
    }

    @Test
    void RTN9a_key_unset_until_connected_0() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("unique-conn-id-1", "conn-key-1"));
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        assertThat(client.connection().key()).isNull();
        client.connect();
        rt.drain();
        assertThat(client.connection().key()).isEqualTo("conn-key-1");
    }

    private RealtimeClient[] twoClients() {
        AtomicInteger count = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            int n = count.incrementAndGet();
            c.respondWithSuccess(Fixtures.connected("conn-id-" + n, "conn-key-" + n));
        });
        RealtimeClient c1 = rt.client(b -> b.autoConnect(false));
        RealtimeClient c2 = rt.client(b -> b.autoConnect(false));
        c1.connect();
        rt.drain();
        c2.connect();
        rt.drain();
        assertThat(c1.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(c2.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return new RealtimeClient[] {c1, c2};
    }

    @Test
    void RTN8b_id_unique_per_connection_0() {
        RealtimeClient[] c = twoClients();
        assertThat(c[0].connection().id())
                .isEqualTo("conn-id-1")
                .isNotEqualTo(c[1].connection().id());
        assertThat(c[1].connection().id()).isEqualTo("conn-id-2");
    }

    @Test
    void RTN9b_key_unique_per_connection_0() {
        RealtimeClient[] c = twoClients();
        assertThat(c[0].connection().key())
                .isEqualTo("conn-key-1")
                .isNotEqualTo(c[1].connection().key());
        assertThat(c[1].connection().key()).isEqualTo("conn-key-2");
    }

    @Test
    void RTN8c_id_null_after_closed_0() { // valid under RTN8d
        RealtimeClient client = connectedClient();
        assertThat(client.connection().id()).isEqualTo("conn-id-1");
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(client.connection().id()).isNull();
    }

    @Test
    void RTN9c_key_null_after_closed_0() { // valid under RTN9d
        RealtimeClient client = connectedClient();
        assertThat(client.connection().key()).isEqualTo("conn-key-1");
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(client.connection().key()).isNull();
    }

    @Test
    void RTN8d_idAndKeyNullWhileClosing() {
        RealtimeClient client = connectedClient();
        rt.ws.onMessageFromClient(null); // the server never answers CLOSE
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        assertThat(client.connection().id()).isNull();
        assertThat(client.connection().key()).isNull();
    }

    @Test
    void RTN8c_id_key_null_after_failed_1() {
        rt.ws.onConnectionAttempt(c -> c.respondWithError(Fixtures.error(80000, 400, "Fatal error")));
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().id()).isNull();
        assertThat(client.connection().key()).isNull();
    }

    /**
     * The UTS title says id/key are nulled in SUSPENDED (old RTN8c), which RTN8d (6.1.0) dropped; but in this case the
     * client never connects, so null id/key is also what RTN8a/RTN8d require. The contradicting case, a client that
     * was connected before being SUSPENDED, is {@link #RTN8d_idAndKeyKeptInSuspended}.
     */
    @Test
    void RTN8c_id_key_null_after_suspended_2() {
        rt.ws.onConnectionAttempt(MockWebSocket.PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false)
                .disconnectedRetryTimeout(java.time.Duration.ofSeconds(1))
                .suspendedRetryTimeout(java.time.Duration.ofMillis(100)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        rt.advanceMillis(121_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        assertThat(client.connection().id()).isNull();
        assertThat(client.connection().key()).isNull();
    }

    @Test
    void RTN8d_idAndKeyKeptInSuspended() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithSuccess(Fixtures.connected("conn-id-1", "conn-key-1"));
            } else {
                c.respondWithRefused();
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false)
                .disconnectedRetryTimeout(java.time.Duration.ofSeconds(1))
                .suspendedRetryTimeout(java.time.Duration.ofMillis(100)));
        client.connect();
        rt.drain();
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        rt.advanceMillis(121_000);
        assertThat(client.connection().state()).isIn(ConnectionState.SUSPENDED, ConnectionState.CONNECTING);
        assertThat(client.connection().id()).isEqualTo("conn-id-1");
        assertThat(client.connection().key()).isEqualTo("conn-key-1");
    }
}
