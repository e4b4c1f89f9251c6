package io.ably4j.internal.protocol.encoding;

import static io.ably4j.internal.protocol.encoding.MessagesEncodingFixtureTest.assertData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.msgpack.value.Value;

/**
 * UTS {@code rest/unit/encoding/message_encoding.md} (RSL4, RSL6), translated to the layer the REST-client cases
 * exercise: publishing runs {@link DataEncoding#encode} on each message before serialisation, history runs
 * {@link DataEncoding#decode} on each message after deserialisation. The mock HTTP server of the UTS is not needed
 * to check the body fields those cases assert on. The fixture case {@code RSL4/encoding-fixtures-ably-common-0} is
 * here as written (publish each fixture value, check the body); {@link MessagesEncodingFixtureTest} checks the same
 * fixtures in more directions (decoding, presence, round trips).
 */
class MessageEncodingUtsTest {

    private static Message publish(@Nullable Object data, WireFormat format) {
        Message m = Message.builder().name("event").data(data).build();
        return DataEncoding.encode(m, null, format);
    }

    private static DecodeResult<Message> history(String data, @Nullable String encoding) {
        Message wire = Message.builder()
                .id("msg1")
                .name("event")
                .data(data)
                .encoding(encoding)
                .timestamp(1234567890000L)
                .build();
        return DataEncoding.decode(wire, null);
    }

    private static void assertJsonWire(Message body, Object expectedTree) {
        assertThat(body.encoding()).isEqualTo("json");
        assertThat(Json.parse(asString(body.data())).toValue()).isEqualTo(expectedTree);
    }

    static String asString(@Nullable Object data) {
        if (!(data instanceof String s)) {
            throw new AssertionError("expected String data, got " + data);
        }
        return s;
    }

    static Json asJson(@Nullable Object data) {
        if (!(data instanceof Json json)) {
            throw new AssertionError("expected Json data, got " + data);
        }
        return json;
    }

    static ErrorInfo errorOf(DecodeResult<?> r) {
        ErrorInfo error = r.error();
        if (error == null) {
            throw new AssertionError("expected a decoding error, got " + r);
        }
        return error;
    }

    /**
     * The UTS names a fixture file {@code encoding.json} with {@code input_data}, {@code use_binary_protocol},
     * {@code expected_wire_data} and {@code expected_encoding}; ably-common's file is {@code messages-encoding.json},
     * whose {@code expectedValue}/{@code expectedHexValue} is the input and whose {@code data}/{@code encoding} is
     * the wire form for the JSON protocol. Each value is published (encoded, then serialised as a REST body) with
     * the JSON protocol and must match that wire form; with the binary protocol too, where binary data goes as a
     * msgpack bin without encoding (RSL4c1) and everything else as for JSON.
     */
    @Test
    void RSL4_encoding_fixtures_ably_common_0() {
        List<MessagesEncodingFixtureTest.Case> fixtures = MessagesEncodingFixtureTest.cases("messages-encoding.json");
        assertThat(fixtures).hasSize(5);
        int checked = 0;
        for (MessagesEncodingFixtureTest.Case fixture : fixtures) {
            for (boolean useBinaryProtocol : new boolean[] {false, true}) {
                WireFormat format = useBinaryProtocol ? WireFormat.MSGPACK : WireFormat.JSON;
                byte[] request =
                        ProtocolCodec.create(format).encodeMessages(List.of(publish(fixture.expected(), format)));
                String description = fixture + (useBinaryProtocol ? " msgpack" : " json");
                @Nullable Object data;
                @Nullable Object encoding;
                boolean encodingPresent; // absent when there is none, never written as null
                if (useBinaryProtocol) {
                    Value array = MsgpackValues.unpackValue(request);
                    assertThat(array.asArrayValue().size()).as(description).isEqualTo(1);
                    Map<String, Value> body =
                            MsgpackValues.toMap(array.asArrayValue().get(0));
                    assertThat(MsgpackValues.string(body.get("name")))
                            .as(description)
                            .isEqualTo("event");
                    encodingPresent = body.containsKey("encoding");
                    data = MsgpackValues.data(body.get("data"));
                    encoding = MsgpackValues.string(body.get("encoding"));
                } else {
                    List<Object> array = Fixtures.list(Json.parse(new String(request, StandardCharsets.UTF_8))
                            .toValue());
                    assertThat(array).as(description).hasSize(1);
                    Map<String, @Nullable Object> body = Fixtures.map(array.get(0));
                    assertThat(body.get("name")).as(description).isEqualTo("event");
                    encodingPresent = body.containsKey("encoding");
                    data = body.get("data");
                    encoding = body.get("encoding");
                }
                if (useBinaryProtocol && fixture.expected() instanceof byte[] bytes) {
                    assertThat(data).as(description).isInstanceOf(byte[].class);
                    assertThat((byte[]) data).as(description).containsExactly(bytes);
                    assertThat(encoding).as(description).isNull();
                } else {
                    assertThat(data).as(description).isEqualTo(fixture.wireData());
                    assertThat(encoding).as(description).isEqualTo(fixture.wireEncoding());
                }
                assertThat(encodingPresent).as(description).isEqualTo(encoding != null);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(10);
    }

    @Test
    void RSL4a_string_data_no_encoding_0() {
        Message body = publish("plain string data", WireFormat.JSON);
        assertThat(body.data()).isEqualTo("plain string data");
        assertThat(body.encoding()).isNull();
    }

    @Test
    void RSL4b_json_object_encoding_0() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("key", "value");
        value.put("nested", Map.of("a", 1L));
        Message body = publish(Json.of(value), WireFormat.JSON);
        assertJsonWire(body, value);
    }

    @Test
    void RSL4c_binary_base64_json_protocol_0() {
        byte[] binary = {0x00, 0x01, 0x02, (byte) 0xFF, (byte) 0xFE};
        Message body = publish(binary, WireFormat.JSON);
        assertThat(body.encoding()).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode(asString(body.data()))).containsExactly(binary);
    }

    @Test
    void RSL4c_binary_direct_msgpack_protocol_1() {
        byte[] binary = {0x00, 0x01, 0x02, (byte) 0xFF, (byte) 0xFE};
        Message body = publish(binary, WireFormat.MSGPACK);
        assertData(body.data(), binary);
        assertThat(body.encoding()).isNull();
    }

    @Test
    void RSL4d_array_json_encoding_0() {
        List<Object> value = List.of(1L, 2L, "three", Map.of("four", 4L));
        Message body = publish(Json.of(value), WireFormat.JSON);
        assertJsonWire(body, value);
    }

    @Test
    void RSL6a_decode_base64_to_binary_0() {
        DecodeResult<Message> r = history("AAECAwQ=", "base64");
        assertThat(r.error()).isNull();
        assertData(r.value().data(), new byte[] {0, 1, 2, 3, 4});
        assertThat(r.value().encoding()).isNull();
        assertThat(r.value().id()).isEqualTo("msg1");
        assertThat(r.value().timestamp()).isEqualTo(1234567890000L);
    }

    @Test
    void RSL6a_decode_json_to_object_1() {
        DecodeResult<Message> r = history("{\"key\":\"value\",\"number\":42}", "json");
        assertThat(r.error()).isNull();
        assertThat(asJson(r.value().data()).toValue()).isEqualTo(Map.of("key", "value", "number", 42L));
        assertThat(r.value().encoding()).isNull();
    }

    @Test
    void RSL6a_decode_chained_encodings_2() {
        String base64OfJson =
                Base64.getEncoder().encodeToString("{\"key\":\"value\"}".getBytes(StandardCharsets.UTF_8));
        DecodeResult<Message> r = history(base64OfJson, "json/base64");
        assertThat(r.error()).isNull();
        assertData(r.value().data(), Json.of(Map.of("key", "value")));
        assertThat(r.value().encoding()).isNull();
    }

    @Test
    void RSL6b_unrecognized_encoding_preserved_0() {
        DecodeResult<Message> r = history("encrypted-data-here", "custom-encryption/base64");
        // base64 is undone (leniently: '-' is the URL-safe alphabet's '+'); the custom step stays.
        assertThat(r.value().encoding()).isEqualTo("custom-encryption");
        assertThat(r.value().data()).isInstanceOf(byte[].class);
        assertThat(errorOf(r).code()).isEqualTo(40013);
        assertThat(errorOf(r).message()).contains("custom-encryption");
    }

    @Test
    void RSL6_msgpack_binary_stays_binary_0() {
        // A msgpack bin payload reaches the decoder as byte[]; with no encoding it stays binary even if it is UTF-8.
        byte[] hello = {0x48, 0x65, 0x6C, 0x6C, 0x6F};
        Message wire = Message.builder().name("event").data(hello).build();
        DecodeResult<Message> r = DataEncoding.decode(wire, null);
        assertThat(r.error()).isNull();
        assertData(r.value().data(), hello);
        assertThat(r.value().encoding()).isNull();
    }

    @Test
    void RSL6_msgpack_string_stays_string_1() {
        Message wire = Message.builder().name("event").data("Hello World").build();
        DecodeResult<Message> r = DataEncoding.decode(wire, null);
        assertThat(r.error()).isNull();
        assertData(r.value().data(), "Hello World");
        assertThat(r.value().encoding()).isNull();
    }

    @Test
    void RSL4_null_data_no_encoding_1() {
        Message body = publish(null, WireFormat.JSON);
        assertThat(body.data()).isNull();
        assertThat(body.encoding()).isNull();
        DataEncoding.Encoded e = DataEncoding.encode(null, null, null, WireFormat.MSGPACK);
        assertThat(e.data()).isNull();
        assertThat(e.encoding()).isNull();
    }

    @Test
    void RSL4a_number_type_rejected_1() {
        assertThatThrownBy(() -> DataEncoding.encode(42, null, null, WireFormat.JSON))
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40013));
        assertThatThrownBy(() -> Message.builder().data((Object) 42))
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40013));
    }

    @Test
    void RSL4a_boolean_type_rejected_2() {
        assertThatThrownBy(() -> DataEncoding.encode(true, null, null, WireFormat.MSGPACK))
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40013));
        assertThatThrownBy(() -> Message.builder().data((Object) true))
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40013));
    }

    @Test
    void RSL6_decode_utf8_base64_data_2() {
        DecodeResult<Message> r = history("SGVsbG8gV29ybGQ=", "utf-8/base64");
        assertThat(r.error()).isNull();
        assertData(r.value().data(), "Hello World");
        assertThat(r.value().encoding()).isNull();
    }

    @Test
    void RSL6_complex_chained_encoding_3() {
        Map<String, Object> original = new LinkedHashMap<>();
        original.put("status", "active");
        original.put("count", 5L);
        String base64 =
                Base64.getEncoder().encodeToString(Json.of(original).text().getBytes(StandardCharsets.UTF_8));
        DecodeResult<Message> r = history(base64, "json/utf-8/base64");
        assertThat(r.error()).isNull();
        assertData(r.value().data(), Json.of(original));
        assertThat(r.value().encoding()).isNull();
    }

    @Test
    void RSL4_json_protocol_content_type_2() {
        // The REST client sends Content-Type and Accept from the wire format's MIME type.
        assertThat(WireFormat.JSON.mimeType()).isEqualTo("application/json");
    }

    @Test
    void RSL4_msgpack_protocol_content_type_3() {
        assertThat(WireFormat.MSGPACK.mimeType()).isEqualTo("application/x-msgpack");
    }

    @Test
    void RSL4_empty_string_no_encoding_4() {
        Message body = publish("", WireFormat.JSON);
        assertThat(body.data()).isEqualTo("");
        assertThat(body.encoding()).isNull();
    }

    @Test
    void RSL4_empty_array_json_encoding_5() {
        Message body = publish(Json.of(List.of()), WireFormat.JSON);
        assertJsonWire(body, List.of());
    }

    /** The UTS case "RSL4 - Empty object encoding" has no test ID. */
    @Test
    void RSL4_emptyObjectJsonEncoding() {
        Message body = publish(Json.of(Map.of()), WireFormat.JSON);
        assertJsonWire(body, Map.of());
    }
}
