package io.ably4j.rest;

import static io.ably4j.rest.RestAuthSupport.callbackClient;
import static io.ably4j.rest.RestAuthSupport.client;
import static io.ably4j.rest.RestAuthSupport.now;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.RestClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.rest.RestAuthSupport.CountingCallback;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/auth/token_details.md}: {@code Auth.tokenDetails} of a REST client (RSA16).
 *
 * <p>Where the UTS asks a channel's status to make the client authenticate, the request is {@code
 * client.request("GET", "/channels/test")}.
 */
class RestTokenDetailsTest {
    private static final String CHANNEL = "{\"channelId\":\"test\",\"status\":{\"isActive\":true}}";
    private static final String TOKEN_EXPIRED =
            "{\"error\":{\"code\":40142,\"statusCode\":401,\"message\":\"Token expired\"}}";

    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    private void channelRequest(RestClient client) {
        m.await(client.request("GET", "/channels/test", 3));
    }

    private static TokenDetails current(RestClient client) {
        return Objects.requireNonNull(client.auth().tokenDetails(), "tokenDetails");
    }

    @Test
    void RSA16a_token_from_callback_0() {
        m.always(200, CHANNEL);
        RestClient client = callbackClient(
                m,
                AuthCallback.blocking(p -> AuthCallback.Result.of(TokenDetails.builder("callback-token-abc")
                        .expires(now(m) + 3_600_000L)
                        .issued(now(m))
                        .clientId("my-client")
                        .build())));

        channelRequest(client);

        TokenDetails d = current(client);
        assertThat(d.token()).isEqualTo("callback-token-abc");
        assertThat(d.clientId()).isEqualTo("my-client");
        assertThat(d.expires()).isNotNull();
        assertThat(d.issued()).isNotNull();
    }

    @Test
    void RSA16a_token_from_request_token_1() {
        m.http.handler = call -> call.uri().getPath().matches("/keys/.*/requestToken")
                ? MockHttp.json(
                        200,
                        "{\"token\":\"requested-token-xyz\",\"expires\":" + (now(m) + 3_600_000L) + ",\"issued\":"
                                + now(m) + ",\"keyName\":\"appId.keyId\",\"clientId\":\"token-client\"}")
                : MockHttp.json(200, CHANNEL);
        RestClient client = m.client();

        m.await(client.auth().authorize());

        TokenDetails d = current(client);
        assertThat(d.token()).isEqualTo("requested-token-xyz");
        assertThat(d.clientId()).isEqualTo("token-client");
    }

    @Test
    void RSA16b_token_string_in_options_0() {
        RestClient client = client(m, AuthOptions.builder().token("standalone-token-string"), b -> {});

        TokenDetails d = current(client);

        assertThat(d.token()).isEqualTo("standalone-token-string");
        assertThat(d.expires()).isNull();
        assertThat(d.issued()).isNull();
        assertThat(d.clientId()).isNull();
        assertThat(d.capability()).isNull();
    }

    @Test
    void RSA16b_token_string_from_callback_1() {
        m.always(200, CHANNEL);
        RestClient client =
                callbackClient(m, AuthCallback.blocking(p -> AuthCallback.Result.token("just-a-token-string")));

        channelRequest(client);

        TokenDetails d = current(client);
        assertThat(d.token()).isEqualTo("just-a-token-string");
        assertThat(d.expires()).isNull();
        assertThat(d.issued()).isNull();
        assertThat(RestMock.header(m.request(0), "Authorization")).isEqualTo("Bearer just-a-token-string");
    }

    @Test
    void RSA16c_set_on_instantiation_0() {
        TokenDetails initial = TokenDetails.builder("initial-token")
                .expires(now(m) + 3_600_000L)
                .issued(now(m))
                .clientId("initial-client")
                .build();
        RestClient client = client(m, AuthOptions.builder().tokenDetails(initial), b -> {});

        TokenDetails d = current(client);

        assertThat(d.token()).isEqualTo("initial-token");
        assertThat(d.clientId()).isEqualTo("initial-client");
    }

    @Test
    void RSA16c_updated_after_authorize_1() {
        m.always(200, CHANNEL);
        CountingCallback cb = new CountingCallback(n -> AuthCallback.Result.of(TokenDetails.builder("token-v" + n)
                .expires(now(m) + 3_600_000L)
                .clientId("client-v" + n)
                .build()));
        RestClient client = callbackClient(m, cb.callback());

        m.await(client.auth().authorize());
        TokenDetails first = current(client);
        m.await(client.auth().authorize());
        TokenDetails second = current(client);

        assertThat(first.token()).isEqualTo("token-v1");
        assertThat(first.clientId()).isEqualTo("client-v1");
        assertThat(second.token()).isEqualTo("token-v2");
        assertThat(second.clientId()).isEqualTo("client-v2");
    }

    @Disabled("contradicts spec 6.1.1: RSA4b1 may detect an expired token only by Ably's clock (queried per RSA10k),"
            + " never by the local clock alone; see RSA16c_updatedAfterRenewalOnExpiryByAblyTime")
    @Test
    void RSA16c_updated_after_expiry_renewal_2() {
        m.always(200, CHANNEL);
        CountingCallback cb = new CountingCallback(n -> AuthCallback.Result.of(TokenDetails.builder("token-v" + n)
                .expires(now(m) + 1000)
                .clientId("client-v" + n)
                .build()));
        RestClient client = callbackClient(m, cb.callback());

        channelRequest(client);
        TokenDetails first = current(client);
        m.rt.advanceMillis(2000);
        channelRequest(client);
        TokenDetails second = current(client);

        assertThat(first.token()).isEqualTo("token-v1");
        assertThat(second.token()).isEqualTo("token-v2");
    }

    /**
     * RSA16c with RSA4b1 as features.md allows it: once Ably's time is known (authorize with queryTime, RSA10k), a
     * token that expired by that time is renewed before the request, and tokenDetails is the new token.
     */
    @Test
    void RSA16c_updatedAfterRenewalOnExpiryByAblyTime() {
        long serverTime = now(m) + 5_000; // Ably's clock is 5 s ahead of the local one
        AtomicInteger issued = new AtomicInteger();
        m.http.handler = call -> {
            String path = call.uri().getPath();
            if (path.equals("/time")) {
                return MockHttp.json(200, "[" + serverTime + "]");
            }
            if (path.matches("/keys/.*/requestToken")) {
                return MockHttp.json(
                        200,
                        "{\"token\":\"token-v" + issued.incrementAndGet() + "\",\"expires\":" + (serverTime + 1000)
                                + "}");
            }
            return MockHttp.json(200, CHANNEL);
        };
        RestClient client = m.client();
        m.await(client.auth()
                .authorize(null, AuthOptions.builder().queryTime(true).build()));
        TokenDetails first = current(client);

        m.rt.advanceMillis(2000); // past expiry by Ably's clock
        channelRequest(client);

        assertThat(first.token()).isEqualTo("token-v1");
        assertThat(current(client).token()).isEqualTo("token-v2");
        HttpCall last = m.requests().get(m.requests().size() - 1);
        assertThat(last.uri().getPath()).isEqualTo("/channels/test");
        assertThat(RestMock.header(last, "Authorization")).isEqualTo("Bearer token-v2");
        assertThat(m.requests().stream().filter(c -> c.uri().getPath().equals("/channels/test")))
                .as("no request with the expired token")
                .hasSize(1);
    }

    @Test
    void RSA16c_updated_after_40142_renewal_3() {
        m.queue(401, TOKEN_EXPIRED);
        m.always(200, CHANNEL);
        CountingCallback cb = new CountingCallback(n -> AuthCallback.Result.of(TokenDetails.builder("token-v" + n)
                .expires(now(m) + 3_600_000L)
                .clientId("client-v" + n)
                .build()));
        RestClient client = callbackClient(m, cb.callback());

        m.await(client.auth().authorize());
        TokenDetails first = current(client);
        channelRequest(client);
        TokenDetails second = current(client);

        assertThat(first.token()).isEqualTo("token-v1");
        assertThat(second.token()).isEqualTo("token-v2");
    }

    @Test
    void RSA16d_null_with_basic_auth_0() {
        m.always(200, CHANNEL);
        RestClient client = m.client();

        channelRequest(client);

        assertThat(client.auth().tokenDetails()).isNull();
        assertThat(RestMock.header(m.request(0), "Authorization")).startsWith("Basic ");
    }

    @Test
    void RSA16d_null_before_token_obtained_1() {
        RestClient client = callbackClient(
                m,
                AuthCallback.blocking(p -> AuthCallback.Result.of(TokenDetails.builder("my-token")
                        .expires(now(m) + 3_600_000L)
                        .build())));

        assertThat(client.auth().tokenDetails()).isNull();
        assertThat(m.requests()).isEmpty();
    }

    @Test
    void RSA16d_null_after_invalidation_2() {
        m.always(401, TOKEN_EXPIRED);
        CountingCallback cb = new CountingCallback(n -> {
            if (n == 1) {
                return AuthCallback.Result.of(TokenDetails.builder("first-token")
                        .expires(now(m) + 3_600_000L)
                        .build());
            }
            throw new AblyException(ErrorInfo.of(40000, 400, "Cannot obtain new token"));
        });
        RestClient client = callbackClient(m, cb.callback());
        m.await(client.auth().authorize());
        assertThat(current(client).token()).isEqualTo("first-token");

        m.fails(client.stats()); // a request whose failures fail the future (request() returns them as responses)

        assertThat(client.auth().tokenDetails()).isNull();
        assertThat(cb.calls).hasValue(2);
    }

    @Disabled("contradicts spec 6.1.1: RSA10a says authorize() obtains a token and ensures token auth is used for all"
            + " future requests, so it cannot switch a client to basic auth")
    @Test
    void RSA16d_null_after_switch_to_basic_3() {
        m.always(200, CHANNEL);
        RestClient client = callbackClient(
                m,
                AuthCallback.blocking(p -> AuthCallback.Result.of(TokenDetails.builder("my-token")
                        .expires(now(m) + 3_600_000L)
                        .build())));
        m.await(client.auth().authorize());
        assertThat(client.auth().tokenDetails()).isNotNull();

        m.await(client.auth()
                .authorize(
                        null,
                        AuthOptions.builder()
                                .key("appId.keyId:keySecret")
                                .useTokenAuth(false)
                                .build()));

        assertThat(client.auth().tokenDetails()).isNull();
    }

    @Test
    void RSA16a_preserved_across_requests_0() {
        m.always(200, CHANNEL);
        CountingCallback cb = new CountingCallback(n -> AuthCallback.Result.of(TokenDetails.builder("stable-token")
                .expires(now(m) + 3_600_000L)
                .clientId("stable-client")
                .build()));
        RestClient client = callbackClient(m, cb.callback());

        channelRequest(client);
        TokenDetails first = current(client);
        channelRequest(client);
        TokenDetails second = current(client);
        channelRequest(client);
        TokenDetails third = current(client);

        assertThat(first.token()).isEqualTo("stable-token");
        assertThat(second.token()).isEqualTo("stable-token");
        assertThat(third.token()).isEqualTo("stable-token");
        assertThat(cb.calls).as("not re-fetched").hasValue(1);
    }

    @Test
    void RSA16a_reflects_capability_1() {
        m.always(200, CHANNEL);
        String capability = "{\"channel1\":[\"publish\",\"subscribe\"],\"channel2\":[\"subscribe\"]}";
        RestClient client = callbackClient(
                m,
                AuthCallback.blocking(p -> AuthCallback.Result.of(TokenDetails.builder("capable-token")
                        .expires(now(m) + 3_600_000L)
                        .capability(capability)
                        .build())));

        channelRequest(client);

        assertThat(current(client).capability()).isEqualTo(capability);
    }
}
