package io.ably4j.rest;

import static io.ably4j.rest.RestChannelHarness.param;
import static io.ably4j.rest.RestChannelHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.PaginatedResult;
import io.ably4j.RestChannel;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.CipherParams;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageOperation;
import io.ably4j.types.UpdateDeleteResult;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * {@code RestChannel} mutable messages (RSL11, RSL14, RSL15): the requests sent and the results decoded. Our copy of
 * the UTS has no REST unit file for them (the realtime files point to {@code rest/unit/channel/get_message.md} and
 * {@code message_versions.md}, which it lacks), so these follow features.md.
 */
@NullUnmarked
class RestMutableMessagesTest {
    private static final String SERIAL = "01726232498871-001@abcdefghij:001";
    private static final String PATH = "/channels/test/messages/01726232498871-001%40abcdefghij%3A001";
    private static final CipherParams CIPHER = CipherParams.builder()
            .key(Base64.getEncoder().encodeToString(new byte[32]))
            .build();

    private final RestChannelHarness h = new RestChannelHarness();

    private static Message decodeBody(HttpCall call, WireFormat format) {
        List<Message> list = ProtocolCodec.create(format).decodeMessages(Objects.requireNonNull(call.body()));
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    @Test
    void RSL15b_update_is_a_PATCH_of_the_message_with_its_action_and_version() {
        h.answerJson(200, "{\"versionSerial\":\"v2\"}");
        RestChannel channel = h.json().channels().get("test");

        UpdateDeleteResult result = h.await(channel.updateMessage(
                Message.builder().serial(SERIAL).name("n").data("v2").build(),
                MessageOperation.builder()
                        .clientId("editor")
                        .description("fix")
                        .metadata(Map.of("k", "v"))
                        .build()));

        HttpCall call = h.onlyRequest();
        assertThat(call.method()).isEqualTo("PATCH");
        assertThat(call.uri().getRawPath()).isEqualTo(PATH);
        assertThat(text(call)).startsWith("{"); // one message object, not an array
        Message sent = decodeBody(call, WireFormat.JSON);
        assertThat(sent.action()).isEqualTo(MessageAction.MESSAGE_UPDATE); // RSL15b1
        assertThat(sent.serial()).isEqualTo(SERIAL);
        assertThat(sent.name()).isEqualTo("n");
        assertThat(sent.data()).isEqualTo("v2");
        assertThat(sent.version().clientId()).isEqualTo("editor"); // RSL15b7
        assertThat(sent.version().description()).isEqualTo("fix");
        assertThat(sent.version().metadata()).containsEntry("k", "v");
        assertThat(result.versionSerial()).isEqualTo("v2"); // RSL15e
    }

    @Test
    void RSL15b1_delete_and_append_carry_their_actions_and_no_version_without_an_operation() {
        h.answerJson(200, "{\"versionSerial\":\"v\"}");
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.deleteMessage(Message.builder().serial(SERIAL).build()));
        h.await(channel.appendMessage(
                Message.builder().serial(SERIAL).data("more").build()));

        assertThat(h.http.requests).hasSize(2);
        Message delete = decodeBody(h.http.requests.get(0), WireFormat.JSON);
        Message append = decodeBody(h.http.requests.get(1), WireFormat.JSON);
        assertThat(delete.action()).isEqualTo(MessageAction.MESSAGE_DELETE);
        assertThat(append.action()).isEqualTo(MessageAction.MESSAGE_APPEND);
        assertThat(append.data()).isEqualTo("more");
        assertThat(text(h.http.requests.get(0))).doesNotContain("\"version\"");
        assertThat(h.http.requests).allSatisfy(c -> assertThat(c.method()).isEqualTo("PATCH"));
    }

    @Test
    void RSL15f_params_are_sent_in_the_query_string() {
        h.answerJson(200, "{\"versionSerial\":\"v\"}");
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.updateMessage(Message.builder().serial(SERIAL).build(), null, Map.of("a", "1", "b", "x y")));

        assertThat(param(h.onlyRequest(), "a")).isEqualTo("1");
        assertThat(param(h.onlyRequest(), "b")).isEqualTo("x y");
    }

    @Test
    void RSL15c_the_callers_message_is_not_changed() {
        h.answerJson(200, "{\"versionSerial\":\"v\"}");
        RestChannel channel = h.json().channels().get("test");
        Message original = Message.builder().serial(SERIAL).data("d").build();

        h.await(channel.updateMessage(
                original, MessageOperation.builder().description("x").build()));

        assertThat(original.action()).isNull();
        assertThat(original.version()).isNull();
        assertThat(original.data()).isEqualTo("d");
    }

    @Test
    void RSL15d_msgpack_body_and_encrypted_data() {
        h.http.handler = call -> RestChannelHarness.msgpack(
                200, ProtocolCodec.create(WireFormat.MSGPACK).encodeUpdateDeleteResult(UpdateDeleteResult.of("v9")));
        RestChannel channel = h.client(b -> {})
                .channels()
                .get("test", ChannelOptions.builder().cipher(CIPHER).build());

        UpdateDeleteResult result = h.await(channel.updateMessage(
                Message.builder().serial(SERIAL).data(Json.parse("{\"a\":1}")).build()));

        Message sent = decodeBody(h.onlyRequest(), WireFormat.MSGPACK);
        assertThat(sent.encoding()).isEqualTo("json/utf-8/cipher+aes-256-cbc");
        assertThat(DataEncoding.decode(sent, CIPHER).value().data()).isEqualTo(Json.parse("{\"a\":1}"));
        assertThat(result.versionSerial()).isEqualTo("v9");
    }

    @Test
    void RSL15e_an_empty_response_gives_a_null_version_serial() {
        h.http.handler = call -> MockHttp.respond(200, "");
        RestChannel channel = h.json().channels().get("test");

        assertThat(h.await(channel.appendMessage(
                                Message.builder().serial(SERIAL).build()))
                        .versionSerial())
                .isNull();
    }

    @Test
    void RSL15e_an_error_response_fails_the_future() {
        h.answerJson(404, "{\"error\":{\"code\":40400,\"statusCode\":404,\"message\":\"Message not found\"}}");
        RestChannel channel = h.json().channels().get("test");

        assertThat(h.failure(channel.updateMessage(
                                Message.builder().serial(SERIAL).build()))
                        .code())
                .isEqualTo(40400);
    }

    @Test
    void RSL15a_a_message_without_serial_fails_with_40003_and_nothing_is_sent() {
        RestChannel channel = h.json().channels().get("test");

        assertThat(h.failure(channel.updateMessage(Message.of("n", "d"))).code())
                .isEqualTo(40003);
        assertThat(h.failure(channel.deleteMessage(Message.builder().serial("").build()))
                        .code())
                .isEqualTo(40003);
        assertThat(h.failure(channel.appendMessage(Message.of(null, "d"))).code())
                .isEqualTo(40003);
        assertThat(h.failure(channel.getMessage("")).code()).isEqualTo(40003);
        assertThat(h.failure(channel.getMessageVersions(Message.of("n", "d"))).code())
                .isEqualTo(40003);
        assertThat(RestChannelHarness.thrownFuture(() -> channel.updateMessage(null))
                        .code())
                .isEqualTo(40000);
        assertThat(RestChannelHarness.thrownFuture(() -> channel.getMessage((String) null))
                        .code())
                .isEqualTo(40000);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSL11b_getMessage_gets_the_message_by_serial_and_decodes_it() throws Exception {
        Message stored = DataEncoding.encode(
                Message.builder()
                        .serial(SERIAL)
                        .data("secret")
                        .actionCode(2)
                        .timestamp(5L)
                        .build(),
                CIPHER,
                WireFormat.JSON);
        String body = RestChannelHarness.jsonMessages(stored);
        h.answerJson(200, body.substring(1, body.length() - 1));
        RestChannel channel = h.json()
                .channels()
                .get("test", ChannelOptions.builder().cipher(CIPHER).build());

        Message m = h.await(channel.getMessage(SERIAL));
        Message byMessage =
                h.await(channel.getMessage(Message.builder().serial(SERIAL).build())); // RSL11a1

        assertThat(h.http.requests).hasSize(2);
        HttpCall call = h.http.requests.get(0);
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getRawPath()).isEqualTo(PATH);
        assertThat(m.data()).isEqualTo("secret"); // RSL11c
        assertThat(m.action()).isEqualTo(MessageAction.MESSAGE_DELETE);
        assertThat(m.version().serial()).isEqualTo(SERIAL); // TM2s1
        assertThat(m.version().timestamp()).isEqualTo(5L); // TM2s2
        assertThat(byMessage.data()).isEqualTo("secret");
    }

    @Test
    void RSL14b_getMessageVersions_gets_a_page_of_versions() {
        h.answerJson(
                200,
                RestChannelHarness.jsonMessages(
                        Message.builder()
                                .serial(SERIAL)
                                .data("v1")
                                .actionCode(0)
                                .build(),
                        Message.builder()
                                .serial(SERIAL)
                                .data("v2")
                                .actionCode(1)
                                .build()));
        RestChannel channel = h.json().channels().get("test");

        PaginatedResult<Message> page = h.await(channel.getMessageVersions(SERIAL, Map.of("limit", "2")));

        HttpCall call = h.onlyRequest();
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getRawPath()).isEqualTo(PATH + "/versions");
        assertThat(param(call, "limit")).isEqualTo("2");
        assertThat(page.items()).extracting(Message::data).containsExactly("v1", "v2"); // RSL14c
        assertThat(page.items())
                .extracting(Message::action)
                .containsExactly(MessageAction.MESSAGE_CREATE, MessageAction.MESSAGE_UPDATE);
    }
}
