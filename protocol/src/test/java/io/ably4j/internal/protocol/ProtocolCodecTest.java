package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.types.AuthDetails;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageAnnotations;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import io.ably4j.types.PublishResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Field-by-field codec tests (TR4, TM2, TP3, CD2, TI1, PBR2, AD2) and golden wire examples in both formats. */
class ProtocolCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    static ProtocolMessage roundTrip(WireFormat format, ProtocolMessage m) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        return codec.decode(codec.encode(m));
    }

    static String json(ProtocolMessage m) {
        return new JsonProtocolCodec().encodeToString(m);
    }

    static ProtocolMessage fullMessage() {
        return ProtocolMessage.builder(Action.MESSAGE)
                .id("conn:5")
                .channel("chat:room1")
                .channelSerial("q8Zt@42")
                .connectionId("conn")
                .connectionKey("conn!key")
                .connectionDetails(ConnectionDetails.builder()
                        .clientId("alice")
                        .connectionKey("conn!key")
                        .maxMessageSize(65536)
                        .maxFrameSize(524288)
                        .maxInboundRate(250)
                        .connectionStateTtl(120000L)
                        .serverId("emulator-1")
                        .maxIdleInterval(15000L)
                        .objectsGCGracePeriod(86400000L)
                        .siteCode("local")
                        .build())
                .count(3)
                .error(ErrorInfo.builder()
                        .code(40140)
                        .statusCode(401)
                        .message("Token error")
                        .href("https://help.ably.io/error/40140")
                        .requestId("req-1")
                        .cause(ErrorInfo.of(40142, 401, "Token expired"))
                        .detail("reason", "expired")
                        .build())
                .flags(983047L)
                .msgSerial(Long.MAX_VALUE)
                .messages(List.of(
                        Message.builder()
                                .id("m1")
                                .clientId("alice")
                                .connectionId("conn")
                                .connectionKey("other!key")
                                .name("greeting")
                                .data("héllo ✓ 😀")
                                .encoding("utf-8")
                                .extras(Json.parse("{\"headers\":{\"x\":\"y\"},\"push\":{\"n\":[1,2.5,true,null]}}"))
                                .timestamp(1767225600000L)
                                .action(MessageAction.MESSAGE_UPDATE)
                                .serial("s1")
                                .version(MessageVersion.builder()
                                        .serial("v1")
                                        .timestamp(1767225600001L)
                                        .clientId("bob")
                                        .description("fix")
                                        .metadata(Map.of("k", "v"))
                                        .build())
                                .annotations(MessageAnnotations.of(
                                        Map.of("reaction:distinct.v1", Json.parse("{\"👍\":{\"total\":1}}"))))
                                .build(),
                        Message.of("bin", new byte[] {0, 1, (byte) 0xff})))
                .presence(List.of(PresenceMessage.builder(PresenceAction.ENTER)
                        .id("p1")
                        .clientId("alice")
                        .connectionId("conn")
                        .data("online")
                        .encoding("utf-8")
                        .extras(Json.parse("{\"headers\":{\"a\":\"b\"}}"))
                        .timestamp(1L)
                        .build()))
                .timestamp(1767225600000L)
                .params(Map.of("rewind", "1"))
                .auth(AuthDetails.of("token-string"))
                .res(List.of(PublishResult.of(Arrays.asList("s1", null)), PublishResult.of(List.of())))
                .build();
    }

    @Test
    void TR4_allFieldsRoundTrip_msgpack() {
        ProtocolMessage m = fullMessage();
        assertThat(roundTrip(WireFormat.MSGPACK, m)).isEqualTo(m);
    }

    @Test
    void TR4_allFieldsRoundTrip_json_binaryBecomesBase64String() {
        ProtocolMessage m = fullMessage();
        ProtocolMessage decoded = roundTrip(WireFormat.JSON, m);
        Message bin = decoded.messages().get(1);
        assertThat(bin.data()).isEqualTo("AAH/"); // base64 of 00 01 ff; the encoding layer owns "base64"
        List<Message> expectedMessages = List.of(
                m.messages().get(0),
                m.messages().get(1).toBuilder().data("AAH/").build());
        assertThat(decoded).isEqualTo(m.toBuilder().messages(expectedMessages).build());
    }

    @Test
    void TR4_goldenJson_connectedExample() {
        String frame = "{\"action\":4,\"connectionId\":\"Xk3f9QbZ1m\",\"connectionKey\":\"Xk3f9QbZ1m!Qm9sTk3t-1\","
                + "\"connectionDetails\":{\"clientId\":\"alice\",\"connectionKey\":\"Xk3f9QbZ1m!Qm9sTk3t-1\","
                + "\"maxMessageSize\":65536,\"maxFrameSize\":524288,\"maxInboundRate\":250,\"maxOutboundRate\":100,"
                + "\"connectionStateTtl\":120000,\"maxIdleInterval\":15000,\"serverId\":\"emulator-1\","
                + "\"siteCode\":\"local\"},\"timestamp\":1767225600000}";
        ProtocolMessage m = new JsonProtocolCodec().decode(frame);
        assertThat(m.action()).isEqualTo(Action.CONNECTED);
        assertThat(m.connectionId()).isEqualTo("Xk3f9QbZ1m");
        assertThat(m.connectionKey()).isEqualTo("Xk3f9QbZ1m!Qm9sTk3t-1");
        assertThat(m.timestamp()).isEqualTo(1767225600000L);
        ConnectionDetails d = Objects.requireNonNull(m.connectionDetails());
        assertThat(d.clientId()).isEqualTo("alice");
        assertThat(d.maxMessageSize()).isEqualTo(65536);
        assertThat(d.maxFrameSize()).isEqualTo(524288);
        assertThat(d.maxInboundRate()).isEqualTo(250);
        assertThat(d.connectionStateTtl()).isEqualTo(120000L);
        assertThat(d.maxIdleInterval()).isEqualTo(15000L);
        assertThat(d.serverId()).isEqualTo("emulator-1");
        assertThat(d.siteCode()).isEqualTo("local");
        assertThat(d.objectsGCGracePeriod()).isNull();
        assertThat(d.toString()).doesNotContain("Qm9sTk3t");
        assertThat(m.toString()).doesNotContain("Qm9sTk3t");
    }

    @Test
    void TR4_goldenJson_attachWritesExactText() {
        ProtocolMessage attach = ProtocolMessage.builder(Action.ATTACH)
                .channel("chat:room1")
                .channelSerial("q8Zt@41")
                .flags(ChannelMode.toFlags(EnumSet.of(
                        ChannelMode.PRESENCE,
                        ChannelMode.PUBLISH,
                        ChannelMode.SUBSCRIBE,
                        ChannelMode.PRESENCE_SUBSCRIBE)))
                .params(Map.of("rewind", "1"))
                .build();
        assertThat(json(attach))
                .isEqualTo("{\"action\":10,\"channel\":\"chat:room1\",\"channelSerial\":\"q8Zt@41\","
                        + "\"flags\":983040,\"params\":{\"rewind\":\"1\"}}");
    }

    @Test
    void TR4_goldenMsgpack_heartbeat() {
        byte[] bytes = new MsgpackProtocolCodec().encode(ProtocolMessage.of(Action.HEARTBEAT));
        // fixmap(1) fixstr(6) "action" fixint 0
        assertThat(HEX.formatHex(bytes)).isEqualTo("81a6616374696f6e00");
        assertThat(new MsgpackProtocolCodec().decode(bytes).action()).isEqualTo(Action.HEARTBEAT);
    }

    @Test
    void TR4_goldenMsgpack_attachWithFlags() {
        ProtocolMessage attach = ProtocolMessage.builder(Action.ATTACH)
                .channel("c")
                .flags(983040L)
                .build();
        byte[] bytes = new MsgpackProtocolCodec().encode(attach);
        // fixmap(3) "action" 10, "channel" "c", "flags" uint32 0x000f0000
        assertThat(HEX.formatHex(bytes))
                .isEqualTo("83a6616374696f6e0a" + "a76368616e6e656ca163" + "a5666c616773ce000f0000");
        assertThat(new MsgpackProtocolCodec().decode(bytes)).isEqualTo(attach);
    }

    @Test
    void TM2d_goldenMsgpack_binaryDataIsBin_stringDataIsStr() {
        ProtocolMessage m = ProtocolMessage.builder(Action.MESSAGE)
                .messages(List.of(Message.builder().data(new byte[] {1, 2, 3}).build(), Message.of(null, "hi")))
                .build();
        String hex = HEX.formatHex(new MsgpackProtocolCodec().encode(m));
        // ... "messages" fixarray(2) [ fixmap(1) "data" bin8(3) 010203, fixmap(1) "data" fixstr(2) "hi" ]
        assertThat(hex).endsWith("a86d65737361676573" + "92" + "81a464617461c403010203" + "81a464617461a26869");
        ProtocolMessage decoded = new MsgpackProtocolCodec().decode(HEX.parseHex(hex));
        assertThat((byte[]) decoded.messages().get(0).data()).containsExactly(1, 2, 3);
        assertThat(decoded.messages().get(1).data()).isEqualTo("hi");
    }

    @Test
    void TM2d_json_binaryDataIsBase64_jsonDataIsStringOfItsText() {
        ProtocolMessage m = ProtocolMessage.builder(Action.MESSAGE)
                .messages(List.of(
                        Message.builder()
                                .data(new byte[] {1, 2, 3})
                                .encoding("base64")
                                .build(),
                        Message.builder()
                                .data(Json.parse("{\"a\":1}"))
                                .encoding("json")
                                .build()))
                .build();
        assertThat(json(m))
                .isEqualTo("{\"action\":15,\"messages\":[{\"data\":\"AQID\",\"encoding\":\"base64\"},"
                        + "{\"data\":\"{\\\"a\\\":1}\",\"encoding\":\"json\"}]}");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TM2d_emptyStringDataIsKept(WireFormat format) {
        ProtocolMessage m = ProtocolMessage.builder(Action.MESSAGE)
                .messages(List.of(Message.of("e", "")))
                .build();
        assertThat(roundTrip(format, m).messages().get(0).data()).isEqualTo("");
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TM2d_embeddedObjectOrArrayDataIsToleratedAsJson(WireFormat format) {
        // Not normal Ably (JSON payloads travel as strings with encoding "json"), but decoding must not fail.
        String frame = "{\"action\":15,\"messages\":[{\"data\":{\"a\":[1,2]}},{\"data\":[true]},{\"data\":7}]}";
        ProtocolMessage m = decodeJsonText(format, frame);
        assertThat(m.messages())
                .extracting(Message::data)
                .containsExactly(Json.parse("{\"a\":[1,2]}"), Json.parse("[true]"), Json.parse("7"));
    }

    @Test
    void TR4_absentFieldsAreNotWritten_json() {
        assertThat(json(ProtocolMessage.of(Action.HEARTBEAT))).isEqualTo("{\"action\":0}");
        ProtocolMessage m = ProtocolMessage.builder(Action.MESSAGE)
                .messages(List.of(Message.builder().build()))
                .presence(List.of(PresenceMessage.builder().build()))
                .error(ErrorInfo.builder().build())
                .build();
        String text = json(m);
        assertThat(text).isEqualTo("{\"action\":15,\"error\":{},\"messages\":[{}],\"presence\":[{}]}");
        assertThat(text).doesNotContain("null");
    }

    @Test
    void TR4_absentFieldsAreNotWritten_msgpackHasNoNil() {
        ProtocolMessage m = ProtocolMessage.builder(Action.MESSAGE)
                .channel("c")
                .messages(List.of(Message.builder().name("n").build()))
                .presence(List.of(PresenceMessage.builder(PresenceAction.LEAVE).build()))
                .build();
        byte[] bytes = new MsgpackProtocolCodec().encode(m);
        for (byte b : bytes) {
            assertThat(b).as("no msgpack nil (0xc0) on the wire").isNotEqualTo((byte) 0xc0);
        }
        assertThat(new MsgpackProtocolCodec().decode(bytes)).isEqualTo(m);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TR4_emptyListsAndMapsAreAbsent(WireFormat format) {
        ProtocolMessage m = ProtocolMessage.builder(Action.ATTACHED)
                .messages(List.of())
                .presence(List.of())
                .params(Map.of())
                .res(List.of())
                .build();
        ProtocolMessage decoded = roundTrip(format, m);
        assertThat(decoded).isEqualTo(ProtocolMessage.of(Action.ATTACHED));
        assertThat(decoded.messages()).isEmpty();
        assertThat(decoded.params()).isEmpty();
        assertThat(json(m)).isEqualTo("{\"action\":11}");
    }

    @Test
    void TR4s_publishResultSerialsKeepNulls_json() {
        ProtocolMessage ack = ProtocolMessage.builder(Action.ACK)
                .msgSerial(0L)
                .count(2)
                .res(List.of(PublishResult.of(Arrays.asList("a", null)), PublishResult.of(List.of("b"))))
                .build();
        assertThat(json(ack))
                .isEqualTo("{\"action\":1,\"count\":2,\"msgSerial\":0,"
                        + "\"res\":[{\"serials\":[\"a\",null]},{\"serials\":[\"b\"]}]}");
        assertThat(roundTrip(WireFormat.MSGPACK, ack)).isEqualTo(ack);
        assertThat(roundTrip(WireFormat.JSON, ack)).isEqualTo(ack);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TR4_edgeNumbersRoundTrip(WireFormat format) {
        for (long v : new long[] {
            0,
            -1,
            127,
            128,
            255,
            256,
            65535,
            65536,
            Integer.MAX_VALUE,
            1L << 32,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            Integer.MIN_VALUE
        }) {
            ProtocolMessage m = ProtocolMessage.builder(Action.ACK)
                    .msgSerial(v)
                    .timestamp(v)
                    .flags(v)
                    .build();
            assertThat(roundTrip(format, m)).as("value %d", v).isEqualTo(m);
        }
    }

    @Test
    void TR3_flagBitsAndHelpers() {
        ProtocolMessage m = ProtocolMessage.builder(Action.ATTACHED)
                .flag(Flag.HAS_PRESENCE)
                .flag(Flag.RESUMED)
                .flag(Flag.SUBSCRIBE)
                .build();
        assertThat(m.flags()).isEqualTo(1L | 4L | (1L << 18));
        assertThat(m.hasFlag(Flag.HAS_PRESENCE)).isTrue();
        assertThat(m.hasFlag(Flag.RESUMED)).isTrue();
        assertThat(m.hasFlag(Flag.HAS_BACKLOG)).isFalse();
        assertThat(ChannelMode.fromFlags(m.flags())).containsExactly(ChannelMode.SUBSCRIBE);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TR4_decodeFromOffsetAndByteBuffer(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        ProtocolMessage m = fullMessage();
        byte[] encoded = codec.encode(m);
        byte[] padded = new byte[encoded.length + 10];
        System.arraycopy(encoded, 0, padded, 5, encoded.length);
        ProtocolMessage expected = codec.decode(encoded);
        assertThat(codec.decode(padded, 5, encoded.length)).isEqualTo(expected);
        ByteBuffer heap = ByteBuffer.wrap(padded, 5, encoded.length);
        assertThat(codec.decode(heap)).isEqualTo(expected);
        assertThat(heap.position()).isEqualTo(5);
        ByteBuffer direct = ByteBuffer.allocateDirect(encoded.length);
        direct.put(encoded).flip();
        assertThat(codec.decode(direct)).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void TR4_codecIsReusableAcrossFrames(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        ProtocolMessage big = fullMessage();
        ProtocolMessage small = ProtocolMessage.of(Action.HEARTBEAT);
        byte[] first = codec.encode(big);
        byte[] second = codec.encode(small);
        byte[] third = codec.encode(big);
        assertThat(third).isEqualTo(first);
        assertThat(codec.decode(second)).isEqualTo(small);
        assertThat(codec.decode(first)).isEqualTo(codec.decode(third));
    }

    @Test
    void TR4_jsonTextAndBytesVariantsAgree() {
        JsonProtocolCodec codec = new JsonProtocolCodec();
        ProtocolMessage m = fullMessage();
        String text = codec.encodeToString(m);
        assertThat(codec.decode(text)).isEqualTo(codec.decode(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Decodes a frame written as JSON text in the given format (msgpack frames are transcoded). */
    static ProtocolMessage decodeJsonText(WireFormat format, String json) {
        byte[] bytes =
                format == WireFormat.JSON ? json.getBytes(StandardCharsets.UTF_8) : MsgpackTestSupport.fromJson(json);
        return ProtocolCodec.create(format).decode(bytes);
    }

    /**
     * Decoding from a range of a larger array (a transport's read buffer, decoded in place) keeps nothing of the array:
     * overwriting it afterwards changes no decoded value (binary data, JSON extras, a field name longer than the
     * name cache's inline 16 bytes), and a later frame with the same names decodes the same through the caches.
     */
    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void decodingARangeKeepsNoReferenceToTheArray(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        ProtocolMessage m = ProtocolMessage.builder(Action.MESSAGE)
                .id("pm:1")
                .channel("a-channel-name-longer-than-sixteen-bytes")
                .connectionId("conn")
                .timestamp(1_700_000_000_000L)
                .params(Map.of("aParameterNameLongerThan16", "v"))
                .messages(List.of(
                        Message.builder()
                                .name("n")
                                .data(new byte[] {1, 2, 3, (byte) 0xff})
                                .extras(Json.parse("{\"headers\":{\"k\":\"v\"},\"n\":[1,2]}"))
                                .build(),
                        Message.builder().name("text").data("hello").build()))
                .build();
        byte[] frame = codec.encode(m);
        ProtocolMessage reference = codec.decode(frame.clone());
        byte[] buffer = new byte[frame.length + 11];
        System.arraycopy(frame, 0, buffer, 7, frame.length);
        ProtocolMessage inPlace = codec.decode(buffer, 7, frame.length);
        Arrays.fill(buffer, (byte) '0');
        assertThat(inPlace).isEqualTo(reference);
        System.arraycopy(frame, 0, buffer, 0, frame.length);
        assertThat(codec.decode(buffer, 0, frame.length)).isEqualTo(reference);
    }
}
