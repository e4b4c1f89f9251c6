package io.ably4j.rest;

import static io.ably4j.rest.RestAuthSupport.callbackClient;
import static io.ably4j.rest.RestAuthSupport.client;
import static io.ably4j.rest.RestAuthSupport.now;
import static io.ably4j.rest.RestAuthSupport.tokenJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.RestClient;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/auth/auth_scheme.md}: basic or token auth by the options (RSA1-RSA4, RSA11, RSC1b, RSC18).
 *
 * <p>The UTS requests {@code GET /channels/test} (or a channel's status) only to make an authenticated request; here
 * that request is {@code client.request("GET", "/channels/test")}, which authenticates like any other.
 */
class AuthSchemeTest {
    private static final String CHANNEL = "{\"channelId\":\"test\"}";

    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    private void channelRequest(RestClient client) {
        m.await(client.request("GET", "/channels/test", 3));
    }

    private static String basic(String key) {
        return "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private @Nullable String authorization(int i) {
        return RestMock.header(m.request(i), "Authorization");
    }

    @Test
    void RSA4_basic_auth_key_only_0() {
        m.always(200, CHANNEL);
        RestClient client = m.client();

        channelRequest(client);

        assertThat(authorization(0)).isEqualTo(basic("appId.keyId:keySecret"));
    }

    @Test
    void RSA3_token_auth_explicit_token_0() {
        m.always(200, CHANNEL);
        RestClient client = client(m, AuthOptions.builder().token("explicit-token-string"), b -> {});

        channelRequest(client);

        assertThat(authorization(0)).isEqualTo("Bearer explicit-token-string");
    }

    @Test
    void RSA3_token_auth_token_details_1() {
        m.always(200, CHANNEL);
        TokenDetails details = TokenDetails.builder("token-from-details")
                .expires(now(m) + 3_600_000L)
                .build();
        RestClient client = client(m, AuthOptions.builder().tokenDetails(details), b -> {});

        channelRequest(client);

        assertThat(authorization(0)).isEqualTo("Bearer token-from-details");
    }

    @Test
    void RSA4_use_token_auth_forced_1() {
        m.http.handler = call -> call.uri().getPath().matches("/keys/.*/requestToken")
                ? MockHttp.json(200, tokenJson(m, "obtained-token"))
                : MockHttp.json(200, CHANNEL);
        RestClient client = m.client(b -> b.authOptions(AuthOptions.builder()
                .key("appId.keyId:keySecret")
                .useTokenAuth(true)
                .build()));

        channelRequest(client);

        assertThat(m.request(0).uri().getPath()).isEqualTo("/keys/appId.keyId/requestToken");
        assertThat(authorization(1)).isEqualTo("Bearer obtained-token");
    }

    @Test
    void RSA4_auth_callback_triggers_token_2() {
        m.always(200, CHANNEL);
        RestClient client = callbackClient(
                m,
                AuthCallback.blocking(p -> AuthCallback.Result.of(TokenDetails.builder("callback-token")
                        .expires(now(m) + 3_600_000L)
                        .build())));

        channelRequest(client);

        assertThat(m.requests()).hasSize(1);
        assertThat(authorization(0)).isEqualTo("Bearer callback-token");
    }

    @Test
    void RSA4_authurl_triggers_token_3() {
        m.http.handler = call -> call.uri().getHost().equals("auth.example.com")
                ? MockHttp.json(200, tokenJson(m, "authurl-token"))
                : MockHttp.json(200, CHANNEL);
        RestClient client = client(m, AuthOptions.builder().authUrl("https://auth.example.com/token"), b -> {});

        channelRequest(client);

        assertThat(m.request(0).uri().getHost()).isEqualTo("auth.example.com");
        assertThat(authorization(1)).isEqualTo("Bearer authurl-token");
    }

    /** The options are checked when they are built, so the client that would send the request cannot exist. */
    @Test
    void RSC1b_no_auth_method_error_0() {
        assertThatThrownBy(() -> ClientOptions.builder().build())
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40106));
        assertThat(m.requests()).isEmpty();
    }

    @Disabled("contradicts spec 6.1.1: RSA4b1 detects expiry only by Ably's clock (after RSA10k queryTime), not the"
            + " local one, and RSA4a2 fails with 40171 when Ably answers a token error; see"
            + " RSA4a2_expiredTokenRejectedByAblyFailsWith40171")
    @Test
    void RSA4a2_expired_token_no_renewal_0() {
        m.always(200, CHANNEL);
        RestClient client = client(
                m,
                AuthOptions.builder()
                        .tokenDetails(TokenDetails.builder("expired-token")
                                .expires(now(m) - 1000)
                                .build()),
                b -> {});

        ErrorInfo error = m.fails(client.request("GET", "/channels/test", 3));

        assertThat(error.code()).isEqualTo(40171);
        assertThat(m.requests()).isEmpty();
    }

    /** RSA4a2 as features.md says it: the expired token is sent, Ably rejects it, and the request fails with 40171. */
    @Test
    void RSA4a2_expiredTokenRejectedByAblyFailsWith40171() {
        m.always(401, "{\"error\":{\"code\":40142,\"statusCode\":401,\"message\":\"Token expired\"}}");
        RestClient client = client(
                m,
                AuthOptions.builder()
                        .tokenDetails(TokenDetails.builder("expired-token")
                                .expires(now(m) - 1000)
                                .build()),
                b -> {});

        ErrorInfo error = m.fails(client.stats());

        assertThat(error.code()).isEqualTo(40171);
        assertThat(error.statusCode()).isEqualTo(401);
        assertThat(m.requests()).hasSize(1);
    }

    @Test
    void RSA1_token_auth_takes_precedence_0() {
        m.always(200, CHANNEL);
        RestClient client = client(
                m,
                AuthOptions.builder()
                        .key("appId.keyId:keySecret")
                        .authCallback(
                                AuthCallback.blocking(p -> AuthCallback.Result.of(TokenDetails.builder("callback-token")
                                        .expires(now(m) + 3_600_000L)
                                        .build()))),
                b -> {});

        channelRequest(client);

        assertThat(m.requests()).hasSize(1);
        assertThat(authorization(0)).isEqualTo("Bearer callback-token");
    }

    @Test
    void RSA2_basic_auth_header_format_0() {
        m.always(200, CHANNEL);
        RestClient client = m.rt.restClient(
                ClientOptions.builder().key("app123.key456:secretXYZ").build());

        channelRequest(client);

        assertThat(authorization(0))
                .isEqualTo("Basic YXBwMTIzLmtleTQ1NjpzZWNyZXRYWVo=")
                .isEqualTo(basic("app123.key456:secretXYZ"));
    }

    /** The UTS asks a channel's status; the same token-authenticated request is made with {@code request()}. */
    @Test
    void RSC18_token_auth_over_non_tls_0() {
        m.always(200, "{\"channelId\":\"test\",\"status\":{\"isActive\":true}}");
        RestClient client = client(m, AuthOptions.builder().token("explicit-token"), b -> b.tls(false));

        channelRequest(client);

        assertThat(authorization(0)).isEqualTo("Bearer explicit-token");
        assertThat(m.request(0).uri().getScheme()).isEqualTo("http");
    }
}
