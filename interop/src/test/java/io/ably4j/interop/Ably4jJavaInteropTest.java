package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.ably.lib.types.MessageExtras;
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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ably4j and ably-java 1.5.0 on one channel, on the same and on mixed wire formats: every payload kind, a
 * client-chosen message id and extras arrive unchanged in both directions (RSL4, RSL6, RTL6, RTL7, TM2), and
 * ably4j's publishes are acknowledged with the serials ably-java sees (RTN7a, RTL6j).
 */
class Ably4jJavaInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String EXTRAS = Ably4jJsInteropTest.EXTRAS;
    private static final int PAYLOADS = Payload.ALL.size();

    /**
     * A copy of {@code json} whose numbers are {@code Long} or {@code Double}: ably-java 1.5.0 writes the extras
     * of a msgpack message with a packer that sends any other {@code Number} class, such as the
     * {@code LazilyParsedNumber} of Gson's parser, as a string (see interop-findings.md).
     */
    private static JsonElement javaExtras(JsonElement json) {
        if (json.isJsonObject()) {
            JsonObject copy = new JsonObject();
            json.getAsJsonObject().entrySet().forEach(e -> copy.add(e.getKey(), javaExtras(e.getValue())));
            return copy;
        }
        if (json.isJsonArray()) {
            JsonArray copy = new JsonArray();
            json.getAsJsonArray().forEach(e -> copy.add(javaExtras(e)));
            return copy;
        }
        if (json.isJsonPrimitive() && json.getAsJsonPrimitive().isNumber()) {
            String text = json.getAsString();
            boolean integral = !text.contains(".") && !text.contains("e") && !text.contains("E");
            return integral ? new JsonPrimitive(json.getAsLong()) : new JsonPrimitive(json.getAsDouble());
        }
        return json;
    }

    @ParameterizedTest(name = "ably4j {0}, ably-java {1}")
    @MethodSource("formatPairs")
    void RTL7_RSL6_javaPublishesAbly4jReceives(Format ably4jFormat, Format javaFormat) throws Exception {
        Emulator emu = start();
        String channel = "java-to-ably4j";
        Ably4jPeer ably4j = ably4j(emu, ably4jFormat);
        ably4j.subscribe(channel);
        JavaPeer java = java(emu, javaFormat);

        for (Payload p : Payload.ALL) {
            java.publish(channel, p.name(), p.javaValue());
        }
        io.ably.lib.types.Message withExtras = new io.ably.lib.types.Message(
                "with-id-and-extras",
                "x",
                new MessageExtras(javaExtras(JsonParser.parseString(EXTRAS)).getAsJsonObject()));
        withExtras.id = "java-chosen-id:0";
        java.publish(channel, withExtras);

        List<Message> got = ably4j.awaitMessages(channel, m -> true, PAYLOADS + 1, WAIT);
        for (int i = 0; i < PAYLOADS; i++) {
            Payload p = Payload.ALL.get(i);
            Message m = got.get(i);
            assertThat(m.name()).isEqualTo(p.name());
            p.assertAtAbly4j(m);
            assertThat(m.connectionId()).isEqualTo(java.connectionId());
            assertThat(m.id()).isNotBlank();
            assertThat(m.timestamp()).isNotNull().isPositive();
            assertThat(m.extras()).isNull();
        }
        Message last = got.get(PAYLOADS);
        assertThat(last.name()).isEqualTo("with-id-and-extras");
        assertThat(last.data()).isEqualTo("x");
        assertThat(last.id()).isEqualTo("java-chosen-id:0");
        assertThat(Objects.requireNonNull(last.extras(), "extras").toValue())
                .isEqualTo(Ably4jJsInteropTest.extrasTree());
    }

    @ParameterizedTest(name = "ably4j {0}, ably-java {1}")
    @MethodSource("formatPairs")
    void RTL6_RSL4_ably4jPublishesJavaReceives(Format ably4jFormat, Format javaFormat) throws Exception {
        Emulator emu = start();
        String channel = "ably4j-to-java";
        JavaPeer java = java(emu, javaFormat);
        java.subscribe(channel);
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

        List<io.ably.lib.types.Message> got = java.awaitMessages(m -> true, PAYLOADS + 1, WAIT);
        for (int i = 0; i < PAYLOADS; i++) {
            Payload p = Payload.ALL.get(i);
            io.ably.lib.types.Message m = got.get(i);
            assertThat(m.name).isEqualTo(p.name());
            p.assertAtJava(m);
            assertThat(m.connectionId).isEqualTo(ably4j.connectionId());
            assertThat(m.serial).isEqualTo(serials.get(i));
            assertThat(m.extras).isNull();
        }
        io.ably.lib.types.Message last = got.get(PAYLOADS);
        assertThat(last.name).isEqualTo("with-id-and-extras");
        assertThat(last.data).isEqualTo("x");
        assertThat(last.encoding).isNull();
        assertThat(last.id).isEqualTo("ably4j-chosen-id:0");
        assertThat(last.extras).isNotNull();
        assertThat(last.extras.asJsonObject()).isEqualTo(JsonParser.parseString(EXTRAS));
        assertThat(last.serial).isEqualTo(serials.get(PAYLOADS));
    }

    /**
     * Twenty single publishes sent without waiting, then a batch of three in one protocol message: every future
     * completes with the ACK's serials (RTN7a, RTL6j), in order and one per message, while ably-java receives the
     * messages in publish order carrying exactly those serials.
     */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN7a_RTL6j_ably4jPublishesAreAckedWhileJavaReceives(Format format) throws Exception {
        Emulator emu = start();
        String channel = "acked";
        JavaPeer java = java(emu, format);
        java.subscribe(channel);
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

        List<io.ably.lib.types.Message> got = java.awaitMessages(m -> true, singles + 3, WAIT);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < singles; i++) {
            names.add("m" + i);
        }
        names.addAll(Arrays.asList("b0", "b1", "b2"));
        assertThat(got).extracting(m -> m.name).containsExactlyElementsOf(names);
        assertThat(got).extracting(m -> m.serial).containsExactlyElementsOf(serials);
        assertThat(got.get(0).data).isEqualTo("payload 0");
        assertThat(got.get(singles + 1).data).isEqualTo(new byte[] {1});
    }
}
