package io.ably4j.rest;

import static io.ably4j.rest.RestAuthSupport.callbackClient;
import static io.ably4j.rest.RestAuthSupport.client;
import static io.ably4j.rest.RestAuthSupport.now;
import static io.ably4j.rest.RestAuthSupport.numbered;
import static io.ably4j.rest.RestAuthSupport.tokenJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.HttpPaginatedResponse;
import io.ably4j.PaginatedResult;
import io.ably4j.RestClient;
import io.ably4j.Stats;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.rest.RestAuthSupport.CountingCallback;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.TokenDetails;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/auth/token_renewal.md}: renewing a rejected token once and sending the request again (RSA4a2,
 * RSA4b, RSA4b1, RSC10).
 *
 * <p>The UTS reads a channel's history or status only to make an authenticated request that fails on an error
 * response; here that request is {@code client.stats()} (a paginated GET whose error responses fail it, like
 * history), or {@code client.request()} where the UTS looks at the path.
 */
class RestTokenRenewalTest {
    private static final String TOKEN_EXPIRED =
            "{\"error\":{\"code\":40142,\"statusCode\":401,\"message\":\"Token expired\"}}";

    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    private static @Nullable String authorization(HttpCall call) {
        return RestMock.header(call, "Authorization");
    }

    @Test
    void RSA4b_renewal_on_40142_0() {
        List<String> tokens = List.of("first-token", "second-token");
        CountingCallback cb = new CountingCallback(n -> AuthCallback.Result.of(TokenDetails.builder(tokens.get(n - 1))
                .expires(now(m) + 3_600_000L)
                .build()));
        m.queue(401, TOKEN_EXPIRED);
        m.always(200, "[]");
        RestClient client = callbackClient(m, cb.callback());

        PaginatedResult<Stats> result = m.await(client.stats());

        assertThat(cb.calls).hasValue(2);
        assertThat(m.requests()).hasSize(2);
        assertThat(authorization(m.request(0))).isEqualTo("Bearer first-token");
        assertThat(authorization(m.request(1))).isEqualTo("Bearer second-token");
        assertThat(result.items()).isEmpty();
    }

    @Test
    void RSA4b_renewal_on_40140_1() {
        CountingCallback cb = numbered(m, "token-");
        m.queue(401, "{\"error\":{\"code\":40140,\"statusCode\":401,\"message\":\"Token error\"}}");
        m.always(200, "[]");
        RestClient client = callbackClient(m, cb.callback());

        m.await(client.stats());

        assertThat(cb.calls).hasValue(2);
        assertThat(m.requests()).hasSize(2);
    }

    @Disabled("contradicts spec 6.1.1: RSA4b1 may detect an expired token only by Ably's clock (queried per RSA10k),"
            + " not the local one; see RSA4b1_preemptiveRenewalByAblyTime")
    @Test
    void RSA4b1_preemptive_renewal_0() {
        CountingCallback cb = new CountingCallback(n -> AuthCallback.Result.of(
                n == 1
                        ? TokenDetails.builder("expired-token")
                                .expires(now(m) - 1000)
                                .build()
                        : TokenDetails.builder("fresh-token")
                                .expires(now(m) + 3_600_000L)
                                .build()));
        m.always(200, "[]");
        RestClient client = callbackClient(m, cb.callback());

        m.await(client.auth().authorize());
        m.await(client.request("GET", "/channels/test/messages", 3));

        assertThat(cb.calls).hasValue(2);
        List<HttpCall> history = m.http.requestsTo("/channels/test/messages");
        assertThat(history).hasSize(1);
        assertThat(authorization(history.get(0))).isEqualTo("Bearer fresh-token");
    }

    /**
     * RSA4b1 as features.md allows it: after {@code authorize()} with queryTime (RSA10k) the offset to Ably's clock
     * is known, and a token that expired by Ably's clock is renewed before the request, which is sent once.
     */
    @Test
    void RSA4b1_preemptiveRenewalByAblyTime() {
        long serverTime = now(m) - 60_000; // Ably's clock is a minute behind the local one
        AtomicInteger issued = new AtomicInteger();
        m.http.handler = call -> {
            String path = call.uri().getPath();
            if (path.equals("/time")) {
                return MockHttp.json(200, "[" + serverTime + "]");
            }
            if (path.matches("/keys/.*/requestToken")) {
                int n = issued.incrementAndGet();
                long expires = n == 1 ? serverTime - 1000 : serverTime + 3_600_000L; // the first has expired
                return MockHttp.json(200, "{\"token\":\"token-" + n + "\",\"expires\":" + expires + "}");
            }
            return MockHttp.json(200, "[]");
        };
        RestClient client = m.client();
        m.await(client.auth()
                .authorize(null, AuthOptions.builder().queryTime(true).build()));

        m.await(client.request("GET", "/channels/test/messages", 3));

        assertThat(issued).hasValue(2);
        List<HttpCall> history = m.http.requestsTo("/channels/test/messages");
        assertThat(history).hasSize(1);
        assertThat(authorization(history.get(0))).isEqualTo("Bearer token-2");
    }

    /** RSA4b1: a token the local clock alone says has expired is still presented (Ably decides). */
    @Test
    void RSA4b1_localClockAloneDoesNotRenew() {
        CountingCallback cb = new CountingCallback(n -> AuthCallback.Result.of(
                TokenDetails.builder("token-" + n).expires(now(m) - 1000).build()));
        m.always(200, "[]");
        RestClient client = callbackClient(m, cb.callback());
        m.await(client.auth().authorize());

        m.await(client.stats());

        assertThat(cb.calls).hasValue(1);
        assertThat(authorization(m.request(0))).isEqualTo("Bearer token-1");
    }

    @Test
    void RSA4a2_no_renewal_without_callback_0() {
        m.always(401, TOKEN_EXPIRED);
        RestClient client = client(m, AuthOptions.builder().token("static-token"), b -> {});

        ErrorInfo error = m.fails(client.stats());

        assertThat(error.code()).isEqualTo(40171);
        assertThat(m.requests()).hasSize(1);
    }

    @Test
    void RSA4b_renewal_via_authurl_2() {
        AtomicInteger authUrlCalls = new AtomicInteger();
        AtomicInteger apiCalls = new AtomicInteger();
        m.http.handler = call -> {
            if (call.uri().getHost().equals("example.com")) {
                return MockHttp.json(
                        200, tokenJson(m, authUrlCalls.incrementAndGet() == 1 ? "first-token" : "second-token"));
            }
            return apiCalls.incrementAndGet() == 1
                    ? MockHttp.json(401, "{\"error\":{\"code\":40142,\"message\":\"Token expired\"}}")
                    : MockHttp.json(200, "[]");
        };
        RestClient client = client(m, AuthOptions.builder().authUrl("https://example.com/auth"), b -> {});

        m.await(client.stats());

        List<HttpCall> auth = m.requests().stream()
                .filter(c -> c.uri().getHost().equals("example.com"))
                .toList();
        List<HttpCall> api = m.requests().stream()
                .filter(c -> !c.uri().getHost().equals("example.com"))
                .toList();
        assertThat(auth).hasSize(2);
        assertThat(api).hasSize(2);
        assertThat(authorization(api.get(0))).isEqualTo("Bearer first-token");
        assertThat(authorization(api.get(1))).isEqualTo("Bearer second-token");
    }

    @Test
    void RSA4b_renewal_limit_no_loop_3() {
        CountingCallback cb = numbered(m, "token-");
        m.always(401, "{\"error\":{\"code\":40142,\"message\":\"Token expired\"}}");
        RestClient client = callbackClient(m, cb.callback());

        ErrorInfo error = m.fails(client.stats());

        assertThat(error.code()).isEqualTo(40142);
        assertThat(cb.calls).hasValue(2);
        assertThat(m.requests()).hasSize(2);
    }

    /**
     * The UTS asks a channel's status; {@code request("GET", "/channels/test")} is the same request, whose token error
     * is renewed like any other and whose response is the retried one.
     */
    @Test
    void RSC10_request_retried_after_renewal_0() {
        CountingCallback cb = numbered(m, "token-");
        m.http.handler = call -> "Bearer token-1".equals(authorization(call))
                ? MockHttp.json(401, TOKEN_EXPIRED)
                : MockHttp.json(
                        200,
                        "{\"channelId\":\"test\",\"status\":{\"isActive\":true,\"occupancy\":{\"metrics\":"
                                + "{\"connections\":0}}}}");
        RestClient client = callbackClient(m, cb.callback());

        HttpPaginatedResponse result = m.await(client.request("GET", "/channels/test", 3));

        assertThat(result.success()).isTrue();
        assertThat(RestMock.field(result.items().get(0), "channelId")).isEqualTo("test");
        List<HttpCall> channel = m.requests().stream()
                .filter(c -> c.uri().getPath().equals("/channels/test"))
                .toList();
        assertThat(channel).hasSize(2);
        assertThat(cb.calls).hasValue(2);
        assertThat(authorization(channel.get(0))).isEqualTo("Bearer token-1");
        assertThat(authorization(channel.get(1))).isEqualTo("Bearer token-2");
    }

    @Test
    void RSC10b_non_token_401_no_renewal_0() {
        CountingCallback cb = numbered(m, "token-");
        m.always(401, "{\"error\":{\"code\":40100,\"statusCode\":401,\"message\":\"Unauthorized\"}}");
        RestClient client = callbackClient(m, cb.callback());

        ErrorInfo error = m.fails(client.stats());

        assertThat(error.code()).isEqualTo(40100);
        assertThat(m.requests()).hasSize(1);
        assertThat(cb.calls).hasValue(1);
    }

    /**
     * The UTS calls {@code time()}, which sends no credentials in ably4j (RSC16: {@code /time} needs none), so it
     * could not meet a token error; {@code request("GET", "/time")} makes the same request with the token.
     */
    @Test
    void RSA4b_renewal_msgpack_response_4() {
        CountingCallback cb = numbered(m, "token-");
        ProtocolCodec msgpack = ProtocolCodec.create(WireFormat.MSGPACK);
        byte[] error = msgpack.encodeJson(Json.parse(TOKEN_EXPIRED));
        byte[] time = msgpack.encodeJson(Json.parse("[1234567890000]"));
        AtomicInteger requests = new AtomicInteger();
        m.http.handler = call -> CompletableFuture.completedFuture(new HttpResult(
                requests.incrementAndGet() == 1 ? 401 : 200,
                Map.of("Content-Type", List.of("application/x-msgpack")),
                requests.get() == 1 ? error : time));
        RestClient client =
                client(m, AuthOptions.builder().authCallback(cb.callback()), b -> b.useBinaryProtocol(true));

        HttpPaginatedResponse result = m.await(client.request("GET", "/time", 3));

        assertThat(cb.calls).hasValue(2);
        assertThat(requests).hasValue(2);
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.items()).hasSize(1);
        assertThat(result.items().get(0).toValue())
                .isInstanceOfSatisfying(
                        Number.class, n -> assertThat(n.longValue()).isEqualTo(1234567890000L));
    }
}
