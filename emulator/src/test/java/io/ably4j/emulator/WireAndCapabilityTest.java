package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.emulator.internal.Capability;
import io.ably4j.emulator.internal.ErrorInfo;
import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unit tests: the emulator's wire codec, capabilities and the manual clock. */
class WireAndCapabilityTest {
    @Test
    void jsonAndMsgpackRoundTripAndDropNulls() throws Exception {
        Map<String, Object> m = Wire.decodeJsonObject(
                "{\"action\":15,\"channel\":null,\"messages\":[{\"data\":\"\",\"extras\":{\"a\":[1,2.5,true]}}]}");
        assertThat(m).doesNotContainKey("channel");
        String json = Wire.encodeJson(m);
        assertThat(json).isEqualTo("{\"action\":15,\"messages\":[{\"data\":\"\",\"extras\":{\"a\":[1,2.5,true]}}]}");
        assertThat(Wire.decodeMsgpackObject(Wire.encodeMsgpack(m))).isEqualTo(m);
    }

    @Test
    void malformedInputIsRejected() {
        assertThatThrownBy(() -> Wire.decodeJsonObject("[1]")).isInstanceOf(Wire.MalformedException.class);
        assertThatThrownBy(() -> Wire.decodeJsonObject("{\"a\":1} x")).isInstanceOf(Wire.MalformedException.class);
        assertThatThrownBy(() -> Wire.decodeJsonObject("[".repeat(100) + "]".repeat(100)))
                .isInstanceOf(Wire.MalformedException.class);
        assertThatThrownBy(() -> Wire.decodeMsgpackObject(new byte[0])).isInstanceOf(Wire.MalformedException.class);
        assertThatThrownBy(() -> Wire.decodeMsgpackObject(new byte[] {(byte) 0x81, 0x01, 0x02}))
                .isInstanceOf(Wire.MalformedException.class);
    }

    @Test
    void msgpackCodecReusedPerThreadKeepsNoStateBetweenFrames() throws Exception {
        Map<String, Object> big = Map.of("name", "é".repeat(20_000), "data", new byte[70_000]);
        Map<String, Object> small = Map.of("action", 15L, "channel", "c");
        byte[] bigBytes = Wire.encodeMsgpack(big);
        byte[] smallBytes = Wire.encodeMsgpack(small);
        // a truncated frame fails, and leaves nothing behind for the next frame on this thread
        assertThatThrownBy(() -> Wire.decodeMsgpackObject(java.util.Arrays.copyOf(bigBytes, 30_000)))
                .isInstanceOf(Wire.MalformedException.class);
        Map<String, Object> decodedSmall = Wire.decodeMsgpackObject(smallBytes);
        assertThat(decodedSmall).isEqualTo(small);
        Map<String, Object> decodedBig = Wire.decodeMsgpackObject(bigBytes);
        assertThat(decodedBig.get("name")).isEqualTo(big.get("name"));
        assertThat((byte[]) decodedBig.get("data")).hasSize(70_000);
        // the reused packer starts empty: encoding small after big gives the same bytes as before
        assertThat(Wire.encodeMsgpack(small)).isEqualTo(smallBytes);
    }

    @Test
    void base64DataIsNormalisedToBinaryAndBackForJson() {
        Map<String, Object> item = new java.util.LinkedHashMap<>(Map.of("data", "AQI=", "encoding", "json/base64"));
        Frame.normaliseData(item);
        assertThat((byte[]) item.get("data")).containsExactly(1, 2);
        assertThat(item).containsEntry("encoding", "json");
        assertThat(Frame.dataToJson(item)).containsEntry("data", "AQI=").containsEntry("encoding", "json/base64");
    }

    @Test
    void capabilityMatching() throws ErrorInfo {
        Capability c = Capability.parse("{\"chat:*\":[\"publish\"],\"news\":[\"subscribe\"],\"[*]*\":[\"history\"]}");
        assertThat(c.allows("chat:a", "publish")).isTrue();
        assertThat(c.allows("chat", "publish")).isFalse();
        assertThat(c.allows("news", "subscribe")).isTrue();
        assertThat(c.allows("news", "publish")).isFalse();
        assertThat(c.allows("[meta]x", "history")).isTrue();
        assertThat(Capability.ALL.allows("[meta]x", "publish")).isFalse();
        assertThat(Capability.ALL.allows("x", "publish")).isTrue();
    }

    @Test
    void capabilityIntersectionAndValidation() throws ErrorInfo {
        Capability key = Capability.parse("{\"chat:*\":[\"publish\",\"subscribe\"]}");
        assertThat(key.intersect(Capability.parse("{\"*\":[\"*\"]}")).toJson())
                .isEqualTo("{\"chat:*\":[\"publish\",\"subscribe\"]}");
        assertThat(key.intersect(Capability.parse("{\"chat:x\":[\"subscribe\",\"presence\"]}"))
                        .toJson())
                .isEqualTo("{\"chat:x\":[\"subscribe\"]}");
        assertThat(key.intersect(Capability.parse("{\"other\":[\"*\"]}")).isEmpty())
                .isTrue();
        assertThatThrownBy(() -> Capability.parse("{\"a\":[\"fly\"]}"))
                .isInstanceOfSatisfying(
                        ErrorInfo.class, e -> assertThat(e.code()).isEqualTo(40000));
        assertThatThrownBy(() -> Capability.parse("not json")).isInstanceOf(ErrorInfo.class);
    }

    @Test
    void invalidCapabilitiesAreRefusedWith40000() throws ErrorInfo {
        for (String bad : List.of(
                "[\"*\"]", // not an object
                "\"{}\"",
                "{\"a\":\"publish\"}", // operations not an array
                "{\"a\":[]}", // empty operation list
                "{\"a\":[\"*\",\"publish\"]}", // * mixed with other operations
                "{\"a\":[\"publish\",\"fly\"]}", // unknown operation
                "{\"a\":[1]}",
                "{\"\":[\"publish\"]}")) { // empty resource
            assertThatThrownBy(() -> Capability.parse(bad)).as(bad).isInstanceOfSatisfying(ErrorInfo.class, e -> {
                assertThat(e.code()).isEqualTo(40000);
                assertThat(e.statusCode()).isEqualTo(400);
                assertThat(e.getMessage()).startsWith("Invalid capability");
            });
        }
        assertThat(Capability.parse("{\"a\":[\"*\",\"*\"]}").toJson()).isEqualTo("{\"a\":[\"*\"]}");
        assertThat(Capability.parse("{}").isEmpty()).isTrue();
    }

    @Test
    void aKeyWithAnInvalidCapabilityIsRefusedByTheBuilder() {
        Emulator.Builder b = Emulator.builder();
        assertThatThrownBy(() -> b.key("app.k:s", "{\"a\":[]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty operation list");
        assertThatThrownBy(() -> b.key("app.k:s", "{\"a\":[\"*\",\"history\"]}"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void manualClockRunsDueTasksInOrder() {
        ManualClock clock = new ManualClock();
        List<String> ran = new ArrayList<>();
        clock.schedule(Duration.ofSeconds(2), () -> ran.add("b"));
        clock.schedule(Duration.ofSeconds(1), () -> {
            ran.add("a");
            clock.schedule(Duration.ofMillis(500), () -> ran.add("a2"));
        });
        EmulatorClock.Cancellable c = clock.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled"));
        c.cancel();
        clock.advance(Duration.ofMillis(1999));
        assertThat(ran).containsExactly("a", "a2");
        clock.advance(Duration.ofMillis(1));
        assertThat(ran).containsExactly("a", "a2", "b");
        assertThat(clock.pendingTimers()).isZero();
    }
}
