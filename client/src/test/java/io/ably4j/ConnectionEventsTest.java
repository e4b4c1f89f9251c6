package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.ManualExecutor;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** RTN4 (events), RTN6, RTE6 at the connection level, and the callback-executor threading contract. */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ConnectionEventsTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    @Test
    void RTN4a_RTN4e_everyStateChangeEmitsAStateChangeObject() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);
        client.connect();
        rt.drain();
        assertThat(changes).hasSize(2);
        ConnectionStateChange connecting = changes.get(0);
        assertThat(connecting.previous()).isEqualTo(ConnectionState.INITIALIZED);
        assertThat(connecting.current()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(connecting.event()).isEqualTo(ConnectionEvent.CONNECTING);
        assertThat(connecting.reason()).isNull();
        assertThat(connecting.retryIn()).isNull();
        ConnectionStateChange connected = changes.get(1);
        assertThat(connected.previous()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(connected.current()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void RTN6_connectedOnlyAfterTheConnectedMessage() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        rt.ws.lastAttempt().respondWithSuccess(); // socket open, no CONNECTED yet
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        rt.ws.lastAttempt().sendToClient(Fixtures.connected());
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void RTN4f_reasonIsTheErrorOfTheTriggeringMessage() {
        rt.ws.onConnectionAttempt(c -> c.respondWithError(Fixtures.error(40003, 400, "Access token invalid")));
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(ConnectionEvent.FAILED, changes::add);
        client.connect();
        rt.drain();
        assertThat(changes)
                .singleElement()
                .satisfies(c -> assertThat(c.reason().code()).isEqualTo(40003));
    }

    @Test
    void RTE6_throwingListenerDoesNotStopOtherListenersOrTheConnection() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        List<String> logged = new ArrayList<>();
        RealtimeClient client = rt.client(ClientOptions.builder()
                .key("appId.keyId:keySecret")
                .autoConnect(false)
                .logHandler((l, m, t) -> logged.add(m))
                .build());
        List<ConnectionState> seen = new ArrayList<>();
        client.connection().on(c -> {
            throw new IllegalStateException("listener bug");
        });
        client.connection().on(c -> seen.add(c.current()));
        client.connect();
        rt.drain();
        assertThat(seen).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(logged).anyMatch(m -> m.contains("listener threw"));
    }

    @Test
    void listenersRunOnTheCallbackExecutor_soAStalledListenerNeverStallsTheConnection() {
        ManualExecutor callbacks = new ManualExecutor(); // never drained: every listener is "stuck"
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.HEARTBEAT) {
                rt.ws.activeConnection().sendToClient(Fixtures.heartbeat(m.id()));
            }
        });
        RealtimeClient client = rt.client(ClientOptions.builder()
                .key("appId.keyId:keySecret")
                .autoConnect(false)
                .callbackExecutor(callbacks)
                .build());
        List<ConnectionState> seen = new ArrayList<>();
        client.connection().on(c -> seen.add(c.current()));
        client.connect();
        CompletableFuture<java.time.Duration> ping = client.connection().ping();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.sent(Action.HEARTBEAT)).hasSize(1); // the ping went out and its reply was processed
        assertThat(seen).isEmpty();
        assertThat(ping).isNotDone(); // completions also wait for the callback executor
        callbacks.drain();
        assertThat(seen).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(ping).isDone();
    }

    @Test
    void RTF1_unknownActionIgnored() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));
        client.connect();
        rt.drain();
        rt.ws.activeConnection()
                .sendToClient(ProtocolMessage.builder(254).channel("x").build());
        rt.ws.activeConnection().sendToClient(ProtocolMessage.of(Action.HEARTBEAT));
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }

    @Test
    void malformedFrameIsDroppedAndTheConnectionSurvives() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        rt.ws.activeConnection().sendRawFrame(new byte[] {(byte) 0xc1, 0x00, 0x7f});
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }
}
