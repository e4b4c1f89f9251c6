package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/forwards_compatibility_test.md} (RTF1, RSF1). */
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

    /** RTF1_unrecognised_attributes_ignored_0 applied to CONNECTED and its ConnectionDetails. */
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

    /** Subscribes to and attaches {@code name}; the test answers the ATTACH itself, as the UTS case does. */
    private RealtimeChannel attachedWithSubscriber(RealtimeClient client, String name, List<Message> received) {
        RealtimeChannel channel = client.channels().get(name);
        channel.subscribe(received::add);
        CompletableFuture<Void> attach = channel.attach();
        rt.drain();
        assertThat(rt.ws.sent(Action.ATTACH)).hasSize(1);
        rt.ws.activeConnection()
                .sendToClient(
                        ProtocolMessage.builder(Action.ATTACHED).channel(name).build());
        rt.await(attach);
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        return channel;
    }

    @Test
    void RTF1_unrecognised_attributes_ignored_0() {
        String name = "test-RTF1-extra-attrs";
        List<Message> received = new ArrayList<>();
        RealtimeClient client = connectedJsonClient(new ArrayList<>());
        RealtimeChannel channel = attachedWithSubscriber(client, name, received);
        rt.ws.activeConnection()
                .sendToClientRaw("{\"action\":15,\"channel\":\"" + name + "\","
                        + "\"messages\":[{\"name\":\"test-event\",\"data\":\"hello\",\"serial\":\"msg-serial-1\"}],"
                        + "\"unknownField1\":\"some-future-value\",\"unknownField2\":42,"
                        + "\"unknownNestedObject\":{\"nestedKey\":\"nestedValue\"},\"unknownArray\":[1,2,3]}");
        rt.drain();
        assertThat(received).hasSize(1);
        assertThat(received.get(0).name()).isEqualTo("test-event");
        assertThat(received.get(0).data()).isEqualTo("hello");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RSF1_message_unrecognised_attrs_0() {
        String name = "test-RSF1-extra-attrs";
        List<Message> received = new ArrayList<>();
        RealtimeClient client = connectedJsonClient(new ArrayList<>());
        RealtimeChannel channel = attachedWithSubscriber(client, name, received);
        rt.ws.activeConnection()
                .sendToClientRaw("{\"action\":15,\"channel\":\"" + name + "\",\"messages\":["
                        + "{\"name\":\"event-1\",\"data\":\"payload-1\",\"serial\":\"serial-1\","
                        + "\"futureField\":\"future-value\",\"futureNumber\":99,\"futureObject\":{\"nested\":true}},"
                        + "{\"name\":\"event-2\",\"data\":\"payload-2\",\"serial\":\"serial-2\","
                        + "\"anotherUnknownField\":[1,2,3]}]}");
        rt.drain();
        assertThat(received).hasSize(2);
        assertThat(received.get(0).name()).isEqualTo("event-1");
        assertThat(received.get(0).data()).isEqualTo("payload-1");
        assertThat(received.get(1).name()).isEqualTo("event-2");
        assertThat(received.get(1).data()).isEqualTo("payload-2");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
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
