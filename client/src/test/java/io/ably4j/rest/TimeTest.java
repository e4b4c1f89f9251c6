package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.RealtimeClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.ErrorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/time.md} (RSC16) and {@code realtime/unit/client/realtime_time.md} (RTC6a): {@link
 * RealtimeClient#time()}. RTC6a says the RSC16 cases are run on a realtime client, which is what every case here does:
 * a client with {@code autoConnect(false)} stands in for the UTS {@code Rest} client.
 */
class TimeTest {
    private static final long SERVER_TIME = 1704067200000L; // 2024-01-01 00:00:00 UTC

    private final RestHarness h = new RestHarness();
    private final FakeRuntime rt = h.rt;
    private final MockHttp http = h.http;

    @AfterEach
    void close() {
        h.close();
    }

    private void answerTime() {
        http.handler = call -> MockHttp.json(200, "[" + SERVER_TIME + "]");
    }

    @Test
    void RSC16_returns_server_time_0() {
        answerTime();
        RealtimeClient client = h.client(b -> b.key("app.key:secret"));

        long result = h.time(client);

        assertThat(result).isEqualTo(SERVER_TIME);
        assertThat(http.requests).hasSize(1);
        HttpCall request = http.requests.get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.uri().getPath()).isEqualTo("/time");
    }

    @Test
    void RSC16_request_format_get_time_1() {
        answerTime();
        RealtimeClient client = h.client(b -> b.key("app.key:secret"));

        h.time(client);

        assertThat(http.requests).hasSize(1);
        HttpCall request = http.requests.get(0);
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.uri().getPath()).isEqualTo("/time");
        assertThat(request.uri().getQuery()).isNull();
        assertThat(request.uri().getScheme()).isEqualTo("https");
        assertThat(request.headers()).containsEntry("X-Ably-Version", "6");
        assertThat(request.headers().get("Ably-Agent")).matches("ably4j/\\d+\\.\\d+\\.\\d+ jre/\\S+");
        assertThat(request.headers()).containsEntry("Accept", "application/json");
    }

    @Test
    void RSC16_no_auth_required_2() {
        answerTime();
        RealtimeClient client = h.client(b -> b.key("app.key:secret"));

        assertThat(h.time(client)).isEqualTo(SERVER_TIME);

        assertThat(http.requests).hasSize(1);
        HttpCall request = http.requests.get(0);
        assertThat(request.headers().keySet()).noneMatch(name -> name.equalsIgnoreCase("Authorization"));
        assertThat(request.uri().toString()).doesNotContain("secret").doesNotContain("key=");
    }

    /**
     * The UTS uses {@code useTokenAuth: true} with the key, an option that comes with token auth; a token does the same
     * here: it keeps basic auth, which RSC18 forbids without TLS, out of the client.
     */
    @Test
    void RSC16_works_without_tls_3() {
        answerTime();
        RealtimeClient client =
                h.client(b -> b.key("app.key:secret").token("a-token").tls(false));

        assertThat(h.time(client)).isEqualTo(SERVER_TIME);

        assertThat(http.requests).hasSize(1);
        HttpCall request = http.requests.get(0);
        assertThat(request.uri().getScheme()).isEqualTo("http");
        assertThat(request.uri().getPort()).as("default port 80").isEqualTo(-1);
        assertThat(request.headers().keySet()).noneMatch(name -> name.equalsIgnoreCase("Authorization"));
        assertThat(request.uri().toString()).doesNotContain("a-token");
    }

    @Test
    void RSC16_error_propagated_4() {
        http.handler = call -> MockHttp.json(
                500, "{\"error\":{\"message\":\"Internal server error\",\"code\":50000,\"statusCode\":500}}");
        RealtimeClient client = h.client(b -> b.key("app.key:secret"));

        ErrorInfo error = h.timeFails(client);

        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error.code()).isEqualTo(50000);
        assertThat(error.message()).isEqualTo("Internal server error");
    }

    @Test
    void RTC6_time_proxies_rest_0() {
        // RTC6a: the realtime client's time() is the REST one, with a future as its asynchronous interface; it
        // completes on the client's callback executor, not on the thread that completed the HTTP exchange.
        List<Runnable> callbacks = new ArrayList<>();
        Executor callbackExecutor = callbacks::add;
        answerTime();
        RealtimeClient client = h.client(b -> b.callbackExecutor(callbackExecutor));

        CompletableFuture<Long> time = client.time();
        rt.drain();
        assertThat(http.requests).hasSize(1);
        assertThat(time).as("completes only on the callback executor").isNotDone();
        while (!callbacks.isEmpty()) {
            callbacks.remove(0).run();
        }

        assertThat(time).isCompletedWithValue(SERVER_TIME);
    }

    @Test
    void RSC16_returns_server_time_0_invalidBody() {
        http.handler = call -> MockHttp.json(200, "{\"time\":1}");
        RealtimeClient client = h.client();

        ErrorInfo error = h.timeFails(client);

        assertThat(error.code()).isEqualTo(50000);
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error.message()).contains("/time");
        assertThat(http.requests).as("a 200 is no host failure: no fallback").hasSize(1);
    }
}
