package io.ably4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ClientOptions;
import io.ably4j.LogLevel;
import io.ably4j.internal.connection.HostPolicy;
import io.ably4j.internal.util.Log;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpRequester} beyond the UTS cases: the retry limits (TO3l5, TO3l6), the order of hosts after a stored or
 * realtime fallback (RSC15f, RTN17e), what is reported to the {@link HostPolicy}, headers, URIs and final errors.
 */
class HttpRequesterTest {
    private static final String PRIMARY = "main.realtime.ably.net";
    private static final String A = "main.a.fallback.ably-realtime.com";
    private static final String B = "main.b.fallback.ably-realtime.com";
    private static final String C = "main.c.fallback.ably-realtime.com";
    private static final String ERROR_500 = "{\"error\":{\"code\":50000,\"statusCode\":500,\"message\":\"boom\"}}";

    private final FakeRuntime rt = new FakeRuntime();
    private final MockHttp http = rt.http;
    private HostPolicy policy = HostPolicy.of(options(b -> {}));

    @AfterEach
    void close() {
        rt.close();
    }

    private static ClientOptions options(Consumer<ClientOptions.Builder> c) {
        ClientOptions.Builder b = ClientOptions.builder().key("appId.keyId:keySecret");
        c.accept(b);
        return b.build();
    }

    private HttpRequester requester(ClientOptions options, HttpRequester.Limits limits) {
        policy = HostPolicy.of(options);
        return new HttpRequester(options, policy, rt.runtime(), new Log(LogLevel.NONE, null, ""), limits);
    }

    private HttpRequester requester() {
        return requester(options(b -> {}), HttpRequester.Limits.DEFAULTS);
    }

    private ErrorInfo fails(CompletableFuture<?> f) {
        Throwable t = rt.awaitError(f);
        assertThat(t).isInstanceOf(AblyException.class);
        return ((AblyException) t).errorInfo();
    }

    private void byHost(String failing, String... moreFailing) {
        List<String> bad = new java.util.ArrayList<>(List.of(moreFailing));
        bad.add(failing);
        http.handler =
                call -> bad.contains(call.uri().getHost()) ? MockHttp.json(500, ERROR_500) : MockHttp.json(200, "[1]");
    }

    // ---------------------------------------------------------------- limits

    @Test
    void TO3l5_maxRetryCountLimitsTheFallbacksTried() {
        http.handler = call -> MockHttp.json(500, ERROR_500);
        HttpRequester r = requester(
                options(b -> {}), new HttpRequester.Limits(1, Duration.ofSeconds(15), Duration.ofSeconds(10)));

        ErrorInfo error = fails(r.execute(RestRequest.get("/x")));

        assertThat(http.hosts()).containsExactly(PRIMARY, A);
        assertThat(error).isEqualTo(ErrorInfo.of(50000, 500, "boom"));
    }

    @Test
    void TO3l5_zeroRetriesMeansNoFallback() {
        http.handler = call -> MockHttp.json(500, ERROR_500);
        HttpRequester r = requester(
                options(b -> {}), new HttpRequester.Limits(0, Duration.ofSeconds(15), Duration.ofSeconds(10)));

        fails(r.execute(RestRequest.get("/x")));

        assertThat(http.hosts()).containsExactly(PRIMARY);
    }

    @Test
    void RSC15a_allFallbacksTriedOnceWhenTheCountAllows() {
        http.handler = MockHttp::unreachable;
        HttpRequester r = requester(
                options(b -> {}), new HttpRequester.Limits(10, Duration.ofSeconds(15), Duration.ofSeconds(10)));

        ErrorInfo error = fails(r.execute(RestRequest.get("/x")));

        assertThat(http.hosts()).hasSize(6).doesNotHaveDuplicates().startsWith(PRIMARY);
        assertThat(error.code()).isEqualTo(80000);
        assertThat(error.statusCode()).isEqualTo(503);
        assertThat(error.message()).contains("tried 6 hosts").contains("all hosts tried");
    }

    @Test
    void TO3l6_noRetryStartsAfterTheMaxRetryDuration() {
        http.handler = call -> new CompletableFuture<>(); // no host ever answers
        HttpRequester r = requester();
        CompletableFuture<HttpResult> f = r.execute(RestRequest.get("/x"));

        rt.advance(Duration.ofSeconds(10)); // the primary times out at 10 s: a retry may start (10 s <= 15 s)
        assertThat(http.hosts()).containsExactly(PRIMARY, A);
        rt.advance(Duration.ofSeconds(10)); // the fallback times out at 20 s: past 15 s, no more retries

        ErrorInfo error = fails(f);
        assertThat(http.hosts()).containsExactly(PRIMARY, A);
        assertThat(error.code()).isEqualTo(50003);
        assertThat(error.statusCode()).isEqualTo(504);
        assertThat(error.message()).contains("tried 2 hosts").contains("httpMaxRetryDuration");
        assertThat(rt.scheduler.pending()).as("no timer left behind").isZero();
    }

    @Test
    void TO3l6_quickFailuresRetryUntilTheCount() {
        // Each failure takes 5 s: retries start at 5, 10 and 15 s (15 s is not past the limit)
        AtomicInteger n = new AtomicInteger();
        http.handler = call -> {
            n.incrementAndGet();
            CompletableFuture<HttpResult> f = new CompletableFuture<>();
            rt.scheduler.schedule(
                    Duration.ofSeconds(5),
                    () -> f.complete(MockHttp.json(503, "").join()));
            return f;
        };
        HttpRequester r = requester();
        CompletableFuture<HttpResult> f = r.execute(RestRequest.get("/x"));
        rt.advance(Duration.ofSeconds(30));

        ErrorInfo error = fails(f);
        assertThat(n).hasValue(4);
        assertThat(error.statusCode()).isEqualTo(503);
        assertThat(error.code()).isEqualTo(50300);
    }

    @Test
    void limitsAreValidated() {
        assertThatThrownBy(() -> new HttpRequester.Limits(-1, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> new HttpRequester.Limits(1, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> new HttpRequester.Limits(1, Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .isInstanceOf(AblyException.class);
        assertThat(HttpRequester.Limits.DEFAULTS)
                .isEqualTo(new HttpRequester.Limits(3, Duration.ofSeconds(15), Duration.ofSeconds(10)));
    }

    // ---------------------------------------------------------------- host order and the policy

    @Test
    void RSC15f_storedFallbackThatFailsIsForgottenAndTheSequenceRestartsFromThePrimary() {
        HttpRequester r = requester();
        byHost(PRIMARY);
        rt.await(r.execute(RestRequest.get("/x"))); // primary, then A: A stored
        assertThat(policy.preferredHttpHost(rt.scheduler.nanoTime())).isEqualTo(A);

        byHost(PRIMARY, A);
        rt.await(r.execute(RestRequest.get("/x"))); // A fails: primary, then B (A is not tried twice)

        assertThat(http.hosts()).containsExactly(PRIMARY, A, A, PRIMARY, B);
        // B succeeded after A was forgotten in the same instant of the fake clock: B is stored
        assertThat(policy.preferredHttpHost(rt.scheduler.nanoTime())).isEqualTo(B);
        rt.await(r.execute(RestRequest.get("/x")));
        assertThat(http.hosts().get(5)).isEqualTo(B);
    }

    @Test
    void RTN17e_realtimeFallbackIsTriedFirstThenThePrimaryThenTheOthers() {
        HttpRequester r = requester();
        policy.realtimeConnectedTo(C);
        byHost(C, PRIMARY);

        rt.await(r.execute(RestRequest.get("/x")));

        assertThat(http.hosts()).containsExactly(C, PRIMARY, A);
        policy.realtimeConnectedTo(null);
        // A answered after falling back: stored for fallbackRetryTimeout
        assertThat(policy.preferredHttpHost(rt.scheduler.nanoTime())).isEqualTo(A);
    }

    @Test
    void RSC15f_aFallbackThatServesAnErrorIsStillAWorkingHost() {
        HttpRequester r = requester();
        http.handler = call -> call.uri().getHost().equals(PRIMARY)
                ? MockHttp.json(500, ERROR_500)
                : MockHttp.json(401, "{\"error\":{\"code\":40140,\"statusCode\":401,\"message\":\"token\"}}");

        ErrorInfo error = fails(r.execute(RestRequest.get("/x")));

        assertThat(error.code()).isEqualTo(40140);
        assertThat(http.hosts()).containsExactly(PRIMARY, A);
        assertThat(policy.preferredHttpHost(rt.scheduler.nanoTime())).isEqualTo(A);
    }

    @Test
    void RSC15f_aFallbackThatFailsToo_isNotStored() {
        HttpRequester r = requester(
                options(b -> {}), new HttpRequester.Limits(1, Duration.ofSeconds(15), Duration.ofSeconds(10)));
        http.handler = call -> MockHttp.json(500, ERROR_500);

        fails(r.execute(RestRequest.get("/x")));

        assertThat(policy.preferredHttpHost(rt.scheduler.nanoTime())).isEqualTo(PRIMARY);
    }

    @Test
    void cancellingStopsFurtherAttempts() {
        CompletableFuture<HttpResult> held = new CompletableFuture<>();
        http.queue(call -> held);
        http.handler = call -> MockHttp.json(200, "[1]");
        HttpRequester r = requester();
        CompletableFuture<HttpResult> f = r.execute(RestRequest.get("/x"));

        f.cancel(false);
        held.complete(MockHttp.json(500, ERROR_500).join());
        rt.drain();

        assertThat(http.hosts()).containsExactly(PRIMARY);
    }

    @Test
    void aTransportThatThrowsIsAFailedExchange() {
        http.handler = call -> {
            throw new IllegalStateException("bug in a transport");
        };
        ErrorInfo error = fails(requester().execute(RestRequest.get("/x")));

        assertThat(error.code()).isEqualTo(50000);
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(http.hosts()).as("not a host failure: no fallback").containsExactly(PRIMARY);
    }

    // ---------------------------------------------------------------- request form

    @Test
    void RSC7_headersParamsAndBody() {
        http.handler = call -> MockHttp.json(201, "{}");
        byte[] body = {1, 2, 3};
        RestRequest request = RestRequest.builder("post", "/channels/a%2Fb/messages")
                .param("request_id", "id 1&x")
                .param("b", "é")
                .header("x-ably-version", "3") // request()'s own version (RSC19f1) replaces the default
                .header("Content-Type", "application/json")
                .body(body)
                .build();

        HttpResult result = rt.await(requester().execute(request));

        assertThat(result.status()).isEqualTo(201);
        HttpCall call = http.requests.get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.uri().getRawPath()).isEqualTo("/channels/a%2Fb/messages");
        assertThat(call.uri().getRawQuery()).isEqualTo("request_id=id%201%26x&b=%C3%A9");
        assertThat(call.headers())
                .containsEntry("x-ably-version", "3")
                .doesNotContainKey("X-Ably-Version")
                .containsEntry("Content-Type", "application/json")
                .containsKey("Ably-Agent");
        assertThat(call.body()).isSameAs(body);
        assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void RSC7c_sameParamsOnEveryHost() {
        http.queueJson(500, ERROR_500);
        http.handler = call -> MockHttp.json(200, "[1]");

        rt.await(requester()
                .execute(RestRequest.builder("GET", "/x")
                        .param("request_id", "abc")
                        .build()));

        assertThat(http.requests)
                .extracting(c -> c.uri().getRawQuery())
                .containsExactly("request_id=abc", "request_id=abc");
    }

    @Test
    void schemeAndPortFromTheOptions() {
        http.handler = call -> MockHttp.json(200, "[1]");
        rt.await(requester(options(b -> b.tlsPort(8443)), HttpRequester.Limits.DEFAULTS)
                .execute(RestRequest.get("/time")));
        rt.await(requester(
                        options(b -> b.tls(false).token("t").port(8080).endpoint("::1")), HttpRequester.Limits.DEFAULTS)
                .execute(RestRequest.get("/time")));
        rt.await(requester(options(b -> b.tls(false).token("t")), HttpRequester.Limits.DEFAULTS)
                .execute(RestRequest.get("/time")));

        assertThat(http.requests)
                .extracting(c -> c.uri().toString())
                .containsExactly(
                        "https://main.realtime.ably.net:8443/time",
                        "http://[::1]:8080/time",
                        "http://main.realtime.ably.net/time");
    }

    @Test
    void RSC15j_hostHeaderCannotBeGiven() {
        assertThatThrownBy(() -> RestRequest.builder("GET", "/x").header("host", "elsewhere"))
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40000));
        assertThatThrownBy(() -> RestRequest.get("time")).isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> RestRequest.get("/time?x=1")).isInstanceOf(AblyException.class);
    }

    @Test
    void anInvalidPathFailsTheRequestWithoutSendingIt() {
        ErrorInfo error = fails(requester().execute(RestRequest.get("/a b")));

        assertThat(error.code()).isEqualTo(40000);
        assertThat(http.requests).isEmpty();
    }
}
