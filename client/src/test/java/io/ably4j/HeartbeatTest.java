package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket.EventType;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code realtime/unit/connection/heartbeat_test.md}. The JDK WebSocket surfaces ping frames, so this client
 * implements RTN23b (sends {@code heartbeats=false}); the RTN23a variants (HEARTBEAT messages only) do not apply.
 */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class HeartbeatTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<ConnectionState> states = new ArrayList<>();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient connect(long maxIdleInterval, long realtimeRequestTimeout) {
        rt.ws.onConnectionAttempt(c -> {
            int n = attempts.incrementAndGet();
            c.respondWithSuccess(ProtocolMessage.builder(Action.CONNECTED)
                    .connectionId("connection-id-" + n)
                    .connectionKey("connection-key-" + n)
                    .connectionDetails(Fixtures.details("connection-key-" + n)
                            .maxIdleInterval(maxIdleInterval)
                            .build())
                    .build());
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false)
                .realtimeRequestTimeout(Duration.ofMillis(realtimeRequestTimeout))
                .disconnectedRetryTimeout(Duration.ofMillis(500)));
        client.connection().on(c -> states.add(c.current()));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(attempts).hasValue(1);
        return client;
    }

    private void assertReconnectedOnce(RealtimeClient client) {
        assertThat(states)
                .containsSubsequence(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
        assertThat(attempts).hasValue(2);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.events(EventType.CLIENT_CLOSE)).hasSize(1);
    }

    @Test
    void RTN23b_heartbeats_false_query_param_0() {
        connect(15_000, 10_000);
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("heartbeats", "false");
    }

    @Test
    void RTN23b_idle_timeout_reconnect_1() {
        RealtimeClient client = connect(5000, 2000);
        rt.advanceMillis(6900);
        assertThat(attempts).hasValue(1);
        rt.advanceMillis(200);
        assertReconnectedOnce(client);
        assertThat(client.connection().id()).isEqualTo("connection-id-2");
    }

    @Test
    void RTN23b_ping_frame_resets_timer_2() {
        RealtimeClient client = connect(3000, 1000);
        rt.advanceMillis(2000);
        rt.ws.activeConnection().sendPingFrame();
        rt.advanceMillis(2000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(attempts).hasValue(1);
        rt.advanceMillis(2100);
        assertReconnectedOnce(client);
    }

    @Test
    void RTN23b_any_message_resets_timer_3() {
        RealtimeClient client = connect(2000, 1000);
        rt.advanceMillis(1500);
        rt.ws.activeConnection().sendPingFrame();
        rt.advanceMillis(1500);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        rt.ws.activeConnection()
                .sendToClient(ProtocolMessage.builder(Action.MESSAGE)
                        .channel("test-RTN23b-message")
                        .build());
        rt.advanceMillis(1500);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(attempts).hasValue(1);
        rt.advanceMillis(1600);
        assertReconnectedOnce(client);
    }

    @Test
    void RTN23b_timeout_triggers_reconnect_4() {
        RealtimeClient client = connect(2000, 1000);
        rt.advanceMillis(3100);
        assertReconnectedOnce(client);
        assertThat(client.connection().id()).isEqualTo("connection-id-2");
    }

    @Test
    void RTN23b_reconnect_uses_resume_5() {
        connect(2000, 1000);
        rt.advanceMillis(3100);
        assertThat(rt.ws.connectAttempts).hasSize(2);
        assertThat(rt.ws.connectAttempts.get(0).queryParams()).doesNotContainKey("resume");
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).containsEntry("resume", "connection-key-1");
    }

    @Test
    void RTN23b_multiple_pings_keep_alive_6() {
        RealtimeClient client = connect(2000, 1000);
        for (int i = 1; i <= 7; i++) {
            rt.advanceMillis(1500);
            rt.ws.activeConnection().sendPingFrame();
            rt.drain();
            assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        }
        // 10.5 s against an idle limit of 3 s: only the pings kept the first connection alive
        assertThat(attempts).hasValue(1);
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    /**
     * The platform-independent part of RTN23a (its UTS cases assume heartbeats=true and do not apply here): any
     * protocol message received counts as activity, with no ping frames at all; what the client sends does not.
     */
    @Test
    void RTN23a_receivedMessagesResetIdleTimer_clientSentDataDoesNot() {
        RealtimeClient client = connect(2000, 1000);
        for (int i = 0; i < 4; i++) {
            rt.advanceMillis(2500);
            rt.ws.activeConnection().sendToClient(Fixtures.heartbeat("server-" + i));
            rt.drain();
        }
        assertThat(attempts).hasValue(1); // 10 s without a ping frame, idle limit 3 s
        List<CompletableFuture<Duration>> pings = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            rt.advanceMillis(1000);
            pings.add(client.connection().ping()); // client-sent HEARTBEATs, never answered
            rt.drain();
        }
        assertThat(rt.ws.sent(Action.HEARTBEAT)).hasSize(2);
        rt.advanceMillis(999); // 2999 ms since the server last sent anything
        assertThat(attempts).hasValue(1);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        rt.advanceMillis(1);
        assertReconnectedOnce(client);
        assertThat(pings).allSatisfy(p -> assertThat(p).isCompletedExceptionally());
    }

    @Test
    void CD2h_zeroMaxIdleIntervalMeansNoLimit() {
        RealtimeClient client = connect(0, 1000);
        rt.advanceMillis(600_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(attempts).hasValue(1);
    }
}
