package io.ably4j.internal.protocol.encoding;

import static io.ably4j.internal.protocol.encoding.Fixtures.hex;
import static io.ably4j.internal.protocol.encoding.Fixtures.list;
import static io.ably4j.internal.protocol.encoding.Fixtures.map;
import static io.ably4j.internal.protocol.encoding.Fixtures.optString;
import static io.ably4j.internal.protocol.encoding.Fixtures.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceMessage;
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

/**
 * RSL6a1 / RSL4: every case of ably-common's {@code messages-encoding.json} and
 * {@code presence-messages-encoding.json} decodes to the expected value, and the expected value encodes back to
 * the same wire data and encoding (JSON format), or to its binary form (msgpack format). Also UTS
 * {@code rest/unit/RSL4/encoding-fixtures-ably-common-0}.
 */
class MessagesEncodingFixtureTest {
    private static final String MESSAGES = "messages-encoding.json";
    private static final String PRESENCE = "presence-messages-encoding.json";

    /** One fixture case: wire data + encoding and the value it stands for. */
    record Case(
            int index,
            String wireData,
            @Nullable String wireEncoding,
            String type,
            Object expected,
            @Nullable Long action) {
        @Override
        public String toString() {
            return "#" + index + " " + type + " " + (wireEncoding == null ? "(no encoding)" : wireEncoding);
        }
    }

    static List<Case> cases(String file) {
        List<Object> messages = list(map(Fixtures.load(file)).get("messages"));
        List<Case> cases = new ArrayList<>();
        for (Object o : messages) {
            Map<String, @Nullable Object> m = map(o);
            String type = string(m, "expectedType");
            Object expected = switch (type) {
                case "string" -> string(m, "expectedValue");
                case "jsonObject", "jsonArray" -> Json.of(m.get("expectedValue"));
                case "binary" -> hex(string(m, "expectedHexValue"));
                default -> throw new AssertionError("unknown expectedType " + type);
            };
            cases.add(new Case(
                    cases.size(), string(m, "data"), optString(m, "encoding"), type, expected, (Long) m.get("action")));
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicNode> RSL4_encodingFixturesAblyCommon_0_messages() {
        List<Case> cases = cases(MESSAGES);
        assertThat(cases).hasSize(5);
        Fixtures.report(MESSAGES, cases.size());
        return cases.stream().map(c -> DynamicContainer.dynamicContainer(c.toString(), tests(c, false)));
    }

    @TestFactory
    Stream<DynamicNode> RSL4_encodingFixturesAblyCommon_0_presence() {
        List<Case> cases = cases(PRESENCE);
        assertThat(cases).hasSize(5);
        assertThat(cases).allSatisfy(c -> assertThat(c.action()).isNotNull());
        Fixtures.report(PRESENCE, cases.size());
        return cases.stream().map(c -> DynamicContainer.dynamicContainer(c.toString(), tests(c, true)));
    }

    private static Stream<DynamicNode> tests(Case c, boolean presence) {
        return Stream.of(
                dynamicTest("RSL6a decodes", () -> {
                    DataEncoding.Decoded d = DataEncoding.decode(c.wireData(), c.wireEncoding(), null);
                    assertThat(d.error()).isNull();
                    assertThat(d.encoding()).isNull();
                    assertData(d.data(), c.expected());
                }),
                dynamicTest("RSL6a decodes the " + (presence ? "presence message" : "message"), () -> {
                    if (presence) {
                        PresenceMessage wire = PresenceMessage.builder()
                                .actionCode(Math.toIntExact(c.action() == null ? 0 : c.action()))
                                .clientId("client")
                                .data(c.wireData())
                                .encoding(c.wireEncoding())
                                .build();
                        DecodeResult<PresenceMessage> r = DataEncoding.decode(wire, null);
                        assertThat(r.error()).isNull();
                        assertThat(r.value().encoding()).isNull();
                        assertThat(r.value().clientId()).isEqualTo("client");
                        assertThat(r.value().actionCode()).isEqualTo(wire.actionCode());
                        assertData(r.value().data(), c.expected());
                    } else {
                        Message wire = Message.builder()
                                .name("event")
                                .data(c.wireData())
                                .encoding(c.wireEncoding())
                                .build();
                        DecodeResult<Message> r = DataEncoding.decode(wire, null);
                        assertThat(r.error()).isNull();
                        assertThat(r.value().encoding()).isNull();
                        assertThat(r.value().name()).isEqualTo("event");
                        assertData(r.value().data(), c.expected());
                    }
                }),
                dynamicTest("RSL4d encodes back for JSON", () -> {
                    DataEncoding.Encoded e = DataEncoding.encode(c.expected(), null, null, WireFormat.JSON);
                    assertThat(e.data()).isEqualTo(c.wireData());
                    assertThat(e.encoding()).isEqualTo(c.wireEncoding());
                }),
                dynamicTest("RSL6a1 decodes the raw JSON REST body via the JSON codec", () -> {
                    Map<String, @Nullable Object> raw = new LinkedHashMap<>();
                    raw.put("data", c.wireData());
                    if (c.wireEncoding() != null) {
                        raw.put("encoding", c.wireEncoding());
                    }
                    if (presence) {
                        raw.put("action", c.action());
                        raw.put("clientId", "client");
                    }
                    byte[] body = Json.of(List.of(raw)).text().getBytes(StandardCharsets.UTF_8);
                    ProtocolCodec codec = ProtocolCodec.create(WireFormat.JSON);
                    DecodeResult<?> r = presence
                            ? DataEncoding.decode(
                                    codec.decodePresenceMessages(body).get(0), null)
                            : DataEncoding.decode(codec.decodeMessages(body).get(0), null);
                    assertThat(r.error()).isNull();
                    Object value = r.value();
                    assertData(value instanceof PresenceMessage p ? p.data() : ((Message) value).data(), c.expected());
                }),
                dynamicTest("RSL6a1 publishes the fixture's wire form via the JSON codec", () -> {
                    Message wire = DataEncoding.encode(
                            Message.builder().data(c.expected()).build(), null, WireFormat.JSON);
                    byte[] body = ProtocolCodec.create(WireFormat.JSON).encodeMessages(List.of(wire));
                    Map<String, @Nullable Object> expected = new LinkedHashMap<>();
                    expected.put("data", c.wireData());
                    if (c.wireEncoding() != null) {
                        expected.put("encoding", c.wireEncoding());
                    }
                    assertThat(Json.parse(new String(body, StandardCharsets.UTF_8))
                                    .toValue())
                            .isEqualTo(List.of(expected));
                }),
                dynamicTest("RSL4c round-trips through the msgpack codec", () -> {
                    Message wire = DataEncoding.encode(
                            Message.builder().data(c.expected()).build(), null, WireFormat.MSGPACK);
                    ProtocolCodec codec = ProtocolCodec.create(WireFormat.MSGPACK);
                    Message back = codec.decodeMessages(codec.encodeMessages(List.of(wire)))
                            .get(0);
                    DecodeResult<Message> r = DataEncoding.decode(back, null);
                    assertThat(r.error()).isNull();
                    assertData(r.value().data(), c.expected());
                }),
                dynamicTest("RSL4c encodes for msgpack", () -> {
                    DataEncoding.Encoded e = DataEncoding.encode(c.expected(), null, null, WireFormat.MSGPACK);
                    if (c.expected() instanceof byte[] bytes) {
                        assertData(e.data(), bytes); // RSL4c1: binary stays binary
                        assertThat(e.encoding()).isNull();
                    } else {
                        assertThat(e.data()).isEqualTo(c.wireData()); // RSL4c2, RSL4c3
                        assertThat(e.encoding()).isEqualTo(c.wireEncoding());
                    }
                    DataEncoding.Decoded back = DataEncoding.decode(e.data(), e.encoding(), null);
                    assertThat(back.error()).isNull();
                    assertData(back.data(), c.expected());
                }));
    }

    /** Asserts type and value: byte arrays by content, JSON by its tree, strings by equality. */
    static void assertData(@Nullable Object actual, Object expected) {
        if (expected instanceof byte[] bytes) {
            assertThat(actual).isInstanceOf(byte[].class);
            assertThat((byte[]) actual).containsExactly(bytes);
        } else if (expected instanceof Json json) {
            if (!(actual instanceof Json actualJson)) {
                throw new AssertionError("expected Json " + json + ", got " + actual);
            }
            assertThat(actualJson.toValue()).isEqualTo(json.toValue());
        } else {
            assertThat(actual).isInstanceOf(String.class).isEqualTo(expected);
        }
    }
}
