package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket.EventType;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RTN12 (close), RTN11 (connect), RTN4b/RTN4c event order. No UTS unit file covers these; named by spec ID. */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ConnectionCloseTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final List<ConnectionState> states = new ArrayList<>();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient client() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false).realtimeRequestTimeout(Duration.ofSeconds(2)));
        client.connection().on(c -> states.add(c.current()));
        return client;
    }

    private RealtimeClient connected() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    @Test
    void RTN12a_closeWhenConnected_sendsCloseAndWaitsForClosed() {
        RealtimeClient client = connected();
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        assertThat(rt.ws.sent(Action.CLOSE)).hasSize(1);
        rt.ws.activeConnection().sendToClient(Fixtures.closed());
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(rt.ws.activeConnection().isClosed()).isTrue();
        // RTN4b, RTN4c
        assertThat(states)
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.CLOSING,
                        ConnectionState.CLOSED);
    }

    @Test
    void RTN12b_noClosedWithinRealtimeRequestTimeout_dropsTransportAndCloses() {
        RealtimeClient client = connected();
        client.close();
        rt.advanceMillis(1900);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        rt.advanceMillis(200);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(rt.ws.events(EventType.CLIENT_CLOSE)).hasSize(1);
    }

    @Test
    void RTN12c_transportDropsAfterClose_closes() {
        RealtimeClient client = connected();
        client.close();
        rt.drain();
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(rt.ws.connectAttempts).hasSize(1); // no reconnection
    }

    @Test
    void RTN12f_closeWhileConnecting_thenConnectedArrives_sendsClose() {
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        PendingConnection c = rt.ws.lastAttempt();
        c.respondWithSuccess(Fixtures.connected());
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        assertThat(client.connection().id()).isNull();
        assertThat(rt.ws.sent(Action.CLOSE)).hasSize(1);
        c.sendToClient(Fixtures.closed());
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(states).doesNotContain(ConnectionState.CONNECTED);
    }

    @Test
    void RTN12f_closeWhileConnecting_attemptFails_closes() {
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        client.close();
        rt.drain();
        rt.ws.lastAttempt().respondWithRefused();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        rt.advanceMillis(60_000);
        assertThat(rt.ws.connectAttempts).hasSize(1);
    }

    @Test
    void RTN12f_closeWhileConnecting_attemptTimesOut_closes() {
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        client.close();
        rt.advanceMillis(2100);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CLOSING, ConnectionState.CLOSED);
    }

    @Test
    void RTN12d_closeWhileDisconnected_cancelsRetries() {
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        rt.advanceMillis(600_000);
        assertThat(rt.ws.connectAttempts).hasSize(1);
        assertThat(rt.scheduler.pending()).isZero();
    }

    @Test
    void RTN12d_closeWhileSuspended_cancelsRetries() {
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        RealtimeClient client = client();
        client.connect();
        rt.advanceMillis(120_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        int attempts = rt.ws.connectAttempts.size();
        client.close();
        rt.advanceMillis(600_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(rt.ws.connectAttempts).hasSize(attempts);
    }

    @Test
    void closeFromInitialized_closes() {
        RealtimeClient client = client();
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(rt.ws.connectAttempts).isEmpty();
    }

    @Test
    void closeIsIdempotent() {
        RealtimeClient client = connected();
        client.close();
        client.close();
        rt.drain();
        assertThat(rt.ws.sent(Action.CLOSE)).hasSize(1);
    }

    @Test
    void RTN11e_connectIsNoOpWhileConnectingOrConnected() {
        RealtimeClient client = client();
        client.connect();
        client.connect();
        rt.drain();
        assertThat(rt.ws.connectAttempts).hasSize(1);
        rt.ws.lastAttempt().respondWithSuccess(Fixtures.connected());
        rt.drain();
        client.connect();
        rt.drain();
        assertThat(rt.ws.connectAttempts).hasSize(1);
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }

    @Test
    void RTN11c_connectWhileDisconnected_retriesAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithRefused();
            } else {
                c.respondWithSuccess(Fixtures.connected());
            }
        });
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        // The cancelled retry timer (15 s) must not start another attempt; stop before the idle timeout (17 s).
        rt.advanceMillis(16_000);
        assertThat(attempts).hasValue(2);
    }

    @Test
    void RTN11b_connectWhileClosing_newTransportAndOldClosedIgnored() {
        RealtimeClient client = connected();
        PendingConnection old = rt.ws.activeConnection();
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        client.connect();
        rt.drain();
        assertThat(rt.ws.connectAttempts).hasSize(2);
        assertThat(old.isClosed()).isTrue();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        // A late CLOSED on the old transport must not affect the new connection.
        old.sendToClient(Fixtures.closed());
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        // Fresh connection: no resume of the closed one.
        assertThat(rt.ws.lastAttempt().queryParams()).doesNotContainKey("resume");
    }

    @Test
    void RTN11d_connectFromClosed_startsFresh() {
        RealtimeClient client = connected();
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                rt.ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.lastAttempt().queryParams()).doesNotContainKey("resume");
    }
}
