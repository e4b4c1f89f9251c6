package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.API_KEY;
import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.BatchResult;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.HttpPaginatedResponse;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeClient;
import io.ably4j.RestClient;
import io.ably4j.Stats;
import io.ably4j.StatsParams;
import io.ably4j.TokenRevocationResult;
import io.ably4j.TokenRevocationTarget;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The REST client operations against the emulator: {@code request()} with JSON and msgpack (RSC19), {@code stats()}
 * (RSC6), {@code revokeTokens()} (RSA17) and its effect on realtime connections and REST requests, and token renewal
 * of REST requests with an authCallback (RSA4b).
 */
class RestOperationsIntegrationTest {
    private static UtsSandbox sandbox;

    private final List<AutoCloseable> opened = new java.util.ArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = UtsSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        sandbox.closeClients();
    }

    private ClientOptions.Builder options(Protocol protocol) {
        return ClientOptions.builder()
                .endpoint("localhost")
                .port(sandbox.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .autoConnect(false)
                .useBinaryProtocol(protocol.binary());
    }

    private RestClient rest(Protocol protocol, Consumer<ClientOptions.Builder> more) {
        ClientOptions.Builder b = options(protocol);
        more.accept(b);
        RestClient c = new RestClient(b.build());
        opened.add(c);
        return c;
    }

    private static Object field(Json item, String name) {
        return Objects.requireNonNull(((Map<?, ?>) Objects.requireNonNull(item.toValue())).get(name));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSC19_request_post_then_get(Protocol protocol) throws Exception {
        RestClient client = rest(protocol, b -> b.key(API_KEY));
        String path = "/channels/request-" + UtsSandbox.randomId() + "/messages";

        HttpPaginatedResponse posted = await(
                client.request("POST", path, 3, null, List.of(Map.of("name", "greeting", "data", "hello")), null));
        assertThat(posted.success()).as("%s", posted).isTrue();
        assertThat(posted.statusCode()).isBetween(200, 299);

        HttpPaginatedResponse history = await(client.request("GET", path, 3, Map.of("limit", "10"), null, null));
        assertThat(history.statusCode()).isEqualTo(200);
        assertThat(history.header("Content-Type"))
                .contains(protocol.binary() ? "application/x-msgpack" : "application/json");
        assertThat(history.items()).hasSize(1);
        assertThat(field(history.items().get(0), "name")).isEqualTo("greeting");
        assertThat(field(history.items().get(0), "data")).isEqualTo("hello");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSC19e_error_status_is_a_response(Protocol protocol) throws Exception {
        RestClient client = rest(protocol, b -> b.key(API_KEY));

        HttpPaginatedResponse response = await(client.request("GET", "/no/such/endpoint", 3));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.success()).isFalse();
        assertThat(response.items()).hasSize(1); // HP3: the error object
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSC6_stats(Protocol protocol) throws Exception {
        RestClient client = rest(protocol, b -> b.key(API_KEY));
        RealtimeClient realtime = sandbox.client(API_KEY, protocol);

        PaginatedResult<Stats> page = await(client.stats(StatsParams.builder()
                .limit(5)
                .direction(StatsParams.Direction.FORWARDS)
                .unit(StatsParams.Unit.HOUR)
                .start(0L)
                .end(System.currentTimeMillis())
                .build()));
        PaginatedResult<Stats> realtimePage = await(realtime.stats()); // RTC5

        assertThat(page.items()).isEmpty(); // the emulator keeps no statistics
        assertThat(page.hasNext()).isFalse();
        assertThat(realtimePage.items()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA17_revoked_token_disconnects_realtime_and_fails_rest(Protocol protocol) throws Exception {
        RestClient admin = rest(protocol, b -> b.key(API_KEY));
        String clientId = "revoked-" + UtsSandbox.randomId();
        TokenParams params = TokenParams.builder().clientId(clientId).build();
        AtomicInteger tokensIssued = new AtomicInteger();
        AuthCallback callback = p -> {
            tokensIssued.incrementAndGet();
            return admin.auth().requestToken(params, null).thenApply(AuthCallback.Result::of);
        };
        RealtimeClient realtime = sandbox.client(
                API_KEY,
                protocol,
                b -> b.authOptions(AuthOptions.builder().authCallback(callback).build()));
        BlockingQueue<ConnectionStateChange> changes = new LinkedBlockingQueue<>();
        realtime.connection().on(changes::add);
        realtime.connect();
        await(realtime.connection().whenState(ConnectionState.CONNECTED));
        TokenDetails restToken = await(admin.auth().requestToken(params, null));
        RestClient tokenOnly = rest(protocol, b -> b.token(restToken.token()));
        await(tokenOnly.request("GET", "/channels/x/messages", 3)); // the token works before the revocation

        BatchResult<TokenRevocationResult> result =
                await(admin.auth().revokeTokens(List.of(TokenRevocationTarget.clientId(clientId)), null));

        assertThat(result.successCount()).isEqualTo(1);
        assertThat(result.failureCount()).isZero();
        TokenRevocationResult.Success success =
                (TokenRevocationResult.Success) result.results().get(0);
        assertThat(success.target()).isEqualTo("clientId:" + clientId);
        assertThat(success.issuedBefore()).isPositive();
        ConnectionStateChange disconnected = null;
        while (disconnected == null) {
            ConnectionStateChange c = changes.poll(UtsSandbox.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(c).as("a DISCONNECTED state change").isNotNull();
            if (c.current() == ConnectionState.DISCONNECTED) {
                disconnected = c;
            }
        }
        assertThat(Objects.requireNonNull(disconnected.reason()).code()).isEqualTo(40141);
        // RSA4a2: a token error with no means of renewal fails the request with 40171, caused by Ably's 40141
        AblyException failure = awaitFailure(tokenOnly.request("GET", "/channels/x/messages", 3));
        ErrorInfo error = failure.errorInfo();
        assertThat(error.code()).isEqualTo(40171);
        assertThat(Objects.requireNonNull(error.cause()).code()).isEqualTo(40141);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4b_rest_renews_token_from_auth_callback_after_revocation(Protocol protocol) throws Exception {
        RestClient admin = rest(protocol, b -> b.key(API_KEY));
        String clientId = "renewed-" + UtsSandbox.randomId();
        TokenParams params = TokenParams.builder().clientId(clientId).build();
        AtomicInteger tokensIssued = new AtomicInteger();
        RestClient client = rest(
                protocol,
                b -> b.authOptions(AuthOptions.builder()
                        .authCallback(p -> {
                            tokensIssued.incrementAndGet();
                            return admin.auth().requestToken(params, null).thenApply(AuthCallback.Result::of);
                        })
                        .build()));

        assertThat(await(client.request("GET", "/channels/x/messages", 3)).statusCode())
                .isEqualTo(200);
        assertThat(tokensIssued)
                .as("RSA4b: the token is obtained before the first request")
                .hasValue(1);
        TokenDetails first = Objects.requireNonNull(client.auth().tokenDetails());
        await(admin.auth().revokeTokens(List.of(TokenRevocationTarget.clientId(clientId)), null));
        // tokens issued in the millisecond of the revocation are revoked too: wait for a later one
        long revokedAt = System.currentTimeMillis();
        while (System.currentTimeMillis() <= revokedAt + 1) {
            Thread.onSpinWait();
        }

        PaginatedResult<Stats> stats = await(client.stats());

        assertThat(stats.items()).isEmpty();
        assertThat(tokensIssued).as("renewed once on 40141").hasValue(2);
        assertThat(Objects.requireNonNull(client.auth().tokenDetails()).token()).isNotEqualTo(first.token());
    }
}
