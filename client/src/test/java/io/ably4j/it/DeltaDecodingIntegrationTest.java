package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.VcdiffDecoder;
import io.ably4j.emulator.Emulator;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UTS {@code realtime/integration/delta_decoding_test.md} (PC3, RTL18, RTL19b, RTL20) against the emulator, whose
 * channels send vcdiff deltas to connections attached with {@code delta=vcdiff}; decoded with the built-in
 * decoder, in JSON and msgpack. The RTL20 case spoils a delta's {@code extras.delta.from} with the emulator's {@code
 * Faults.mismatchDeltaReferences} instead of clearing the client's stored id.
 */
@NullUnmarked
class DeltaDecodingIntegrationTest {
    private static final String KEY = "deltas.key0:key0-secret";
    private static final List<Json> TEST_DATA = List.of(
            Json.parse("{\"foo\":\"bar\",\"count\":1,\"status\":\"active\"}"),
            Json.parse("{\"foo\":\"bar\",\"count\":2,\"status\":\"active\"}"),
            Json.parse("{\"foo\":\"bar\",\"count\":2,\"status\":\"inactive\"}"),
            Json.parse("{\"foo\":\"bar\",\"count\":3,\"status\":\"inactive\"}"),
            Json.parse("{\"foo\":\"bar\",\"count\":3,\"status\":\"active\"}"));
    private static final Duration LONG_DEADLINE = Duration.ofSeconds(30);

    private static Emulator emulator;
    private final List<RealtimeClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).key(KEY, "{\"*\":[\"*\"]}").build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(RealtimeClient::close);
        clients.clear();
        emulator.faults().mismatchDeltaReferences(0);
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

    private RealtimeClient connected(Protocol protocol, Consumer<ClientOptions.Builder> more) throws Exception {
        ClientOptions.Builder b = ClientOptions.builder()
                .key(KEY)
                .endpoint("localhost")
                .port(emulator.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .autoConnect(false)
                .useBinaryProtocol(protocol.binary());
        more.accept(b);
        RealtimeClient c = new RealtimeClient(b.build());
        clients.add(c);
        c.connect();
        await(c.connection().whenState(ConnectionState.CONNECTED));
        return c;
    }

    private static RealtimeChannel deltaChannel(RealtimeClient c, String name) {
        return c.channels()
                .get(name, ChannelOptions.builder().param("delta", "vcdiff").build());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void PC3_delta_decode_end_to_end_0(Protocol protocol) throws Exception {
        Counting decoder = new Counting();
        RealtimeClient client = connected(protocol, b -> b.vcdiffDecoder(decoder));
        RealtimeChannel channel = deltaChannel(client, "delta-PC3-" + UtsSandbox.randomId());
        await(channel.attach());
        List<ErrorInfo> reattaching = new CopyOnWriteArrayList<>();
        channel.on(ChannelEvent.ATTACHING, c -> reattaching.add(c.reason()));
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        channel.subscribe(received::add);
        for (int i = 0; i < TEST_DATA.size(); i++) {
            await(channel.publish(String.valueOf(i), TEST_DATA.get(i)));
        }
        List<Message> messages = poll(received, TEST_DATA.size());
        for (int i = 0; i < TEST_DATA.size(); i++) {
            assertThat(messages.get(i).name()).isEqualTo(String.valueOf(i));
            assertThat(messages.get(i).data()).isEqualTo(TEST_DATA.get(i));
        }
        assertThat(decoder.calls.get()).isEqualTo(TEST_DATA.size() - 1); // the first in full, the rest as deltas
        assertThat(reattaching).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL19b_dissimilar_payloads_no_delta_0(Protocol protocol) throws Exception {
        Counting decoder = new Counting();
        RealtimeClient client = connected(protocol, b -> b.vcdiffDecoder(decoder));
        RealtimeChannel channel = deltaChannel(client, "delta-dissimilar-" + UtsSandbox.randomId());
        await(channel.attach());
        List<ErrorInfo> reattaching = new CopyOnWriteArrayList<>();
        channel.on(ChannelEvent.ATTACHING, c -> reattaching.add(c.reason()));
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        channel.subscribe(received::add);
        Random random = new Random(42);
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] p = new byte[1024];
            random.nextBytes(p);
            payloads.add(p);
            await(channel.publish(String.valueOf(i), p));
        }
        List<Message> messages = poll(received, payloads.size());
        for (int i = 0; i < payloads.size(); i++) {
            assertThat(messages.get(i).name()).isEqualTo(String.valueOf(i));
            assertThat((byte[]) messages.get(i).data()).isEqualTo(payloads.get(i));
        }
        // the UTS only logs the decode count: the emulator sends deltas even for dissimilar payloads
        System.out.println("Decoder was called " + decoder.calls.get() + " times for 5 dissimilar messages");
        assertThat(reattaching).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void PC3_no_deltas_without_param_1(Protocol protocol) throws Exception {
        Counting decoder = new Counting();
        RealtimeClient client = connected(protocol, b -> b.vcdiffDecoder(decoder));
        RealtimeChannel channel = client.channels().get("delta-no-param-" + UtsSandbox.randomId());
        await(channel.attach());
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        channel.subscribe(received::add);
        for (int i = 0; i < TEST_DATA.size(); i++) {
            await(channel.publish(String.valueOf(i), TEST_DATA.get(i)));
        }
        List<Message> messages = poll(received, TEST_DATA.size());
        for (int i = 0; i < TEST_DATA.size(); i++) {
            assertThat(messages.get(i).name()).isEqualTo(String.valueOf(i));
            assertThat(messages.get(i).data()).isEqualTo(TEST_DATA.get(i));
        }
        assertThat(decoder.calls.get()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL18_recovery_message_id_mismatch_0(Protocol protocol) throws Exception {
        Counting decoder = new Counting();
        RealtimeClient client = connected(protocol, b -> b.vcdiffDecoder(decoder));
        RealtimeChannel channel = deltaChannel(client, "delta-recovery-mismatch-" + UtsSandbox.randomId());
        await(channel.attach());
        List<ErrorInfo> reattaching = new CopyOnWriteArrayList<>();
        channel.on(ChannelEvent.ATTACHING, c -> reattaching.add(c.reason()));
        Map<String, Message> byName = new ConcurrentHashMap<>();
        channel.subscribe(m -> byName.putIfAbsent(m.name(), m));
        for (int i = 0; i < 3; i++) {
            await(channel.publish(String.valueOf(i), TEST_DATA.get(i)));
        }
        waitUntil(() -> byName.size() >= 3);
        emulator.faults().mismatchDeltaReferences(1); // the next delta fails the RTL20 check
        for (int i = 3; i < TEST_DATA.size(); i++) {
            await(channel.publish(String.valueOf(i), TEST_DATA.get(i)));
        }
        waitUntil(() -> byName.size() == TEST_DATA.size());
        for (int i = 0; i < TEST_DATA.size(); i++) {
            assertThat(byName.get(String.valueOf(i)).data()).isEqualTo(TEST_DATA.get(i));
        }
        assertThat(reattaching).isNotEmpty();
        assertThat(reattaching.get(0).code()).isEqualTo(40018);
        await(channel.whenState(ChannelState.ATTACHED));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL18_recovery_decode_failure_1(Protocol protocol) throws Exception {
        RealtimeClient client = connected(
                protocol,
                b -> b.vcdiffDecoder((delta, base) -> {
                    throw new IllegalStateException("Simulated vcdiff decode failure");
                }));
        RealtimeChannel channel = deltaChannel(client, "delta-recovery-decode-" + UtsSandbox.randomId());
        await(channel.attach());
        List<ErrorInfo> reattaching = new CopyOnWriteArrayList<>();
        channel.on(ChannelEvent.ATTACHING, c -> reattaching.add(c.reason()));
        Map<String, Message> byName = new ConcurrentHashMap<>();
        channel.subscribe(m -> byName.putIfAbsent(m.name(), m));
        for (int i = 0; i < TEST_DATA.size(); i++) {
            await(channel.publish(String.valueOf(i), TEST_DATA.get(i)));
        }
        // each recovery re-attaches from the last message delivered, whose successor then comes in full
        waitUntil(() -> byName.size() == TEST_DATA.size());
        for (int i = 0; i < TEST_DATA.size(); i++) {
            assertThat(byName.get(String.valueOf(i)).data()).isEqualTo(TEST_DATA.get(i));
        }
        assertThat(reattaching).isNotEmpty();
        assertThat(reattaching.get(0).code()).isEqualTo(40018);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void PC3_no_plugin_causes_failed_2(Protocol protocol) throws Exception {
        RealtimeClient subscriber = connected(protocol, b -> b.vcdiffDecoder(null));
        RealtimeClient publisher = connected(protocol, b -> {});
        String name = "delta-no-plugin-" + UtsSandbox.randomId();
        RealtimeChannel subChannel = deltaChannel(subscriber, name);
        await(subChannel.attach());
        RealtimeChannel pubChannel = publisher.channels().get(name);
        await(pubChannel.attach());
        for (int i = 0; i < 2; i++) {
            await(pubChannel.publish(String.valueOf(i), TEST_DATA.get(i)));
        }
        await(subChannel.whenState(ChannelState.FAILED));
        assertThat(subChannel.errorReason().code()).isEqualTo(40019);
    }

    private static void waitUntil(Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + LONG_DEADLINE.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + LONG_DEADLINE);
            }
            Thread.sleep(10);
        }
    }
}
