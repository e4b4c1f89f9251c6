package io.ably4j.rest;

import static io.ably4j.rest.RestChannelHarness.messagesOf;
import static io.ably4j.rest.RestChannelHarness.param;
import static io.ably4j.rest.RestChannelHarness.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.RestChannel;
import io.ably4j.RestClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.CipherParams;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PublishResult;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** {@code RestChannel#publish} (RSL1, RSL4, RSL5, RSA7e2, TO3n): the requests sent and the checks made before them. */
@NullUnmarked
class RestChannelPublishTest {
    private static final String PUBLISHED = "{\"channel\":\"test\",\"messageId\":\"base\",\"serials\":[\"s0\",\"s1\"]}";
    private static final String ID_PATTERN = "[A-Za-z0-9+/]{12}:%d";

    private final RestChannelHarness h = new RestChannelHarness();

    @Test
    void RSL1b_publishes_name_and_data_in_one_post() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish("greeting", "hello"));

        HttpCall call = h.onlyRequest();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri().getPath()).isEqualTo("/channels/test/messages");
        assertThat(call.headers()).containsEntry("Content-Type", "application/json");
        assertThat(call.headers().get("Authorization")).startsWith("Basic ");
        List<Message> sent = messagesOf(call, WireFormat.JSON);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).name()).isEqualTo("greeting");
        assertThat(sent.get(0).data()).isEqualTo("hello");
        assertThat(sent.get(0).encoding()).isNull();
    }

    @Test
    void RSL1c_array_of_messages_in_a_single_request() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish(Message.of("a", "1"), Message.of("b", "2"), Message.of("c", "3")));

        List<Message> sent = messagesOf(h.onlyRequest(), WireFormat.JSON);
        assertThat(sent).extracting(Message::name).containsExactly("a", "b", "c");
        assertThat(sent).extracting(Message::data).containsExactly("1", "2", "3");
    }

    @Test
    void RSL1e_null_name_or_data_is_left_out() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish(null, "only-data"));
        h.await(channel.publish("only-name", null));

        assertThat(text(h.http.requests.get(0))).doesNotContain("\"name\"").contains("\"data\":\"only-data\"");
        assertThat(text(h.http.requests.get(1))).doesNotContain("\"data\"").contains("\"name\":\"only-name\"");
    }

    @Test
    void RSL1n_completes_with_the_serials_of_the_response() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        PublishResult result = h.await(channel.publish(List.of(Message.of("a", "1"), Message.of("b", "2"))));

        assertThat(result.serials()).containsExactly("s0", "s1");
    }

    @Test
    void RSL1n_a_response_without_serials_gives_null_serials() {
        h.http.handler = call -> MockHttp.respond(201, "", Map.of());
        RestChannel channel = h.json().channels().get("test");

        PublishResult result = h.await(channel.publish("a", "1"));

        assertThat(result.serials()).containsExactly((String) null);
    }

    @Test
    void RSL1d_an_error_response_fails_the_publish() {
        h.answerJson(401, "{\"error\":{\"code\":40160,\"statusCode\":401,\"message\":\"not permitted\"}}");
        RestChannel channel = h.json().channels().get("test");

        assertThat(h.failure(channel.publish("a", "1")).code()).isEqualTo(40160);
    }

    @Test
    void RSL1k1_messages_without_ids_get_a_shared_random_base_and_their_index() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish(Message.of("a", "1"), Message.of("b", "2")));
        h.await(channel.publish("c", "3"));

        List<Message> first = messagesOf(h.http.requests.get(0), WireFormat.JSON);
        assertThat(first.get(0).id()).matches(String.format(ID_PATTERN, 0));
        assertThat(first.get(1).id()).matches(String.format(ID_PATTERN, 1));
        String base = first.get(0).id().substring(0, 12);
        assertThat(Base64.getDecoder().decode(base)).hasSize(9);
        assertThat(first.get(1).id()).isEqualTo(base + ":1");
        String second =
                messagesOf(h.http.requests.get(1), WireFormat.JSON).get(0).id();
        assertThat(second).matches(String.format(ID_PATTERN, 0)).doesNotStartWith(base);
    }

    @Test
    void TO3n_no_ids_are_generated_when_idempotent_publishing_is_off() {
        h.answerJson(201, PUBLISHED);
        RestClient client = h.client(b -> b.useBinaryProtocol(false).idempotentRestPublishing(false));

        h.await(client.channels().get("test").publish("a", "1"));

        assertThat(messagesOf(h.onlyRequest(), WireFormat.JSON).get(0).id()).isNull();
    }

    @Test
    void TO3n_idempotent_publishing_is_on_by_default() {
        assertThat(h.json().options().idempotentRestPublishing()).isTrue();
    }

    @Test
    void RSL1k2_a_client_supplied_id_is_kept() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish(
                Message.builder().id("my-id").name("a").data("1").build()));

        assertThat(messagesOf(h.onlyRequest(), WireFormat.JSON).get(0).id()).isEqualTo("my-id");
    }

    @Test
    void RSL1k3_ids_are_kept_as_they_are_when_any_message_has_one() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish(Message.builder().id("mine").name("a").build(), Message.of("b", "2")));

        List<Message> sent = messagesOf(h.onlyRequest(), WireFormat.JSON);
        assertThat(sent.get(0).id()).isEqualTo("mine");
        assertThat(sent.get(1).id()).isNull();
    }

    /**
     * RSL1k4 at the unit level: the primary host fails with a 500 after (perhaps) publishing; the request retried on a
     * fallback host carries the same ids, so Ably publishes the batch once (the emulator test checks the outcome).
     */
    @Test
    void RSL1k4_a_retry_on_a_fallback_host_carries_the_same_ids() {
        h.http.queueJson(500, "{\"error\":{\"code\":50000,\"statusCode\":500,\"message\":\"oops\"}}");
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish(Message.of("a", "1"), Message.of("b", "2")));

        assertThat(h.http.requests).hasSize(2);
        assertThat(h.http.requests.get(1).uri().getHost())
                .isNotEqualTo(h.http.requests.get(0).uri().getHost());
        List<Message> first = messagesOf(h.http.requests.get(0), WireFormat.JSON);
        List<Message> retry = messagesOf(h.http.requests.get(1), WireFormat.JSON);
        assertThat(retry)
                .extracting(Message::id)
                .containsExactlyElementsOf(first.stream().map(Message::id).toList());
        assertThat(first.get(0).id()).isNotNull();
    }

    @Test
    void RSL1l_publish_params_go_in_the_query_string() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish(List.of(Message.of("a", "1")), Map.of("_forceNack", "true", "x y", "a&b")));

        HttpCall call = h.onlyRequest();
        assertThat(param(call, "_forceNack")).isEqualTo("true");
        assertThat(param(call, "x y")).isEqualTo("a&b");
    }

    @Test
    void RSL1m_the_client_id_is_not_copied_into_messages_but_sent_as_a_header() {
        h.answerJson(201, PUBLISHED);
        RestClient client = h.client(b -> b.useBinaryProtocol(false).clientId("me"));

        h.await(client.channels().get("test").publish("a", "1"));

        HttpCall call = h.onlyRequest();
        assertThat(messagesOf(call, WireFormat.JSON).get(0).clientId()).isNull();
        assertThat(call.headers())
                .containsEntry(
                        "X-Ably-ClientId", Base64.getEncoder().encodeToString("me".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void RSL1m2_a_message_with_the_clients_own_client_id_is_sent_with_it() {
        h.answerJson(201, PUBLISHED);
        RestClient client = h.client(b -> b.useBinaryProtocol(false).clientId("me"));

        h.await(client.channels().get("test").publish(Message.of("a", "1", "me")));

        assertThat(messagesOf(h.onlyRequest(), WireFormat.JSON).get(0).clientId())
                .isEqualTo("me");
    }

    @Test
    void RSL1m4_a_message_with_another_client_id_is_rejected_before_sending() {
        RestClient client = h.client(b -> b.useBinaryProtocol(false).clientId("me"));

        var error = h.failure(client.channels().get("test").publish(Message.of("a", "1", "someone-else")));

        assertThat(error.code()).isEqualTo(40012);
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSL1m3_an_unidentified_client_may_publish_with_any_client_id() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish(Message.of("a", "1", "anyone")));

        assertThat(messagesOf(h.onlyRequest(), WireFormat.JSON).get(0).clientId())
                .isEqualTo("anyone");
    }

    @Test
    void RSL1i_messages_over_the_maximum_size_are_rejected_before_sending() {
        RestChannel channel = h.json().channels().get("test");
        String half = "x".repeat(32_768);

        var error = h.failure(channel.publish(Message.of("a", half), Message.of(null, half)));

        assertThat(error.code()).isEqualTo(40009);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSL1i_messages_of_exactly_the_maximum_size_are_sent() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish(null, "x".repeat(65_536)));

        assertThat(h.http.requests).hasSize(1);
    }

    @Test
    void RSL4a_unsupported_data_fails_without_a_request() {
        RestChannel channel = h.json().channels().get("test");

        assertThat(h.failure(channel.publish("a", 42)).code()).isEqualTo(40013);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSL4d_json_protocol_encodes_binary_as_base64_and_objects_as_json() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.publish(
                Message.of("bin", new byte[] {1, 2, 3}), Message.of("obj", Json.parse("{\"a\":[1,true]}"))));

        List<Message> sent = messagesOf(h.onlyRequest(), WireFormat.JSON);
        assertThat(sent.get(0).data()).isEqualTo("AQID");
        assertThat(sent.get(0).encoding()).isEqualTo("base64");
        assertThat(sent.get(1).data()).isEqualTo("{\"a\":[1,true]}");
        assertThat(sent.get(1).encoding()).isEqualTo("json");
    }

    @Test
    void RSL4c_msgpack_protocol_sends_binary_as_binary() {
        h.http.handler = call -> RestChannelHarness.respond(
                201, "{\"serials\":[\"s\"]}".getBytes(StandardCharsets.UTF_8), WireFormat.JSON, Map.of());
        RestChannel channel = h.client(b -> {}).channels().get("test");

        h.await(channel.publish("bin", new byte[] {1, 2, 3}));

        HttpCall call = h.onlyRequest();
        assertThat(call.headers()).containsEntry("Content-Type", "application/x-msgpack");
        assertThat(call.headers()).containsEntry("Accept", "application/x-msgpack");
        Message sent = messagesOf(call, WireFormat.MSGPACK).get(0);
        assertThat(sent.data()).isEqualTo(new byte[] {1, 2, 3});
        assertThat(sent.encoding()).isNull();
    }

    @Test
    void RSL5a_a_channel_with_a_cipher_encrypts_the_payload() {
        h.answerJson(201, PUBLISHED);
        CipherParams cipher = CipherParams.builder()
                .key(Base64.getEncoder().encodeToString(new byte[16]))
                .build();
        RestChannel channel = h.json()
                .channels()
                .get("secret", ChannelOptions.builder().cipher(cipher).build());

        h.await(channel.publish("a", "plain text"));

        Message sent = messagesOf(h.onlyRequest(), WireFormat.JSON).get(0);
        assertThat(sent.encoding()).isEqualTo("utf-8/cipher+aes-128-cbc/base64");
        assertThat(sent.data()).isNotEqualTo("plain text");
        assertThat(DataEncoding.decode(sent, cipher).value().data()).isEqualTo("plain text");
    }

    @Test
    void RSL1_the_channel_name_is_one_percent_encoded_path_segment() {
        h.answerJson(201, PUBLISHED);
        RestChannel channel = h.json().channels().get("a/b c?d#e:f%g");

        h.await(channel.publish("a", "1"));

        assertThat(h.onlyRequest().uri().getRawPath()).isEqualTo("/channels/a%2Fb%20c%3Fd%23e%3Af%25g/messages");
    }

    @Test
    void RSL1_invalid_arguments_throw_40000_and_send_nothing() {
        RestChannel channel = h.json().channels().get("test");

        assertThat(RestChannelHarness.thrownFuture(() -> channel.publish((Message[]) null))
                        .code())
                .isEqualTo(40000);
        assertThat(RestChannelHarness.thrownFuture(() -> channel.publish((List<Message>) null))
                        .code())
                .isEqualTo(40000);
        assertThat(RestChannelHarness.thrownFuture(() -> channel.publish(List.of()))
                        .code())
                .isEqualTo(40000);
        assertThat(RestChannelHarness.thrownFuture(() -> channel.publish(Message.of("a", "1"), null))
                        .code())
                .isEqualTo(40000);
        assertThat(RestChannelHarness.thrownFuture(() -> channel.publish(
                                List.of(Message.of("a", "1")), java.util.Collections.singletonMap("k", null)))
                        .code())
                .isEqualTo(40000);
        h.rt.drain();
        assertThat(h.http.requests).isEmpty();
    }
}
