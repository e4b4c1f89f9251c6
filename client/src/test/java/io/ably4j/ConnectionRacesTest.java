package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket.EventType;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Connection state machine edge cases: messages and timers that arrive after the state has moved on, and server values
 * out of any sensible range. Named by the spec item each one checks; no UTS unit file covers them.
 */
@NullUnmarked // tests read nullable results on purpose
class ConnectionRacesTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final List<ConnectionStateChange> changes = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient connected(ProtocolMessage connected) {
        rt.ws.respondToEveryAttemptWith(connected);
        RealtimeClient client = rt.client(b -> b.autoConnect(false)
                .realtimeRequestTimeout(Duration.ofSeconds(2))
                .logHandler((level, message, t) -> {
                    if (level == LogLevel.ERROR) {
                        errors.add(message + ": " + t);
                    }
                }));
        client.connection().on(changes::add);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    @Test
    void RTN12b_connectedWhileClosing_doesNotResendCloseOrRestartTheCloseTimeout() {
        RealtimeClient client = connected(Fixtures.connected());
        PendingConnection c = rt.ws.activeConnection();
        client.close();
        rt.advanceMillis(1500);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        // A CONNECTED (e.g. RTN24, after a reauth) crosses the CLOSE on the wire.
        c.sendToClient(Fixtures.connected());
        rt.drain();
        assertThat(rt.ws.sent(Action.CLOSE)).hasSize(1);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        // RTN12b: CLOSED is due realtimeRequestTimeout (2 s) after the CLOSE, not after the late CONNECTED.
        rt.advanceMillis(600);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(rt.ws.events(EventType.CLIENT_CLOSE)).hasSize(1);
    }

    @Test
    void RTN12f_closeWhileConnecting_secondConnectedDoesNotResendClose() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false).realtimeRequestTimeout(Duration.ofSeconds(2)));
        client.connect();
        rt.drain();
        client.close();
        rt.drain();
        PendingConnection c = rt.ws.lastAttempt();
        c.respondWithSuccess(Fixtures.connected());
        rt.advanceMillis(1500);
        assertThat(rt.ws.sent(Action.CLOSE)).hasSize(1);
        c.sendToClient(Fixtures.connected());
        rt.drain();
        assertThat(rt.ws.sent(Action.CLOSE)).hasSize(1);
        rt.advanceMillis(600);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void RTC11_RTN15a_hugeConnectionStateTtlFromServer_stillReconnectsAfterTransportLoss() {
        RealtimeClient client = connected(ProtocolMessage.builder(Action.CONNECTED)
                .connectionId("id-1")
                .connectionKey("key-1")
                .connectionDetails(Fixtures.details("key-1")
                        .connectionStateTtl(Long.MAX_VALUE)
                        .build())
                .build());
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        // RTN15a: DISCONNECTED, then an immediate resume attempt; never stuck in CONNECTED without a transport.
        assertThat(changes)
                .extracting(ConnectionStateChange::current)
                .containsSubsequence(
                        ConnectionState.CONNECTED,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
        assertThat(rt.ws.connectAttempts).hasSize(2);
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("resume", "key-1");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(errors).isEmpty();
    }

    @Test
    void RTC11_RTN23a_hugeMaxIdleIntervalFromServer_connectsWithoutIdleTimeout() {
        RealtimeClient client = connected(ProtocolMessage.builder(Action.CONNECTED)
                .connectionId("id-1")
                .connectionKey("key-1")
                .connectionDetails(Fixtures.details("key-1")
                        .maxIdleInterval(Long.MAX_VALUE)
                        .build())
                .build());
        rt.advance(Duration.ofDays(365));
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.connectAttempts).hasSize(1);
        // The client still works: a clean close completes.
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                rt.ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(errors).isEmpty();
    }

    @Test
    void RTN14_transportThatThrowsOnOpen_isAConnectFailureThatNeverQuotesTheCredentials() {
        List<String> logged = new ArrayList<>();
        io.ably4j.internal.transport.TransportFactory throwing = (uri, headers, format, listener) -> {
            throw new IllegalStateException("cannot open " + uri); // quotes the URL, key included
        };
        io.ably4j.internal.connection.ClientRuntime runtime =
                new io.ably4j.internal.connection.ClientRuntime(rt.executor, rt.scheduler, throwing, () -> 1.0);
        RealtimeClient client = io.ably4j.internal.connection.ClientAccess.get()
                .newClient(
                        ClientOptions.builder()
                                .key("appId.keyId:keySecret")
                                .autoConnect(false)
                                .logLevel(LogLevel.VERBOSE)
                                .logHandler((level, message, t) -> logged.add(message + " " + t))
                                .build(),
                        runtime);
        try {
            client.connection().on(changes::add);
            client.connect();
            rt.drain();
            assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED); // RTN14d: retried
            ErrorInfo reason = client.connection().errorReason();
            assertThat(reason.code()).isEqualTo(80003);
            assertThat(reason.message()).contains("cannot open").doesNotContain("keySecret");
            assertThat(logged).isNotEmpty().noneMatch(m -> m.contains("keySecret"));
        } finally {
            client.close();
            rt.drain();
        }
    }

    @Test
    void RTN15j_errorWithEmptyChannelString_failsTheConnection() {
        RealtimeClient client = connected(Fixtures.connected());
        rt.ws.activeConnection()
                .sendToClientRaw("{\"action\":9,\"channel\":\"\",\"error\":{\"code\":50000,\"statusCode\":500,"
                        + "\"message\":\"fatal\"}}");
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(50000);
    }
}
