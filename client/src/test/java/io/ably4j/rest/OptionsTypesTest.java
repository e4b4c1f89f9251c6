package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.types.AblyException;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/types/options_types.md}: {@link ClientOptions} and {@link AuthOptions} (TO3, AO2).
 *
 * <p>Options are built with a builder and checked when built, so "default" options carry a key (options without any
 * credentials are rejected, RSC1b). The auth attributes of ClientOptions are its {@link ClientOptions#authOptions()};
 * durations are {@link Duration}s. The UTS's {@code restHost} default {@code rest.ably.io} predates REC1: the primary
 * domain is {@code main.realtime.ably.net} and the deprecated {@code restHost} has no default. {@code maxMessageSize}
 * (TO3l8) is not a client option in ably4j: the limit is the connection's {@code maxMessageSize} (CD2c), else 65536.
 */
class OptionsTypesTest {
    private static final String KEY = "appId.keyId:keySecret";

    @Test
    void TO3_client_options_attributes_0() {
        ClientOptions defaults = ClientOptions.builder().key(KEY).build();
        assertThat(defaults.authOptions().authMethod()).isEqualTo("GET");
        assertThat(defaults.authOptions().authHeaders()).isEmpty();
        assertThat(defaults.authOptions().authParams()).isEmpty();
        assertThat(defaults.token()).isNull();
        assertThat(defaults.authOptions().tokenDetails()).isNull();
        assertThat(defaults.authOptions().authCallback()).isNull();
        assertThat(defaults.authOptions().authUrl()).isNull();
        assertThat(defaults.clientId()).isNull();
        assertThat(defaults.endpoint()).isNull();
        assertThat(defaults.primaryDomain()).isEqualTo("main.realtime.ably.net");
        assertThat(defaults.fallbackHosts()).isNull();
        assertThat(defaults.fallbackDomains()).hasSize(5);
        assertThat(defaults.tls()).isTrue();
        assertThat(defaults.httpRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.httpMaxRetryCount()).isEqualTo(3);
        assertThat(defaults.httpMaxRetryDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.fallbackRetryTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(defaults.useBinaryProtocol()).isTrue();
        assertThat(defaults.idempotentRestPublishing()).isTrue();
        assertThat(defaults.addRequestIds()).isFalse();
        assertThat(defaults.authOptions().queryTime()).isFalse();
        assertThat(defaults.authOptions().defaultTokenParams()).isEqualTo(TokenParams.empty());

        ClientOptions set = ClientOptions.builder()
                .key(KEY)
                .clientId("my-client")
                .endpoint("test")
                .authOptions(AuthOptions.builder().key(KEY).build())
                .tls(true)
                .httpRequestTimeout(Duration.ofSeconds(30))
                .useBinaryProtocol(false)
                .idempotentRestPublishing(false)
                .addRequestIds(true)
                .build();
        assertThat(set.key()).isEqualTo(KEY);
        assertThat(set.clientId()).isEqualTo("my-client");
        assertThat(set.endpoint()).isEqualTo("test");
        assertThat(set.httpRequestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(set.useBinaryProtocol()).isFalse();
        assertThat(set.idempotentRestPublishing()).isFalse();
        assertThat(set.addRequestIds()).isTrue();
        // tls=false with a key is basic auth without TLS, which RSC18 forbids; with a token it is allowed
        ClientOptions plain =
                ClientOptions.builder().token("a-token").tls(false).build();
        assertThat(plain.tls()).isFalse();
    }

    @Test
    void TO3_client_options_custom_hosts_1() {
        ClientOptions options = ClientOptions.builder()
                .key(KEY)
                .restHost("custom.ably.example.com")
                .fallbackHosts(List.of("fallback1.example.com", "fallback2.example.com"))
                .build();

        assertThat(options.restHost()).isEqualTo("custom.ably.example.com");
        assertThat(options.primaryDomain()).isEqualTo("custom.ably.example.com");
        assertThat(options.fallbackHosts()).containsExactly("fallback1.example.com", "fallback2.example.com");
    }

    @Test
    void TO3_client_options_auth_url_2() {
        ClientOptions options = ClientOptions.builder()
                .authOptions(AuthOptions.builder()
                        .authUrl("https://auth.example.com/token")
                        .authMethod("POST")
                        .authHeaders(Map.of("X-API-Key", "secret"))
                        .authParams(Map.of("scope", "full"))
                        .build())
                .build();

        AuthOptions auth = options.authOptions();
        assertThat(auth.authUrl()).isEqualTo(URI.create("https://auth.example.com/token"));
        assertThat(auth.authMethod()).isEqualTo("POST");
        assertThat(auth.authHeaders()).containsEntry("X-API-Key", "secret");
        assertThat(auth.authParams()).containsEntry("scope", "full");
        assertThat(options.toString()).doesNotContain("secret");
    }

    @Test
    void TO3_client_options_default_token_params_3() {
        ClientOptions options = ClientOptions.builder()
                .authOptions(AuthOptions.builder()
                        .key(KEY)
                        .defaultTokenParams(TokenParams.builder()
                                .ttl(7_200_000L)
                                .clientId("default-client")
                                .capability("{\"*\":[\"subscribe\"]}")
                                .build())
                        .build())
                .build();

        TokenParams params = options.authOptions().defaultTokenParams();
        assertThat(params.ttl()).isEqualTo(7_200_000L);
        assertThat(params.clientId()).isEqualTo("default-client");
        assertThat(params.capability()).isEqualTo("{\"*\":[\"subscribe\"]}");
    }

    @Test
    void AO2_auth_options_attributes_0() {
        AuthOptions options = AuthOptions.builder()
                .authUrl("https://auth.example.com/token")
                .authMethod("POST")
                .authHeaders(Map.of("Authorization", "Bearer api-key"))
                .authParams(Map.of("user", "test"))
                .queryTime(true)
                .build();

        assertThat(options.authUrl()).isEqualTo(URI.create("https://auth.example.com/token"));
        assertThat(options.authMethod()).isEqualTo("POST");
        assertThat(options.authHeaders()).containsEntry("Authorization", "Bearer api-key");
        assertThat(options.authParams()).containsEntry("user", "test");
        assertThat(options.queryTime()).isTrue();
        assertThat(options.toString()).doesNotContain("api-key");

        AuthOptions withTokens = AuthOptions.builder()
                .key(KEY)
                .token("a-token")
                .tokenDetails(TokenDetails.of("details-token"))
                .build();
        assertThat(withTokens.key()).isEqualTo(KEY);
        assertThat(withTokens.token()).isEqualTo("a-token");
        assertThat(withTokens.tokenDetails()).isEqualTo(TokenDetails.of("details-token"));
    }

    @Test
    void AO_auth_options_with_callback_0() throws Exception {
        AtomicBoolean called = new AtomicBoolean();
        AuthCallback callback = AuthCallback.blocking(p -> {
            called.set(true);
            return AuthCallback.Result.of(TokenDetails.builder("callback-token")
                    .expires(1_704_070_800_000L)
                    .build());
        });
        AuthOptions options = AuthOptions.builder().authCallback(callback).build();

        AuthCallback stored = Objects.requireNonNull(options.authCallback());
        AuthCallback.Result result =
                stored.getToken(TokenParams.empty()).toCompletableFuture().join();

        assertThat(called).isTrue();
        assertThat(Objects.requireNonNull(result.tokenDetails()).token()).isEqualTo("callback-token");
    }

    /** The option is stored as given; the hosts it selects (REC1b) are tested by the fallback tests. */
    @Test
    void TO_endpoint_affects_host_0() {
        ClientOptions production = ClientOptions.builder().key(KEY).build();
        assertThat(production.endpoint()).isNull();
        assertThat(production.primaryDomain()).isEqualTo("main.realtime.ably.net");
        for (String endpoint : List.of("test", "custom-env")) {
            ClientOptions options =
                    ClientOptions.builder().key(KEY).endpoint(endpoint).build();

            assertThat(options.endpoint()).isEqualTo(endpoint);
            assertThat(options.primaryDomain()).isEqualTo(endpoint + ".realtime.ably.net");
        }
    }

    @Test
    void TO_conflicting_options_validation_1() {
        // 1: key and authCallback: valid, the callback's tokens are used (RSA4)
        ClientOptions both = ClientOptions.builder()
                .authOptions(AuthOptions.builder()
                        .key(KEY)
                        .authCallback(AuthCallback.blocking(p -> AuthCallback.Result.token("t")))
                        .build())
                .build();
        assertThat(both.usesBasicAuth()).isFalse();
        // 2: restHost and endpoint (REC1b1)
        assertThatThrownBy(() -> ClientOptions.builder()
                        .key(KEY)
                        .restHost("custom.host.com")
                        .endpoint("test")
                        .build())
                .isInstanceOfSatisfying(AblyException.class, e -> {
                    assertThat(e.errorInfo().code()).isEqualTo(40000);
                    assertThat(e.errorInfo().message()).contains("restHost").contains("endpoint");
                });
        // 3: no means of authentication (RSC1b)
        assertThatThrownBy(() -> ClientOptions.builder().build()).isInstanceOfSatisfying(AblyException.class, e -> {
            assertThat(e.errorInfo().code()).isEqualTo(40106);
            assertThat(e.errorInfo().message()).containsAnyOf("key", "token");
        });
    }
}
