package io.ably4j.rest;

import static io.ably4j.rest.RestHarness.DEFAULT_FALLBACKS;
import static io.ably4j.rest.RestHarness.PRIMARY;
import static io.ably4j.rest.RestHarness.TIME;
import static io.ably4j.rest.RestHarness.TIME_BODY;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UTS {@code rest/unit/fallback.md}, the RSC15 cases: host fallback of an HTTP request, through {@code time()}.
 *
 * <p>A {@link RealtimeClient} with {@code autoConnect(false)} stands in for the UTS {@code Rest} client: its {@code
 * time()} is the REST one (RTC6a). Where the UTS answers {@code time()} with {@code {"time": ...}}, these tests answer
 * with Ably's real {@code /time} body, {@code [ms]}. The UTS {@code httpRequestTimeout: 1000} is not an option yet (it
 * comes with the REST client), so timeouts here are the default 10 s on the fake clock. The fake runtime's random
 * source is 1.0, which leaves the fallback domains in their REC2 order (a, b, c, ...) unless a test changes it.
 */
class HostFallbackTest {
    private final RestHarness h = new RestHarness();
    private final FakeRuntime rt = h.rt;
    private final MockHttp http = h.http;

    @AfterEach
    void close() {
        h.close();
    }

    // ---------------------------------------------------------------- RSC15m, RSC15a

    @Test
    void RSC15m_no_fallback_empty_hosts_0() {
        http.queueJson(500, "{\"error\":{\"code\":50000}}");
        RealtimeClient client = h.client(b -> b.fallbackHosts(List.of()));

        ErrorInfo error = h.timeFails(client);

        assertThat(http.requests).hasSize(1);
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error.code()).isEqualTo(50000);
    }

    @Test
    void RSC15a_fallback_random_order_0() {
        http.handler = call -> MockHttp.json(500, "{\"error\":{\"code\":50000}}");
        RealtimeClient client = h.client();

        h.timeFails(client);

        List<String> hosts = http.hosts();
        assertThat(hosts.get(0)).isEqualTo(PRIMARY);
        // httpMaxRetryCount defaults to 3 (TO3l5): the primary and three distinct fallbacks
        assertThat(hosts).hasSize(4).doesNotHaveDuplicates();
        assertThat(hosts.subList(1, hosts.size())).allMatch(DEFAULT_FALLBACKS::contains);
    }

    @Test
    void RSC15a_fallback_random_order_0_orderComesFromTheRandomSource() {
        http.handler = call -> MockHttp.json(500, "{\"error\":{\"code\":50000}}");
        RealtimeClient client = h.client();
        Set<List<String>> orders = new HashSet<>();
        for (double random : new double[] {0.0, 0.5, 1.0}) {
            rt.jitter = random;
            http.requests.clear();
            h.timeFails(client);
            orders.add(http.hosts().subList(1, 4));
        }
        assertThat(orders)
                .containsExactlyInAnyOrder(
                        List.of(DEFAULT_FALLBACKS.get(1), DEFAULT_FALLBACKS.get(2), DEFAULT_FALLBACKS.get(3)),
                        List.of(DEFAULT_FALLBACKS.get(0), DEFAULT_FALLBACKS.get(3), DEFAULT_FALLBACKS.get(1)),
                        List.of(DEFAULT_FALLBACKS.get(0), DEFAULT_FALLBACKS.get(1), DEFAULT_FALLBACKS.get(2)));
    }

    // ---------------------------------------------------------------- RSC15l

    @ParameterizedTest
    @ValueSource(ints = {500, 501, 502, 503, 504})
    void RSC15l_qualifying_errors_trigger_fallback_0_status(int status) {
        http.queueJson(status, "{\"error\":{\"code\":" + status * 100 + "}}");
        http.queueJson(200, TIME_BODY);
        RealtimeClient client = h.client();

        assertThat(h.time(client)).isEqualTo(TIME);

        assertThat(http.requests).hasSize(2);
        assertThat(http.hosts().get(1)).isNotEqualTo(http.hosts().get(0));
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 404})
    void RSC15l_qualifying_errors_trigger_fallback_0_nonRetryableStatus(int status) {
        http.queueJson(status, "{\"error\":{\"code\":" + status * 100 + "}}");
        http.queueJson(200, TIME_BODY);
        RealtimeClient client = h.client();

        h.timeFails(client);

        assertThat(http.requests).hasSize(1);
    }

    @Test
    void RSC15l_qualifying_errors_trigger_fallback_0_unreachable() {
        http.queue(MockHttp::unreachable);
        http.queueJson(200, TIME_BODY);
        RealtimeClient client = h.client();

        assertThat(h.time(client)).isEqualTo(TIME);

        assertThat(http.hosts()).containsExactly(PRIMARY, DEFAULT_FALLBACKS.get(0));
    }

    @Test
    void RSC15l_qualifying_errors_trigger_fallback_0_timeout() {
        CompletableFuture<HttpResult> held = new CompletableFuture<>();
        http.queue(call -> held); // never answered: the request timeout ends it
        http.queueJson(200, TIME_BODY);
        RealtimeClient client = h.client();

        CompletableFuture<Long> time = client.time();
        rt.drain();
        assertThat(http.requests).hasSize(1);
        rt.advance(Duration.ofSeconds(10).minusMillis(1));
        assertThat(http.requests).as("not before httpRequestTimeout").hasSize(1);
        rt.advanceMillis(1);

        assertThat(rt.await(time)).isEqualTo(TIME);
        assertThat(http.requests).hasSize(2);
        assertThat(held).as("the timed-out exchange is abandoned").isCancelled();
    }

    @Test
    void RSC15l4_cloudfront_error_triggers_fallback_0() {
        http.queue(call -> MockHttp.respond(403, "{\"error\":\"Forbidden\"}", Map.of("Server", "CloudFront")));
        http.queueJson(200, TIME_BODY);
        RealtimeClient client = h.client();

        h.time(client);

        assertThat(http.requests).hasSize(2);
        assertThat(http.hosts().get(0)).isEqualTo(PRIMARY);
        assertThat(http.hosts().get(1)).isNotEqualTo(PRIMARY);
    }

    @Test
    void RSC15l4_cloudfront_error_triggers_fallback_0_notFromAnotherServer() {
        http.queue(call -> MockHttp.respond(403, "{\"error\":\"Forbidden\"}", Map.of("Server", "nginx")));
        http.queueJson(200, TIME_BODY);
        RealtimeClient client = h.client();

        ErrorInfo error = h.timeFails(client);

        assertThat(http.requests).hasSize(1);
        assertThat(error.statusCode()).isEqualTo(403);
        assertThat(error.code()).isEqualTo(40300);
    }

    @Test
    void RSC15l_connection_refused_fallback_0() {
        http.queue(MockHttp::unreachable); // ConnectException
        http.handler = call -> MockHttp.json(200, TIME_BODY);
        RealtimeClient client = h.client();

        assertThat(h.time(client)).isEqualTo(TIME);
        assertThat(http.requests).hasSize(2);
    }

    @Test
    void RSC15l_dns_error_fallback_1() {
        http.queue(MockHttp::dnsError); // UnknownHostException
        http.handler = call -> MockHttp.json(200, TIME_BODY);
        RealtimeClient client = h.client();

        assertThat(h.time(client)).isEqualTo(TIME);
        assertThat(http.requests).hasSize(2);
    }

    @Test
    void RSC15l_connection_timeout_fallback_2() {
        http.queue(MockHttp::connectTimeout); // HttpConnectTimeoutException
        http.handler = call -> MockHttp.json(200, TIME_BODY);
        RealtimeClient client = h.client();

        assertThat(h.time(client)).isEqualTo(TIME);
        assertThat(http.requests).hasSize(2);
    }

    @Test
    void RSC15l_request_timeout_fallback_3() {
        http.queue(MockHttp::timeout); // HttpTimeoutException from the transport
        http.handler = call -> MockHttp.json(200, TIME_BODY);
        RealtimeClient client = h.client();

        assertThat(h.time(client)).isEqualTo(TIME);
        assertThat(http.requests).hasSize(2);
        assertThat(http.hosts().get(0)).isNotEqualTo(http.hosts().get(1));
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 501, 502, 503, 504})
    void RSC15l_http_5xx_triggers_fallback_4(int status) {
        AtomicInteger count = new AtomicInteger();
        http.handler = call -> count.incrementAndGet() == 1
                ? MockHttp.json(status, "{\"error\":{\"code\":" + status * 100 + "}}")
                : MockHttp.json(200, TIME_BODY);
        RealtimeClient client = h.client();

        assertThat(h.time(client)).isEqualTo(TIME);
        assertThat(count).hasValue(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 404})
    void RSC15l_http_4xx_no_fallback_5(int status) {
        http.handler = call -> MockHttp.json(status, "{\"error\":{\"code\":" + status * 100 + "}}");
        RealtimeClient client = h.client();

        ErrorInfo error = h.timeFails(client);

        assertThat(error.statusCode()).isEqualTo(status);
        assertThat(error.code()).isEqualTo(status * 100);
        assertThat(http.requests).hasSize(1);
    }

    // ---------------------------------------------------------------- RSC15j

    /**
     * The mock sees each request's URI; the Host header is not among the headers the library sets, so the JDK client
     * derives it from that URI. The next test shows the header the JDK client then sends.
     */
    @Test
    void RSC15j_host_header_matches_request_0() {
        http.queueJson(500, "{\"error\":{\"code\":50000}}");
        http.queueJson(200, TIME_BODY);
        RealtimeClient client = h.client();

        h.time(client);

        assertThat(http.requests).hasSize(2);
        for (var call : http.requests) {
            assertThat(call.headers().keySet()).noneMatch(name -> name.equalsIgnoreCase("Host"));
            assertThat(call.uri().getPort())
                    .as("default port: Host is the bare host")
                    .isEqualTo(-1);
        }
        assertThat(http.hosts().get(0)).isNotEqualTo(http.hosts().get(1));
    }

    /** RSC15j over the real JDK HTTP client: the server sees a Host header naming each host in turn. */
    @Test
    void RSC15j_host_header_matches_request_0_overJdkHttpClient() throws Exception {
        try (LoopbackHttpServer server = new LoopbackHttpServer(n -> n == 1
                ? new LoopbackHttpServer.Response(500, "application/json", "{\"error\":{\"code\":50000}}")
                : new LoopbackHttpServer.Response(200, "application/json", "[42]"))) {
            int port = server.port();
            try (RealtimeClient client = new RealtimeClient(ClientOptions.builder()
                    .token("a-token") // time() sends no credentials; a token satisfies RSC18 without TLS
                    .autoConnect(false)
                    .endpoint("localhost")
                    .fallbackHosts(List.of("127.0.0.1"))
                    .tls(false)
                    .port(port)
                    .build())) {
                assertThat(client.time().get(20, TimeUnit.SECONDS)).isEqualTo(42L);
            }
            assertThat(server.requests)
                    .extracting(headers -> headers.get("host"))
                    .containsExactly("localhost:" + port, "127.0.0.1:" + port);
        }
    }

    // ---------------------------------------------------------------- RSC15f

    @Test
    void RSC15f_successful_fallback_cached_0() {
        http.handler = call -> call.uri().getHost().equals(PRIMARY)
                ? MockHttp.json(500, "{\"error\":{}}")
                : MockHttp.json(200, "[1000]");
        RealtimeClient client = h.client(b -> b.fallbackRetryTimeout(Duration.ofSeconds(60)));

        assertThat(h.time(client)).isEqualTo(1000L);
        assertThat(h.time(client)).isEqualTo(1000L);

        assertThat(http.hosts()).containsExactly(PRIMARY, DEFAULT_FALLBACKS.get(0), DEFAULT_FALLBACKS.get(0));
    }

    @Test
    void RSC15f_cached_fallback_expires_1() {
        http.queueJson(500, "{\"error\":{}}");
        http.handler = call -> MockHttp.json(200, "[1000]");
        RealtimeClient client = h.client(b -> b.fallbackRetryTimeout(Duration.ofMillis(100)));

        h.time(client);
        rt.advanceMillis(150);
        h.time(client);

        assertThat(http.requests).hasSize(3);
        assertThat(http.hosts().get(2)).isEqualTo(PRIMARY);
    }

    @Test
    void RSC15f_cached_fallback_expires_1_notBefore() {
        http.queueJson(500, "{\"error\":{}}");
        http.handler = call -> MockHttp.json(200, "[1000]");
        RealtimeClient client = h.client(b -> b.fallbackRetryTimeout(Duration.ofMillis(100)));

        h.time(client);
        rt.advanceMillis(99);
        h.time(client);
        rt.advanceMillis(1);
        h.time(client);

        assertThat(http.hosts()).containsExactly(PRIMARY, DEFAULT_FALLBACKS.get(0), DEFAULT_FALLBACKS.get(0), PRIMARY);
    }

    @Test
    void RSC15f_expired_not_resurrected_2() {
        List<CompletableFuture<HttpResult>> held = new ArrayList<>();
        AtomicInteger index = new AtomicInteger();
        http.handler = call -> {
            int i = index.incrementAndGet();
            if (i == 1) {
                return MockHttp.json(500, "{\"error\":{\"message\":\"fail\",\"code\":50000,\"statusCode\":500}}");
            }
            if (i == 3) {
                CompletableFuture<HttpResult> f = new CompletableFuture<>();
                held.add(f);
                return f;
            }
            return MockHttp.json(200, "[1000]");
        };
        RealtimeClient client = h.client(b -> b.fallbackRetryTimeout(Duration.ofMillis(100)));

        h.time(client); // requests 1 and 2: primary fails, fallback succeeds and is preferred
        CompletableFuture<Long> requestFuture = client.time(); // request 3, to the preferred fallback, held
        rt.drain();
        rt.advanceMillis(150); // the preference expires
        h.time(client); // request 4: primary
        held.get(0).complete(MockHttp.json(200, "[1000]").join());
        assertThat(rt.await(requestFuture)).isEqualTo(1000L);
        h.time(client); // request 5

        List<String> hosts = http.hosts();
        assertThat(hosts).hasSize(5);
        assertThat(hosts.get(0)).isEqualTo(PRIMARY);
        assertThat(hosts.get(1)).isNotEqualTo(PRIMARY);
        assertThat(hosts.get(2)).isEqualTo(hosts.get(1));
        assertThat(hosts.get(3)).isEqualTo(PRIMARY);
        assertThat(hosts.get(4)).isEqualTo(PRIMARY);
    }
}
