package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UTS {@code realtime/integration/channels/channel_publish_test.md} (RTL6, RTL6f, RSL4, RSL6a2) against the emulator,
 * in JSON and msgpack as the specs require: a message published on one connection reaches a subscriber on another with
 * its data, type and metadata intact.
 */
class ChannelPublishIntegrationTest {
    private static UtsSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = UtsSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        sandbox.closeClients();
    }

    /** The clients and channels of one case, and what the subscriber received. */
    private record Setup(
            RealtimeClient publisher,
            RealtimeClient subscriber,
            RealtimeChannel pubChannel,
            LinkedBlockingQueue<Message> received) {

        /**
         * Waits for the first message ({@code poll_until received.length >= 1}), then checks that no second one
         * follows: a duplicate would reach the subscriber's connection before the reply to a ping sent after the
         * first, and listeners and futures complete in event order.
         */
        Message onlyMessage() throws Exception {
            Message first = poll(received);
            await(subscriber.connection().ping());
            assertThat(received).as("messages after the first").isEmpty();
            return first;
        }
    }

    /** The common setup: two connected clients, the channel on each, then the subscribe and attach steps. */
    private static Setup setUp(Protocol protocol, String channelName) throws Exception {
        RealtimeClient publisher = sandbox.client(UtsSandbox.API_KEY, protocol);
        RealtimeClient subscriber = sandbox.client(UtsSandbox.API_KEY, protocol);
        publisher.connect();
        subscriber.connect();
        await(publisher.connection().whenState(ConnectionState.CONNECTED));
        await(subscriber.connection().whenState(ConnectionState.CONNECTED));
        RealtimeChannel pubChannel = publisher.channels().get(channelName);
        RealtimeChannel subChannel = subscriber.channels().get(channelName);

        // AWAIT sub_channel.subscribe(...): subscribing attaches implicitly (RTL7g); wait for that attach
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        subChannel.subscribe(received::add);
        await(subChannel.whenState(ChannelState.ATTACHED));
        await(pubChannel.attach());
        return new Setup(publisher, subscriber, pubChannel, received);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL6_string_data_roundtrip_0(Protocol protocol) throws Exception {
        Setup s = setUp(protocol, "publish-string-" + UtsSandbox.randomId());

        await(s.pubChannel().publish("string-event", "hello world"));

        Message m = s.onlyMessage();
        assertThat(m.name()).isEqualTo("string-event");
        assertThat(m.data()).isInstanceOf(String.class).isEqualTo("hello world");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL6_json_data_roundtrip_1(Protocol protocol) throws Exception {
        Setup s = setUp(protocol, "publish-json-" + UtsSandbox.randomId());
        Json jsonData = Json.of(Map.of("key", "value", "nested", Map.of("count", 42), "list", List.of(1, 2, 3)));

        await(s.pubChannel().publish("json-event", jsonData));

        Message m = s.onlyMessage();
        assertThat(m.name()).isEqualTo("json-event");
        assertThat(m.data()).isInstanceOf(Json.class);
        Object tree = ((Json) Objects.requireNonNull(m.data())).toValue();
        assertThat(at(tree, "key")).isEqualTo("value");
        assertThat(at(tree, "nested", "count")).isEqualTo(42L);
        assertThat(at(tree, "list")).isEqualTo(List.of(1L, 2L, 3L));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL6_binary_data_roundtrip_2(Protocol protocol) throws Exception {
        Setup s = setUp(protocol, "publish-binary-" + UtsSandbox.randomId());
        byte[] binaryData = {0, 1, 2, (byte) 255, (byte) 128, 64};

        await(s.pubChannel().publish("binary-event", binaryData));

        Message m = s.onlyMessage();
        assertThat(m.name()).isEqualTo("binary-event");
        assertThat(m.data()).isInstanceOf(byte[].class);
        assertThat((byte[]) m.data()).containsExactly(binaryData);
        assertThat(m.encoding()).as("decoded: no encoding left").isNull();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL6f_connectionid_matches_publisher_0(Protocol protocol) throws Exception {
        Setup s = setUp(protocol, "publish-connid-" + UtsSandbox.randomId());
        String publisherConnectionId = s.publisher().connection().id();
        assertThat(publisherConnectionId).isNotNull();

        await(s.pubChannel().publish("connid-test", "data"));

        Message m = poll(s.received());
        assertThat(m.connectionId()).isEqualTo(publisherConnectionId);
        assertThat(m.connectionId()).isNotEqualTo(s.subscriber().connection().id());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSL6a2_message_extras_roundtrip_0(Protocol protocol) throws Exception {
        Setup s = setUp(protocol, "pushenabled:publish-extras-" + UtsSandbox.randomId());
        Json extras = Json.parse("{\"push\":{\"notification\":{\"title\":\"Testing\"}}}");

        await(s.pubChannel()
                .publish(Message.builder()
                        .name("extras-test")
                        .data("payload")
                        .extras(extras)
                        .build()));

        Message m = poll(s.received());
        assertThat(m.extras()).isNotNull();
        assertThat(at(Objects.requireNonNull(m.extras()).toValue(), "push", "notification", "title"))
                .isEqualTo("Testing");
    }

    /** The node at the end of a path of object keys in a {@link Json#toValue()} tree. */
    private static @Nullable Object at(@Nullable Object tree, String... path) {
        Object node = tree;
        for (String key : path) {
            assertThat(node).as("object holding %s", key).isInstanceOf(Map.class);
            node = ((Map<?, ?>) Objects.requireNonNull(node)).get(key);
        }
        return node;
    }
}
