package io.ably4j.rest;

import static io.ably4j.rest.RestChannelHarness.param;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.PaginatedResult;
import io.ably4j.RestChannel;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.Annotation;
import io.ably4j.types.AnnotationAction;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** {@code RestChannel#annotations} (RSAN1-RSAN3): the requests sent and the checks made before them. */
@NullUnmarked
class RestAnnotationsTest {
    private final RestChannelHarness h = new RestChannelHarness();

    private static List<Annotation> annotationsOf(HttpCall call, WireFormat format) {
        return ProtocolCodec.create(format).decodeAnnotations(Objects.requireNonNull(call.body(), "body"));
    }

    private static Annotation like() {
        return Annotation.builder().type("reactions:distinct.v1").name("like").build();
    }

    @Test
    void RSAN1_publish_posts_one_annotation_to_the_message_path() {
        h.answerJson(201, "{}");
        RestChannel channel = h.json().channels().get("a/b");

        h.await(channel.annotations().publish("serial@1:0", like()));

        HttpCall call = h.onlyRequest();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri().getRawPath()).isEqualTo("/channels/a%2Fb/messages/serial%401%3A0/annotations"); // RSAN1c6
        List<Annotation> sent = annotationsOf(call, WireFormat.JSON); // RSAN1c: an array of one
        assertThat(sent).hasSize(1);
        Annotation a = sent.get(0);
        assertThat(a.action()).isEqualTo(AnnotationAction.ANNOTATION_CREATE); // RSAN1c1
        assertThat(a.messageSerial()).isEqualTo("serial@1:0"); // RSAN1c2
        assertThat(a.type()).isEqualTo("reactions:distinct.v1");
        assertThat(a.name()).isEqualTo("like");
        assertThat(a.id()).matches("[A-Za-z0-9+/]{12}:0"); // RSAN1c4: idempotentRestPublishing is on by default
    }

    @Test
    void RSAN1a1_publish_accepts_a_message_with_a_serial() {
        h.answerJson(201, "{}");
        RestChannel channel = h.json().channels().get("test");
        Message m = Message.builder().serial("s1").build();

        h.await(channel.annotations().publish(m, like()));

        assertThat(annotationsOf(h.onlyRequest(), WireFormat.JSON).get(0).messageSerial())
                .isEqualTo("s1");
        assertThat(RestChannelHarness.thrownFuture(() -> channel.annotations().publish(Message.of("x", "y"), like()))
                        .code())
                .isEqualTo(40003);
    }

    @Test
    void RSAN1a3_type_is_required() {
        RestChannel channel = h.json().channels().get("test");

        assertThat(h.failure(channel.annotations()
                                .publish("s1", Annotation.builder().name("like").build()))
                        .code())
                .isEqualTo(40003);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSAN1a4_oversize_annotation_is_refused_with_40009() {
        RestChannel channel = h.json().channels().get("test");
        Annotation big =
                Annotation.builder().type("t:total.v1").data("x".repeat(70_000)).build();

        assertThat(h.failure(channel.annotations().publish("s1", big)).code()).isEqualTo(40009);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSAN1c3_data_is_encoded_like_message_data() {
        h.answerJson(201, "{}");
        RestChannel channel =
                h.client(b -> b.useBinaryProtocol(true)).channels().get("test");
        Json data = Json.parse("{\"a\":1}");

        h.await(channel.annotations()
                .publish("s1", Annotation.builder().type("t:flag.v1").data(data).build()));

        Annotation a = annotationsOf(h.onlyRequest(), WireFormat.MSGPACK).get(0);
        assertThat(a.encoding()).isEqualTo("json");
        assertThat(Json.parse((String) a.data())).isEqualTo(data);
    }

    @Test
    void RSAN2a_delete_posts_an_annotation_delete() {
        h.answerJson(201, "{}");
        RestChannel channel = h.client(b -> b.useBinaryProtocol(false).idempotentRestPublishing(false))
                .channels()
                .get("test");

        h.await(channel.annotations().delete("s1", like()));

        Annotation a = annotationsOf(h.onlyRequest(), WireFormat.JSON).get(0);
        assertThat(a.action()).isEqualTo(AnnotationAction.ANNOTATION_DELETE);
        assertThat(a.messageSerial()).isEqualTo("s1");
        assertThat(a.id()).isNull(); // RSAN1c4 only with idempotentRestPublishing
    }

    @Test
    void RSAN3_get_returns_decoded_annotations_with_params_in_the_query() {
        h.answerJson(
                200,
                "[{\"id\":\"a1\",\"action\":0,\"type\":\"t:flag.v1\",\"clientId\":\"c1\",\"serial\":\"as1\","
                        + "\"messageSerial\":\"s1\",\"timestamp\":1,\"data\":\"{\\\"k\\\":2}\",\"encoding\":\"json\"}]");
        RestChannel channel = h.json().channels().get("test");

        PaginatedResult<Annotation> page = h.await(channel.annotations().get("s1", Map.of("limit", "10")));

        HttpCall call = h.onlyRequest();
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getRawPath()).isEqualTo("/channels/test/messages/s1/annotations"); // RSAN3b
        assertThat(param(call, "limit")).isEqualTo("10");
        assertThat(page.items()).hasSize(1); // RSAN3c
        Annotation a = page.items().get(0);
        assertThat(a.id()).isEqualTo("a1");
        assertThat(a.action()).isEqualTo(AnnotationAction.ANNOTATION_CREATE);
        assertThat(a.clientId()).isEqualTo("c1");
        assertThat(a.data()).isEqualTo(Json.parse("{\"k\":2}"));
        assertThat(a.encoding()).isNull();
    }

    @Test
    void RSAN1_null_annotation_throws_an_AblyException_at_once() {
        RestChannel channel = h.json().channels().get("test");
        Message m = Message.builder().serial("s1").build();

        assertThat(RestChannelHarness.thrownFuture(() -> channel.annotations().publish("s1", null))
                        .code())
                .isEqualTo(40003);
        assertThat(RestChannelHarness.thrownFuture(() -> channel.annotations().publish(m, null))
                        .code())
                .isEqualTo(40003);
        assertThat(RestChannelHarness.thrownFuture(() -> channel.annotations().delete("s1", null))
                        .code())
                .isEqualTo(40003);
        assertThat(RestChannelHarness.thrownFuture(() -> channel.annotations().delete(m, null))
                        .code())
                .isEqualTo(40003);
        assertThat(h.http.requests).isEmpty();
    }
}
