package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Inband occupancy against the emulator: with the channel param {@code occupancy=metrics} the channel's subscribers
 * receive {@code [meta]occupancy} messages whose data is {@code {metrics: {...}}}, at attach and when the metrics
 * change. JSON and msgpack.
 */
@NullUnmarked
class OccupancyIntegrationTest {
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

    /** The metrics of the next occupancy event. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> nextMetrics(LinkedBlockingQueue<Message> events) throws Exception {
        Message m = poll(events);
        assertThat(m.name()).isEqualTo("[meta]occupancy");
        assertThat(m.data()).isInstanceOf(Json.class);
        Map<String, Object> data = (Map<String, Object>) ((Json) m.data()).toValue();
        return (Map<String, Object>) data.get("metrics");
    }

    /** Polls occupancy events until one has {@code key == value} (events may coalesce while throttled). */
    private static Map<String, Object> awaitMetric(LinkedBlockingQueue<Message> events, String key, long value)
            throws Exception {
        while (true) {
            Map<String, Object> metrics = nextMetrics(events);
            if (((Number) metrics.get(key)).longValue() == value) {
                return metrics;
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void occupancyMetricsAtAttachAndOnChange(Protocol protocol) throws Exception {
        String name = "occupancy-" + UtsSandbox.randomId();
        RealtimeClient watcher = connected(protocol, "watcher");
        RealtimeChannel ch = watcher.channels()
                .get(
                        name,
                        ChannelOptions.builder().param("occupancy", "metrics").build());
        LinkedBlockingQueue<Message> events = new LinkedBlockingQueue<>();
        ch.subscribe("[meta]occupancy", events::add);

        Map<String, Object> first = nextMetrics(events);
        assertThat(first)
                .containsEntry("connections", 1L)
                .containsEntry("subscribers", 1L)
                .containsEntry("presenceMembers", 0L)
                .containsKeys(
                        "publishers",
                        "presenceConnections",
                        "presenceSubscribers",
                        "objectPublishers",
                        "objectSubscribers");
        assertThat(ch.params()).containsEntry("occupancy", "metrics");

        RealtimeClient other = connected(protocol, "other");
        RealtimeChannel otherCh = other.channels().get(name);
        await(otherCh.attach());
        assertThat(awaitMetric(events, "connections", 2L)).containsEntry("subscribers", 2L);

        await(otherCh.presence().enter("here"));
        assertThat(awaitMetric(events, "presenceMembers", 1L)).containsEntry("connections", 2L);

        await(otherCh.detach());
        assertThat(awaitMetric(events, "connections", 1L)).containsEntry("presenceMembers", 0L);
    }
}
