package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/forwards_compatibility_test.md} (RTF1, RSF1), connection part. */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ForwardsCompatibilityTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient connectedJsonClient(List<ConnectionState> states) {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("connection-id", "connection-key"));
        RealtimeClient client = rt.client(b -> b.autoConnect(false).useBinaryProtocol(false));
        client.connection().on(c -> states.add(c.current()));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    /** The connection-level half of RTF1_unrecognised_attributes_ignored_0: CONNECTED/HEARTBEAT with unknown fields. */
    @Test
    void RTF1_unrecognisedAttributesIgnored_connectionMessages() {
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            c.sendToClientRaw("{\"action\":4,\"connectionId\":\"connection-id\",\"unknownField1\":\"x\","
                    + "\"unknownNestedObject\":{\"nestedKey\":\"nestedValue\"},\"unknownArray\":[1,2,3],"
                    + "\"connectionDetails\":{\"connectionKey\":\"connection-key\",\"futureDetail\":true,"
                    + "\"connectionStateTtl\":120000,\"maxIdleInterval\":15000}}");
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false).useBinaryProtocol(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isEqualTo("connection-id");
        assertThat(client.connection().key()).isEqualTo("connection-key");
    }

    @Test
    void RTF1_unknown_action_handled_1() {
        List<ConnectionState> states = new ArrayList<>();
        connectedJsonClient(states);
        rt.ws.activeConnection()
                .sendToClientRaw(
                        "{\"action\":254,\"channel\":\"test-RTF1\",\"unknownPayload\":\"future-feature-data\"}");
        rt.ws.activeConnection().sendToClient(Fixtures.heartbeat("x"));
        rt.drain();
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(states).doesNotContain(ConnectionState.DISCONNECTED, ConnectionState.FAILED);
    }
}
