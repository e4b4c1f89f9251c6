package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthOptions;
import io.ably4j.RestClient;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/auth/token_request_params.md}, the cases with {@code defaultTokenParams} (RSA5, RSA6): the
 * others are in {@code internal.auth.TokenFetcherUtsTest}. UTS ids RSA5c/d and RSA6c/d are not in features.md; they
 * test RSA5/RSA6 with the client's default token params (TO3j11).
 */
class RestTokenRequestParamsTest {
    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    private RestClient withDefaults(TokenParams defaults) {
        return RestAuthSupport.client(
                m, AuthOptions.builder().key("appId.keyId:keySecret").defaultTokenParams(defaults), b -> {});
    }

    private TokenRequest create(RestClient client, TokenParams params) {
        return m.await(client.auth().createTokenRequest(params, null));
    }

    @Test
    void RSA5c_ttl_from_default_params_0() {
        RestClient client = withDefaults(TokenParams.builder().ttl(1_800_000L).build());

        TokenRequest request = m.await(client.auth().createTokenRequest(null, null));

        assertThat(request.ttl()).isEqualTo(1_800_000L);
        assertThat(m.requests()).isEmpty();
    }

    @Test
    void RSA5d_explicit_ttl_overrides_default_0() {
        RestClient client = withDefaults(TokenParams.builder().ttl(1_800_000L).build());

        TokenRequest request =
                create(client, TokenParams.builder().ttl(600_000L).build());

        assertThat(request.ttl()).isEqualTo(600_000L);
    }

    @Test
    void RSA6c_capability_from_default_params_0() {
        RestClient client = withDefaults(
                TokenParams.builder().capability("{\"*\":[\"subscribe\"]}").build());

        TokenRequest request = m.await(client.auth().createTokenRequest(null, null));

        assertThat(request.capability()).isEqualTo("{\"*\":[\"subscribe\"]}");
    }

    @Test
    void RSA6d_explicit_capability_overrides_default_0() {
        RestClient client = withDefaults(
                TokenParams.builder().capability("{\"*\":[\"subscribe\"]}").build());

        TokenRequest request = create(
                client,
                TokenParams.builder()
                        .capability("{\"channel-x\":[\"publish\"]}")
                        .build());

        assertThat(request.capability()).isEqualTo("{\"channel-x\":[\"publish\"]}");
    }
}
