package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/update_events_test.md} (RTN24, RTN4h, RTN21). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class UpdateEventsTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient connect(ProtocolMessage connected) {
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            c.sendToClient(connected);
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        return client;
    }

    private static ProtocolMessage connected(io.ably4j.types.ConnectionDetails.Builder details) {
        return ProtocolMessage.builder(Action.CONNECTED)
                .connectionId("connection-id-1")
                .connectionDetails(details.build())
                .build();
    }

    @Test
    void RTN24_connected_emits_update_0() {
        RealtimeClient client =
                connect(connected(Fixtures.details("connection-key-1").clientId("client-123")));
        List<ConnectionStateChange> connectedEvents = new ArrayList<>();
        List<ConnectionStateChange> updates = new ArrayList<>();
        client.connection().on(ConnectionState.CONNECTED.event(), connectedEvents::add);
        client.connection().on(ConnectionEvent.UPDATE, updates::add);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(connectedEvents).hasSize(1);
        assertThat(updates).isEmpty();

        rt.ws.activeConnection()
                .sendToClient(connected(Fixtures.details("connection-key-1")
                        .maxIdleInterval(20_000L)
                        .clientId("client-123")));
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(connectedEvents).hasSize(1);
        assertThat(updates).hasSize(1);
        ConnectionStateChange u = updates.get(0);
        assertThat(u.previous()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(u.current()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(u.event()).isEqualTo(ConnectionEvent.UPDATE);
        assertThat(u.reason()).isNull();
        assertThat(client.connection().id()).isEqualTo("connection-id-1");
        assertThat(client.connection().key()).isEqualTo("connection-key-1");
    }

    @Test
    void RTN24_update_event_with_error_1() {
        RealtimeClient client = connect(connected(Fixtures.details("connection-key-1")));
        List<ConnectionStateChange> updates = new ArrayList<>();
        client.connection().on(ConnectionEvent.UPDATE, updates::add);
        client.connect();
        rt.drain();
        rt.ws.activeConnection()
                .sendToClient(ProtocolMessage.builder(Action.CONNECTED)
                        .connectionId("connection-id-1")
                        .connectionDetails(Fixtures.details("connection-key-1").build())
                        .error(ErrorInfo.of(40142, 401, "Token expired; renewed automatically"))
                        .build());
        rt.drain();
        assertThat(updates).hasSize(1);
        ConnectionStateChange u = updates.get(0);
        assertThat(u.previous()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(u.current()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(u.reason()).isNotNull();
        assertThat(u.reason().code()).isEqualTo(40142);
        assertThat(u.reason().statusCode()).isEqualTo(401);
        assertThat(u.reason().message()).contains("Token expired");
    }

    @Test
    void RTN24_connection_details_override_2() {
        RealtimeClient client = connect(connected(Fixtures.details("connection-key-1")
                .maxIdleInterval(10_000L)
                .connectionStateTtl(60_000L)
                .maxMessageSize(16384)
                .serverId("server-1")
                .clientId("client-original")));
        client.connect();
        rt.drain();
        assertThat(client.connection().id()).isEqualTo("connection-id-1");
        assertThat(client.connection().key()).isEqualTo("connection-key-1");
        assertThat(FakeRuntime.manager(client).connectionDetails().serverId()).isEqualTo("server-1");

        rt.ws.activeConnection()
                .sendToClient(connected(Fixtures.details("connection-key-1")
                        .maxIdleInterval(20_000L)
                        .connectionStateTtl(120_000L)
                        .maxMessageSize(32768)
                        .serverId("server-2")
                        .clientId("client-updated")));
        rt.drain();
        assertThat(client.connection().id()).isEqualTo("connection-id-1");
        assertThat(client.connection().key()).isEqualTo("connection-key-1");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        io.ably4j.types.ConnectionDetails d = FakeRuntime.manager(client).connectionDetails();
        assertThat(d.maxIdleInterval()).isEqualTo(20_000L); // RTN21
        assertThat(d.maxMessageSize()).isEqualTo(32768);
        assertThat(d.serverId()).isEqualTo("server-2");
        assertThat(d.clientId()).isEqualTo("client-updated");
    }

    @Test
    void RTN24_no_duplicate_connected_event_3() {
        RealtimeClient client = connect(Fixtures.connected("connection-id-1", "connection-key-1"));
        List<String> all = new ArrayList<>();
        for (ConnectionState s : ConnectionState.values()) {
            client.connection().on(s.event(), c -> all.add("state:" + s));
        }
        List<ConnectionStateChange> updates = new ArrayList<>();
        client.connection().on(ConnectionEvent.UPDATE, c -> {
            all.add("update");
            updates.add(c);
        });
        client.connect();
        rt.drain();
        int initial = all.size();
        for (int i = 0; i < 3; i++) {
            rt.ws.activeConnection().sendToClient(connected(Fixtures.details("connection-key-1")));
            rt.drain();
        }
        assertThat(all.subList(initial, all.size())).containsExactly("update", "update", "update");
        assertThat(updates).allSatisfy(u -> {
            assertThat(u.previous()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(u.current()).isEqualTo(ConnectionState.CONNECTED);
        });
        assertThat(all.stream().filter("state:CONNECTED"::equals)).hasSize(1);
    }
}
