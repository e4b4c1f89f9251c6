package io.ably4j.internal.protocol.encoding;

import static io.ably4j.internal.protocol.encoding.Fixtures.integer;
import static io.ably4j.internal.protocol.encoding.Fixtures.list;
import static io.ably4j.internal.protocol.encoding.Fixtures.map;
import static io.ably4j.internal.protocol.encoding.Fixtures.string;
import static io.ably4j.internal.protocol.encoding.MessagesEncodingFixtureTest.assertData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.msgpack.value.Value;

/**
 * UTS {@code rest/unit/encoding/msgpack_interop.md} (RSL6a3): every ProtocolMessage of ably-common's
 * {@code msgpack_test_fixtures.json} holds one message whose data decodes to the described value, and re-encoding
 * that value for msgpack and decoding again gives the same value with no encoding left.
 */
class MsgpackInteropFixtureTest {
    private static final String FILE = "msgpack_test_fixtures.json";

    /** One fixture: the expected decoded value, its type and the msgpack ProtocolMessage. */
    record Case(String name, String type, Object expected, String msgpackBase64) {
        byte[] msgpack() {
            return Fixtures.base64(msgpackBase64);
        }

        @Override
        public String toString() {
            return name + " (" + type + ")";
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (Object o : list(Fixtures.load(FILE))) {
            Map<String, @Nullable Object> f = map(o);
            String type = string(f, "type");
            int repeat = integer(f, "numRepeat");
            Object expected = switch (type) {
                case "string" -> repeat > 0 ? string(f, "data").repeat(repeat) : string(f, "data");
                case "binary" -> string(f, "data").repeat(repeat).getBytes(StandardCharsets.UTF_8);
                case "jsonArray", "jsonObject" -> Json.of(f.get("data"));
                default -> throw new AssertionError("unknown fixture type " + type);
            };
            cases.add(new Case(string(f, "name"), type, expected, string(f, "msgpack")));
        }
        return cases;
    }

    /** The first (only) message of the fixture's ProtocolMessage, read with msgpack-core. */
    static Map<String, Value> firstMessage(byte[] protocolMessage) {
        Map<String, Value> pm = MsgpackValues.unpackMap(protocolMessage);
        Value messages = pm.get("messages");
        if (messages == null) {
            throw new AssertionError("no messages in the fixture ProtocolMessage");
        }
        assertThat(messages.asArrayValue().size()).isEqualTo(1);
        return MsgpackValues.toMap(messages.asArrayValue().get(0));
    }

    /**
     * The fixture's message decoded by the production msgpack codec. As in the UTS, the ProtocolMessage envelope
     * is read generically (the fixtures have no {@code action}, which the realtime frame decoder requires) and
     * the message itself by the SDK's message decoding.
     */
    static Message codecMessage(Case c) {
        Value message = MsgpackValues.unpackValue(c.msgpack()).asMapValue().map().entrySet().stream()
                .filter(e -> e.getKey().asStringValue().asString().equals("messages"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .asArrayValue()
                .get(0);
        List<Message> messages =
                ProtocolCodec.create(WireFormat.MSGPACK).decodeMessages(MsgpackValues.packValue(message));
        assertThat(messages).hasSize(1);
        return messages.get(0);
    }

    @TestFactory
    Stream<DynamicNode> RSL6a3_msgpackFixtures() {
        List<Case> cases = cases();
        assertThat(cases).hasSize(8);
        Fixtures.report(FILE, cases.size());
        return cases.stream().map(c -> DynamicContainer.dynamicContainer(c.toString(), tests(c)));
    }

    private static Stream<DynamicNode> tests(Case c) {
        return Stream.of(
                dynamicTest("RSL6a3 each fixture decodes correctly", () -> {
                    Map<String, Value> wire = firstMessage(c.msgpack());
                    String encoding = MsgpackValues.string(wire.get("encoding"));
                    switch (c.type()) {
                        case "binary" -> assertThat(encoding).isEqualTo("base64");
                        case "jsonArray", "jsonObject" -> assertThat(encoding).isEqualTo("json");
                        default -> assertThat(encoding).isNull();
                    }
                    DataEncoding.Decoded d = DataEncoding.decode(MsgpackValues.data(wire.get("data")), encoding, null);
                    assertThat(d.error()).isNull();
                    assertThat(d.encoding()).isNull();
                    assertData(d.data(), c.expected());
                }),
                dynamicTest("RSL6a3 each fixture round-trips through encode/decode", () -> {
                    Map<String, Value> wire = firstMessage(c.msgpack());
                    DataEncoding.Decoded d = DataEncoding.decode(
                            MsgpackValues.data(wire.get("data")), MsgpackValues.string(wire.get("encoding")), null);
                    assertThat(d.error()).isNull();
                    DataEncoding.Encoded e = DataEncoding.encode(d.data(), null, null, WireFormat.MSGPACK);
                    if (c.expected() instanceof byte[]) {
                        assertThat(e.data()).isInstanceOf(byte[].class); // RSL4c1: bin, no base64
                        assertThat(e.encoding()).isNull();
                    }
                    Map<String, @Nullable Object> message = new LinkedHashMap<>();
                    message.put("data", e.data());
                    message.put("encoding", e.encoding());
                    Map<String, @Nullable Object> pm = new LinkedHashMap<>();
                    pm.put("messages", List.of(message));
                    pm.put("msgSerial", 0L);
                    Map<String, Value> again = firstMessage(MsgpackValues.pack(pm));
                    DataEncoding.Decoded back = DataEncoding.decode(
                            MsgpackValues.data(again.get("data")), MsgpackValues.string(again.get("encoding")), null);
                    assertThat(back.error()).isNull();
                    assertThat(back.encoding()).isNull();
                    assertData(back.data(), c.expected());
                }),
                dynamicTest("RSL6a3 decodes via the msgpack codec", () -> {
                    DecodeResult<Message> r = DataEncoding.decode(codecMessage(c), null);
                    assertThat(r.error()).isNull();
                    assertThat(r.value().encoding()).isNull();
                    assertData(r.value().data(), c.expected());
                }),
                dynamicTest("RSL6a3 round-trips via the msgpack codec", () -> {
                    ProtocolCodec codec = ProtocolCodec.create(WireFormat.MSGPACK);
                    Message decoded = DataEncoding.decode(codecMessage(c), null).value();
                    Message wire = DataEncoding.encode(decoded, null, WireFormat.MSGPACK);
                    byte[] frame = codec.encode(ProtocolMessage.builder(ProtocolMessage.Action.MESSAGE)
                            .msgSerial(0L)
                            .messages(List.of(wire))
                            .build());
                    Message again = codec.decode(frame).messages().get(0);
                    if (c.expected() instanceof byte[]) {
                        assertThat(again.data()).isInstanceOf(byte[].class); // bin on the wire now
                        assertThat(again.encoding()).isNull();
                    }
                    DecodeResult<Message> r = DataEncoding.decode(again, null);
                    assertThat(r.error()).isNull();
                    assertThat(r.value().encoding()).isNull();
                    assertThat(r.value()).isEqualTo(decoded);
                }));
    }
}
