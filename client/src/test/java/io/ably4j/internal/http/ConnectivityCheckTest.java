package io.ably4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.MockHttp;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ConnectivityCheck} (RTN17j, REC3): true iff a 2xx response containing "yes" arrives in time. */
class ConnectivityCheckTest {
    private static final URI URL = URI.create("https://check.example.com/up");

    private final FakeRuntime rt = new FakeRuntime();
    private final MockHttp http = rt.http;
    private final ConnectivityCheck check =
            new ConnectivityCheck(http, rt.scheduler, rt.executor, URL, Duration.ofSeconds(3));

    @AfterEach
    void close() {
        rt.close();
    }

    private boolean answer(int status, String body) {
        http.handler = call -> MockHttp.respond(status, body);
        return rt.await(check.check());
    }

    @Test
    void RTN17j_anyTwoHundredWithYesInTheBody() {
        assertThat(answer(200, "yes")).isTrue();
        assertThat(answer(204, "yes")).isTrue();
        assertThat(answer(200, "yes\n")).isTrue();
        assertThat(answer(200, "the answer is yes")).isTrue();
    }

    @Test
    void RTN17j_anythingElseIsNoConnectivity() {
        assertThat(answer(200, "YES")).isFalse();
        assertThat(answer(200, "no")).isFalse();
        assertThat(answer(500, "yes")).isFalse();
        assertThat(answer(301, "yes")).isFalse();
        http.handler = MockHttp::dnsError;
        assertThat(rt.await(check.check())).isFalse();
        http.handler = call -> {
            throw new IllegalStateException("broken transport");
        };
        assertThat(rt.await(check.check())).isFalse();
    }

    @Test
    void REC3_getsTheUrlWithTheAgentAndNoCredentials() {
        answer(200, "yes");

        HttpCall call = http.requests.get(0);
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri()).isEqualTo(URL);
        assertThat(call.headers()).containsOnlyKeys("Ably-Agent");
        assertThat(call.body()).isNull();
        assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(check.url()).isEqualTo(URL);
    }

    @Test
    void RTN17j_answerAfterTheTimeoutIsIgnored() {
        CompletableFuture<HttpResult> held = new CompletableFuture<>();
        http.handler = call -> held;
        CompletableFuture<Boolean> result = check.check();
        rt.advance(Duration.ofSeconds(3));

        assertThat(rt.await(result)).isFalse();
        assertThat(rt.scheduler.pending()).isZero();
    }

    @Test
    void RTN17j_answerBeforeTheTimeoutCancelsTheTimer() {
        CompletableFuture<HttpResult> held = new CompletableFuture<>();
        http.handler = call -> held;
        CompletableFuture<Boolean> result = check.check();
        rt.advance(Duration.ofMillis(2999));
        held.complete(MockHttp.respond(200, "yes").join());

        assertThat(rt.await(result)).isTrue();
        assertThat(rt.scheduler.pending()).isZero();
    }

    @Test
    void RTN17j_theBodyReadIsLimited_andATooLargeOneIsNoConnectivity() {
        http.handler = call -> CompletableFuture.failedFuture(new ResponseTooLargeException(call.maxBodyBytes(), -1));

        assertThat(rt.await(check.check())).isFalse();
        assertThat(http.requests.get(0).maxBodyBytes()).isEqualTo(ConnectivityCheck.MAX_BODY_BYTES);
    }

    @Test
    void RTN17j_cancellingTheCheck_cancelsTheRequestAndTheTimer() {
        CompletableFuture<HttpResult> held = new CompletableFuture<>();
        http.handler = call -> held;
        CompletableFuture<Boolean> result = check.check();
        rt.drain();

        result.cancel(true);
        rt.drain();

        assertThat(held).isCancelled();
        assertThat(rt.scheduler.pending()).isZero();
    }
}
