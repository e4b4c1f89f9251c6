package io.ably4j.rest;

import static io.ably4j.rest.RestChannelHarness.jsonMessages;
import static io.ably4j.rest.RestChannelHarness.param;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.HistoryParams;
import io.ably4j.HistoryParams.Direction;
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
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** {@code RestChannel#history} (RSL2, RSL5, RSL6, TG): the query sent and the decoding of the page. */
@NullUnmarked
class RestHistoryTest {
    private static final CipherParams CIPHER = CipherParams.builder()
            .key(Base64.getEncoder().encodeToString(new byte[32]))
            .build();

    private final RestChannelHarness h = new RestChannelHarness();

    @Test
    void RSL2a_returns_the_first_page_of_messages() {
        h.answerJson(200, jsonMessages(Message.of("b", "2"), Message.of("a", "1")));
        RestChannel channel = h.json().channels().get("test");

        PaginatedResult<Message> page = h.await(channel.history());

        HttpCall call = h.onlyRequest();
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getPath()).isEqualTo("/channels/test/messages");
        assertThat(call.uri().getQuery()).isNull();
        assertThat(call.headers().get("Authorization")).startsWith("Basic ");
        assertThat(page.items()).extracting(Message::name).containsExactly("b", "a");
        assertThat(page.items()).extracting(Message::data).containsExactly("2", "1");
        assertThat(page.hasNext()).isFalse();
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void RSL2b_start_end_direction_and_limit_are_sent_as_query_parameters() {
        h.answerJson(200, "[]");
        RestChannel channel = h.json().channels().get("test");

        h.await(channel.history(HistoryParams.builder()
                .start(1000L)
                .end(2000L)
                .direction(Direction.FORWARDS)
                .limit(50)
                .build()));

        HttpCall call = h.onlyRequest();
        assertThat(param(call, "start")).isEqualTo("1000");
        assertThat(param(call, "end")).isEqualTo("2000");
        assertThat(param(call, "direction")).isEqualTo("forwards");
        assertThat(param(call, "limit")).isEqualTo("50");
    }

    @Test
    void RSL2b2_backwards_is_sent_as_backwards() {
        h.answerJson(200, "[]");

        h.await(h.json()
                .channels()
                .get("test")
                .history(HistoryParams.builder().direction(Direction.BACKWARDS).build()));

        assertThat(param(h.onlyRequest(), "direction")).isEqualTo("backwards");
    }

    @Test
    void RSL2b1_start_after_end_is_rejected_with_40003() {
        var builder = HistoryParams.builder().start(2000L).end(1000L);

        var error = RestChannelHarness.thrown(builder::build);

        assertThat(error.code()).isEqualTo(40003);
        assertThat(error.statusCode()).isEqualTo(400);
    }

    @Test
    void RSL2b1_start_equal_to_end_is_allowed() {
        assertThat(HistoryParams.builder().start(1000L).end(1000L).build().start())
                .isEqualTo(1000L);
    }

    @Test
    void RSL2b3_limit_must_be_between_1_and_1000() {
        assertThat(RestChannelHarness.thrown(() -> HistoryParams.builder().limit(0))
                        .code())
                .isEqualTo(40003);
        assertThat(RestChannelHarness.thrown(() -> HistoryParams.builder().limit(1001))
                        .code())
                .isEqualTo(40003);
        assertThat(HistoryParams.builder().limit(1000).build().limit()).isEqualTo(1000);
        assertThat(HistoryParams.builder().limit(1).build().limit()).isEqualTo(1);
    }

    @Test
    void RTL10b_until_attach_is_refused_by_a_rest_channel() {
        RestChannel channel = h.json().channels().get("test");

        var error = h.failure(
                channel.history(HistoryParams.builder().untilAttach(true).build()));

        assertThat(error.code()).isEqualTo(40003);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSL6a_payloads_are_decoded() {
        h.answerJson(
                200,
                "[{\"name\":\"json\",\"data\":\"{\\\"a\\\":1}\",\"encoding\":\"json\"},"
                        + "{\"name\":\"bin\",\"data\":\"AQID\",\"encoding\":\"base64\"},"
                        + "{\"name\":\"text\",\"data\":\"aMOp\",\"encoding\":\"utf-8/base64\"}]");

        List<Message> items = h.await(h.json().channels().get("test").history()).items();

        assertThat(items.get(0).data()).isEqualTo(Json.parse("{\"a\":1}"));
        assertThat(items.get(0).encoding()).isNull();
        assertThat(items.get(1).data()).isEqualTo(new byte[] {1, 2, 3});
        assertThat(items.get(2).data()).isEqualTo("hé");
        assertThat(items.get(2).encoding()).isNull();
        assertThat(h.errors).isEmpty();
    }

    @Test
    void RSL5a_messages_are_decrypted_with_the_channel_cipher() {
        Message encrypted = DataEncoding.encode(Message.of("secret", "plain text"), CIPHER, WireFormat.JSON);
        h.answerJson(200, jsonMessages(encrypted));
        RestChannel channel = h.json()
                .channels()
                .get("test", ChannelOptions.builder().cipher(CIPHER).build());

        Message item = h.await(channel.history()).items().get(0);

        assertThat(item.data()).isEqualTo("plain text");
        assertThat(item.encoding()).isNull();
    }

    @Test
    void RSL6b_a_message_that_cannot_be_decrypted_keeps_its_encoding_and_the_failure_is_logged() {
        Message encrypted = DataEncoding.encode(Message.of("secret", "plain text"), CIPHER, WireFormat.JSON);
        h.answerJson(200, jsonMessages(encrypted, Message.of("clear", "ok")));
        RestChannel channel = h.json().channels().get("test"); // no cipher

        List<Message> items = h.await(channel.history()).items();

        assertThat(items.get(0).encoding()).isEqualTo("utf-8/cipher+aes-256-cbc");
        assertThat(items.get(0).data()).isInstanceOf(byte[].class);
        assertThat(items.get(1).data()).isEqualTo("ok");
        assertThat(h.errors).hasSize(1);
        assertThat(h.errors.get(0)).contains("test").contains("RSL6b").contains("40013");
    }

    @Test
    void RSL6_msgpack_history_is_decoded() {
        byte[] body = ProtocolCodec.create(WireFormat.MSGPACK)
                .encodeMessages(List.of(Message.of("bin", new byte[] {9, 8}), Message.of("text", "t")));
        h.http.handler = call -> RestChannelHarness.msgpack(200, body);
        RestChannel channel = h.client(b -> {}).channels().get("test");

        List<Message> items = h.await(channel.history()).items();

        assertThat(h.onlyRequest().headers()).containsEntry("Accept", "application/x-msgpack");
        assertThat(items.get(0).data()).isEqualTo(new byte[] {9, 8});
        assertThat(items.get(1).data()).isEqualTo("t");
    }

    @Test
    void TG4_next_follows_the_link_header_with_the_same_channel_path() {
        h.http.queue(call -> MockHttp.respond(
                200,
                jsonMessages(Message.of("m2", "2")),
                Map.of(
                        "Content-Type",
                        "application/json",
                        "Link",
                        "<./messages?limit=1&direction=backwards&cursor=abc>; rel=\"next\"")));
        h.http.queue(call -> MockHttp.json(200, jsonMessages(Message.of("m1", "1"))));
        RestChannel channel = h.json().channels().get("a/b");

        PaginatedResult<Message> first =
                h.await(channel.history(HistoryParams.builder().limit(1).build()));
        PaginatedResult<Message> second = h.await(first.next());

        assertThat(first.hasNext()).isTrue();
        assertThat(second.items()).extracting(Message::name).containsExactly("m1");
        assertThat(second.hasNext()).isFalse();
        HttpCall next = h.http.requests.get(1);
        assertThat(next.uri().getRawPath()).isEqualTo("/channels/a%2Fb/messages");
        assertThat(param(next, "cursor")).isEqualTo("abc");
        assertThat(param(next, "limit")).isEqualTo("1");
    }

    @Test
    void RSL2_an_error_response_fails_the_query() {
        h.answerJson(404, "{\"error\":{\"code\":40400,\"statusCode\":404,\"message\":\"not found\"}}");

        assertThat(h.failure(h.json().channels().get("test").history()).code()).isEqualTo(40400);
    }
}
