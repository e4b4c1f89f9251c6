package io.ably4j.rest;

import static io.ably4j.rest.RestAuthSupport.client;
import static io.ably4j.rest.RestAuthSupport.now;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.RestClient;
import io.ably4j.rest.RestAuthSupport.CountingCallback;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.TokenDetails;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/auth/client_id.md}: {@code Auth.clientId} of a REST client and its consistency with the token
 * (RSA7, RSA12, RSA15).
 *
 * <p>Where the UTS asks a channel's status to make the client authenticate, the request is {@code
 * client.request("GET", "/channels/test")}.
 */
class RestClientIdTest {
    private static final String CHANNEL = "{\"channelId\":\"test\",\"status\":{\"isActive\":true}}";

    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    private void channelRequest(RestClient client) {
        m.await(client.request("GET", "/channels/test", 3));
    }

    private TokenDetails token(String token, @Nullable String clientId) {
        return TokenDetails.builder(token)
                .expires(now(m) + 3_600_000L)
                .clientId(clientId)
                .build();
    }

    private RestClient tokenClient(TokenDetails details, Consumer<ClientOptions.Builder> options) {
        return client(m, AuthOptions.builder().tokenDetails(details), options);
    }

    @Test
    void RSA7a_clientid_from_options_0() {
        RestClient client = m.client(b -> b.clientId("my-client-id"));

        assertThat(client.auth().clientId()).isEqualTo("my-client-id");
    }

    @Test
    void RSA7b_clientid_from_token_details_0() {
        RestClient client = tokenClient(token("token-with-clientId", "token-client-id"), b -> {});

        assertThat(client.auth().clientId()).isEqualTo("token-client-id");
    }

    @Test
    void RSA7b_clientid_from_callback_token_1() {
        m.always(200, CHANNEL);
        RestClient client = RestAuthSupport.callbackClient(
                m, AuthCallback.blocking(p -> AuthCallback.Result.of(token("callback-token", "callback-client-id"))));
        assertThat(client.auth().clientId()).isNull();

        channelRequest(client);

        assertThat(client.auth().clientId()).isEqualTo("callback-client-id");
    }

    @Test
    void RSA7c_clientid_null_unidentified_0() {
        RestClient client = m.client();

        assertThat(client.auth().clientId()).isNull();
    }

    @Test
    void RSA7c_clientid_null_unidentified_token_1() {
        RestClient client = tokenClient(token("token-without-clientId", null), b -> {});

        assertThat(client.auth().clientId()).isNull();
    }

    @Test
    void RSA12a_clientid_passed_to_callback_0() {
        m.always(200, CHANNEL);
        CountingCallback cb = new CountingCallback(n -> AuthCallback.Result.of(token("tok", null)));
        RestClient client =
                client(m, AuthOptions.builder().authCallback(cb.callback()), b -> b.clientId("library-client-id"));

        channelRequest(client);

        assertThat(cb.params).isNotEmpty();
        assertThat(cb.params.get(0).clientId()).isEqualTo("library-client-id");
    }

    @Test
    void RSA12b_clientid_sent_to_authurl_0() {
        m.http.handler = call -> call.uri().getHost().equals("auth.example.com")
                ? MockHttp.json(200, RestAuthSupport.tokenJson(m, "url-token"))
                : MockHttp.json(200, CHANNEL);
        RestClient client = client(
                m, AuthOptions.builder().authUrl("https://auth.example.com/token"), b -> b.clientId("url-client-id"));

        channelRequest(client);

        assertThat(m.request(0).uri().getHost()).isEqualTo("auth.example.com");
        assertThat(m.request(0).method()).isEqualTo("GET");
        assertThat(RestMock.query(m.request(0))).containsEntry("clientId", "url-client-id");
        assertThat(RestMock.header(m.request(1), "Authorization")).isEqualTo("Bearer url-token");
    }

    @Test
    void RSA7_clientid_updated_after_authorize_0() {
        m.always(200, CHANNEL);
        CountingCallback cb = new CountingCallback(n -> AuthCallback.Result.of(token("token-" + n, "client-" + n)));
        RestClient client = RestAuthSupport.callbackClient(m, cb.callback());

        channelRequest(client);
        assertThat(client.auth().clientId()).isEqualTo("client-1");

        m.await(client.auth().authorize());
        assertThat(client.auth().clientId()).isEqualTo("client-2");
    }

    @Test
    void RSA12_wildcard_clientid_0() {
        RestClient client = tokenClient(token("wildcard-token", "*"), b -> {});

        assertThat(client.auth().clientId()).isEqualTo("*");
    }

    /** The five rows of the UTS table; a mismatch is found when the options are built (the UTS allows either). */
    @Test
    void RSA7_clientid_mismatch_error_1() {
        m.always(200, CHANNEL);
        // 1: the same client id
        RestClient same = tokenClient(token("t1", "client-a"), b -> b.clientId("client-a"));
        channelRequest(same);
        assertThat(same.auth().clientId()).isEqualTo("client-a");
        // 2: a different one
        assertThatThrownBy(() -> tokenClient(token("mismatched-token", "client-b"), b -> b.clientId("client-a")))
                .isInstanceOfSatisfying(AblyException.class, e -> {
                    assertThat(e.errorInfo().code()).isEqualTo(40102);
                    assertThat(e.errorInfo().message()).contains("clientId");
                });
        // 3: a token without a client id keeps the explicit one
        RestClient none = tokenClient(token("t3", null), b -> b.clientId("client-a"));
        channelRequest(none);
        assertThat(none.auth().clientId()).isEqualTo("client-a");
        // 4: a wildcard token allows any
        RestClient wildcard = tokenClient(token("t4", "*"), b -> b.clientId("client-a"));
        channelRequest(wildcard);
        assertThat(wildcard.auth().clientId()).isEqualTo("client-a");
        // 5: no client id option: the token's
        RestClient inherit = tokenClient(token("t5", "client-b"), b -> {});
        channelRequest(inherit);
        assertThat(inherit.auth().clientId()).isEqualTo("client-b");
        assertThat(m.requests()).hasSize(4);
    }

    @Test
    void RSA15a_token_clientid_must_match_0() {
        RestClient match = tokenClient(token("matching-token", "my-client"), b -> b.clientId("my-client"));
        assertThat(match.auth().clientId()).isEqualTo("my-client");

        assertThatThrownBy(() -> tokenClient(token("mismatched-token", "other-client"), b -> b.clientId("my-client")))
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40102));
    }

    @Test
    void RSA15b_wildcard_token_permits_any_0() {
        RestClient client = tokenClient(token("wildcard-token", "*"), b -> b.clientId("any-client"));

        assertThat(client.auth().clientId()).isEqualTo("any-client");
    }

    /**
     * The REST case: a token obtained from the authCallback whose client id is incompatible with the options' fails
     * the request with 40102, and no request is sent with it.
     */
    @Test
    void RSA15c_incompatible_clientid_error_0() {
        m.always(200, CHANNEL);
        RestClient client = client(
                m,
                AuthOptions.builder()
                        .authCallback(AuthCallback.blocking(p -> AuthCallback.Result.of(token("t", "other-client")))),
                b -> b.clientId("my-client"));

        var error = m.fails(client.request("GET", "/channels/test", 3));

        assertThat(error.code()).isEqualTo(40102);
        assertThat(m.requests()).isEmpty();
    }
}
