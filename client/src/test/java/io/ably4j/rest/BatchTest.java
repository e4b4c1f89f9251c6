package io.ably4j.rest;

import static io.ably4j.rest.RestChannelHarness.param;
import static io.ably4j.rest.RestChannelHarness.thrown;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.BatchPresenceResult;
import io.ably4j.BatchPublishResult;
import io.ably4j.BatchPublishSpec;
import io.ably4j.BatchResult;
import io.ably4j.RestClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** {@code RestClient#batchPublish} (RSC22, BSP, BPR, BPF) and {@code RestClient#batchPresence} (RSC24, BGR, BGF). */
@NullUnmarked
class BatchTest {
    private static final String ONE_RESULT = "[{\"successCount\":1,\"failureCount\":1,\"results\":["
            + "{\"channel\":\"a\",\"messageId\":\"id1\",\"serials\":[\"s1\",null]},"
            + "{\"channel\":\"b\",\"error\":{\"code\":40160,\"statusCode\":401,\"message\":\"denied\"}}]}]";

    private final RestChannelHarness h = new RestChannelHarness();
    private final RestClient client = h.json();

    /** The specs of a batch publish body, as JSON maps. */
    private static List<Map<?, ?>> body(HttpCall call) {
        List<?> specs = (List<?>) Json.parse(RestChannelHarness.text(call)).toValue();
        return specs.stream().<Map<?, ?>>map(s -> (Map<?, ?>) s).toList();
    }

    @Test
    void RSC22c_posts_the_specs_to_messages_and_reads_one_batch_result_per_spec() {
        h.answerJson(201, ONE_RESULT);
        BatchPublishSpec spec = new BatchPublishSpec(List.of("a", "b"), List.of(Message.of("n", "d")));

        List<BatchResult<BatchPublishResult>> results = h.await(client.batchPublish(List.of(spec)));

        HttpCall call = h.onlyRequest();
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri().getPath()).isEqualTo("/messages");
        assertThat(call.headers()).containsEntry("Content-Type", "application/json");
        List<Map<?, ?>> sent = body(call);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).get("channels")).isEqualTo(List.of("a", "b"));
        List<?> messages = (List<?>) sent.get(0).get("messages");
        assertThat(messages).hasSize(1);
        Map<?, ?> message = (Map<?, ?>) messages.get(0);
        assertThat(message.get("name")).isEqualTo("n");
        assertThat(message.get("data")).isEqualTo("d");

        assertThat(results).hasSize(1);
        BatchResult<BatchPublishResult> result = results.get(0);
        assertThat(result.successCount()).isEqualTo(1);
        assertThat(result.failureCount()).isEqualTo(1);
        assertThat(result.results().get(0))
                .isEqualTo(new BatchPublishResult.Success("a", "id1", java.util.Arrays.asList("s1", null)));
        BatchPublishResult.Failure failure =
                (BatchPublishResult.Failure) result.results().get(1);
        assertThat(failure.channel()).isEqualTo("b");
        assertThat(failure.error().code()).isEqualTo(40160);
        assertThat(failure.error().statusCode()).isEqualTo(401);
    }

    @Test
    void RSC22b_a_single_spec_is_sent_as_an_array_and_its_result_extracted() {
        h.answerJson(201, ONE_RESULT);

        BatchResult<BatchPublishResult> result =
                h.await(client.batchPublish(BatchPublishSpec.of(List.of("a", "b"), Message.of("n", "d"))));

        assertThat(RestChannelHarness.text(h.onlyRequest())).startsWith("[{");
        assertThat(result.results()).extracting(BatchPublishResult::channel).containsExactly("a", "b");
    }

    @Test
    void RSC22d_each_spec_gets_its_own_idempotent_ids() {
        h.answerJson(201, ONE_RESULT.replace("]}]", "]}," + ONE_RESULT.substring(1)));
        BatchPublishSpec first =
                new BatchPublishSpec(List.of("a"), List.of(Message.of("1", "x"), Message.of("2", "y")));
        BatchPublishSpec second = new BatchPublishSpec(List.of("b"), List.of(Message.of("3", "z")));

        List<BatchResult<BatchPublishResult>> results = h.await(client.batchPublish(List.of(first, second)));

        assertThat(results).hasSize(2);
        List<Map<?, ?>> sent = body(h.onlyRequest());
        List<?> m1 = (List<?>) sent.get(0).get("messages");
        List<?> m2 = (List<?>) sent.get(1).get("messages");
        String id0 = (String) ((Map<?, ?>) m1.get(0)).get("id");
        String id1 = (String) ((Map<?, ?>) m1.get(1)).get("id");
        String id2 = (String) ((Map<?, ?>) m2.get(0)).get("id");
        assertThat(id0).matches("[A-Za-z0-9+/]{12}:0");
        assertThat(id1).isEqualTo(id0.substring(0, 12) + ":1");
        assertThat(id2).matches("[A-Za-z0-9+/]{12}:0").isNotEqualTo(id0);
    }

    @Test
    void RSC22_messages_are_checked_before_sending() {
        BatchPublishSpec tooBig = BatchPublishSpec.of(List.of("a"), Message.of("n", "x".repeat(70_000)));

        assertThat(h.failure(client.batchPublish(tooBig)).code()).isEqualTo(40009);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSC22_a_response_with_a_result_count_other_than_the_spec_count_fails() {
        h.answerJson(201, "[]");

        assertThat(h.failure(client.batchPublish(BatchPublishSpec.of(List.of("a"), Message.of("n", "d"))))
                        .code())
                .isEqualTo(50000);
    }

    @Test
    void RSC22_an_error_response_fails_the_whole_batch() {
        h.answerJson(400, "{\"error\":{\"code\":40000,\"statusCode\":400,\"message\":\"bad\"}}");

        assertThat(h.failure(client.batchPublish(BatchPublishSpec.of(List.of("a"), Message.of("n", "d"))))
                        .code())
                .isEqualTo(40000);
    }

    @Test
    void BSP2_invalid_specs_are_rejected() {
        assertThat(thrown(() -> new BatchPublishSpec(List.of(), List.of(Message.of("n", "d"))))
                        .code())
                .isEqualTo(40000);
        assertThat(thrown(() -> new BatchPublishSpec(List.of("a"), List.of())).code())
                .isEqualTo(40000);
        assertThat(thrown(() -> new BatchPublishSpec(null, List.of(Message.of("n", "d"))))
                        .code())
                .isEqualTo(40000);
        assertThat(thrown(() -> new BatchPublishSpec(List.of(""), List.of(Message.of("n", "d"))))
                        .code())
                .isEqualTo(40010);
        assertThat(RestChannelHarness.thrownFuture(() -> client.batchPublish((BatchPublishSpec) null))
                        .code())
                .isEqualTo(40000);
        assertThat(RestChannelHarness.thrownFuture(() -> client.batchPublish(List.of()))
                        .code())
                .isEqualTo(40000);
    }

    @Test
    void RSC24_batch_presence_gets_presence_with_the_channels_comma_separated() {
        h.answerJson(
                200,
                "{\"successCount\":1,\"failureCount\":1,\"results\":["
                        + "{\"channel\":\"a\",\"presence\":[{\"action\":1,\"clientId\":\"alice\",\"connectionId\":\"c1\","
                        + "\"data\":\"eyJ4IjoxfQ==\",\"encoding\":\"json/base64\"}]},"
                        + "{\"channel\":\"b\",\"error\":{\"code\":40160,\"statusCode\":401,\"message\":\"denied\"}}]}");

        BatchResult<BatchPresenceResult> result = h.await(client.batchPresence(List.of("a", "b")));

        HttpCall call = h.onlyRequest();
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getPath()).isEqualTo("/presence");
        assertThat(param(call, "channels")).isEqualTo("a,b");
        assertThat(result.successCount()).isEqualTo(1);
        assertThat(result.failureCount()).isEqualTo(1);
        BatchPresenceResult.Success success =
                (BatchPresenceResult.Success) result.results().get(0);
        assertThat(success.channel()).isEqualTo("a");
        assertThat(success.presence()).hasSize(1);
        assertThat(success.presence().get(0).clientId()).isEqualTo("alice");
        assertThat(success.presence().get(0).action()).isEqualTo(PresenceAction.PRESENT);
        assertThat(success.presence().get(0).data()).isEqualTo(Json.parse("{\"x\":1}"));
        BatchPresenceResult.Failure failure =
                (BatchPresenceResult.Failure) result.results().get(1);
        assertThat(failure.channel()).isEqualTo("b");
        assertThat(failure.error().code()).isEqualTo(40160);
    }

    @Test
    void RSC24_invalid_channel_lists_are_rejected() {
        assertThat(RestChannelHarness.thrownFuture(() -> client.batchPresence(List.of()))
                        .code())
                .isEqualTo(40000);
        assertThat(RestChannelHarness.thrownFuture(() -> client.batchPresence(null))
                        .code())
                .isEqualTo(40000);
        assertThat(RestChannelHarness.thrownFuture(() -> client.batchPresence(List.of("a", "")))
                        .code())
                .isEqualTo(40010);
        h.rt.drain();
        assertThat(h.http.requests).isEmpty();
    }
}
