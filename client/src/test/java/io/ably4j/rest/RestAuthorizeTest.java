package io.ably4j.rest;

import static io.ably4j.rest.RestAuthSupport.callbackClient;
import static io.ably4j.rest.RestAuthSupport.numbered;
import static io.ably4j.rest.RestAuthSupport.tokenJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.RestClient;
import io.ably4j.rest.RestAuthSupport.CountingCallback;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/auth/authorize.md}: {@code Auth.authorize()} on a REST client (RSA10).
 *
 * <p>Where the UTS asks a channel's status to see which token a request carries, the request is {@code
 * client.request("GET", "/channels/test")}.
 */
class RestAuthorizeTest {
    private static final String CHANNEL = "{\"channelId\":\"test\",\"status\":{\"isActive\":true}}";

    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    private boolean isTokenRequest(io.ably4j.internal.http.HttpCall call) {
        return call.uri().getPath().matches("/keys/.*/requestToken");
    }

    @Test
    void RSA10a_authorize_default_params_0() {
        m.http.handler = call ->
                isTokenRequest(call) ? MockHttp.json(200, tokenJson(m, "obtained-token")) : MockHttp.json(200, CHANNEL);
        RestClient client = m.client();

        TokenDetails token = m.await(client.auth().authorize());

        assertThat(token.token()).isEqualTo("obtained-token");
        m.await(client.request("GET", "/channels/test", 3));
        assertThat(RestMock.header(m.requests().get(m.requests().size() - 1), "Authorization"))
                .isEqualTo("Bearer obtained-token");
    }

    @Test
    void RSA10b_authorize_explicit_params_0() {
        m.always(200, "{\"channelId\":\"test\"}");
        CountingCallback cb = numbered(m, "callback-token-");
        RestClient client = RestAuthSupport.client(
                m, AuthOptions.builder().authCallback(cb.callback()), b -> b.clientId("default-client"));

        m.await(client.auth()
                .authorize(
                        TokenParams.builder()
                                .clientId("override-client")
                                .ttl(7_200_000L)
                                .build(),
                        null));

        TokenParams params = cb.params.get(0);
        assertThat(params.clientId()).isEqualTo("override-client");
        assertThat(params.ttl()).isEqualTo(7_200_000L);
    }

    @Test
    void RSA10e_authorize_saves_params_0() {
        m.always(200, "[]");
        CountingCallback cb = numbered(m, "token-");
        RestClient client = callbackClient(m, cb.callback());

        m.await(client.auth()
                .authorize(
                        TokenParams.builder()
                                .clientId("saved-client")
                                .ttl(3_600_000L)
                                .build(),
                        null));
        m.await(client.auth().authorize());

        assertThat(cb.calls).hasValue(2);
        assertThat(cb.params.get(1).clientId()).isEqualTo("saved-client");
        assertThat(cb.params.get(1).ttl()).isEqualTo(3_600_000L);
    }

    @Test
    void RSA10g_authorize_updates_token_details_0() {
        m.always(
                200,
                "{\"token\":\"new-token\",\"expires\":" + (RestAuthSupport.now(m) + 3_600_000L)
                        + ",\"keyName\":\"appId.keyId\",\"clientId\":\"token-client\"}");
        RestClient client = m.client();
        assertThat(client.auth().tokenDetails()).isNull();

        TokenDetails result = m.await(client.auth().authorize());

        TokenDetails current = Objects.requireNonNull(client.auth().tokenDetails());
        assertThat(current.token()).isEqualTo("new-token");
        assertThat(current.clientId()).isEqualTo("token-client");
        assertThat(current).isSameAs(result);
    }

    @Test
    void RSA10h_authorize_replaces_auth_options_0() {
        m.always(200, "{\"channelId\":\"test\"}");
        CountingCallback original = numbered(m, "original-");
        CountingCallback replacement = numbered(m, "new-");
        RestClient client = callbackClient(m, original.callback());

        TokenDetails token = m.await(client.auth()
                .authorize(
                        null,
                        AuthOptions.builder()
                                .authCallback(replacement.callback())
                                .build()));

        assertThat(original.calls).hasValue(0);
        assertThat(replacement.calls).hasValue(1);
        assertThat(token.token()).isEqualTo("new-1");
    }

    /**
     * After {@code authorize()} with options that name no key, the key of the client's options still signs token
     * requests: {@code createTokenRequest()} (which needs the key) works, and so does a renewal by the key once the
     * authUrl is dropped.
     */
    @Test
    void RSA10i_authorize_preserves_key_0() {
        m.http.handler = call -> call.uri().getHost().equals("new-auth.example.com")
                ? MockHttp.json(200, tokenJson(m, "token-via-url"))
                : isTokenRequest(call)
                        ? MockHttp.json(200, tokenJson(m, "token-via-key"))
                        : MockHttp.json(200, CHANNEL);
        RestClient client = m.client();

        TokenDetails viaUrl = m.await(client.auth()
                .authorize(
                        null,
                        AuthOptions.builder()
                                .authUrl("https://new-auth.example.com/token")
                                .build()));

        assertThat(viaUrl.token()).isEqualTo("token-via-url");
        TokenRequest signed = m.await(client.auth().createTokenRequest(null, null));
        assertThat(signed.keyName()).isEqualTo("appId.keyId");
        assertThat(signed.mac()).isNotEmpty();
    }

    @Test
    void RSA10j_authorize_replaces_existing_token_0() {
        m.always(200, "{\"channelId\":\"test\"}");
        CountingCallback cb = numbered(m, "token-");
        RestClient client = callbackClient(m, cb.callback());

        TokenDetails result1 = m.await(client.auth().authorize());
        TokenDetails result2 = m.await(client.auth().authorize());

        assertThat(result1.token()).isEqualTo("token-1");
        assertThat(result2.token()).isEqualTo("token-2");
        assertThat(client.auth().tokenDetails())
                .isNotNull()
                .extracting(TokenDetails::token)
                .isEqualTo("token-2");
    }

    /** Ably's {@code /time} answers {@code [ms]} (the UTS mock answers an object). */
    @Test
    void RSA10k_authorize_query_time_0() {
        long serverTime = 1_234_567_890_000L;
        m.http.handler = call -> call.uri().getPath().equals("/time")
                ? MockHttp.json(200, "[" + serverTime + "]")
                : MockHttp.json(200, "{\"token\":\"time-synced-token\",\"expires\":" + (serverTime + 3_600_000L) + "}");
        RestClient client = m.client();

        TokenDetails token = m.await(client.auth()
                .authorize(null, AuthOptions.builder().queryTime(true).build()));

        assertThat(token.token()).isEqualTo("time-synced-token");
        List<String> paths = m.requests().stream().map(c -> c.uri().getPath()).toList();
        assertThat(paths).containsExactly("/time", "/keys/appId.keyId/requestToken");
        assertThat(RestMock.bodyObject(m.request(1))).containsEntry("timestamp", serverTime);
    }

    @Test
    void RSA10l_authorize_error_propagated_0() {
        m.always(401, "{\"error\":{\"code\":40100,\"statusCode\":401,\"message\":\"Unauthorized\"}}");
        RestClient client = m.rt.restClient(
                ClientOptions.builder().key("invalid.key:secret").build());

        ErrorInfo error = m.fails(client.auth().authorize());

        assertThat(error.code()).isEqualTo(40100);
        assertThat(error.statusCode()).isEqualTo(401);
    }
}
