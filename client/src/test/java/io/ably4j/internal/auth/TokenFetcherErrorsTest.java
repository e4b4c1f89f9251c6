package io.ably4j.internal.auth;

import static io.ably4j.internal.auth.FetcherHarness.AUTH_HOST;
import static io.ably4j.internal.auth.FetcherHarness.TIMEOUT;
import static io.ably4j.internal.auth.FetcherHarness.blocking;
import static io.ably4j.internal.auth.TokenFetcher.Purpose.AUTHENTICATE;
import static io.ably4j.internal.auth.TokenFetcher.Purpose.REQUEST_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.AuthCallback;
import io.ably4j.AuthCallback.Result;
import io.ably4j.AuthOptions;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenRequest;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenFetcher}'s errors: 80019 with the cause when authenticating (RSA4c, RSA4c1), 80019/403 for a 403 (RSA4d),
 * 40170/401 for the app's callback or authUrl when requesting a token and Ably's own errors unchanged (RSA4e), and the
 * invalid formats (RSA4f). Null results, exceptions, failed stages and timeouts each give a code; nothing hangs. The
 * realtime UTS cases of {@code auth_callback_errors_test.md} check the connection state as well; here is their token
 * half.
 */
class TokenFetcherErrorsTest {
    private static final String ERROR_50000 =
            "{\"error\":{\"code\":50000,\"statusCode\":500,\"message\":\"Auth server unavailable\"}}";

    private final FetcherHarness h = new FetcherHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private static void is80019(ErrorInfo e, int status) {
        assertThat(e.code()).isEqualTo(80019);
        assertThat(e.statusCode()).isEqualTo(status);
        assertThat(e.cause()).as("cause").isNotNull();
    }

    private static void is40170(ErrorInfo e) {
        assertThat(e.code()).isEqualTo(40170);
        assertThat(e.statusCode()).isEqualTo(401);
    }

    private static ErrorInfo cause(ErrorInfo e) {
        ErrorInfo c = e.cause();
        if (c == null) {
            throw new AssertionError("no cause: " + e);
        }
        return c;
    }

    /**
     * App code as apps write it, without nullness annotations: it may return null where the API says it must not, and
     * the fetcher must cope (RSA4f). Outside the null-checked scope on purpose, and only this.
     */
    @NullUnmarked
    private static final class Unannotated {
        static final AuthCallback NULL_STAGE = params -> null;
    }

    // ---------------------------------------------------------------- the callback: RSA4c, RSA4d, RSA4e

    @Test
    void RSA4c_callbackThrowsAblyException_80019_401_withTheCause() {
        ErrorInfo e = h.fails(h.fetch(
                blocking(p -> {
                    throw AblyException.of(50000, 500, "Auth server unavailable");
                }),
                AUTHENTICATE));

        is80019(e, 401);
        assertThat(cause(e)).isEqualTo(ErrorInfo.of(50000, 500, "Auth server unavailable"));
        assertThat(e.message()).contains("Auth server unavailable");
    }

    @Test
    void RSA4e_callbackThrowsAblyException_40170_withTheCause() {
        ErrorInfo e = h.fails(h.fetch(
                blocking(p -> {
                    throw AblyException.of(50000, 500, "Auth server unavailable");
                }),
                REQUEST_TOKEN));

        is40170(e);
        assertThat(cause(e).code()).isEqualTo(50000);
        assertThat(e.message()).contains("Auth server unavailable");
    }

    @Test
    void RSA4c_callbackThrowsOtherException_80019_causedBy40170() {
        AblyException x = h.failure(h.fetch(
                blocking(p -> {
                    throw new IOException("connection reset");
                }),
                AUTHENTICATE));

        is80019(x.errorInfo(), 401);
        is40170(cause(x.errorInfo()));
        assertThat(cause(x.errorInfo()).message()).contains("IOException").contains("connection reset");
        assertThat(x.getCause()).isInstanceOf(IOException.class);
    }

    @Test
    void RSA4c_callbackStageFails_80019() {
        AuthOptions options =
                FetcherHarness.callback(p -> CompletableFuture.failedFuture(AblyException.of(50300, 503, "try later")));

        ErrorInfo e = h.fails(h.fetch(options, AUTHENTICATE));

        is80019(e, 401);
        assertThat(cause(e).code()).isEqualTo(50300);
    }

    @Test
    void RSA4f_callbackReturnsNullStage_40170() {
        AuthOptions options = FetcherHarness.callback(Unannotated.NULL_STAGE);

        ErrorInfo auth = h.fails(h.fetch(options, AUTHENTICATE));
        ErrorInfo request = h.fails(h.fetch(options, REQUEST_TOKEN));

        is80019(auth, 401);
        is40170(cause(auth));
        is40170(request);
        assertThat(request.message()).contains("null");
    }

    @Test
    void RSA4f_callbackCompletesWithNull_40170() {
        AuthOptions options = FetcherHarness.callback(p -> CompletableFuture.completedFuture(null));

        ErrorInfo e = h.fails(h.fetch(options, REQUEST_TOKEN));

        is40170(e);
        assertThat(e.message()).contains("null");
    }

    @Test
    void RSA4c_callbackExecutorRefuses_80019() {
        try (FetcherHarness refusing = new FetcherHarness(r -> {
            throw new RejectedExecutionException("shut down");
        })) {
            AtomicInteger calls = new AtomicInteger();

            ErrorInfo e = refusing.fails(refusing.fetch(
                    blocking(p -> {
                        calls.incrementAndGet();
                        return Result.token("t");
                    }),
                    AUTHENTICATE));

            is80019(e, 401);
            assertThat(cause(e).message()).contains("RejectedExecutionException");
            assertThat(calls).hasValue(0);
        }
    }

    @Test
    void RSA4c_callbackThrowsError_failsTheFetch_andTheErrorReachesTheExecutor() {
        CompletableFuture<TokenDetails> f = h.fetch(
                blocking(p -> {
                    throw new AssertionError("bug in the app");
                }),
                AUTHENTICATE);

        assertThatThrownBy(h.callbacks::drain).isInstanceOf(AssertionError.class);
        ErrorInfo e = h.fails(f);
        is80019(e, 401);
        assertThat(cause(e).message()).contains("bug in the app");
    }

    @Test
    void RSA4d_callback403_80019_403() {
        ErrorInfo e = h.fails(h.fetch(
                blocking(p -> {
                    throw AblyException.of(40300, 403, "Account disabled");
                }),
                AUTHENTICATE));

        is80019(e, 403);
        assertThat(cause(e)).isEqualTo(ErrorInfo.of(40300, 403, "Account disabled"));
    }

    @Test
    void RSA4d1_callback403_whenRequestingAToken_40170() {
        ErrorInfo e = h.fails(h.fetch(
                blocking(p -> {
                    throw AblyException.of(40300, 403, "Account disabled");
                }),
                REQUEST_TOKEN));

        is40170(e);
        assertThat(cause(e).statusCode()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- timeouts: RSA4c

    @Test
    void RSA4c_callbackTimeout_80019() {
        CompletableFuture<Result> never = new CompletableFuture<>();
        CompletableFuture<TokenDetails> f = h.fetch(FetcherHarness.callback(p -> never), AUTHENTICATE);

        h.advance(TIMEOUT.minusMillis(1));
        assertThat(f).isNotDone();
        h.advance(Duration.ofMillis(1));

        ErrorInfo e = h.fails(f);
        is80019(e, 401);
        assertThat(cause(e).code()).isEqualTo(50003);
        assertThat(cause(e).statusCode()).isEqualTo(504);
        assertThat(h.rt.scheduler.pending()).isZero();

        never.complete(Result.token("too-late")); // ignored
        h.drain();
        assertThat(f.isCompletedExceptionally()).isTrue();
    }

    @Test
    void RSA4e_callbackTimeout_40170() {
        CompletableFuture<TokenDetails> f =
                h.fetch(FetcherHarness.callback(p -> new CompletableFuture<>()), REQUEST_TOKEN);

        h.advance(TIMEOUT);

        ErrorInfo e = h.fails(f);
        is40170(e);
        assertThat(cause(e).code()).isEqualTo(50003);
    }

    @Test
    void RSA4c_callbackStillQueuedAtTheDeadlineIsNotInvoked() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<TokenDetails> f = h.fetch(
                blocking(p -> {
                    calls.incrementAndGet();
                    return Result.token("t");
                }),
                AUTHENTICATE);

        h.rt.scheduler.advance(TIMEOUT); // the callback executor is busy: not drained
        assertThat(f.isCompletedExceptionally()).isTrue();
        h.callbacks.drain();

        assertThat(calls).hasValue(0);
    }

    @Test
    void RSA4c_timerIsCancelledOnceTheCallbackAnswers() {
        h.await(h.fetch(blocking(p -> Result.token("t")), AUTHENTICATE));

        assertThat(h.rt.scheduler.pending()).isZero();
    }

    @Test
    void RSA4c_authUrlTimeout_80019_andTheRequestIsCancelled() {
        CompletableFuture<HttpResult> held = new CompletableFuture<>();
        h.http.handler = call -> held;
        CompletableFuture<TokenDetails> f = h.fetch(FetcherHarness.authUrl(), AUTHENTICATE);

        h.advance(TIMEOUT.minusMillis(1));
        assertThat(f).isNotDone();
        h.advance(Duration.ofMillis(1));

        ErrorInfo e = h.fails(f);
        is80019(e, 401);
        assertThat(cause(e).code()).isEqualTo(50003);
        assertThat(cause(e).message()).contains(AUTH_HOST);
        assertThat(held).isCancelled();
    }

    @Test
    void RSA4e_authUrlTransportTimeout_40170() {
        h.http.handler = MockHttp::timeout;

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.authUrl(), REQUEST_TOKEN));

        is40170(e);
        assertThat(cause(e).code()).isEqualTo(50003);
    }

    // ---------------------------------------------------------------- the authUrl: RSA4c, RSA4d, RSA4e

    @Test
    void RSA4c_authUrlNetworkError_80019_causedBy80000() {
        h.http.handler = MockHttp::dnsError;

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));

        is80019(e, 401);
        assertThat(cause(e).code()).isEqualTo(80000);
    }

    @Test
    void RSA4c_authUrlTransportThrows_80019() {
        h.http.handler = call -> {
            throw new IllegalArgumentException("restricted header");
        };

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));

        is80019(e, 401);
        assertThat(cause(e).code()).isEqualTo(40000);
    }

    @Test
    void RSA4c_authUrl500_80019_withTheAblyErrorFromTheBody() {
        h.http.handler = call -> MockHttp.json(500, ERROR_50000);

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));

        is80019(e, 401);
        assertThat(cause(e).code()).isEqualTo(50000);
        assertThat(cause(e).message()).isEqualTo("Auth server unavailable");
    }

    @Test
    void RSA4d_authUrl403_80019_403() {
        h.http.handler = call -> MockHttp.respond(403, "Forbidden", Map.of("Content-Type", "text/plain"));

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));

        is80019(e, 403);
        assertThat(cause(e).statusCode()).isEqualTo(403);
        assertThat(cause(e).code()).isEqualTo(40300);
    }

    @Test
    void RSA4d_authUrlErrorWithStatusCode403InTheBody_80019_403() {
        h.http.handler = call ->
                MockHttp.json(400, "{\"error\":{\"code\":40300,\"statusCode\":403,\"message\":\"account disabled\"}}");

        is80019(h.fails(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE)), 403);
    }

    @Test
    void RSA4d_authUrl403WithAnotherStatusCodeInTheBody_80019_403() {
        h.http.handler =
                call -> MockHttp.json(403, "{\"error\":{\"code\":40100,\"statusCode\":401,\"message\":\"no\"}}");

        is80019(h.fails(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE)), 403);
    }

    @Test
    void RSA4d1_authUrl403_whenRequestingAToken_40170() {
        h.http.handler = call -> MockHttp.respond(403, "Forbidden", Map.of("Content-Type", "text/plain"));

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.authUrl(), REQUEST_TOKEN));

        is40170(e);
        assertThat(cause(e).statusCode()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- Ably's requestToken: RSA4c, RSA4d, RSA4e

    private static final String ERROR_40101 =
            "{\"error\":{\"code\":40101,\"statusCode\":401,\"message\":\"Invalid credentials\"}}";

    @Test
    void RSA4e_ablyErrorFromRequestToken_isPassedOnUnchanged() {
        h.http.handler = call -> MockHttp.json(401, ERROR_40101);

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.key(), REQUEST_TOKEN));

        assertThat(e.code()).isEqualTo(40101);
        assertThat(e.statusCode()).isEqualTo(401);
        assertThat(e.message()).isEqualTo("Invalid credentials");
        assertThat(e.cause()).isNull();
    }

    @Test
    void RSA4e_ablyErrorExchangingTheCallbacksTokenRequest_isPassedOnUnchanged() {
        h.http.handler = call -> MockHttp.json(401, ERROR_40101);
        TokenRequest request =
                TokenRequest.builder().keyName("app.key").mac("m").build();

        ErrorInfo e = h.fails(h.fetch(blocking(p -> Result.of(request)), REQUEST_TOKEN));

        assertThat(e.code()).isEqualTo(40101);
    }

    @Test
    void RSA4c_ablyErrorFromRequestToken_80019_withTheCause() {
        h.http.handler = call -> MockHttp.json(401, ERROR_40101);

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.key(), AUTHENTICATE));

        is80019(e, 401);
        assertThat(cause(e).code()).isEqualTo(40101);
    }

    @Test
    void RSA4d_requestToken403_80019_403() {
        h.http.handler =
                call -> MockHttp.json(403, "{\"error\":{\"code\":40300,\"statusCode\":403,\"message\":\"disabled\"}}");
        TokenRequest request =
                TokenRequest.builder().keyName("app.key").mac("m").build();

        is80019(h.fails(h.fetch(FetcherHarness.key(), AUTHENTICATE)), 403);
        is80019(h.fails(h.fetch(blocking(p -> Result.of(request)), AUTHENTICATE)), 403);
    }

    @Test
    void RSA4c_requestTokenAnswerIsNotTokenDetails_80019_causedBy50000() {
        h.http.handler = call -> MockHttp.json(200, "{\"nothing\":true}");

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.key(), AUTHENTICATE));

        is80019(e, 401);
        assertThat(cause(e).code()).isEqualTo(50000);
    }

    @Test
    void RSA4c_timeRequestFails_80019() {
        h.http.handler =
                call -> MockHttp.json(400, "{\"error\":{\"code\":40000,\"statusCode\":400,\"message\":\"x\"}}");
        AuthOptions options = FetcherHarness.key().toBuilder().queryTime(true).build();

        ErrorInfo e = h.fails(h.fetch(options, AUTHENTICATE));

        is80019(e, 401);
        assertThat(cause(e).code()).isEqualTo(40000);
        assertThat(h.http.requests).hasSize(1); // no requestToken without a timestamp
    }

    // ---------------------------------------------------------------- invalid formats: RSA4f

    private ErrorInfo authUrlAnswers(int status, String body, Map<String, String> headers) {
        h.http.handler = call -> MockHttp.respond(status, body, headers);
        ErrorInfo request = h.fails(h.fetch(FetcherHarness.authUrl(), REQUEST_TOKEN));
        ErrorInfo auth = h.fails(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));
        is80019(auth, 401);
        assertThat(cause(auth)).isEqualTo(request);
        return request;
    }

    private ErrorInfo authUrlAnswers(String contentType, String body) {
        return authUrlAnswers(200, body, Map.of("Content-Type", contentType));
    }

    @Test
    void RSA4f_unknownContentType_40170_withoutTheBody() {
        ErrorInfo e = authUrlAnswers("text/html", "<html>token-SECRET</html>");

        is40170(e);
        assertThat(e.message()).contains("text/html").doesNotContain("SECRET");
    }

    @Test
    void RSA4f_noContentType_40170() {
        ErrorInfo e = authUrlAnswers(200, "a-token", Map.of());

        is40170(e);
        assertThat(e.message()).contains("Content-Type");
    }

    @Test
    void RSA4f_authUrlBodyOver128KiB_40170() {
        ErrorInfo e = authUrlAnswers("text/plain", "x".repeat(128 * 1024 + 1));

        is40170(e);
        assertThat(e.message()).contains("131073");
    }

    @Test
    void RSA4f_invalidJson_40170_withoutTheBody() {
        ErrorInfo e = authUrlAnswers("application/json", "{\"token\": SECRET");

        is40170(e);
        assertThat(e.message()).doesNotContain("SECRET");
    }

    @Test
    void RSA4f_jsonNeitherTokenDetailsNorTokenRequest_40170() {
        is40170(authUrlAnswers("application/json", "{\"keyName\":\"app.key\"}"));
        is40170(authUrlAnswers("application/json", "[\"a\"]"));
        is40170(authUrlAnswers("application/json", "{\"token\":5}"));
    }

    @Test
    void RSA4f_emptyNullOrJsonTextAsTokenString_40170() {
        is40170(authUrlAnswers("text/plain", ""));
        is40170(authUrlAnswers("text/plain", "  \n"));
        is40170(authUrlAnswers("text/plain", "null"));
        is40170(authUrlAnswers("application/jwt", "undefined"));
        is40170(authUrlAnswers("text/plain", "{\"token\":\"abc\"}"));
        is40170(authUrlAnswers("application/json", "{\"token\":\"\"}"));
        assertThat(h.http.hosts()).containsOnly(AUTH_HOST); // nothing was sent to Ably
    }

    /** The token half of UTS realtime/unit/RSA4f/callback-oversized-token-format-1, and its boundary. */
    @Test
    void RSA4f_callbackTokenOver128KiB_80019_causedBy40170() {
        ErrorInfo e = h.fails(h.fetch(blocking(p -> Result.token("x".repeat(131_073))), AUTHENTICATE));
        is80019(e, 401);
        is40170(cause(e));

        String largest = "x".repeat(131_072);
        assertThat(h.await(h.fetch(blocking(p -> Result.token(largest)), AUTHENTICATE))
                        .token())
                .isEqualTo(largest);
    }

    @Test
    void RSA4f_callbackTokenSizeIsCountedInUtf8Bytes() {
        String token = "é".repeat(65_537); // 131074 bytes

        is40170(h.fails(h.fetch(blocking(p -> Result.token(token)), REQUEST_TOKEN)));
    }

    @Test
    void RSA4f_callbackTokenDetailsOrTokenRequestOver128KiB_40170() {
        String big = "c".repeat(131_072);
        TokenDetails details = TokenDetails.builder("t").capability(big).build();
        TokenRequest request = TokenRequest.builder()
                .keyName("app.key")
                .capability(big)
                .mac("m")
                .build();

        is40170(h.fails(h.fetch(blocking(p -> Result.of(details)), REQUEST_TOKEN)));
        is40170(h.fails(h.fetch(blocking(p -> Result.of(request)), REQUEST_TOKEN)));
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSA4f_callbackTokenRequestWithoutKeyName_40170() {
        TokenRequest request = TokenRequest.builder().mac("m").build();

        is40170(h.fails(h.fetch(blocking(p -> Result.of(request)), REQUEST_TOKEN)));
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSA4f_callbackTokenDetailsWithEmptyToken_40170() {
        is40170(h.fails(h.fetch(blocking(p -> Result.of(TokenDetails.of(""))), REQUEST_TOKEN)));
    }

    @Test
    void RSA4f_callbackTokenStringOfNullOrJson_40170() {
        is40170(h.fails(h.fetch(blocking(p -> Result.token("null")), REQUEST_TOKEN)));
        is40170(h.fails(h.fetch(blocking(p -> Result.token("{\"token\":\"x\"}")), REQUEST_TOKEN)));
    }

    // ---------------------------------------------------------------- no hang, every way

    @Test
    void everyFailureCompletesTheFutureWithAnAblyException() {
        Supplier<AuthCallback> failing = () -> p -> {
            throw new NullPointerException();
        };
        CompletableFuture<TokenDetails> f = h.fetch(FetcherHarness.callback(failing.get()), AUTHENTICATE);

        AblyException x = h.failure(f);

        is80019(x.errorInfo(), 401);
        assertThat(cause(x.errorInfo()).message()).contains("NullPointerException");
        assertThat(h.rt.scheduler.pending()).isZero();
    }
}
