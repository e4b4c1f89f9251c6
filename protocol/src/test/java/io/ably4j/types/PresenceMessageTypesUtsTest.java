package io.ably4j.types;

import static io.ably4j.types.TestJson.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.JsonProtocolCodec;
import io.ably4j.internal.protocol.ReceivedDefaults;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/types/presence_message_types.md} (TP1–TP4). On the wire the presence action is its
 * numeric code (TP2, protocol.md), so where the UTS pseudo-code shows {@code "enter"} the JSON here has
 * {@code 2}. {@code fromJson}/{@code fromEncoded} are the JSON codec followed by {@link DataEncoding};
 * the TP3a/TP3d/TP3g defaults are applied by {@link ReceivedDefaults}. TP5 (message size) is {@link
 * DataEncoding#size(PresenceMessage)}, which the client's presence publish path checks against maxMessageSize.
 */
class PresenceMessageTypesUtsTest {
    private static final JsonProtocolCodec CODEC = new JsonProtocolCodec();

    private static List<PresenceMessage> fromJsonArray(String json) {
        return CODEC.decodePresenceMessages(json.getBytes(StandardCharsets.UTF_8)).stream()
                .map(p -> DataEncoding.decode(p, null).value())
                .toList();
    }

    private static PresenceMessage fromJson(String json) {
        List<PresenceMessage> list = fromJsonArray(json);
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    private static ProtocolMessage received(String frame) {
        return ReceivedDefaults.apply(CODEC.decode(frame));
    }

    @Test
    void TP2_presence_action_enum_values_0() {
        assertThat(PresenceAction.ABSENT.code()).isEqualTo(0);
        assertThat(PresenceAction.PRESENT.code()).isEqualTo(1);
        assertThat(PresenceAction.ENTER.code()).isEqualTo(2);
        assertThat(PresenceAction.LEAVE.code()).isEqualTo(3);
        assertThat(PresenceAction.UPDATE.code()).isEqualTo(4);
        for (PresenceAction a : PresenceAction.values()) {
            if (a != PresenceAction.UNKNOWN) {
                assertThat(PresenceAction.of(a.code())).isEqualTo(a);
            }
        }
        assertThat(PresenceAction.of(5)).isEqualTo(PresenceAction.UNKNOWN);
    }

    @Test
    void TP3a_presence_message_attributes_0() {
        assertThat(PresenceMessage.builder().id("presence-123").build().id()).isEqualTo("presence-123");
        assertThat(PresenceMessage.builder(PresenceAction.ENTER).build().action())
                .isEqualTo(PresenceAction.ENTER);
        assertThat(PresenceMessage.builder().clientId("user-1").build().clientId())
                .isEqualTo("user-1");
        assertThat(PresenceMessage.builder().connectionId("conn-1").build().connectionId())
                .isEqualTo("conn-1");
        assertThat(PresenceMessage.builder().data("hello").build().data()).isEqualTo("hello");
        assertThat(PresenceMessage.builder()
                        .data(Json.of(Map.of("status", "online")))
                        .build()
                        .data())
                .isEqualTo(Json.parse("{\"status\":\"online\"}"));
        assertThat(PresenceMessage.builder().encoding("json").build().encoding())
                .isEqualTo("json");
        assertThat(PresenceMessage.builder().timestamp(1234567890000L).build().timestamp())
                .isEqualTo(1234567890000L);
        PresenceMessage withExtras = PresenceMessage.builder()
                .extras(Json.parse("{\"headers\":{\"x-custom\":\"value\"}}"))
                .build();
        assertThat(at(withExtras.extras(), "headers", "x-custom")).isEqualTo("value");
    }

    @Test
    void TP3h_member_key_combines_ids_0() {
        PresenceMessage msg = PresenceMessage.builder()
                .connectionId("conn-1")
                .clientId("user-1")
                .build();
        PresenceMessage msg2 = PresenceMessage.builder()
                .connectionId("conn-2")
                .clientId("user-1")
                .build();
        assertThat(msg.memberKey()).isEqualTo("conn-1:user-1");
        assertThat(msg2.memberKey()).isEqualTo("conn-2:user-1");
        assertThat(msg.memberKey()).isNotEqualTo(msg2.memberKey());
    }

    @Test
    void TP3d_connectionid_from_protocol_message_0() {
        ProtocolMessage pm = received("{\"action\":14,\"connectionId\":\"proto-conn-1\","
                + "\"presence\":[{\"action\":2,\"clientId\":\"user-1\"},"
                + "{\"action\":2,\"clientId\":\"user-2\",\"connectionId\":\"own\"}]}");
        assertThat(pm.presence().get(0).connectionId()).isEqualTo("proto-conn-1");
        assertThat(pm.presence().get(1).connectionId()).isEqualTo("own");
    }

    @Test
    void TP3a_id_from_protocol_message_1() {
        ProtocolMessage pm = received("{\"action\":14,\"id\":\"proto-msg-42\","
                + "\"presence\":[{\"action\":2,\"clientId\":\"alice\"},{\"action\":2,\"clientId\":\"bob\"}]}");
        assertThat(pm.presence().get(0).id()).isEqualTo("proto-msg-42:0");
        assertThat(pm.presence().get(1).id()).isEqualTo("proto-msg-42:1");
        // TM2a, TM2c, TM2f: the same defaults for messages
        ProtocolMessage messages = received("{\"action\":15,\"id\":\"pm-7\",\"connectionId\":\"c\","
                + "\"timestamp\":5,\"messages\":[{\"name\":\"a\"},{\"id\":\"own\",\"timestamp\":6}]}");
        assertThat(messages.messages()).extracting(Message::id).containsExactly("pm-7:0", "own");
        assertThat(messages.messages()).extracting(Message::connectionId).containsExactly("c", "c");
        assertThat(messages.messages()).extracting(Message::timestamp).containsExactly(5L, 6L);
    }

    @Test
    void TP3g_timestamp_from_protocol_message_0() {
        ProtocolMessage pm =
                received("{\"action\":14,\"timestamp\":9999999,\"presence\":[{\"action\":2,\"clientId\":\"user-1\"}]}");
        assertThat(pm.presence().get(0).timestamp()).isEqualTo(9999999L);
    }

    @Test
    void TP3_presence_from_json_0() {
        PresenceMessage msg = fromJson("{\"id\":\"pm-123\",\"action\":2,\"clientId\":\"user-1\","
                + "\"connectionId\":\"conn-1\",\"data\":\"hello\",\"encoding\":null,\"timestamp\":1234567890000,"
                + "\"extras\":{\"headers\":{\"x-key\":\"x-value\"}}}");
        assertThat(msg.id()).isEqualTo("pm-123");
        assertThat(msg.action()).isEqualTo(PresenceAction.ENTER);
        assertThat(msg.clientId()).isEqualTo("user-1");
        assertThat(msg.connectionId()).isEqualTo("conn-1");
        assertThat(msg.data()).isEqualTo("hello");
        assertThat(msg.timestamp()).isEqualTo(1234567890000L);
        assertThat(at(msg.extras(), "headers", "x-key")).isEqualTo("x-value");
    }

    @Test
    void TP3_presence_encoded_data_from_json_1() {
        record Case(@Nullable String encoding, String wireData, Object expected) {}
        List<Case> cases = List.of(
                new Case(null, "plain text", "plain text"),
                new Case("json", "{\"status\":\"online\"}", Json.parse("{\"status\":\"online\"}")),
                new Case("base64", "SGVsbG8=", "Hello".getBytes(StandardCharsets.UTF_8)));
        for (Case c : cases) {
            PresenceMessage msg = fromJson("{\"action\":2,\"clientId\":\"user-1\",\"data\":"
                    + Json.of(c.wireData()).text()
                    + (c.encoding() == null ? "" : ",\"encoding\":\"" + c.encoding() + "\"") + "}");
            assertThat(msg.data()).isEqualTo(c.expected());
            assertThat(msg.encoding()).isNull();
        }
        assertThat(cases).hasSize(3);
    }

    @Test
    void TP3_presence_to_json_2() {
        PresenceMessage msg = PresenceMessage.builder(PresenceAction.ENTER)
                .clientId("user-1")
                .data("hello")
                .extras(Json.parse("{\"headers\":{\"x-key\":\"x-value\"}}"))
                .build();
        byte[] body = CODEC.encodePresenceMessages(List.of(msg));
        Object tree = java.util.Objects.requireNonNull(
                Json.parse(new String(body, StandardCharsets.UTF_8)).toValue());
        Object first = ((List<?>) tree).get(0);
        assertThat(at(first, "action")).isEqualTo(2L);
        assertThat(at(first, "clientId")).isEqualTo("user-1");
        assertThat(at(first, "data")).isEqualTo("hello");
        assertThat(at(first, "extras", "headers", "x-key")).isEqualTo("x-value");
    }

    @Test
    void TP3_null_attributes_omitted_3() {
        PresenceMessage msg =
                PresenceMessage.builder(PresenceAction.ENTER).clientId("user-1").build();
        String json = new String(CODEC.encodePresenceMessages(List.of(msg)), StandardCharsets.UTF_8);
        assertThat(json).isEqualTo("[{\"action\":2,\"clientId\":\"user-1\"}]");
    }

    @Test
    void TP4_from_encoded_presence_0() {
        PresenceMessage msg = fromJson("{\"action\":2,\"clientId\":\"user-1\","
                + "\"data\":\"{\\\"status\\\":\\\"online\\\"}\",\"encoding\":\"json\"}");
        assertThat(msg.action()).isEqualTo(PresenceAction.ENTER);
        assertThat(msg.clientId()).isEqualTo("user-1");
        assertThat(msg.data()).isEqualTo(Json.parse("{\"status\":\"online\"}"));
        assertThat(msg.encoding()).isNull();
        List<PresenceMessage> messages = fromJsonArray("[{\"action\":2,\"clientId\":\"alice\",\"data\":\"hello\"},"
                + "{\"action\":2,\"clientId\":\"bob\",\"data\":\"world\"}]");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).clientId()).isEqualTo("alice");
        assertThat(messages.get(0).data()).isEqualTo("hello");
        assertThat(messages.get(1).clientId()).isEqualTo("bob");
        assertThat(messages.get(1).data()).isEqualTo("world");
    }

    /** TP5, TM6: clientId and data in UTF-8 bytes; JSON data by the length of its text. */
    @Test
    void TP5_presence_message_size_0() {
        PresenceMessage msg = PresenceMessage.builder()
                .action(PresenceAction.ENTER)
                .clientId("user-1")
                .data("hello")
                .build();
        assertThat(DataEncoding.size(msg)).isEqualTo(11);

        Json object = Json.parse("{\"key\":\"value\"}");
        PresenceMessage msg2 = PresenceMessage.builder()
                .action(PresenceAction.ENTER)
                .clientId("u")
                .data(object)
                .build();
        assertThat(DataEncoding.size(msg2)).isEqualTo(1 + object.text().getBytes(StandardCharsets.UTF_8).length);
        assertThat(DataEncoding.size(msg2)).isGreaterThan(1);
    }
}
