package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.RealtimeChannel;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PublishResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ably4j and ably-js 2.28 on one channel, on the same and on mixed wire formats: every payload kind, a
 * client-chosen message id and extras arrive unchanged in both directions (RSL4, RSL6, RTL6, RTL7, TM2), and
 * ably4j's publishes are acknowledged with the serials ably-js sees (RTN7a, RTL6j).
 */
class Ably4jJsInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(10);
    static final String EXTRAS = "{\"headers\":{\"trace\":\"t-1\",\"n\":\"2\"},\"custom\":[1,{\"x\":true}]}";
    static final int PAYLOADS = Payload.ALL.size();

    static Object extrasTree() {
        return Objects.requireNonNull(Json.parse(EXTRAS).toValue());
    }

    @ParameterizedTest(name = "ably4j {0}, ably-js {1}")
    @MethodSource("formatPairs")
    void RTL7_RSL6_jsPublishesAbly4jReceives(Format ably4jFormat, Format jsFormat) {
        Emulator emu = start();
        String channel = "js-to-ably4j";
        Ably4jPeer ably4j = ably4j(emu, ably4jFormat);
        ably4j.subscribe(channel);
        JsPeer js = js("js-to-ably4j", emu, jsFormat);
        String jsConnection = JsPeer.string(js.call("connect", "auth", "key"), "connectionId");

        for (Payload p : Payload.ALL) {
            js.call("publish", "channel", channel, "name", p.name(), "data", p.jsValue());
        }
        js.call(
                "publish",
                "channel",
                channel,
                "name",
                "with-id-and-extras",
                "data",
                JsPeer.data("x"),
                "messageId",
                "js-chosen-id:0",
                "extras",
                extrasTree());

        List<Message> got = ably4j.awaitMessages(channel, m -> true, PAYLOADS + 1, WAIT);
        for (int i = 0; i < PAYLOADS; i++) {
            Payload p = Payload.ALL.get(i);
            Message m = got.get(i);
            assertThat(m.name()).isEqualTo(p.name());
            p.assertAtAbly4j(m);
            assertThat(m.connectionId()).isEqualTo(jsConnection);
            assertThat(m.id()).isNotBlank();
            assertThat(m.timestamp()).isNotNull().isPositive();
            assertThat(m.extras()).isNull();
        }
        Message last = got.get(PAYLOADS);
        assertThat(last.name()).isEqualTo("with-id-and-extras");
        assertThat(last.data()).isEqualTo("x");
        assertThat(last.id()).isEqualTo("js-chosen-id:0");
        assertThat(Objects.requireNonNull(last.extras(), "extras").toValue()).isEqualTo(extrasTree());
    }

    @ParameterizedTest(name = "ably4j {0}, ably-js {1}")
    @MethodSource("formatPairs")
    void RTL6_RSL4_ably4jPublishesJsReceives(Format ably4jFormat, Format jsFormat) {
        Emulator emu = start();
        String channel = "ably4j-to-js";
        JsPeer js = js("ably4j-to-js", emu, jsFormat);
        js.call("connect", "auth", "key");
        js.call("subscribe", "channel", channel);
        Ably4jPeer ably4j = ably4j(emu, ably4jFormat);
        RealtimeChannel ch = ably4j.channel(channel);

        List<@Nullable String> serials = new ArrayList<>();
        for (Payload p : Payload.ALL) {
            serials.addAll(
                    ably4j.publish(ch, Message.of(p.name(), p.ably4jValue())).serials());
        }
        Message withExtras = Message.builder()
                .name("with-id-and-extras")
                .data("x")
                .id("ably4j-chosen-id:0")
                .extras(Json.parse(EXTRAS))
                .build();
        serials.addAll(ably4j.publish(ch, withExtras).serials());
        assertThat(serials).hasSize(PAYLOADS + 1).doesNotContainNull().doesNotHaveDuplicates();

        List<Map<String, Object>> got = js.awaitEvents(JsPeer.message(channel), PAYLOADS + 1, WAIT);
        for (int i = 0; i < PAYLOADS; i++) {
            Payload p = Payload.ALL.get(i);
            Map<String, Object> m = got.get(i);
            assertThat(m.get("name")).isEqualTo(p.name());
            p.assertAtJs(m);
            assertThat(m.get("connectionId")).isEqualTo(ably4j.connectionId());
            assertThat(m.get("serial")).isEqualTo(serials.get(i));
            assertThat(m.get("extras")).isNull();
        }
        Map<String, Object> last = got.get(PAYLOADS);
        assertThat(last.get("name")).isEqualTo("with-id-and-extras");
        assertThat(JsPeer.object(last, "data")).isEqualTo(JsPeer.data("x"));
        assertThat(last.get("id")).isEqualTo("ably4j-chosen-id:0");
        assertThat(last.get("extras")).isEqualTo(extrasTree());
        assertThat(last.get("serial")).isEqualTo(serials.get(PAYLOADS));
    }

    /**
     * Twenty single publishes sent without waiting, then a batch of three in one protocol message: every future
     * completes with the ACK's serials (RTN7a, RTL6j), in order and one per message, while ably-js receives the
     * messages in publish order carrying exactly those serials.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN7a_RTL6j_ably4jPublishesAreAckedWhileJsReceives(Format format) {
        Emulator emu = start();
        String channel = "acked";
        JsPeer js = js("ably4j-acked", emu, format);
        js.call("connect", "auth", "key");
        js.call("subscribe", "channel", channel);
        Ably4jPeer ably4j = ably4j(emu, format);
        RealtimeChannel ch = ably4j.channel(channel);

        int singles = 20;
        List<CompletableFuture<PublishResult>> futures = new ArrayList<>();
        for (int i = 0; i < singles; i++) {
            futures.add(ch.publish("m" + i, "payload " + i));
        }
        futures.add(ch.publish(Message.of("b0", "x"), Message.of("b1", new byte[] {1}), Message.of("b2", "z")));

        List<@Nullable String> serials = new ArrayList<>();
        for (int i = 0; i < futures.size(); i++) {
            PublishResult r = Ably4jPeer.await(futures.get(i), "publish " + i);
            assertThat(r.serials()).hasSize(i < singles ? 1 : 3);
            serials.addAll(r.serials());
        }
        assertThat(serials).doesNotContainNull();
        assertThat(new HashSet<>(serials)).hasSize(singles + 3);

        List<Map<String, Object>> got = js.awaitEvents(JsPeer.message(channel), singles + 3, WAIT);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < singles; i++) {
            names.add("m" + i);
        }
        names.addAll(Arrays.asList("b0", "b1", "b2"));
        assertThat(got).extracting(m -> m.get("name")).containsExactlyElementsOf(names);
        assertThat(got).extracting(m -> m.get("serial")).containsExactlyElementsOf(serials);
        assertThat(JsPeer.object(got.get(0), "data")).isEqualTo(JsPeer.data("payload 0"));
        assertThat(JsPeer.object(got.get(singles + 1), "data")).isEqualTo(JsPeer.data(new byte[] {1}));
    }

    /**
     * A message whose {@code id} is a JSON number (TM2a types it as a string; ably-js sends what it is given).
     * No subscriber may silently miss a message the server accepted, so the emulator rejects the publish (40003,
     * finding F2: it used to relay it, and ably4j dropped the frame while ably-java's msgpack decoder looped), and
     * the next message reaches both SDKs.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RTL7_TM2a_messageWithNumericIdIsRejectedOrDelivered(Format format) {
        Emulator emu = start();
        String channel = "numeric-id";
        Ably4jPeer ably4j = ably4j(emu, format);
        ably4j.subscribe(channel);
        JsPeer js = js("numeric-id", emu, format);
        js.call("connect", "auth", "key");
        js.call("subscribe", "channel", channel);
        Map<String, Object> reply = js.callRaw(
                JsPeer.DEFAULT_TIMEOUT,
                "publish",
                "channel",
                channel,
                "name",
                "numeric-id",
                "data",
                JsPeer.data("x"),
                "messageId",
                3);
        js.call("publish", "channel", channel, "name", "after", "data", JsPeer.data("y"));
        assertThat(reply.get("ok")).isNotEqualTo(true);
        assertThat(JsPeer.object(reply, "error").get("code")).isEqualTo(40003L);
        js.awaitEvents(JsPeer.message(channel), 1, WAIT);
        ably4j.awaitMessage(channel, "after", WAIT);
        assertThat(ably4j.messages(channel)).extracting(Message::name).containsExactly("after");
    }
}
