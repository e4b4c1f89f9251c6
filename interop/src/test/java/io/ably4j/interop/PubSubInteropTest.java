package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.ably.lib.rest.AblyRest;
import io.ably.lib.types.ClientOptions;
import io.ably.lib.types.Message;
import io.ably.lib.types.PaginatedResult;
import io.ably.lib.types.Param;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EmulatorEvent;
import io.ably4j.emulator.EventLog;
import io.ably4j.types.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Publish/subscribe across ably-js and ably-java with string, binary and JSON data; ACKs, echo, history. */
class PubSubInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(10);
    static final List<Kind> KINDS = List.of(Kind.values());

    /** The three payload kinds of RSL4 / RSL6. */
    enum Kind {
        STRING,
        BINARY,
        JSON;

        /** The value the publishing SDK is given (ably-java: String, byte[] or a Gson JsonObject). */
        Object javaValue() {
            return switch (this) {
                case STRING -> "héllo wörld ✓ \"quoted\"";
                case BINARY -> binary();
                case JSON -> JsonParser.parseString(JSON_TEXT);
            };
        }

        /** The same value as the ably-js peer protocol encodes it. */
        Map<String, Object> jsValue() {
            return switch (this) {
                case STRING -> JsPeer.data("héllo wörld ✓ \"quoted\"");
                case BINARY -> JsPeer.data(binary());
                case JSON -> JsPeer.data(jsonTree());
            };
        }

        private static byte[] binary() {
            byte[] b = new byte[300];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (i * 7);
            }
            return b;
        }
    }

    // No null members: ably-java 1.5.0 serialises JSON objects with Gson's default, which drops them.
    private static final String JSON_TEXT =
            "{\"text\":\"ünïcode\",\"n\":42,\"f\":1.5,\"flag\":true,\"list\":[1,\"two\",{\"three\":3}]}";

    private static Object jsonTree() {
        Object tree = Json.parse(JSON_TEXT).toValue();
        if (tree == null) {
            throw new AssertionError("JSON_TEXT is an object");
        }
        return tree;
    }

    static Stream<Arguments> formatsAndKinds() {
        List<Arguments> out = new ArrayList<>();
        for (Format f : Format.values()) {
            for (Kind k : Kind.values()) {
                out.add(Arguments.of(f, k));
            }
        }
        return out.stream();
    }

    /** Asserts that ably-java received exactly the value of {@code kind}, with its type. */
    static void assertJavaData(Kind kind, Object data) {
        switch (kind) {
            case STRING -> assertThat(data).isInstanceOf(String.class).isEqualTo(kind.javaValue());
            case BINARY -> assertThat(data).isInstanceOf(byte[].class).isEqualTo(kind.javaValue());
            case JSON -> {
                assertThat(data).isInstanceOf(JsonElement.class);
                assertThat(((JsonElement) data).isJsonObject()).isTrue();
                assertThat(data).isEqualTo(kind.javaValue());
            }
        }
    }

    /** Asserts that ably-js received exactly the value of {@code kind}, with its type. */
    static void assertJsData(Kind kind, Map<String, Object> data) {
        switch (kind) {
            case STRING -> assertThat(data).isEqualTo(kind.jsValue());
            case BINARY -> {
                assertThat(data.get("t")).isEqualTo("binary");
                assertThat(Base64.getDecoder().decode(JsPeer.string(data, "v"))).isEqualTo(Kind.binary());
            }
            case JSON -> {
                assertThat(data.get("t")).isEqualTo("json");
                assertThat(data.get("v")).isEqualTo(jsonTree());
            }
        }
    }

    // ---- cross-SDK publish/subscribe ----

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatsAndKinds")
    void RTL6_jsPublishJavaReceives(Format format, Kind kind) throws Exception {
        Emulator emu = start();
        String channel = "js-to-java-" + kind;
        JavaPeer java = java(emu, format);
        java.subscribe(channel);
        JsPeer js = js("js-to-java-" + kind, emu, format);
        String jsConnection = JsPeer.string(js.call("connect", "auth", "key"), "connectionId");
        js.call("publish", "channel", channel, "name", "greeting", "data", kind.jsValue());
        Message m = java.awaitMessages(x -> "greeting".equals(x.name), 1, WAIT).get(0);
        assertJavaData(kind, m.data);
        assertThat(m.connectionId).isEqualTo(jsConnection);
        assertThat(m.id).isNotBlank();
        assertThat(m.timestamp).isPositive();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("formatsAndKinds")
    void RTL6_javaPublishJsReceives(Format format, Kind kind) throws Exception {
        Emulator emu = start();
        String channel = "java-to-js-" + kind;
        JsPeer js = js("java-to-js-" + kind, emu, format);
        js.call("connect", "auth", "key");
        js.call("subscribe", "channel", channel);
        JavaPeer java = java(emu, format);
        java.publish(channel, "greeting", kind.javaValue());
        Map<String, Object> m = js.awaitEvent(JsPeer.message(channel), WAIT);
        assertThat(m.get("name")).isEqualTo("greeting");
        assertJsData(kind, JsPeer.object(m, "data"));
        assertThat(m.get("connectionId")).isEqualTo(java.connectionId());
    }

    // ---- ACKs (RTN7a: publishes are acknowledged, the callback/promise completes) ----

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN7a_jsPublishesAreAcked(Format format) {
        Emulator emu = start();
        JsPeer js = js("ack", emu, format);
        String id = JsPeer.string(js.call("connect", "auth", "key"), "connectionId");
        for (int i = 0; i < 5; i++) {
            js.call("publish", "channel", "acks", "name", "m" + i, "data", JsPeer.data("payload " + i));
        }
        List<EmulatorEvent> acks = emu.events().events(EventLog.frame(true, 1).and(e -> id.equals(e.connectionId())));
        assertThat(acks).hasSize(5);
        assertThat(acks.get(0).detail()).contains("\"msgSerial\":0").contains("\"count\":1");
        assertThat(acks.get(4).detail()).contains("\"msgSerial\":4");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN7a_javaPublishesAreAcked(Format format) throws Exception {
        Emulator emu = start();
        JavaPeer java = java(emu, format);
        String id = java.connectionId();
        for (int i = 0; i < 5; i++) {
            java.publish("acks", "m" + i, "payload " + i);
        }
        List<EmulatorEvent> acks = emu.events().events(EventLog.frame(true, 1).and(e -> id.equals(e.connectionId())));
        assertThat(acks).hasSize(5);
        assertThat(acks.get(0).detail()).contains("\"msgSerial\":0");
    }

    // ---- echo=false (RTN2b): the publisher does not get its own messages, others do ----

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN2b_jsEchoFalse(Format format) throws Exception {
        Emulator emu = start();
        JavaPeer java = java(emu, format);
        java.subscribe("echo");
        JsPeer js = js("echo-false", emu, format);
        js.call("connect", "auth", "key", "echo", false);
        js.call("subscribe", "channel", "echo");
        js.call("publish", "channel", "echo", "name", "own", "data", JsPeer.data("from js"));
        java.awaitMessages(m -> "own".equals(m.name), 1, WAIT);
        // a later message from the other SDK arrives; the own message (delivered earlier if at all) never did
        java.publish("echo", "other", "from java");
        js.awaitEvent(JsPeer.message("echo"), WAIT);
        assertThat(js.events(JsPeer.message("echo")))
                .extracting(e -> e.get("name"))
                .containsExactly("other");
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN2b_javaEchoFalse(Format format) throws Exception {
        Emulator emu = start();
        JsPeer js = js("echo-false-receiver", emu, format);
        js.call("connect", "auth", "key");
        js.call("subscribe", "channel", "echo");
        ClientOptions o = JavaPeer.keyOptions(emu, format, KEY);
        o.echoMessages = false;
        JavaPeer java = java(o);
        java.subscribe("echo");
        java.publish("echo", "own", "from java");
        js.awaitEvent(JsPeer.message("echo").and(e -> "own".equals(e.get("name"))), WAIT);
        js.call("publish", "channel", "echo", "name", "other", "data", JsPeer.data("from js"));
        java.awaitMessages(m -> "other".equals(m.name), 1, WAIT);
        assertThat(java.messages()).extracting(m -> m.name).containsExactly("other");
    }

    // ---- history (RSL2): messages published by one SDK are in the other's REST history ----

    @ParameterizedTest
    @EnumSource(Format.class)
    void RSL2_jsPublishesJavaReadsHistory(Format format) throws Exception {
        Emulator emu = start();
        JsPeer js = js("history-js-publishes", emu, format);
        js.call("connect", "auth", "key");
        for (Kind k : Kind.values()) {
            js.call("publish", "channel", "history", "name", k.name(), "data", k.jsValue());
        }
        AblyRest rest = track(JavaPeer.rest(emu, format, KEY));
        PaginatedResult<Message> page =
                rest.channels.get("history").history(new Param[] {new Param("direction", "forwards")});
        List<Message> items = Arrays.asList(page.items());
        assertThat(items).extracting(m -> m.name).containsExactly("STRING", "BINARY", "JSON");
        for (int i = 0; i < 3; i++) {
            assertJavaData(KINDS.get(i), items.get(i).data);
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RSL2_javaPublishesJsReadsHistory(Format format) throws Exception {
        Emulator emu = start();
        JavaPeer java = java(emu, format);
        for (Kind k : Kind.values()) {
            java.publish("history", k.name(), k.javaValue());
        }
        JsPeer js = js("history-java-publishes", emu, format);
        List<Map<String, Object>> items = JsPeer.objects(js.call("history", "channel", "history"), "items");
        assertThat(items).extracting(m -> m.get("name")).containsExactly("STRING", "BINARY", "JSON");
        for (int i = 0; i < 3; i++) {
            assertJsData(KINDS.get(i), JsPeer.object(items.get(i), "data"));
            assertThat(items.get(i).get("connectionId")).isEqualTo(java.connectionId());
        }
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RSL2_historyPagesAcrossSdks(Format format) throws Exception {
        Emulator emu = start();
        JavaPeer java = java(emu, format);
        for (int i = 0; i < 25; i++) {
            java.publish("paged", "m" + i, ("n" + i).getBytes(StandardCharsets.UTF_8));
        }
        JsPeer js = js("history-pages", emu, format);
        List<Map<String, Object>> items = JsPeer.objects(js.call("history", "channel", "paged", "limit", 10), "items");
        assertThat(items).hasSize(25);
        assertThat(items.get(24).get("name")).isEqualTo("m24");
    }

    /** RTL10: realtime channel history (ably-java calls {@code /channels/{name}/history}, pitfall 18). */
    @ParameterizedTest
    @EnumSource(Format.class)
    void RTL10_realtimeHistoryAcrossSdks(Format format) throws Exception {
        Emulator emu = start();
        JsPeer js = js("realtime-history", emu, format);
        js.call("connect", "auth", "key");
        JavaPeer java = java(emu, format);
        for (Kind k : Kind.values()) {
            js.call("publish", "channel", "rt-history", "name", "js-" + k, "data", k.jsValue());
        }
        for (Kind k : Kind.values()) {
            java.publish("rt-history", "java-" + k, k.javaValue());
        }
        PaginatedResult<Message> page =
                java.channel("rt-history").history(new Param[] {new Param("direction", "forwards")});
        List<Message> atJava = Arrays.asList(page.items());
        assertThat(atJava)
                .extracting(m -> m.name)
                .containsExactly("js-STRING", "js-BINARY", "js-JSON", "java-STRING", "java-BINARY", "java-JSON");
        for (int i = 0; i < 6; i++) {
            assertJavaData(KINDS.get(i % 3), atJava.get(i).data);
        }
        assertThat(emu.events().events(e -> e.type() == EmulatorEvent.Type.HTTP))
                .extracting(EmulatorEvent::detail)
                .anySatisfy(d -> assertThat(d).startsWith("GET /channels/rt-history/history -> 200"));
        List<Map<String, Object>> atJs =
                JsPeer.objects(js.call("history", "channel", "rt-history", "realtime", true), "items");
        assertThat(atJs)
                .extracting(m -> m.get("name"))
                .containsExactly(atJava.stream().map(m -> (Object) m.name).toArray());
        for (int i = 0; i < 6; i++) {
            assertJsData(KINDS.get(i % 3), JsPeer.object(atJs.get(i), "data"));
        }
    }
}
