package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.RealtimeChannel;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Delta compression across SDKs (PC3, RTL19, RTL20): ably-js 2.28 with the {@code @ably/vcdiff-decoder} 1.0.6 plugin
 * and ably4j with its built-in decoder both subscribe with {@code delta=vcdiff} to the emulator, which
 * sends them vcdiff deltas made with vcdiff-core's encoder; a third client publishes similar strings, JSON objects
 * and binary payloads. Both receive the same messages, ids and payloads, and the same messages arrive as deltas.
 */
class DeltaInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final int PER_KIND = 4;

    @ParameterizedTest
    @EnumSource(Format.class)
    void PC3_RTL19_ablyJsAndAbly4jDecodeTheSameDeltas(Format format) {
        Emulator emu = start();
        String channel = "deltas-" + format.wireName();
        Ably4jPeer subscriber = ably4j(emu, format);
        subscriber.subscribe(subscriber.channel(
                channel, ChannelOptions.builder().param("delta", "vcdiff").build()));
        JsPeer js = js("deltas", emu, format);
        js.call("connect", "auth", "key", "vcdiff", true);
        js.call("subscribe", "channel", channel, "delta", true);
        Ably4jPeer publisher = ably4j(emu, format);
        RealtimeChannel pub = publisher.channel(channel);

        List<Object> sent = payloads();
        for (int i = 0; i < sent.size(); i++) {
            publisher.publish(pub, Message.of("m" + i, sent.get(i)));
        }
        List<Message> at4j = subscriber.awaitMessages(channel, m -> true, sent.size(), WAIT);
        List<Map<String, Object>> atJs = js.awaitEvents(JsPeer.message(channel), sent.size(), WAIT);

        int deltas = 0;
        for (int i = 0; i < sent.size(); i++) {
            Message m = at4j.get(i);
            Map<String, Object> e = atJs.get(i);
            assertThat(m.name()).isEqualTo("m" + i);
            assertThat(JsPeer.string(e, "name")).isEqualTo("m" + i);
            assertThat(JsPeer.string(e, "id")).isEqualTo(m.id());
            assertThat(m.encoding()).isNull();
            assertThat(e.get("encoding")).isNull();
            Object expected = sent.get(i);
            Map<String, Object> jsData = JsPeer.object(e, "data");
            if (expected instanceof byte[] bytes) {
                assertThat((byte[]) m.data()).isEqualTo(bytes);
                assertThat(Base64.getDecoder().decode(JsPeer.string(jsData, "v")))
                        .isEqualTo(bytes);
            } else if (expected instanceof Json json) {
                assertThat(m.data()).isEqualTo(json);
                assertThat(jsData.get("v")).isEqualTo(json.toValue());
            } else {
                assertThat(m.data()).isEqualTo(expected);
                assertThat(jsData.get("v")).isEqualTo(expected);
            }
            Object from4j = deltaFrom(
                    m.extras() == null
                            ? null
                            : Objects.requireNonNull(m.extras()).toValue());
            if (from4j != null) {
                deltas++;
                assertThat(from4j).isEqualTo(at4j.get(i - 1).id()); // RTL20: against the previous message
            }
            assertThat(deltaFrom(e.get("extras"))).isEqualTo(from4j); // the same message was a delta at both ends
        }
        assertThat(deltas).isGreaterThanOrEqualTo(3 * (PER_KIND - 1)); // within each kind, all but the first
    }

    private static @Nullable Object deltaFrom(@Nullable Object extras) {
        if (extras instanceof Map<?, ?> map && map.get("delta") instanceof Map<?, ?> delta) {
            return delta.get("from");
        }
        return null;
    }

    /** Similar payloads of three kinds: each one 1% (about 20 bytes) different from the previous of its kind. */
    private static List<Object> payloads() {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        List<Object> out = new ArrayList<>();
        for (int kind = 0; kind < 3; kind++) {
            for (int n = 0; n < PER_KIND; n++) {
                int at = random.nextInt(text.length() - 20);
                for (int j = 0; j < 20; j++) {
                    text.setCharAt(at + j, (char) ('A' + random.nextInt(26)));
                }
                String s = text.toString();
                out.add(
                        switch (kind) {
                            case 0 -> s;
                            case 1 -> Json.parse("{\"n\":" + n + ",\"text\":\"" + s + "\"}");
                            default -> s.getBytes(StandardCharsets.UTF_8);
                        });
            }
        }
        return out;
    }
}
