package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.RestChannel;
import io.ably4j.RestClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/encoding/message_encoding.md} (RSL4, RSL6) as written: through {@code RestChannel#publish} and
 * {@code RestChannel#history} on a REST client with a mock HTTP client, asserting on the request bodies and headers
 * and on the decoded history. The protocol module's {@code MessageEncodingUtsTest} runs the same cases on the encoding
 * layer alone, with the ably-common fixtures ({@code RSL4/encoding-fixtures-ably-common-0}).
 */
@NullUnmarked
class MessageEncodingTest {
    private static final String PUBLISHED = "{\"serials\":[\"s1\"]}";
    private final RestChannelHarness h = new RestChannelHarness();

    /** Publishes {@code data} as message {@code event} on a JSON client; the first message of the body, as JSON. */
    private Map<?, ?> publishJson(@Nullable Object data) {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test-RSL4-" + System.nanoTime());
        h.await(channel.publish("event", data));
        List<?> body =
                (List<?>) Json.parse(RestChannelHarness.text(h.onlyRequest())).toValue();
        return (Map<?, ?>) body.get(0);
    }

    /** The first message of a history answered with the JSON {@code items}, on a client of the default format. */
    private Message historyOf(String items) {
        h.answerJson(200, items);
        RestClient client = h.client(b -> {});
        return h.await(client.channels().get("test-RSL6").history()).items().get(0);
    }

    private static Object parse(Object jsonText) {
        return Json.parse((String) jsonText).toValue();
    }

    @Test
    void RSL4a_string_data_no_encoding_0() {
        Map<?, ?> body = publishJson("plain string data");

        assertThat(body.get("data")).isEqualTo("plain string data");
        assertThat(body.get("encoding")).isNull();
    }

    @Test
    void RSL4b_json_object_encoding_0() {
        Map<?, ?> body = publishJson(Json.parse("{\"key\":\"value\",\"nested\":{\"a\":1}}"));

        assertThat(body.get("data")).isInstanceOf(String.class);
        assertThat(parse(body.get("data"))).isEqualTo(Map.of("key", "value", "nested", Map.of("a", 1L)));
        assertThat(body.get("encoding")).isEqualTo("json");
    }

    @Test
    void RSL4c_binary_base64_json_protocol_0() {
        Map<?, ?> body = publishJson(new byte[] {0x00, 0x01, 0x02, (byte) 0xFF, (byte) 0xFE});

        assertThat(body.get("encoding")).isEqualTo("base64");
        assertThat(Base64.getDecoder().decode((String) body.get("data"))).containsExactly(0x00, 0x01, 0x02, 0xFF, 0xFE);
    }

    @Test
    void RSL4c_binary_direct_msgpack_protocol_1() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel =
                h.client(b -> b.useBinaryProtocol(true)).channels().get("test-RSL4c-msgpack");

        h.await(channel.publish("event", new byte[] {0x00, 0x01, 0x02, (byte) 0xFF, (byte) 0xFE}));

        Message body = RestChannelHarness.messagesOf(h.onlyRequest(), WireFormat.MSGPACK)
                .get(0);
        assertThat(body.data()).isEqualTo(new byte[] {0x00, 0x01, 0x02, (byte) 0xFF, (byte) 0xFE});
        assertThat(body.encoding()).isNull();
    }

    @Test
    void RSL4d_array_json_encoding_0() {
        Map<?, ?> body = publishJson(Json.parse("[1,2,\"three\",{\"four\":4}]"));

        assertThat(body.get("encoding")).isEqualTo("json");
        assertThat(parse(body.get("data"))).isEqualTo(List.of(1L, 2L, "three", Map.of("four", 4L)));
    }

    @Test
    void RSL6a_decode_base64_to_binary_0() {
        Message message =
                historyOf("[{\"id\":\"msg1\",\"name\":\"event\",\"data\":\"AAECAwQ=\",\"encoding\":\"base64\","
                        + "\"timestamp\":1234567890000}]");

        assertThat(message.data()).isEqualTo(new byte[] {0, 1, 2, 3, 4});
        assertThat(message.encoding()).isNull();
    }

    @Test
    void RSL6a_decode_json_to_object_1() {
        Message message = historyOf("[{\"id\":\"msg1\",\"name\":\"event\",\"data\":\"{\\\"key\\\":\\\"value\\\","
                + "\\\"number\\\":42}\",\"encoding\":\"json\",\"timestamp\":1234567890000}]");

        assertThat(((Json) message.data()).toValue()).isEqualTo(Map.of("key", "value", "number", 42L));
        assertThat(message.encoding()).isNull();
    }

    @Test
    void RSL6a_decode_chained_encodings_2() {
        String base64 = Base64.getEncoder().encodeToString("{\"key\":\"value\"}".getBytes(StandardCharsets.UTF_8));
        Message message = historyOf("[{\"id\":\"msg1\",\"name\":\"event\",\"data\":\"" + base64
                + "\",\"encoding\":\"json/base64\",\"timestamp\":1234567890000}]");

        assertThat(((Json) message.data()).toValue()).isEqualTo(Map.of("key", "value"));
        assertThat(message.encoding()).isNull();
    }

    @Test
    void RSL6b_unrecognized_encoding_preserved_0() {
        Message message = historyOf("[{\"id\":\"msg1\",\"name\":\"event\",\"data\":\"encrypted-data-here\","
                + "\"encoding\":\"custom-encryption/base64\",\"timestamp\":1234567890000}]");

        assertThat(message.encoding()).isEqualTo("custom-encryption");
        assertThat(message.data()).isInstanceOf(byte[].class);
        assertThat(h.errors).singleElement().asString().contains("RSL6b");
    }

    private Message msgpackHistory(Message item) {
        byte[] body = ProtocolCodec.create(WireFormat.MSGPACK).encodeMessages(List.of(item));
        h.http.handler = call -> RestChannelHarness.msgpack(200, body);
        RestClient client = h.client(b -> b.useBinaryProtocol(true));
        return h.await(client.channels().get("test-RSL6-msgpack").history())
                .items()
                .get(0);
    }

    @Test
    void RSL6_msgpack_binary_stays_binary_0() {
        Message message = msgpackHistory(Message.of("event", new byte[] {0x48, 0x65, 0x6C, 0x6C, 0x6F}));

        assertThat(message.data()).isEqualTo(new byte[] {0x48, 0x65, 0x6C, 0x6C, 0x6F});
        assertThat(message.encoding()).isNull();
    }

    @Test
    void RSL6_msgpack_string_stays_string_1() {
        Message message = msgpackHistory(Message.of("event", "Hello World"));

        assertThat(message.data()).isEqualTo("Hello World");
        assertThat(message.encoding()).isNull();
    }

    @Test
    void RSL4_null_data_no_encoding_1() {
        Map<?, ?> body = publishJson(null);

        assertThat(body.get("data")).isNull();
        assertThat(body.get("encoding")).isNull();
    }

    @Test
    void RSL4a_number_type_rejected_1() {
        h.answerJson(201, PUBLISHED);
        ErrorInfo error = h.failure(h.json().channels().get("test").publish("event", 42));

        assertThat(error.code()).isEqualTo(40013);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSL4a_boolean_type_rejected_2() {
        h.answerJson(201, PUBLISHED);
        ErrorInfo error = h.failure(h.json().channels().get("test").publish("event", true));

        assertThat(error.code()).isEqualTo(40013);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSL6_decode_utf8_base64_data_2() {
        Message message = historyOf("[{\"id\":\"msg1\",\"name\":\"event\",\"data\":\"SGVsbG8gV29ybGQ=\","
                + "\"encoding\":\"utf-8/base64\",\"timestamp\":1234567890000}]");

        assertThat(message.data()).isInstanceOf(String.class).isEqualTo("Hello World");
        assertThat(message.encoding()).isNull();
    }

    @Test
    void RSL6_complex_chained_encoding_3() {
        String base64 = Base64.getEncoder()
                .encodeToString("{\"status\":\"active\",\"count\":5}".getBytes(StandardCharsets.UTF_8));
        Message message = historyOf("[{\"id\":\"msg1\",\"name\":\"event\",\"data\":\"" + base64
                + "\",\"encoding\":\"json/utf-8/base64\",\"timestamp\":1234567890000}]");

        assertThat(((Json) message.data()).toValue()).isEqualTo(Map.of("status", "active", "count", 5L));
        assertThat(message.encoding()).isNull();
    }

    private HttpCall publishWith(boolean binary) {
        h.answerJson(201, PUBLISHED);
        RestChannel channel =
                h.client(b -> b.useBinaryProtocol(binary)).channels().get("test-RSL4-ct");
        h.await(channel.publish("event", "test"));
        return h.onlyRequest();
    }

    @Test
    void RSL4_json_protocol_content_type_2() {
        HttpCall request = publishWith(false);

        assertThat(request.headers()).containsEntry("Content-Type", "application/json");
        assertThat(request.headers()).containsEntry("Accept", "application/json");
    }

    @Test
    void RSL4_msgpack_protocol_content_type_3() {
        HttpCall request = publishWith(true);

        assertThat(request.headers()).containsEntry("Content-Type", "application/x-msgpack");
        assertThat(request.headers()).containsEntry("Accept", "application/x-msgpack");
    }

    @Test
    void RSL4_empty_string_no_encoding_4() {
        Map<?, ?> body = publishJson("");

        assertThat(body.get("data")).isEqualTo("");
        assertThat(body.get("encoding")).isNull();
    }

    @Test
    void RSL4_empty_array_json_encoding_5() {
        Map<?, ?> body = publishJson(Json.parse("[]"));

        assertThat(body.get("encoding")).isEqualTo("json");
        assertThat(parse(body.get("data"))).isEqualTo(List.of());
    }

    /** The UTS's last case, "Empty object encoding", has no test ID. */
    @Test
    void RSL4_empty_object_json_encoding() {
        Map<?, ?> body = publishJson(Json.parse("{}"));

        assertThat(body.get("encoding")).isEqualTo("json");
        assertThat(parse(body.get("data"))).isEqualTo(Map.of());
    }
}
