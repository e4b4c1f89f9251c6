package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.DeriveOptions;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.VcdiffDecoder;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Annotation;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Delta compression (RTL19, RTL20) combined with the other channel features against the emulator, in JSON and msgpack:
 * every MESSAGE a delta attachment receives (inband occupancy events, annotation summaries, a derived channel's
 * messages) is the "last message" of RTL19/RTL20, so the next delta must refer to it; otherwise the client fails the
 * decode (40018) and re-attaches.
 */
@NullUnmarked
class DeltaInteractionsIntegrationTest {
    private static final String DATA_1 = "{\"foo\":\"bar\",\"count\":1,\"status\":\"active\"}";
    private static final String DATA_2 = "{\"foo\":\"bar\",\"count\":2,\"status\":\"active\"}";
    private static final String DATA_3 = "{\"foo\":\"bar\",\"count\":2,\"status\":\"inactive\"}";

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

    /** The built-in decoder, counting its calls. */
    private static final class Counting implements VcdiffDecoder {
        final AtomicInteger calls = new AtomicInteger();
        private final VcdiffDecoder inner = VcdiffDecoder.builtIn();

        @Override
        public byte[] decode(byte[] delta, byte[] base) {
            calls.incrementAndGet();
            return inner.decode(delta, base);
        }
    }

    private static RealtimeClient connected(Protocol protocol, String clientId, VcdiffDecoder decoder)
            throws Exception {
        RealtimeClient client = sandbox.client(
                UtsSandbox.API_KEY, protocol, b -> b.clientId(clientId).vcdiffDecoder(decoder));
        client.connect();
        await(client.connection().whenState(ConnectionState.CONNECTED));
        return client;
    }

    private static List<ErrorInfo> reattachments(RealtimeChannel channel) {
        List<ErrorInfo> reasons = new CopyOnWriteArrayList<>();
        channel.on(ChannelEvent.ATTACHING, c -> reasons.add(c.reason()));
        return reasons;
    }

    @SuppressWarnings("unchecked")
    private static long connections(Message occupancy) {
        Map<String, Object> data = (Map<String, Object>) ((Json) occupancy.data()).toValue();
        return ((Number) ((Map<String, Object>) data.get("metrics")).get("connections")).longValue();
    }

    /** An occupancy event received between two messages becomes the base: the next message must not fail (RTL20). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL20_occupancyEventBetweenDeltas(Protocol protocol) throws Exception {
        String name = "delta-occupancy-" + UtsSandbox.randomId();
        Counting decoder = new Counting();
        RealtimeClient client = connected(protocol, "watcher", decoder);
        RealtimeChannel channel = client.channels()
                .get(
                        name,
                        ChannelOptions.builder()
                                .param("delta", "vcdiff")
                                .param("occupancy", "metrics")
                                .build());
        LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Message> occupancy = new LinkedBlockingQueue<>();
        channel.subscribe(m -> (m.name().equals("[meta]occupancy") ? occupancy : messages).add(m));
        await(channel.whenState(ChannelState.ATTACHED));
        List<ErrorInfo> reattaching = reattachments(channel);
        poll(occupancy); // the metrics sent after ATTACHED

        await(channel.publish("m", DATA_1));
        assertThat(poll(messages).data()).isEqualTo(DATA_1);
        await(channel.publish("m", DATA_2));
        assertThat(poll(messages).data()).isEqualTo(DATA_2);

        RealtimeChannel other =
                connected(protocol, "other", VcdiffDecoder.builtIn()).channels().get(name);
        await(other.attach());
        while (connections(poll(occupancy)) != 2L) {
            // events may coalesce while throttled
        }

        await(channel.publish("m", DATA_3));
        assertThat(poll(messages).data()).isEqualTo(DATA_3);
        assertThat(reattaching).isEmpty();
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(decoder.calls.get()).isPositive();
    }

    /** An annotation summary received between two messages becomes the base (RTL19, RTL20). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL20_summaryBetweenDeltas(Protocol protocol) throws Exception {
        String name = "mutable:delta-summary-" + UtsSandbox.randomId();
        RealtimeClient client = connected(protocol, "client-a", new Counting());
        RealtimeChannel channel = client.channels()
                .get(name, ChannelOptions.builder().param("delta", "vcdiff").build());
        LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Message> summaries = new LinkedBlockingQueue<>();
        channel.subscribe(m -> (m.action() == MessageAction.MESSAGE_SUMMARY ? summaries : messages).add(m));
        await(channel.whenState(ChannelState.ATTACHED));
        List<ErrorInfo> reattaching = reattachments(channel);

        await(channel.publish("m", DATA_1));
        String serial = poll(messages).serial();
        await(channel.annotations()
                .publish(
                        serial,
                        Annotation.builder()
                                .type("reactions:distinct.v1")
                                .name("x")
                                .build()));
        assertThat(poll(summaries).serial()).isEqualTo(serial);

        await(channel.publish("m", DATA_2));
        assertThat(poll(messages).data()).isEqualTo(DATA_2);
        assertThat(reattaching).isEmpty();
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
    }

    /** A derived channel attached with {@code delta=vcdiff} gets its messages as deltas too (RTS5a2, RTL19). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTS5a2_derivedChannelWithDeltas(Protocol protocol) throws Exception {
        String base = "delta-derived-" + UtsSandbox.randomId();
        Counting decoder = new Counting();
        RealtimeClient client = connected(protocol, "client-a", decoder);
        RealtimeChannel derived = client.channels()
                .getDerived(
                        base,
                        DeriveOptions.filter("name == 'keep'"),
                        ChannelOptions.builder().param("delta", "vcdiff").build());
        LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        derived.subscribe(messages::add);
        await(derived.whenState(ChannelState.ATTACHED));
        List<ErrorInfo> reattaching = reattachments(derived);
        RealtimeChannel publisher = client.channels().get(base);
        await(publisher.attach());

        await(publisher.publish("keep", DATA_1));
        await(publisher.publish("drop", DATA_3));
        await(publisher.publish("keep", DATA_2));
        await(publisher.publish("keep", DATA_3));
        List<Message> received = poll(messages, 3);
        assertThat(received).extracting(Message::data).containsExactly(DATA_1, DATA_2, DATA_3);
        assertThat(decoder.calls.get()).isEqualTo(2); // the first in full, the rest as deltas
        assertThat(reattaching).isEmpty();
    }
}
