package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably.lib.types.Message;
import io.ably4j.emulator.Emulator;
import io.ably4j.interop.PubSubInteropTest.Kind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The two SDKs on different wire formats at once (one JSON, one msgpack): the emulator transcodes string,
 * binary and JSON payloads between them (RSL4, emulator-compat pitfall 16) in both directions.
 */
class MixedFormatInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<Kind> KINDS = PubSubInteropTest.KINDS;

    private static Format other(Format f) {
        return f == Format.JSON ? Format.MSGPACK : Format.JSON;
    }

    @ParameterizedTest(name = "js {0}, java the other")
    @EnumSource(Format.class)
    void RSL4_payloadsSurviveFormatTranscoding(Format jsFormat) throws Exception {
        Emulator emu = start();
        JavaPeer java = java(emu, other(jsFormat));
        java.subscribe("mixed");
        JsPeer js = js("mixed-formats", emu, jsFormat);
        js.call("connect", "auth", "key");
        js.call("subscribe", "channel", "mixed");

        for (Kind k : Kind.values()) {
            js.call("publish", "channel", "mixed", "name", "js-" + k, "data", k.jsValue());
        }
        List<Message> atJava = java.awaitMessages(m -> m.name.startsWith("js-"), 3, WAIT);
        for (int i = 0; i < 3; i++) {
            assertThat(atJava.get(i).name).isEqualTo("js-" + KINDS.get(i));
            PubSubInteropTest.assertJavaData(KINDS.get(i), atJava.get(i).data);
        }

        for (Kind k : Kind.values()) {
            java.publish("mixed", "java-" + k, k.javaValue());
        }
        List<Map<String, Object>> atJs = js.awaitEvents(
                JsPeer.message("mixed").and(e -> JsPeer.string(e, "name").startsWith("java-")), 3, WAIT);
        for (int i = 0; i < 3; i++) {
            assertThat(atJs.get(i).get("name")).isEqualTo("java-" + KINDS.get(i));
            PubSubInteropTest.assertJsData(KINDS.get(i), JsPeer.object(atJs.get(i), "data"));
        }
    }
}
