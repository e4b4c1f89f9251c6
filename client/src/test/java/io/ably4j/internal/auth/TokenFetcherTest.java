package io.ably4j.internal.auth;

import static io.ably4j.internal.auth.FetcherHarness.AUTH_HOST;
import static io.ably4j.internal.auth.FetcherHarness.AUTH_URL;
import static io.ably4j.internal.auth.FetcherHarness.PRIMARY;
import static io.ably4j.internal.auth.FetcherHarness.WALL_START;
import static io.ably4j.internal.auth.FetcherHarness.blocking;
import static io.ably4j.internal.auth.FetcherHarness.body;
import static io.ably4j.internal.auth.FetcherHarness.header;
import static io.ably4j.internal.auth.FetcherHarness.query;
import static io.ably4j.internal.auth.TokenFetcher.Purpose.AUTHENTICATE;
import static io.ably4j.internal.auth.TokenFetcher.Purpose.REQUEST_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthCallback.Result;
import io.ably4j.AuthOptions;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link TokenFetcher}: which source it uses (RSA8), the authUrl request (RSA8c1) and response (RSA8c), the key's
 * signed request and its exchange (RSA8, RSA9), time (RSA9d, RSA10k), threads, and what is logged. The errors are in
 * {@link TokenFetcherErrorsTest}.
 */
class TokenFetcherTest {
    private static final String DETAILS = "{\"token\":\"tok\",\"expires\":1700003600000,\"clientId\":\"c1\"}";
    private static final String TIME_BODY = "[1234567890000]";
    private static final long SERVER_TIME = 1_234_567_890_000L;

    private final FetcherHarness h = new FetcherHarness();

    @AfterEach
    void close() {
        h.close();
    }

    /** Answers the authUrl with {@link #DETAILS} and Ably with a token, /time with {@link #TIME_BODY}. */
    private void answerAll() {
        h.http.handler = call -> {
            if (call.uri().getPath().equals("/time")) {
                return MockHttp.json(200, TIME_BODY);
            }
            return MockHttp.json(
                    200,
                    call.uri().getHost().equals(AUTH_HOST)
                            ? DETAILS
                            : "{\"token\":\"from-ably\",\"keyName\":\"appId.keyId\",\"clientId\":\"token-client\"}");
        };
    }

    // ---------------------------------------------------------------- sources (RSA8)

    @Test
    void RSA8_callbackIsPreferredToAuthUrlAndKey() {
        answerAll();
        AuthOptions options = AuthOptions.builder()
                .key(FetcherHarness.KEY)
                .authUrl(AUTH_URL)
                .authCallback(AuthCallback.blocking(p -> Result.token("from-callback")))
                .build();

        assertThat(h.await(h.fetch(options, AUTHENTICATE)).token()).isEqualTo("from-callback");
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSA8_authUrlIsPreferredToKey() {
        answerAll();
        AuthOptions options =
                AuthOptions.builder().key(FetcherHarness.KEY).authUrl(AUTH_URL).build();

        assertThat(h.await(h.fetch(options, AUTHENTICATE)).token()).isEqualTo("tok");
        assertThat(h.http.hosts()).containsExactly(AUTH_HOST);
    }

    @Test
    void RSA4a_noMeansToObtainAToken_40171_whateverThePurpose() {
        AuthOptions tokenOnly = AuthOptions.builder().token("fixed").build();
        for (TokenFetcher.Purpose purpose : TokenFetcher.Purpose.values()) {
            CompletableFuture<TokenDetails> f = h.fetch(tokenOnly, purpose);
            assertThat(f).isNotDone(); // completes on the runtime executor, not the caller's thread
            ErrorInfo e = h.fails(f);
            assertThat(e.code()).isEqualTo(40171);
            assertThat(e.statusCode()).isEqualTo(401);
        }
        assertThat(h.http.requests).isEmpty();
    }

    // ---------------------------------------------------------------- the key (RSA8, RSA9)

    @Test
    void RSA8_keySignsATokenRequestAndExchangesItWithAbly() {
        answerAll();
        TokenParams params = TokenParams.builder().ttl(60_000L).clientId("me").build();

        TokenDetails got = h.await(h.fetcher.fetch(FetcherHarness.key(), params, REQUEST_TOKEN));

        assertThat(got.token()).isEqualTo("from-ably");
        assertThat(got.clientId()).isEqualTo("token-client");
        assertThat(h.http.requests).hasSize(1);
        HttpCall post = h.http.requests.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.uri().getHost()).isEqualTo(PRIMARY);
        assertThat(post.uri().getPath()).isEqualTo("/keys/appId.keyId/requestToken");
        assertThat(header(post, "Content-Type")).isEqualTo("application/json");
        assertThat(header(post, "Accept")).isEqualTo("application/json");
        assertThat(header(post, "X-Ably-Version")).isNotNull(); // an Ably request (RSC7)
        assertThat(header(post, "Authorization")).isNull(); // a signed request needs no credentials
        TokenRequest sent = TokenRequest.fromJson(body(post));
        assertThat(sent.keyName()).isEqualTo("appId.keyId");
        assertThat(sent.ttl()).isEqualTo(60_000L);
        assertThat(sent.clientId()).isEqualTo("me");
        assertThat(sent.timestamp()).isEqualTo(WALL_START);
        assertThat(sent.nonce()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(sent.mac()).isEqualTo(TokenRequestSigner.mac("keySecret", sent));
    }

    @Test
    void RSA8_keyFallsBackToAnotherAblyHost() {
        h.http.handler = call -> call.uri().getHost().equals(PRIMARY)
                ? MockHttp.unreachable(call)
                : MockHttp.json(200, "{\"token\":\"from-fallback\"}");

        assertThat(h.await(h.fetch(FetcherHarness.key(), AUTHENTICATE)).token()).isEqualTo("from-fallback");
        assertThat(h.http.hosts()).hasSize(2).first().isEqualTo(PRIMARY);
    }

    // ---------------------------------------------------------------- the authUrl request (RSA8c1)

    @Test
    void RSA8c1a_getPutsParamsInQuery_tokenParamsWin_RSA8c2() {
        answerAll();
        AuthOptions options = AuthOptions.builder()
                .authUrl(AUTH_URL)
                .authParams(Map.of("scope", "publish:*", "clientId", "from-auth-params"))
                .build();
        TokenParams params = TokenParams.builder()
                .clientId("from-token-params")
                .ttl(1000L)
                .capability("{\"a b\":[\"*\"]}")
                .build();

        h.await(h.fetcher.fetch(options, params, AUTHENTICATE));

        HttpCall get = h.http.requests.get(0);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.body()).isNull();
        assertThat(query(get.uri()))
                .containsOnly(
                        Map.entry("scope", "publish:*"),
                        Map.entry("clientId", "from-token-params"),
                        Map.entry("ttl", "1000"),
                        Map.entry("capability", "{\"a b\":[\"*\"]}"));
    }

    @Test
    void RSA8c1c_urlQueryParamsAreKept_andLoseConflicts() {
        answerAll();
        AuthOptions options = AuthOptions.builder()
                .authUrl("https://auth.example.com/token?static=a%2Bb&clientId=from-url&flag&scope=from-url")
                .authParams(Map.of("scope", "from-auth-params"))
                .build();

        h.await(h.fetcher.fetch(
                options, TokenParams.builder().clientId("from-token-params").build(), AUTHENTICATE));

        HttpCall get = h.http.requests.get(0);
        assertThat(get.uri().getPath()).isEqualTo("/token");
        // the URL's own parameters not named by authParams or token params stay as written, first
        assertThat(FetcherHarness.rawPairs(get.uri().getRawQuery()))
                .containsExactly("static=a%2Bb", "flag", "scope=from-auth-params", "clientId=from-token-params");
    }

    @Test
    void RSA8c1b_postSendsParamsFormEncodedAndKeepsTheUrl() {
        answerAll();
        AuthOptions options = AuthOptions.builder()
                .authUrl("https://auth.example.com/token?static=1")
                .authMethod("POST")
                .authParams(Map.of("scope", "publish:*", "clientId", "from-auth-params"))
                .build();

        h.await(h.fetcher.fetch(options, TokenParams.builder().clientId("a&b=c").build(), AUTHENTICATE));

        HttpCall post = h.http.requests.get(0);
        assertThat(post.method()).isEqualTo("POST");
        assertThat(post.uri().getRawQuery()).isEqualTo("static=1");
        assertThat(header(post, "Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(FetcherHarness.params(body(post)))
                .containsOnly(Map.entry("scope", "publish:*"), Map.entry("clientId", "a&b=c"));
    }

    @Test
    void RSA8c1_authHeadersAreSent_andMayReplaceTheDefaultAccept() {
        answerAll();
        h.await(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));
        assertThat(header(h.http.requests.get(0), "Accept")).isEqualTo("application/json, text/plain, application/jwt");

        h.await(h.fetch(
                FetcherHarness.authUrl().toBuilder()
                        .authHeaders(Map.of("accept", "text/plain", "X-Mine", "1"))
                        .build(),
                AUTHENTICATE));
        HttpCall second = h.http.requests.get(1);
        assertThat(second.headers().keySet().stream().filter(k -> k.equalsIgnoreCase("accept")))
                .containsExactly("accept");
        assertThat(header(second, "Accept")).isEqualTo("text/plain");
        assertThat(header(second, "X-Mine")).isEqualTo("1");
    }

    @Test
    void RSA8c_authUrlRequestHasNoAblyHeaders_andTheTimeout() {
        answerAll();
        h.await(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));

        HttpCall get = h.http.requests.get(0);
        assertThat(header(get, "X-Ably-Version")).isNull();
        assertThat(header(get, "Ably-Agent")).isNull();
        assertThat(header(get, "Authorization")).isNull();
        assertThat(get.timeout()).isEqualTo(FetcherHarness.TIMEOUT);
    }

    @Test
    void RSA8c_authUrlIsNotRetriedOnAnotherHost() {
        h.http.handler = MockHttp::unreachable;

        h.fails(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));

        assertThat(h.http.hosts()).containsExactly(AUTH_HOST);
    }

    // ---------------------------------------------------------------- the authUrl response (RSA8c)

    private TokenDetails authUrlAnswers(String contentType, String body) {
        h.http.handler = call -> call.uri().getHost().equals(AUTH_HOST)
                ? MockHttp.respond(200, body, Map.of("Content-Type", contentType))
                : MockHttp.json(200, "{\"token\":\"from-ably\"}");
        return h.await(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));
    }

    @Test
    void RSA8c_textPlainAndJwtAreTokenStrings_trimmed() {
        assertThat(authUrlAnswers("text/plain", "plain-token\n")).isEqualTo(TokenDetails.of("plain-token"));
        assertThat(authUrlAnswers("application/jwt", "a.b.c")).isEqualTo(TokenDetails.of("a.b.c"));
        assertThat(authUrlAnswers("text/plain; charset=utf-8", "t2")).isEqualTo(TokenDetails.of("t2"));
    }

    @Test
    void RSA8c_jsonWithTokenIsTokenDetails() {
        TokenDetails got = authUrlAnswers(
                "application/json; charset=utf-8",
                "{\"token\":\"t\",\"expires\":5,\"issued\":1,\"capability\":\"{}\",\"clientId\":\"c\",\"keyName\":\"k\"}");

        assertThat(got)
                .isEqualTo(TokenDetails.builder("t")
                        .expires(5L)
                        .issued(1L)
                        .capability("{}")
                        .clientId("c")
                        .build());
        assertThat(h.http.hosts()).containsExactly(AUTH_HOST);
    }

    @Test
    void RSA8c_jsonWithMacIsATokenRequest_exchangedWithAbly() {
        String request = "{\"keyName\":\"app.key\",\"timestamp\":1,\"nonce\":\"nonce-1234567890ab\",\"mac\":\"m\"}";

        TokenDetails got = authUrlAnswers("application/json", request);

        assertThat(got.token()).isEqualTo("from-ably");
        assertThat(h.http.hosts()).containsExactly(AUTH_HOST, PRIMARY);
        HttpCall exchange = h.http.requests.get(1);
        assertThat(exchange.uri().getPath()).isEqualTo("/keys/app.key/requestToken");
        assertThat(TokenRequest.fromJson(body(exchange))).isEqualTo(TokenRequest.fromJson(request));
    }

    @Test
    void RSA8c_jsonStringIsATokenString() {
        assertThat(authUrlAnswers("application/json", "\"json-token\"")).isEqualTo(TokenDetails.of("json-token"));
    }

    @Test
    void RSA8d_callbackTokenDetailsAreReturnedAsGiven_RSA16b_tokenStringHasOnlyTheToken() {
        TokenDetails details = TokenDetails.builder("t")
                .expires(9L)
                .capability("{\"x\":[\"*\"]}")
                .clientId("c")
                .build();
        assertThat(h.await(h.fetch(blocking(p -> Result.of(details)), AUTHENTICATE)))
                .isEqualTo(details);

        TokenDetails fromString = h.await(h.fetch(blocking(p -> Result.token("just-a-token-string")), AUTHENTICATE));
        assertThat(fromString).isEqualTo(TokenDetails.of("just-a-token-string"));
        assertThat(fromString.expires()).isNull();
        assertThat(fromString.issued()).isNull();
    }

    // ---------------------------------------------------------------- time (RSA9d, RSA10k)

    @Test
    void RSA9d_createTokenRequestUsesTheLocalClockWithoutQueryTime() {
        TokenRequest first = h.await(h.fetcher.createTokenRequest(FetcherHarness.key(), TokenParams.empty()));
        h.advance(Duration.ofSeconds(5));
        TokenRequest second = h.await(h.fetcher.createTokenRequest(FetcherHarness.key(), TokenParams.empty()));

        assertThat(first.timestamp()).isEqualTo(WALL_START);
        assertThat(second.timestamp()).isEqualTo(WALL_START + 5000);
        assertThat(second.mac()).isEqualTo(TokenRequestSigner.mac("keySecret", second));
        assertThat(h.http.requests).isEmpty();
        assertThat(h.fetcher.serverTimeOffset()).isNull();
    }

    @Test
    void RSA10k_queryTimeAsksAblyOnce_thenUsesTheOffset() {
        answerAll();
        AuthOptions options = FetcherHarness.key().toBuilder().queryTime(true).build();

        TokenRequest first = h.await(h.fetcher.createTokenRequest(options, TokenParams.empty()));
        assertThat(first.timestamp()).isEqualTo(SERVER_TIME);
        assertThat(h.fetcher.serverTimeOffset()).isEqualTo(SERVER_TIME - WALL_START);
        assertThat(h.http.requests).hasSize(1);
        HttpCall time = h.http.requests.get(0);
        assertThat(time.method()).isEqualTo("GET");
        assertThat(time.uri().getHost()).isEqualTo(PRIMARY);
        assertThat(time.uri().getPath()).isEqualTo("/time");

        h.advance(Duration.ofSeconds(7));
        TokenRequest second = h.await(h.fetcher.createTokenRequest(options, TokenParams.empty()));
        assertThat(second.timestamp()).isEqualTo(SERVER_TIME + 7000);
        // once known, the offset serves requests without queryTime too (as in ably-js)
        TokenRequest third = h.await(h.fetcher.createTokenRequest(FetcherHarness.key(), TokenParams.empty()));
        assertThat(third.timestamp()).isEqualTo(SERVER_TIME + 7000);
        assertThat(h.http.requests).hasSize(1);
    }

    @Test
    void RSA10k_concurrentRequestsShareOneTimeRequest() {
        answerAll();
        AuthOptions options = FetcherHarness.key().toBuilder().queryTime(true).build();

        CompletableFuture<TokenRequest> a = h.fetcher.createTokenRequest(options, TokenParams.empty());
        CompletableFuture<TokenRequest> b = h.fetcher.createTokenRequest(options, TokenParams.empty());

        assertThat(h.await(a).timestamp()).isEqualTo(SERVER_TIME);
        assertThat(h.await(b).timestamp()).isEqualTo(SERVER_TIME);
        assertThat(h.http.requests).hasSize(1);
    }

    @Test
    void RSA10k_failedTimeRequestFailsTheRequest_andIsTriedAgainNextTime() {
        h.http.handler =
                call -> MockHttp.json(400, "{\"error\":{\"code\":40000,\"statusCode\":400,\"message\":\"no\"}}");
        AuthOptions options = FetcherHarness.key().toBuilder().queryTime(true).build();

        ErrorInfo e = h.fails(h.fetcher.createTokenRequest(options, TokenParams.empty()));
        assertThat(e.code()).isEqualTo(40000);
        assertThat(h.fetcher.serverTimeOffset()).isNull();

        answerAll();
        assertThat(h.await(h.fetcher.createTokenRequest(options, TokenParams.empty()))
                        .timestamp())
                .isEqualTo(SERVER_TIME);
        assertThat(h.http.requests).hasSize(2);
    }

    @Test
    void RSA10k_invalidTimeBodyFailsWith50000() {
        h.http.handler = call -> MockHttp.json(200, "{}");
        AuthOptions options = FetcherHarness.key().toBuilder().queryTime(true).build();

        ErrorInfo e = h.fails(h.fetcher.createTokenRequest(options, TokenParams.empty()));

        assertThat(e.code()).isEqualTo(50000);
        assertThat(h.fetcher.serverTimeOffset()).isNull();
    }

    @Test
    void RSA9d_givenTimestampNeedsNoTimeRequest() {
        AuthOptions options = FetcherHarness.key().toBuilder().queryTime(true).build();

        TokenRequest r = h.await(h.fetcher.createTokenRequest(
                options, TokenParams.builder().timestamp(42L).build()));

        assertThat(r.timestamp()).isEqualTo(42L);
        assertThat(h.http.requests).isEmpty();
    }

    @Test
    void RSA10k_fetchWithKeyAndQueryTimeSignsWithAblysTime() {
        answerAll();
        AuthOptions options = FetcherHarness.key().toBuilder().queryTime(true).build();

        assertThat(h.await(h.fetch(options, AUTHENTICATE)).token()).isEqualTo("from-ably");

        assertThat(h.http.requests)
                .extracting(c -> c.uri().getPath())
                .containsExactly("/time", "/keys/appId.keyId/requestToken");
        assertThat(TokenRequest.fromJson(body(h.http.requests.get(1))).timestamp())
                .isEqualTo(SERVER_TIME);
    }

    @Test
    void RSA9_createTokenRequestWithoutKey_40106() {
        ErrorInfo e = h.fails(h.fetcher.createTokenRequest(FetcherHarness.authUrl(), TokenParams.empty()));

        assertThat(e.code()).isEqualTo(40106);
        assertThat(e.statusCode()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- threads

    @Test
    void RSA8d_callbackRunsOnTheCallbackExecutor_resultOnTheRuntimeExecutor() {
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<TokenDetails> f = h.fetch(
                blocking(p -> {
                    calls.incrementAndGet();
                    return Result.token("t");
                }),
                AUTHENTICATE);

        h.rt.executor.drain();
        assertThat(calls).hasValue(0); // not on the runtime executor
        h.callbacks.drain();
        assertThat(calls).hasValue(1);
        assertThat(f).isNotDone(); // the result waits for the runtime executor
        h.rt.executor.drain();
        assertThat(f).isCompletedWithValue(TokenDetails.of("t"));
    }

    @Test
    void RSA8d_callbackMayCompleteLaterFromAnotherThread() {
        CompletableFuture<Result> later = new CompletableFuture<>();
        CompletableFuture<TokenDetails> f = h.fetch(FetcherHarness.callback(p -> later), AUTHENTICATE);
        h.drain();
        assertThat(f).isNotDone();

        later.complete(Result.token("late-but-in-time"));

        assertThat(h.await(f).token()).isEqualTo("late-but-in-time");
    }

    // ---------------------------------------------------------------- secrets

    @Test
    void secretsAreNeverLogged() {
        String mac = "mac-SECRET-0001";
        h.http.handler = call -> {
            if (call.uri().getHost().equals(AUTH_HOST)) {
                return MockHttp.respond(200, "url-token-SECRET", Map.of("Content-Type", "text/plain"));
            }
            return MockHttp.json(200, "{\"token\":\"ably-token-SECRET\"}");
        };
        TokenRequest request = TokenRequest.builder()
                .keyName("app.key")
                .timestamp(1L)
                .nonce("nonce-1234567890ab")
                .mac(mac)
                .build();

        h.await(h.fetch(FetcherHarness.key(), AUTHENTICATE));
        h.await(h.fetch(blocking(p -> Result.of(request)), REQUEST_TOKEN));
        h.await(h.fetch(blocking(p -> Result.token("callback-token-SECRET")), REQUEST_TOKEN));
        h.await(h.fetcher.fetch(
                FetcherHarness.authUrl().toBuilder()
                        .authParams(Map.of("p", "param-SECRET"))
                        .authHeaders(Map.of("X-Api-Key", "header-SECRET"))
                        .build(),
                TokenParams.empty(),
                AUTHENTICATE));

        assertThat(h.logLines).isNotEmpty();
        assertThat(h.log()).doesNotContain("SECRET").doesNotContain("keySecret").contains("Obtained a token");
        List<String> macs = h.http.requestsTo("/keys/appId.keyId/").stream()
                .map(c -> TokenRequest.fromJson(body(c)).mac())
                .toList();
        assertThat(macs).hasSize(1).allSatisfy(m -> assertThat(h.log()).doesNotContain(m));
    }
}
