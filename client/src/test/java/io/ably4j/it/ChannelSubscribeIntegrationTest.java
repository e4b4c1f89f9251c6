package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Message;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UTS {@code realtime/integration/channels/channel_subscribe_test.md} (RTL7, RTL7a, RTL7b) against the emulator:
 * unfiltered and name-filtered subscriptions, and messages flowing both ways between two clients. The specs run in
 * JSON only; each case also runs in msgpack.
 */
class ChannelSubscribeIntegrationTest {
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

    private static RealtimeClient connected(Protocol protocol, String clientId) throws Exception {
        RealtimeClient client = sandbox.client(UtsSandbox.API_KEY, protocol, b -> b.clientId(clientId));
        client.connect();
        await(client.connection().whenState(ConnectionState.CONNECTED));
        return client;
    }

    private static RealtimeClient connected(Protocol protocol) throws Exception {
        RealtimeClient client = sandbox.client(UtsSandbox.API_KEY, protocol);
        client.connect();
        await(client.connection().whenState(ConnectionState.CONNECTED));
        return client;
    }

    /**
     * The integration twin of the unit case {@code realtime/unit/RTL7a/subscribe-all-messages-0} (same method name,
     * in {@code io.ably4j.channel.ChannelSubscribeTest}).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL7a_subscribe_all_messages_0(Protocol protocol) throws Exception {
        String channelName = "subscribe-all-" + UtsSandbox.randomId();
        RealtimeClient publisher = connected(protocol);
        RealtimeClient subscriber = connected(protocol);
        RealtimeChannel pubChannel = publisher.channels().get(channelName);
        RealtimeChannel subChannel = subscriber.channels().get(channelName);

        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        subChannel.subscribe(received::add);
        await(subChannel.whenState(ChannelState.ATTACHED)); // AWAIT subscribe: the implicit attach (RTL7g)
        await(pubChannel.attach());

        await(pubChannel.publish("event-a", "data-a"));
        await(pubChannel.publish("event-b", "data-b"));
        await(pubChannel.publish("event-c", "data-c"));

        List<Message> messages = poll(received, 3);
        await(subscriber.connection().ping()); // anything more would have arrived before the ping's reply
        assertThat(received).isEmpty();
        assertThat(messages).extracting(Message::name).containsExactlyInAnyOrder("event-a", "event-b", "event-c");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL7b_subscribe_filtered_by_name_0(Protocol protocol) throws Exception {
        String channelName = "subscribe-filtered-" + UtsSandbox.randomId();
        RealtimeClient publisher = connected(protocol);
        RealtimeClient subscriber = connected(protocol);
        RealtimeChannel pubChannel = publisher.channels().get(channelName);
        RealtimeChannel subChannel = subscriber.channels().get(channelName);

        LinkedBlockingQueue<Message> targetReceived = new LinkedBlockingQueue<>();
        subChannel.subscribe("target", targetReceived::add);
        await(subChannel.whenState(ChannelState.ATTACHED)); // AWAIT subscribe: the implicit attach (RTL7g)
        LinkedBlockingQueue<Message> allReceived = new LinkedBlockingQueue<>();
        subChannel.subscribe(allReceived::add);
        await(pubChannel.attach());

        await(pubChannel.publish("other", "ignored"));
        await(pubChannel.publish("target", "wanted-1"));
        await(pubChannel.publish("other", "ignored"));
        await(pubChannel.publish("target", "wanted-2"));

        List<Message> all = poll(allReceived, 4);
        await(subscriber.connection().ping()); // anything more would have arrived before the ping's reply
        assertThat(allReceived).isEmpty();
        assertThat(all).hasSize(4);
        // the ping's reply came after every listener call for the four messages, so the filtered queue is complete
        assertThat(targetReceived).hasSize(2);
        List<Message> target = List.copyOf(targetReceived);
        assertThat(target.get(0).name()).isEqualTo("target");
        assertThat(target.get(0).data()).isEqualTo("wanted-1");
        assertThat(target.get(1).name()).isEqualTo("target");
        assertThat(target.get(1).data()).isEqualTo("wanted-2");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL7_bidirectional_message_flow_0(Protocol protocol) throws Exception {
        String channelName = "subscribe-bidir-" + UtsSandbox.randomId();
        RealtimeClient clientA = connected(protocol, "client-a");
        RealtimeClient clientB = connected(protocol, "client-b");
        RealtimeChannel channelA = clientA.channels().get(channelName);
        RealtimeChannel channelB = clientB.channels().get(channelName);

        LinkedBlockingQueue<Message> receivedByA = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Message> receivedByB = new LinkedBlockingQueue<>();
        channelA.subscribe(receivedByA::add);
        await(channelA.whenState(ChannelState.ATTACHED));
        channelB.subscribe(receivedByB::add);
        await(channelB.whenState(ChannelState.ATTACHED));

        await(channelA.publish("from-a", "hello from a"));
        await(channelB.publish("from-b", "hello from b"));

        // both receive both messages, their own echoed back (echoMessages defaults to true, RTC1a)
        List<Message> byA = poll(receivedByA, 2);
        List<Message> byB = poll(receivedByB, 2);
        assertThat(byA).extracting(Message::name).contains("from-a", "from-b");
        assertThat(byB).extracting(Message::name).contains("from-a", "from-b");
        assertThat(byA)
                .filteredOn(m -> "from-b".equals(m.name()))
                .extracting(Message::clientId, Message::data)
                .containsExactly(tuple("client-b", "hello from b"));
        assertThat(byB)
                .filteredOn(m -> "from-a".equals(m.name()))
                .extracting(Message::clientId, Message::data)
                .containsExactly(tuple("client-a", "hello from a"));
    }
}
