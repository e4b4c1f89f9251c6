package io.ably4j.internal.protocol;

import static io.ably4j.internal.protocol.ProtocolCodecTest.decodeJsonText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Forward compatibility (RTF1, RSF1) and rejection of bad input with {@link ProtocolDecodeException}. */
class ProtocolCodecRobustnessTest {
    private static final HexFormat HEX = HexFormat.of();

    private static ProtocolDecodeException decodeFails(WireFormat format, byte[] frame) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> codec.decode(frame));
        assertThat(t).isInstanceOf(ProtocolDecodeException.class);
        ProtocolDecodeException e = (ProtocolDecodeException) t;
        assertThat(e.errorInfo().code()).isEqualTo(40000);
        assertThat(e.errorInfo().statusCode()).isEqualTo(400);
        return e;
    }

    private static byte[] bytes(WireFormat format, String json) {
        return format == WireFormat.JSON ? json.getBytes(StandardCharsets.UTF_8) : MsgpackTestSupport.fromJson(json);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    // ---- RTF1 / RSF1: tolerance ----

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTF1_unknownFieldsIgnored(WireFormat format) {
        String frame = "{\"futureScalar\":1,\"action\":15,\"futureObject\":{\"a\":{\"b\":[1,{\"c\":null}]}},"
                + "\"channel\":\"c\",\"state\":[{\"objectId\":\"x\"}],\"annotations\":[{}],"
                + "\"messages\":[{\"name\":\"n\",\"future\":[[[\"deep\"]]],\"data\":\"d\"}],"
                + "\"presence\":[{\"action\":2,\"future\":{\"x\":1}}],"
                + "\"connectionDetails\":{\"maxOutboundRate\":100,\"clientId\":\"a\"},"
                + "\"error\":{\"code\":1,\"future\":[1]},\"res\":[{\"serials\":[\"s\"],\"future\":true}],"
                + "\"auth\":{\"accessToken\":\"t\",\"future\":1},\"deep\":" + nested(100) + "}";
        ProtocolMessage m = decodeJsonText(format, frame);
        assertThat(m.action()).isEqualTo(Action.MESSAGE);
        assertThat(m.channel()).isEqualTo("c");
        assertThat(m.messages()).containsExactly(Message.of("n", "d"));
        assertThat(m.presence()).hasSize(1);
        assertThat(m.presence().get(0).action()).isEqualTo(PresenceAction.ENTER);
        assertThat(m.connectionDetails()).isNotNull();
        assertThat(m.error()).isNotNull();
        assertThat(m.res()).hasSize(1);
        assertThat(m.auth()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTF1_unknownActionIsPreservedAndReEncoded(WireFormat format) {
        ProtocolMessage m = decodeJsonText(format, "{\"action\":99,\"channel\":\"c\"}");
        assertThat(m.action()).isEqualTo(Action.UNKNOWN);
        assertThat(m.actionCode()).isEqualTo(99);
        ProtocolCodec codec = ProtocolCodec.create(format);
        assertThat(codec.decode(codec.encode(m)).actionCode()).isEqualTo(99);
        assertThat(m.toString()).contains("UNKNOWN(99)");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RSF1_unknownMessageAndPresenceActionsPreserved(WireFormat format) {
        ProtocolMessage m =
                decodeJsonText(format, "{\"action\":15,\"messages\":[{\"action\":42}],\"presence\":[{\"action\":17}]}");
        assertThat(m.messages().get(0).action()).isEqualTo(MessageAction.UNKNOWN);
        assertThat(m.messages().get(0).actionCode()).isEqualTo(42);
        assertThat(m.presence().get(0).action()).isEqualTo(PresenceAction.UNKNOWN);
        assertThat(m.presence().get(0).actionCode()).isEqualTo(17);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTF1_unknownFlagBitsPreserved(WireFormat format) {
        long flags = (1L << 40) | (1L << 23) | (1L << 3) | Flag.HAS_PRESENCE.mask();
        ProtocolMessage m = decodeJsonText(format, "{\"action\":11,\"flags\":" + flags + "}");
        assertThat(m.flags()).isEqualTo(flags);
        assertThat(m.hasFlag(Flag.HAS_PRESENCE)).isTrue();
        ProtocolCodec codec = ProtocolCodec.create(format);
        assertThat(codec.decode(codec.encode(m)).flags()).isEqualTo(flags);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTF1_nullValuesAreAbsent(WireFormat format) {
        String frame = "{\"action\":15,\"id\":null,\"channel\":null,\"flags\":null,\"msgSerial\":null,"
                + "\"messages\":null,\"presence\":null,\"params\":null,\"error\":null,\"connectionDetails\":null,"
                + "\"auth\":null,\"res\":null,\"timestamp\":null,\"count\":null}";
        assertThat(decodeJsonText(format, frame)).isEqualTo(ProtocolMessage.of(Action.MESSAGE));
        ProtocolMessage m = decodeJsonText(
                format,
                "{\"action\":15,\"messages\":[{\"name\":null,\"data\":null,\"encoding\":null,\"extras\":null}]}");
        assertThat(m.messages()).containsExactly(Message.builder().build());
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RSF1_nonObjectExtrasIgnored_paramsScalarsKeptAsText(WireFormat format) {
        ProtocolMessage m = decodeJsonText(
                format,
                "{\"action\":11,\"params\":{\"a\":\"x\",\"b\":2,\"c\":true,\"d\":{\"e\":1}},"
                        + "\"messages\":[{\"extras\":[1]},{\"extras\":{\"push\":{}}}]}");
        assertThat(m.params())
                .containsExactly(
                        java.util.Map.entry("a", "x"), java.util.Map.entry("b", "2"), java.util.Map.entry("c", "true"));
        assertThat(m.messages().get(0).extras()).isNull();
        assertThat(m.messages().get(1).extras()).isEqualTo(Json.parse("{\"push\":{}}"));
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTF1_integralFloatsAcceptedForIntegerFields(WireFormat format) {
        ProtocolMessage m = decodeJsonText(format, "{\"action\":1.0,\"msgSerial\":5.0,\"count\":2}");
        assertThat(m.action()).isEqualTo(Action.ACK);
        assertThat(m.msgSerial()).isEqualTo(5L);
    }

    @Test
    void TR4_errorReasonIsAcceptedAsMessage() {
        ProtocolMessage m = new JsonProtocolCodec()
                .decode("{\"action\":9,\"error\":{\"code\":80000,\"statusCode\":500,\"reason\":\"r\"}}");
        assertThat(java.util.Objects.requireNonNull(m.error()).message()).isEqualTo("r");
    }

    // ---- bad input ----

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TR4_wrongFieldTypesRejected(WireFormat format) {
        for (String frame : List.of(
                "{\"action\":\"x\"}",
                "{\"action\":15,\"messages\":5}",
                "{\"action\":15,\"messages\":[5]}",
                "{\"action\":15,\"channel\":7}",
                "{\"action\":15,\"flags\":\"1\"}",
                "{\"action\":15,\"msgSerial\":1.5}",
                "{\"action\":15,\"count\":99999999999}",
                "{\"action\":15,\"error\":\"bad\"}",
                "{\"action\":15,\"connectionDetails\":[1]}",
                "{\"action\":15,\"params\":[]}",
                "{\"action\":15,\"res\":[{\"serials\":[1]}]}",
                "{\"action\":15,\"messages\":[{\"name\":{}}]}",
                "{\"action\":15,\"messages\":[{\"version\":\"v\"}]}",
                "{\"channel\":\"no action\"}",
                "[1,2]",
                "\"just a string\"",
                "null")) {
            ProtocolDecodeException e = decodeFails(format, bytes(format, frame));
            assertThat(e.getMessage()).as(frame).isNotBlank();
        }
    }

    @Test
    void TR4_wrongTypeMessageNamesTheField() {
        ProtocolDecodeException e =
                decodeFails(WireFormat.JSON, "{\"action\":15,\"messages\":5}".getBytes(StandardCharsets.UTF_8));
        assertThat(e.errorInfo().message()).contains("messages").contains("array");
        e = decodeFails(WireFormat.MSGPACK, MsgpackTestSupport.fromJson("{\"action\":\"x\"}"));
        assertThat(e.errorInfo().message()).contains("action").contains("number");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TR4_emptyTruncatedAndTrailingInputRejected(WireFormat format) {
        byte[] valid = ProtocolCodec.create(format).encode(ProtocolCodecTest.fullMessage());
        decodeFails(format, new byte[0]);
        for (int len = 0; len < valid.length; len++) {
            byte[] truncated = java.util.Arrays.copyOf(valid, len);
            decodeFails(format, truncated);
        }
        byte[] trailing = java.util.Arrays.copyOf(valid, valid.length + 1);
        trailing[valid.length] = format == WireFormat.JSON ? (byte) '{' : (byte) 0x01;
        decodeFails(format, trailing);
    }

    @Test
    void TR4_garbageRejected() {
        decodeFails(WireFormat.JSON, "{action:1}".getBytes(StandardCharsets.UTF_8));
        decodeFails(WireFormat.JSON, "{\"action\":1,}".getBytes(StandardCharsets.UTF_8));
        decodeFails(WireFormat.JSON, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        decodeFails(WireFormat.MSGPACK, new byte[] {(byte) 0xc1});
        decodeFails(WireFormat.MSGPACK, HEX.parseHex("81a6616374696f6ec1"));
        // an extension type where a string is expected
        decodeFails(WireFormat.MSGPACK, HEX.parseHex("82a6616374696f6e0fa76368616e6e656cd40101"));
    }

    @Test
    void TR4_msgpackAbsurdLengthsRejectedBeforeAllocation() {
        String action = "a6616374696f6e0f"; // "action": 15
        for (String hex : List.of(
                "dd7fffffff", // array32 of 2^31-1 elements as the root
                "df7fffffff", // map32 of 2^31-1 entries as the root
                "82" + action + "a86d65737361676573dd7fffffff", // messages: array32 2^31-1
                "82" + action + "a76368616e6e656cdb7fffffff", // channel: str32 2^31-1
                "82" + action + "a76368616e6e656cdbffffffff", // channel: str32 2^32-1
                "82" + action + "a6667574757265c67fffffff", // unknown field: bin32 2^31-1
                "82" + action + "a6667574757265dd7fffffff", // unknown field: array32 2^31-1
                "82" + action + "a6667574757265df7fffffff", // unknown field: map32 2^31-1
                "82" + action + "a86d657373616765739181a464617461c67fffffff", // data: bin32 2^31-1
                "82" + action + "a86d657373616765739181a6657874726173df7fffffff", // extras: map32
                "82" + action + "a6667574757265c97fffffff01", // unknown field: ext32 2^31-1
                "82" + action + "a8666c616773cfffffffffffffffff")) { // flags: uint64 above Long.MAX
            long before =
                    Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            decodeFails(WireFormat.MSGPACK, HEX.parseHex(hex));
            long after =
                    Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
            assertThat(after - before).as(hex).isLessThan(256L * 1024 * 1024);
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TR4_deepNestingRejected(WireFormat format) {
        // Within an unknown field, within extras, and within data: all limited to 128 levels.
        for (String frame : List.of(
                "{\"action\":15,\"x\":" + nested(5000) + "}",
                "{\"action\":15,\"messages\":[{\"extras\":{\"a\":" + nested(5000) + "}}]}",
                "{\"action\":15,\"messages\":[{\"data\":" + nested(5000) + "}]}")) {
            byte[] bytes = format == WireFormat.JSON ? frame.getBytes(StandardCharsets.UTF_8) : deepMsgpack(frame);
            decodeFails(format, bytes);
        }
    }

    /** Msgpack for a frame whose nesting is too deep for the test helper's recursive tree builder. */
    private static byte[] deepMsgpack(String frame) {
        int start = frame.indexOf("[[");
        int depth = 0;
        while (frame.charAt(start + depth) == '[') {
            depth++;
        }
        String placeholder = "\"@@\"";
        String shallow = frame.substring(0, start) + placeholder + frame.substring(start + 2 * depth);
        String hex = HEX.formatHex(MsgpackTestSupport.fromJson(shallow));
        String marker = HEX.formatHex("@@".getBytes(StandardCharsets.UTF_8));
        return HEX.parseHex(hex.replace("a2" + marker, "91".repeat(depth - 1) + "90"));
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TR4_framesLargerThanTheMaximumRejected(WireFormat format) {
        ProtocolCodec small = ProtocolCodec.create(format, 64);
        byte[] frame = ProtocolCodec.create(format).encode(ProtocolCodecTest.fullMessage());
        assertThatThrownBy(() -> small.decode(frame))
                .isInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining("exceeds the maximum");
        assertThat(ProtocolCodec.create(format).maxFrameSize()).isEqualTo(16 * 1024 * 1024);
    }

    @Test
    void TR4_nullAndBadRangesRejected() {
        ProtocolCodec codec = ProtocolCodec.create(WireFormat.MSGPACK);
        byte[] frame = codec.encode(ProtocolMessage.of(Action.HEARTBEAT));
        assertThatThrownBy(() -> codec.decode(frame, 2, frame.length)).isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> codec.decode(frame, -1, 1)).isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> new JsonProtocolCodec().decode("")).isInstanceOf(ProtocolDecodeException.class);
        // after failures the codec still works
        assertThat(codec.decode(frame).action()).isEqualTo(Action.HEARTBEAT);
    }
}
