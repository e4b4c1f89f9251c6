package io.ably4j.types;

import static io.ably4j.types.TestJson.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.JsonProtocolCodec;
import io.ably4j.internal.protocol.ReceivedDefaults;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/types/message_types.md} (TM1–TM4) plus type-level checks of TM2, TM5 and TM2s/TM2u.
 * {@code fromEncoded} (TM3) is the JSON codec followed by the data-encoding layer ({@link DataEncoding}).
 */
class MessageTypesUtsTest {

    private static Message fromEncoded(String json) {
        List<Message> wire = new JsonProtocolCodec().decodeMessages(json.getBytes(StandardCharsets.UTF_8));
        assertThat(wire).hasSize(1);
        return DataEncoding.decode(wire.get(0), null).value();
    }

    @Test
    void TM2a_message_attributes_0() {
        assertThat(Message.builder().id("unique-id").build().id()).isEqualTo("unique-id");
        assertThat(Message.builder().name("event-name").build().name()).isEqualTo("event-name");
        assertThat(Message.builder().data("string-data").build().data()).isEqualTo("string-data");
        assertThat(Message.builder()
                        .data(Json.of(Map.of("key", "value")))
                        .build()
                        .data())
                .isEqualTo(Json.parse("{\"key\":\"value\"}"));
        assertThat((byte[]) Message.builder().data(new byte[] {1, 2}).build().data())
                .containsExactly(1, 2);
        assertThat(Message.builder().clientId("message-client").build().clientId())
                .isEqualTo("message-client");
        assertThat(Message.builder().connectionId("conn-id").build().connectionId())
                .isEqualTo("conn-id");
        assertThat(Message.builder().timestamp(1234567890000L).build().timestamp())
                .isEqualTo(1234567890000L);
        assertThat(Message.builder().encoding("json/base64").build().encoding()).isEqualTo("json/base64");
        Message withExtras = Message.builder()
                .extras(Json.parse("{\"push\":{\"notification\":{\"title\":\"Hello\"}}}"))
                .build();
        assertThat(at(withExtras.extras(), "push", "notification", "title")).isEqualTo("Hello");
        // TM2r: serial is server-assigned and read from the wire
        Message fromWire = fromEncoded("{\"serial\":\"01726585978590-001@abcdefghij:001\"}");
        assertThat(fromWire.serial()).isEqualTo("01726585978590-001@abcdefghij:001");
    }

    @Test
    void TM3_from_encoded_deserialization_0() {
        Message message = fromEncoded("{\"id\":\"msg-123\",\"name\":\"test-event\",\"data\":\"hello world\","
                + "\"clientId\":\"sender-client\",\"connectionId\":\"conn-456\",\"timestamp\":1234567890000,"
                + "\"encoding\":null,\"extras\":{\"headers\":{\"x-custom\":\"value\"}}}");
        assertThat(message.id()).isEqualTo("msg-123");
        assertThat(message.name()).isEqualTo("test-event");
        assertThat(message.data()).isEqualTo("hello world");
        assertThat(message.clientId()).isEqualTo("sender-client");
        assertThat(message.connectionId()).isEqualTo("conn-456");
        assertThat(message.timestamp()).isEqualTo(1234567890000L);
        assertThat(message.encoding()).isNull();
        assertThat(at(message.extras(), "headers", "x-custom")).isEqualTo("value");
    }

    @Test
    void TM3_from_encoded_decodes_encoding_1() {
        record Case(@Nullable String encoding, String wireData, Object expected) {}
        List<Case> cases = List.of(
                new Case(null, "plain text", "plain text"),
                new Case("json", "{\"key\":\"value\"}", Json.parse("{\"key\":\"value\"}")),
                new Case("base64", "SGVsbG8=", "Hello".getBytes(StandardCharsets.UTF_8)),
                new Case("json/base64", "eyJrIjoidiJ9", Json.parse("{\"k\":\"v\"}")));
        for (Case c : cases) {
            String json = "{\"id\":\"msg\",\"name\":\"event\",\"data\":"
                    + Json.of(c.wireData()).text()
                    + (c.encoding() == null ? "" : ",\"encoding\":\"" + c.encoding() + "\"") + "}";
            Message message = fromEncoded(json);
            assertThat(message.data()).as(json).isEqualTo(c.expected());
            assertThat(message.encoding()).as(json).isNull();
        }
        assertThat(cases).hasSize(4);
    }

    @Test
    void TM4_message_constructors_0() {
        Message m = Message.of("event-name", "payload");
        assertThat(m.name()).isEqualTo("event-name");
        assertThat(m.data()).isEqualTo("payload");
        assertThat(m.clientId()).isNull();
        Message withClient = Message.of("event-name", "payload", "client-1");
        assertThat(withClient.name()).isEqualTo("event-name");
        assertThat(withClient.data()).isEqualTo("payload");
        assertThat(withClient.clientId()).isEqualTo("client-1");
        Message empty = Message.of(null, null);
        assertThat(empty.name()).isNull();
        assertThat(empty.data()).isNull();
    }

    @Test
    void TM_null_missing_attributes_0() {
        Message m = Message.builder().build();
        assertThat(m.id()).isNull();
        assertThat(m.name()).isNull();
        assertThat(m.data()).isNull();
        assertThat(m.clientId()).isNull();
        assertThat(m.timestamp()).isNull();
        assertThat(m.action()).isNull();
        assertThat(m.version()).isNull();
        assertThat(m.annotations()).isNull();
    }

    @Test
    void TM_message_with_extras_1() {
        Message m = Message.builder()
                .name("push-event")
                .data("payload")
                .extras(Json.of(Map.of(
                        "push",
                        Map.of(
                                "notification",
                                Map.of("title", "New Message", "body", "You have a new notification"),
                                "data",
                                Map.of("customKey", "customValue")))))
                .build();
        assertThat(at(m.extras(), "push", "notification", "title")).isEqualTo("New Message");
        assertThat(at(m.extras(), "push", "data", "customKey")).isEqualTo("customValue");
    }

    @Test
    void TM2d_unsupportedDataTypeRejectedWith40013() {
        assertThatThrownBy(() -> Message.builder().data((Object) true))
                .isInstanceOfSatisfying(AblyException.class, e -> {
                    assertThat(e.errorInfo().code()).isEqualTo(40013);
                    assertThat(e.errorInfo().message())
                            .contains("java.lang.Boolean")
                            .contains("Json.of");
                });
        assertThatThrownBy(() -> Message.of("n", Map.of("a", 1))).isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> Message.builder().extras(Json.parse("[1]")))
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40013));
    }

    @Test
    void TM2d_binaryDataIsCopiedInAndOut() {
        byte[] bytes = {1, 2, 3};
        Message m = Message.builder().data(bytes).build();
        bytes[0] = 9;
        byte[] out = (byte[]) java.util.Objects.requireNonNull(m.data());
        assertThat(out).containsExactly(1, 2, 3);
        out[1] = 9;
        assertThat((byte[]) m.data()).containsExactly(1, 2, 3);
        Message viaObject = Message.of("n", (Object) bytes);
        bytes[1] = 7;
        assertThat((byte[]) viaObject.data()).containsExactly(9, 2, 3);
        assertThat(Message.builder().data(new byte[] {1}).build())
                .isEqualTo(Message.builder().data(new byte[] {1}).build())
                .hasSameHashCodeAs(Message.builder().data(new byte[] {1}).build());
    }

    @Test
    void TM5_actionCodesInOrderFromZero() {
        assertThat(MessageAction.values())
                .containsExactly(
                        MessageAction.MESSAGE_CREATE,
                        MessageAction.MESSAGE_UPDATE,
                        MessageAction.MESSAGE_DELETE,
                        MessageAction.META,
                        MessageAction.MESSAGE_SUMMARY,
                        MessageAction.MESSAGE_APPEND,
                        MessageAction.UNKNOWN);
        for (int code = 0; code <= 5; code++) {
            assertThat(MessageAction.of(code).code()).isEqualTo(code);
        }
        assertThat(MessageAction.of(6)).isEqualTo(MessageAction.UNKNOWN);
        assertThat(MessageAction.of(-1)).isEqualTo(MessageAction.UNKNOWN);
        assertThat(Message.builder().actionCode(77).build().action()).isEqualTo(MessageAction.UNKNOWN);
        assertThatThrownBy(() -> Message.builder().action(MessageAction.UNKNOWN))
                .isInstanceOf(AblyException.class);
    }

    @Test
    void TM2h_connectionKeyIsRedactedInToString() {
        Message m = Message.builder()
                .connectionKey("secret!key")
                .data(new byte[] {1, 2})
                .build();
        assertThat(m.toString())
                .doesNotContain("secret")
                .contains("connectionKey=<redacted>")
                .contains("<2 bytes>");
    }

    @Test
    void TM2s_TM2u_receivedMessageGetsVersionAndAnnotations() {
        Message wire = Message.builder().serial("s1").timestamp(10L).build();
        Message received = ReceivedDefaults.apply(wire);
        MessageVersion version = java.util.Objects.requireNonNull(received.version());
        assertThat(version.serial()).isEqualTo("s1"); // TM2s1
        assertThat(version.timestamp()).isEqualTo(10L); // TM2s2
        assertThat(received.annotations()).isEqualTo(MessageAnnotations.empty()); // TM2u
        // a version from the wire keeps its own values and only gains the missing ones
        Message partial = wire.toBuilder()
                .version(MessageVersion.builder().serial("v2").clientId("bob").build())
                .build();
        MessageVersion merged =
                java.util.Objects.requireNonNull(ReceivedDefaults.apply(partial).version());
        assertThat(merged.serial()).isEqualTo("v2");
        assertThat(merged.timestamp()).isEqualTo(10L);
        assertThat(merged.clientId()).isEqualTo("bob");
        Message complete = ReceivedDefaults.apply(wire);
        assertThat(ReceivedDefaults.apply(complete)).isSameAs(complete);
    }
}
