package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably.lib.types.ChannelOptions;
import io.ably4j.RealtimeChannel;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EmulatorEvent;
import io.ably4j.emulator.EventLog;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encrypted channels across SDKs (RSL5, RSL6, TB3): ably-js and ably-java encrypt with AES-256-CBC and a shared key
 * and ably4j decrypts every payload kind exactly, and ably4j encrypts what the other SDKs decrypt. Every test also
 * checks on the emulator that the publisher's MESSAGE frames carried only {@code cipher+aes-256-cbc} ciphertext,
 * so a publisher that sent plaintext fails the test.
 */
class Ably4jCipherInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int PAYLOADS = Payload.ALL.size();
    private static final String CIPHER_ENCODING = "cipher+aes-256-cbc";

    /** A fixed 256-bit key, base64 (the form all three SDKs accept). */
    static final String KEY_256 = Base64.getEncoder().encodeToString(keyBytes());

    private static byte[] keyBytes() {
        byte[] k = new byte[32];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) (0x5a ^ (i * 37));
        }
        return k;
    }

    /**
     * Asserts that {@code connectionId} published exactly {@code count} messages, each with a cipher step in its
     * encoding, and that none of the plaintext markers of {@link Payload} appear in the frames.
     */
    static void assertEncryptedOnWire(Emulator emu, String connectionId, int count) {
        List<EmulatorEvent> frames =
                emu.events().events(EventLog.frame(false, 15).and(e -> connectionId.equals(e.connectionId())));
        List<String> encodings = new ArrayList<>();
        for (EmulatorEvent f : frames) {
            // plaintext string and JSON payloads would show as JSON strings with escaped quotes; base64
            // ciphertext has no backslash
            assertThat(f.detail()).doesNotContain("quoted\\\"", "three\\\"");
            if (Json.parse(f.detail()).toValue() instanceof Map<?, ?> frame
                    && frame.get("messages") instanceof List<?> messages) {
                for (Object m : messages) {
                    encodings.add(m instanceof Map<?, ?> message ? String.valueOf(message.get("encoding")) : "");
                }
            }
        }
        assertThat(encodings).hasSize(count).allSatisfy(e -> assertThat(e).contains(CIPHER_ENCODING));
    }

    @ParameterizedTest(name = "ably4j {0}, ably-js {1}")
    @MethodSource("formatPairs")
    void RSL5_RSL6_jsEncryptsAbly4jDecrypts(Format ably4jFormat, Format jsFormat) {
        Emulator emu = start();
        String channel = "encrypted-js-to-ably4j";
        Ably4jPeer ably4j = ably4j(emu, ably4jFormat);
        ably4j.subscribe(ably4j.encryptedChannel(channel, KEY_256));
        JsPeer js = js("encrypted-js-to-ably4j", emu, jsFormat);
        String jsConnection = JsPeer.string(js.call("connect", "auth", "key"), "connectionId");

        for (Payload p : Payload.ALL) {
            js.call("publish", "channel", channel, "cipherKey", KEY_256, "name", p.name(), "data", p.jsValue());
        }

        List<Message> got = ably4j.awaitMessages(channel, m -> true, PAYLOADS, WAIT);
        for (int i = 0; i < PAYLOADS; i++) {
            assertThat(got.get(i).name()).isEqualTo(Payload.ALL.get(i).name());
            Payload.ALL.get(i).assertAtAbly4j(got.get(i));
        }
        assertEncryptedOnWire(emu, jsConnection, PAYLOADS);
    }

    @ParameterizedTest(name = "ably4j {0}, ably-js {1}")
    @MethodSource("formatPairs")
    void RSL5_ably4jEncryptsJsDecrypts(Format ably4jFormat, Format jsFormat) {
        Emulator emu = start();
        String channel = "encrypted-ably4j-to-js";
        JsPeer js = js("encrypted-ably4j-to-js", emu, jsFormat);
        js.call("connect", "auth", "key");
        js.call("subscribe", "channel", channel, "cipherKey", KEY_256);
        Ably4jPeer ably4j = ably4j(emu, ably4jFormat);
        RealtimeChannel ch = ably4j.encryptedChannel(channel, KEY_256);

        for (Payload p : Payload.ALL) {
            assertThat(ably4j.publish(ch, Message.of(p.name(), p.ably4jValue())).serials())
                    .hasSize(1);
        }

        List<Map<String, Object>> got = js.awaitEvents(JsPeer.message(channel), PAYLOADS, WAIT);
        for (int i = 0; i < PAYLOADS; i++) {
            assertThat(got.get(i).get("name")).isEqualTo(Payload.ALL.get(i).name());
            Payload.ALL.get(i).assertAtJs(got.get(i));
        }
        assertEncryptedOnWire(emu, ably4j.connectionId(), PAYLOADS);
    }

    @ParameterizedTest(name = "ably4j {0}, ably-java {1}")
    @MethodSource("formatPairs")
    void RSL5_RSL6_javaEncryptsAbly4jDecrypts(Format ably4jFormat, Format javaFormat) throws Exception {
        Emulator emu = start();
        String channel = "encrypted-java-to-ably4j";
        Ably4jPeer ably4j = ably4j(emu, ably4jFormat);
        ably4j.subscribe(ably4j.encryptedChannel(channel, KEY_256));
        JavaPeer java = java(emu, javaFormat);
        java.realtime.channels.get(channel, ChannelOptions.withCipherKey(KEY_256));

        for (Payload p : Payload.ALL) {
            java.publish(channel, p.name(), p.javaValue());
        }

        List<Message> got = ably4j.awaitMessages(channel, m -> true, PAYLOADS, WAIT);
        for (int i = 0; i < PAYLOADS; i++) {
            assertThat(got.get(i).name()).isEqualTo(Payload.ALL.get(i).name());
            Payload.ALL.get(i).assertAtAbly4j(got.get(i));
        }
        assertEncryptedOnWire(emu, java.connectionId(), PAYLOADS);
    }

    @ParameterizedTest(name = "ably4j {0}, ably-java {1}")
    @MethodSource("formatPairs")
    void RSL5_ably4jEncryptsJavaDecrypts(Format ably4jFormat, Format javaFormat) throws Exception {
        Emulator emu = start();
        String channel = "encrypted-ably4j-to-java";
        JavaPeer java = java(emu, javaFormat);
        java.realtime.channels.get(channel, ChannelOptions.withCipherKey(KEY_256));
        java.subscribe(channel);
        Ably4jPeer ably4j = ably4j(emu, ably4jFormat);
        RealtimeChannel ch = ably4j.encryptedChannel(channel, KEY_256);

        for (Payload p : Payload.ALL) {
            assertThat(ably4j.publish(ch, Message.of(p.name(), p.ably4jValue())).serials())
                    .hasSize(1);
        }

        List<io.ably.lib.types.Message> got = java.awaitMessages(m -> true, PAYLOADS, WAIT);
        for (int i = 0; i < PAYLOADS; i++) {
            assertThat(got.get(i).name).isEqualTo(Payload.ALL.get(i).name());
            Payload.ALL.get(i).assertAtJava(got.get(i));
        }
        assertEncryptedOnWire(emu, ably4j.connectionId(), PAYLOADS);
    }

    /**
     * AES-128-CBC (a 16-byte key, TB3, RSL5): ably-js encrypts, ably4j decrypts, and the reverse, on one channel;
     * the wire shows {@code cipher+aes-128-cbc}.
     */
    @ParameterizedTest(name = "ably4j {0}, ably-js {1}")
    @MethodSource("formatPairs")
    void RSL5_aes128BothWaysWithJs(Format ably4jFormat, Format jsFormat) {
        Emulator emu = start();
        String channel = "encrypted-128";
        String key128 = Base64.getEncoder().encodeToString(Arrays.copyOf(keyBytes(), 16));
        Ably4jPeer ably4j = ably4j(emu, ably4jFormat);
        RealtimeChannel ch = ably4j.encryptedChannel(channel, key128);
        ably4j.subscribe(ch);
        JsPeer js = js("encrypted-128", emu, jsFormat);
        String jsConnection = JsPeer.string(js.call("connect", "auth", "key"), "connectionId");
        js.call("subscribe", "channel", channel, "cipherKey", key128);

        js.call("publish", "channel", channel, "name", "from-js", "data", Payload.STRING.jsValue());
        Payload.STRING.assertAtAbly4j(ably4j.awaitMessage(channel, "from-js", WAIT));
        ably4j.publish(ch, Message.of("from-ably4j", Payload.BINARY.ably4jValue()));
        Payload.BINARY.assertAtJs(js.awaitEvent(
                JsPeer.message(channel).and(e -> "from-ably4j".equals(e.get("name"))), WAIT));

        for (String connection : List.of(jsConnection, ably4j.connectionId())) {
            List<EmulatorEvent> frames =
                    emu.events().events(EventLog.frame(false, 15).and(e -> connection.equals(e.connectionId())));
            assertThat(frames).hasSize(1);
            assertThat(frames.get(0).detail()).contains("cipher+aes-128-cbc");
        }
    }
}
