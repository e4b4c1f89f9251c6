package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ConnectionState;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Message;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** UTS {@code realtime/integration/channel_history_test.md} (RTL10d) against the emulator, in JSON and msgpack. */
class ChannelHistoryIntegrationTest {
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

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL10d_history_cross_client_0(Protocol protocol) throws Exception {
        String channelName = "history-RTL10d-" + UtsSandbox.randomId();
        RealtimeClient publisher = sandbox.client(UtsSandbox.API_KEY, protocol);
        RealtimeClient subscriber = sandbox.client(UtsSandbox.API_KEY, protocol);
        publisher.connect();
        subscriber.connect();
        await(publisher.connection().whenState(ConnectionState.CONNECTED));
        await(subscriber.connection().whenState(ConnectionState.CONNECTED));
        RealtimeChannel pubChannel = publisher.channels().get(channelName);
        RealtimeChannel subChannel = subscriber.channels().get(channelName);
        await(pubChannel.attach());
        await(subChannel.attach());

        await(pubChannel.publish("event1", "data1"));
        await(pubChannel.publish("event2", "data2"));
        await(pubChannel.publish("event3", "data3"));

        // The spec polls for Ably's eventual consistency; the emulator stores a message before it ACKs it, so the
        // first request after the three ACKs must see all of them.
        PaginatedResult<Message> history = await(subChannel.history());

        assertThat(history.items()).hasSize(3);
        assertThat(history.items()).extracting(Message::name).containsExactly("event3", "event2", "event1");
        assertThat(history.items()).extracting(Message::data).containsExactly("data3", "data2", "data1");
    }
}
