package io.ably4j.internal.auth;

import static io.ably4j.internal.auth.FetcherHarness.AUTH_HOST;
import static io.ably4j.internal.auth.FetcherHarness.PRIMARY;
import static io.ably4j.internal.auth.FetcherHarness.blocking;
import static io.ably4j.internal.auth.FetcherHarness.query;
import static io.ably4j.internal.auth.TokenFetcher.Purpose.AUTHENTICATE;
import static io.ably4j.internal.auth.TokenFetcher.Purpose.REQUEST_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback.Result;
import io.ably4j.AuthOptions;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The UTS cases of {@code rest/unit/auth/auth_callback.md}, {@code rest/unit/auth/token_request_params.md} and {@code
 * realtime/unit/auth/auth_callback_errors_test.md} that concern obtaining a token, translated against {@link
 * TokenFetcher} without a REST client. The UTS cases make a REST request and look at its {@code Authorization} header;
 * here the token the fetcher returns is what that header would carry, and the requests the {@link MockHttp} sees are
 * the token requests alone (there is no API request after them). Cases that need {@code defaultTokenParams} merging,
 * the Authorization header or {@code Auth#tokenDetails} are left to the auth state's and the REST client's tests.
 */
class TokenFetcherUtsTest {
    private final FetcherHarness h = new FetcherHarness();

    @AfterEach
    void close() {
        h.close();
    }

    private static final String TOKEN_DETAILS_JSON = "{\"token\":\"%s\",\"expires\":1700003600000}";

    // ---------------------------------------------------------------- rest/unit/auth/auth_callback.md

    /** UTS rest/unit/RSA8d/callback-invoked-for-auth-0. */
    @Test
    void RSA8d_callback_invoked_for_auth_0() {
        AtomicInteger invoked = new AtomicInteger();
        AtomicReference<TokenParams> received = new AtomicReference<>();
        TokenParams params = TokenParams.builder().clientId("c").build();
        TokenDetails details = TokenDetails.builder("callback-token")
                .expires(1_700_003_600_000L)
                .build();

        TokenDetails got = h.await(h.fetcher.fetch(
                blocking(p -> {
                    invoked.incrementAndGet();
                    received.set(p);
                    return Result.of(details);
                }),
                params,
                AUTHENTICATE));

        assertThat(invoked).hasValue(1);
        assertThat(received.get()).isEqualTo(params);
        assertThat(got).isEqualTo(details);
        assertThat(h.http.requests).isEmpty();
    }

    /** UTS rest/unit/RSA8d/callback-returns-jwt-1. */
    @Test
    void RSA8d_callback_returns_jwt_1() {
        String jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.test-jwt-payload";

        TokenDetails got = h.await(h.fetch(blocking(p -> Result.token(jwt)), AUTHENTICATE));

        assertThat(got).isEqualTo(TokenDetails.of(jwt));
        assertThat(h.http.requests).isEmpty();
    }

    /** UTS rest/unit/RSA8d/callback-returns-token-request-2. */
    @Test
    void RSA8d_callback_returns_token_request_2() {
        TokenRequest request = TokenRequest.builder()
                .keyName("app.key")
                .ttl(3_600_000L)
                .timestamp(FetcherHarness.WALL_START)
                .nonce("unique-nonce")
                .mac("computed-mac")
                .build();
        h.http.handler = call -> MockHttp.json(200, TOKEN_DETAILS_JSON.formatted("exchanged-token"));

        TokenDetails got = h.await(h.fetch(blocking(p -> Result.of(request)), AUTHENTICATE));

        assertThat(h.http.requests).hasSize(1);
        HttpCall exchange = h.http.requests.get(0);
        assertThat(exchange.method()).isEqualTo("POST");
        assertThat(exchange.uri().getHost()).isEqualTo(PRIMARY);
        assertThat(exchange.uri().getPath()).isEqualTo("/keys/app.key/requestToken");
        assertThat(TokenRequest.fromJson(FetcherHarness.body(exchange))).isEqualTo(request);
        assertThat(got.token()).isEqualTo("exchanged-token");
        assertThat(got.expires()).isEqualTo(1_700_003_600_000L);
    }

    /** UTS rest/unit/RSA8d/callback-receives-token-params-3 (the params given to the fetcher reach the callback). */
    @Test
    void RSA8d_callback_receives_token_params_3() {
        AtomicReference<TokenParams> received = new AtomicReference<>();
        TokenParams params = TokenParams.builder()
                .clientId("requested-client-id")
                .ttl(7_200_000L)
                .capability("{\"channel1\":[\"publish\"]}")
                .build();

        h.await(h.fetcher.fetch(
                blocking(p -> {
                    received.set(p);
                    return Result.token("test-token");
                }),
                params,
                AUTHENTICATE));

        TokenParams got = Objects.requireNonNull(received.get());
        assertThat(got.clientId()).isEqualTo("requested-client-id");
        assertThat(got.ttl()).isEqualTo(7_200_000L);
        assertThat(got.capability()).isEqualTo("{\"channel1\":[\"publish\"]}");
    }

    /** UTS rest/unit/RSA8c/authurl-invoked-for-auth-0. */
    @Test
    void RSA8c_authurl_invoked_for_auth_0() {
        h.http.handler = call -> MockHttp.json(200, TOKEN_DETAILS_JSON.formatted("authurl-token"));

        TokenDetails got = h.await(h.fetch(FetcherHarness.authUrl(), AUTHENTICATE));

        assertThat(h.http.requests).hasSize(1);
        HttpCall auth = h.http.requests.get(0);
        assertThat(auth.uri().getHost()).isEqualTo(AUTH_HOST);
        assertThat(auth.uri().getPath()).isEqualTo("/token");
        assertThat(auth.method()).isEqualTo("GET");
        assertThat(got.token()).isEqualTo("authurl-token");
    }

    /** UTS rest/unit/RSA8c/authurl-post-method-1. */
    @Test
    void RSA8c_authurl_post_method_1() {
        h.http.handler = call -> MockHttp.json(200, TOKEN_DETAILS_JSON.formatted("authurl-token"));
        AuthOptions options =
                FetcherHarness.authUrl().toBuilder().authMethod("POST").build();

        TokenDetails got = h.await(h.fetch(options, AUTHENTICATE));

        assertThat(h.http.requests).hasSize(1);
        assertThat(h.http.requests.get(0).method()).isEqualTo("POST");
        assertThat(got.token()).isEqualTo("authurl-token");
    }

    /** UTS rest/unit/RSA8c/authurl-custom-headers-2. */
    @Test
    void RSA8c_authurl_custom_headers_2() {
        h.http.handler = call -> MockHttp.json(200, TOKEN_DETAILS_JSON.formatted("authurl-token"));
        AuthOptions options = FetcherHarness.authUrl().toBuilder()
                .authHeaders(Map.of("X-Custom-Header", "custom-value", "X-API-Key", "my-api-key"))
                .build();

        h.await(h.fetch(options, AUTHENTICATE));

        HttpCall auth = h.http.requests.get(0);
        assertThat(FetcherHarness.header(auth, "X-Custom-Header")).isEqualTo("custom-value");
        assertThat(FetcherHarness.header(auth, "X-API-Key")).isEqualTo("my-api-key");
    }

    /** UTS rest/unit/RSA8c/authurl-query-params-3. */
    @Test
    void RSA8c_authurl_query_params_3() {
        h.http.handler = call -> MockHttp.json(200, TOKEN_DETAILS_JSON.formatted("authurl-token"));
        AuthOptions options = FetcherHarness.authUrl().toBuilder()
                .authParams(Map.of("client_id", "my-client", "scope", "publish:*"))
                .build();

        h.await(h.fetch(options, AUTHENTICATE));

        Map<String, String> q = query(h.http.requests.get(0).uri());
        assertThat(q).containsEntry("client_id", "my-client").containsEntry("scope", "publish:*");
    }

    /** UTS rest/unit/RSA8c/authurl-returns-jwt-4. */
    @Test
    void RSA8c_authurl_returns_jwt_4() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.jwt-body.signature";
        h.http.handler = call -> MockHttp.respond(200, jwt, Map.of("Content-Type", "text/plain"));
        AuthOptions options =
                AuthOptions.builder().authUrl("https://auth.example.com/jwt").build();

        TokenDetails got = h.await(h.fetch(options, AUTHENTICATE));

        assertThat(got).isEqualTo(TokenDetails.of(jwt));
    }

    /**
     * UTS rest/unit/RSA8d/callback-error-propagated-4: a REST request's token comes with purpose REQUEST_TOKEN (RSA4e).
     */
    @Test
    void RSA8d_callback_error_propagated_4() {
        ErrorInfo e = h.fails(h.fetch(
                blocking(p -> {
                    throw new IllegalStateException("Authentication server unavailable");
                }),
                REQUEST_TOKEN));

        assertThat(e.message()).contains("Authentication server unavailable");
        assertThat(h.http.requests).isEmpty();
    }

    /** UTS rest/unit/RSA8c/authurl-error-propagated-5. */
    @Test
    void RSA8c_authurl_error_propagated_5() {
        h.http.handler = call -> MockHttp.json(500, "{\"error\":\"Internal server error\"}");

        ErrorInfo e = h.fails(h.fetch(FetcherHarness.authUrl(), REQUEST_TOKEN));

        assertThat(e.statusCode() == 500 || e.message().contains("auth")).isTrue();
        assertThat(e.code()).isEqualTo(40170); // RSA4e
        assertThat(Objects.requireNonNull(e.cause()).statusCode()).isEqualTo(500);
        assertThat(h.http.requests).hasSize(1);
        assertThat(h.http.requests.get(0).uri().getHost()).isEqualTo(AUTH_HOST);
    }

    // ---------------------------------------------------------------- rest/unit/auth/token_request_params.md

    /** UTS rest/unit/RSA5/ttl-null-when-unspecified-0. */
    @Test
    void RSA5_ttl_null_when_unspecified_0() {
        TokenRequest r = h.await(h.fetcher.createTokenRequest(FetcherHarness.key(), TokenParams.empty()));

        assertThat(r.ttl()).isNull();
    }

    /** UTS rest/unit/RSA5b/explicit-ttl-preserved-0. */
    @Test
    void RSA5b_explicit_ttl_preserved_0() {
        TokenRequest r = h.await(h.fetcher.createTokenRequest(
                FetcherHarness.key(), TokenParams.builder().ttl(7_200_000L).build()));

        assertThat(r.ttl()).isEqualTo(7_200_000L);
    }

    /** UTS rest/unit/RSA6/capability-null-when-unspecified-0. */
    @Test
    void RSA6_capability_null_when_unspecified_0() {
        TokenRequest r = h.await(h.fetcher.createTokenRequest(FetcherHarness.key(), TokenParams.empty()));

        assertThat(r.capability()).isNull();
    }

    /** UTS rest/unit/RSA6b/explicit-capability-preserved-0. */
    @Test
    void RSA6b_explicit_capability_preserved_0() {
        TokenRequest r = h.await(h.fetcher.createTokenRequest(
                FetcherHarness.key(),
                TokenParams.builder()
                        .capability("{\"channel-a\":[\"publish\",\"subscribe\"]}")
                        .build()));

        assertThat(r.capability()).isEqualTo("{\"channel-a\":[\"publish\",\"subscribe\"]}");
    }

    // ---------------------------------------------------------------- realtime/unit/auth/auth_callback_errors_test.md

    /** UTS realtime/unit/RSA4e/rest-callback-error-40170-0 (the REST case of that file). */
    @Test
    void RSA4e_rest_callback_error_40170_0() {
        AblyException e = h.failure(h.fetch(
                blocking(p -> {
                    throw new IllegalStateException("Network failure connecting to auth server");
                }),
                REQUEST_TOKEN));

        assertThat(e.errorInfo().code()).isEqualTo(40170);
        assertThat(e.errorInfo().statusCode()).isEqualTo(401);
        assertThat(e.errorInfo().message()).isNotEmpty();
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class); // the stack trace is kept
        assertThat(List.copyOf(h.http.requests)).isEmpty();
    }
}
