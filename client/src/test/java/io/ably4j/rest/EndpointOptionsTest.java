package io.ably4j.rest;

import static io.ably4j.rest.RestHarness.DEFAULT_FALLBACKS;
import static io.ably4j.rest.RestHarness.PRIMARY;
import static io.ably4j.rest.RestHarness.TIME_BODY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ClientOptions;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.http.ConnectivityCheck;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * UTS {@code rest/unit/fallback.md}, the REC1, REC2 and REC3 cases: which hosts the endpoint options give, asserted on
 * {@link ClientOptions#primaryDomain()}, {@link ClientOptions#fallbackDomains()} and {@link
 * ClientOptions#connectivityCheckUrl()}, and on the hosts the HTTP requests of {@code time()} go to.
 *
 * <p>A {@link RealtimeClient} with {@code autoConnect(false)} stands in for the UTS {@code Rest} client (RTC6a: its
 * {@code time()} is the REST one), and for the UTS {@code Realtime} client of the REC3 cases, whose {@code
 * checkConnectivity()} is the {@link ConnectivityCheck} the connection manager runs, built from the client's host
 * policy. The deprecated options (environment, restHost, realtimeHost, fallbackHostsUseDefault) are supported, so their
 * cases apply. A construction that the UTS expects to fail fails in {@link ClientOptions.Builder#build()}.
 */
class EndpointOptionsTest {
    private static final String KEY = "appId.keyId:keySecret";
    private static final String DEFAULT_CHECK_URL = "https://internet-up.ably-realtime.com/is-the-internet-up.txt";

    private final RestHarness h = new RestHarness();
    private final FakeRuntime rt = h.rt;
    private final MockHttp http = h.http;

    @AfterEach
    void close() {
        h.close();
    }

    /** The host of the one {@code time()} request of a client with {@code options}, after checking the options. */
    private String primaryHostUsed(Consumer<ClientOptions.Builder> options, String expected) {
        h.alwaysTime();
        RealtimeClient client = h.client(options);
        assertThat(client.options().primaryDomain()).isEqualTo(expected);
        h.time(client);
        assertThat(http.requests).hasSize(1);
        return http.hosts().get(0);
    }

    /** Primary fails with 500, the fallback answers: returns the client after checking two requests were made. */
    private RealtimeClient fallsBackOnce(Consumer<ClientOptions.Builder> options) {
        http.queueJson(500, "{\"error\":{\"code\":50000}}");
        http.queueJson(200, TIME_BODY);
        RealtimeClient client = h.client(options);
        h.time(client);
        assertThat(http.requests).hasSize(2);
        return client;
    }

    /** Primary fails with 500 and nothing else is tried. */
    private RealtimeClient failsWithoutFallback(Consumer<ClientOptions.Builder> options) {
        http.queueJson(500, "{\"error\":{\"code\":50000}}");
        http.queueJson(200, TIME_BODY); // would be used by a fallback
        RealtimeClient client = h.client(options);
        assertThat(h.timeFails(client).statusCode()).isEqualTo(500);
        assertThat(http.requests).hasSize(1);
        assertThat(client.options().fallbackDomains()).isEmpty();
        return client;
    }

    private static void invalid(Consumer<ClientOptions.Builder> options) {
        ClientOptions.Builder b = ClientOptions.builder().key(KEY);
        options.accept(b);
        assertThatThrownBy(b::build)
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40000));
    }

    private static List<String> lettered(String id, String domain) {
        return List.of("a", "b", "c", "d", "e").stream()
                .map(l -> id + "." + l + ".fallback." + domain)
                .toList();
    }

    // ---------------------------------------------------------------- REC1

    @Test
    void REC1a_default_primary_domain_0() {
        assertThat(primaryHostUsed(b -> {}, PRIMARY)).isEqualTo(PRIMARY);
    }

    @Test
    void REC1b2_explicit_hostname_with_period_0() {
        assertThat(primaryHostUsed(b -> b.endpoint("custom.ably.example.com"), "custom.ably.example.com"))
                .isEqualTo("custom.ably.example.com");
    }

    @Test
    void REC1b2_endpoint_localhost_1() {
        assertThat(primaryHostUsed(b -> b.endpoint("localhost"), "localhost")).isEqualTo("localhost");
    }

    @Test
    void REC1b2_endpoint_ipv6_address_2() {
        assertThat(primaryHostUsed(b -> b.endpoint("::1"), "::1")).isIn("::1", "[::1]");
        assertThat(http.requests.get(0).uri().toString()).startsWith("https://[::1]/time");
    }

    @Test
    void REC1b3_nonprod_routing_policy_0() {
        assertThat(primaryHostUsed(b -> b.endpoint("nonprod:staging"), "staging.realtime.ably-nonprod.net"))
                .isEqualTo("staging.realtime.ably-nonprod.net");
    }

    @Test
    void REC1b4_production_routing_policy_0() {
        assertThat(primaryHostUsed(b -> b.endpoint("test"), "test.realtime.ably.net"))
                .isEqualTo("test.realtime.ably.net");
    }

    @Test
    void REC1b1_endpoint_conflicts_environment_0() {
        invalid(b -> b.endpoint("test").environment("production"));
    }

    @Test
    void REC1b1_endpoint_conflicts_resthost_1() {
        invalid(b -> b.endpoint("test").restHost("custom.host.com"));
    }

    @Test
    void REC1b1_endpoint_conflicts_realtimehost_2() {
        invalid(b -> b.endpoint("test").realtimeHost("custom.realtime.com"));
    }

    @Test
    void REC1b1_endpoint_conflicts_fallback_default_3() {
        invalid(b -> b.endpoint("test").fallbackHostsUseDefault(true));
    }

    @Test
    void REC1c2_environment_sets_primary_domain_0() {
        assertThat(primaryHostUsed(b -> b.environment("sandbox"), "sandbox.realtime.ably.net"))
                .isEqualTo("sandbox.realtime.ably.net");
    }

    @Test
    void REC1c1_environment_conflicts_resthost_0() {
        invalid(b -> b.environment("sandbox").restHost("custom.host.com"));
    }

    @Test
    void REC1c1_environment_conflicts_realtimehost_1() {
        invalid(b -> b.environment("sandbox").realtimeHost("custom.realtime.com"));
    }

    @Test
    void REC1d1_resthost_sets_primary_domain_0() {
        assertThat(primaryHostUsed(b -> b.restHost("custom.rest.example.com"), "custom.rest.example.com"))
                .isEqualTo("custom.rest.example.com");
    }

    @Test
    void REC1d2_realtimehost_sets_primary_domain_0() {
        assertThat(primaryHostUsed(b -> b.realtimeHost("custom.realtime.example.com"), "custom.realtime.example.com"))
                .isEqualTo("custom.realtime.example.com");
    }

    @Test
    void REC1d_resthost_precedence_over_realtimehost_0() {
        assertThat(primaryHostUsed(
                        b -> b.restHost("rest.example.com").realtimeHost("realtime.example.com"), "rest.example.com"))
                .isEqualTo("rest.example.com");
    }

    // ---------------------------------------------------------------- REC2

    @Test
    void REC2c1_default_fallback_domains_0() {
        RealtimeClient client = fallsBackOnce(b -> {});
        assertThat(client.options().fallbackDomains()).containsExactlyElementsOf(DEFAULT_FALLBACKS);
        assertThat(http.hosts().get(0)).isEqualTo(PRIMARY);
        assertThat(http.hosts().get(1)).isIn(DEFAULT_FALLBACKS);
    }

    @Test
    void REC2a2_custom_fallback_hosts_0() {
        List<String> custom = List.of("fb1.example.com", "fb2.example.com", "fb3.example.com");
        RealtimeClient client = fallsBackOnce(b -> b.fallbackHosts(custom));
        assertThat(client.options().fallbackDomains()).containsExactlyElementsOf(custom);
        assertThat(http.hosts().get(0)).isEqualTo(PRIMARY);
        assertThat(http.hosts().get(1)).isIn(custom);
    }

    @Test
    void REC2a1_fallback_hosts_conflicts_use_default_0() {
        invalid(b -> b.fallbackHosts(List.of("fb1.example.com")).fallbackHostsUseDefault(true));
    }

    @Test
    void REC2b_fallback_hosts_use_default_0() {
        RealtimeClient client = fallsBackOnce(b -> b.restHost("custom.host.com").fallbackHostsUseDefault(true));
        assertThat(client.options().fallbackDomains()).containsExactlyElementsOf(DEFAULT_FALLBACKS);
        assertThat(http.hosts().get(0)).isEqualTo("custom.host.com");
        assertThat(http.hosts().get(1)).isIn(DEFAULT_FALLBACKS);
    }

    @Test
    void REC2c2_explicit_hostname_no_fallbacks_0() {
        failsWithoutFallback(b -> b.endpoint("custom.ably.example.com"));
        assertThat(http.hosts()).containsExactly("custom.ably.example.com");
    }

    @Test
    void REC2c3_nonprod_fallback_domains_0() {
        RealtimeClient client = fallsBackOnce(b -> b.endpoint("nonprod:staging"));
        List<String> expected = lettered("staging", "ably-realtime-nonprod.com");
        assertThat(client.options().fallbackDomains()).containsExactlyElementsOf(expected);
        assertThat(http.hosts().get(0)).isEqualTo("staging.realtime.ably-nonprod.net");
        assertThat(http.hosts().get(1)).isIn(expected);
    }

    @Test
    void REC2c4_production_endpoint_fallback_domains_0() {
        RealtimeClient client = fallsBackOnce(b -> b.endpoint("test"));
        List<String> expected = lettered("test", "ably-realtime.com");
        assertThat(client.options().fallbackDomains()).containsExactlyElementsOf(expected);
        assertThat(http.hosts().get(0)).isEqualTo("test.realtime.ably.net");
        assertThat(http.hosts().get(1)).isIn(expected);
    }

    @Test
    void REC2c5_production_environment_fallback_domains_0() {
        RealtimeClient client = fallsBackOnce(b -> b.environment("sandbox"));
        List<String> expected = lettered("sandbox", "ably-realtime.com");
        assertThat(client.options().fallbackDomains()).containsExactlyElementsOf(expected);
        assertThat(http.hosts().get(0)).isEqualTo("sandbox.realtime.ably.net");
        assertThat(http.hosts().get(1)).isIn(expected);
    }

    @Test
    void REC2c6_custom_resthost_no_fallbacks_0() {
        failsWithoutFallback(b -> b.restHost("custom.rest.example.com"));
        assertThat(http.hosts()).containsExactly("custom.rest.example.com");
    }

    @Test
    void REC2c6_custom_realtimehost_no_fallbacks_1() {
        failsWithoutFallback(b -> b.realtimeHost("custom.realtime.example.com"));
        assertThat(http.hosts()).containsExactly("custom.realtime.example.com");
    }

    // ---------------------------------------------------------------- REC3

    /** UTS {@code client.connection.checkConnectivity()}: the check the connection manager runs for this client. */
    private boolean checkConnectivity(RealtimeClient client) {
        ConnectivityCheck check = ConnectivityCheck.of(
                FakeRuntime.manager(client).hostPolicy(), rt.runtime(), ConnectivityCheck.DEFAULT_TIMEOUT);
        return rt.await(check.check());
    }

    @Test
    void REC3a_default_connectivity_check_url_0() {
        http.handler = call -> call.uri().toString().equals(DEFAULT_CHECK_URL)
                ? MockHttp.respond(200, "yes")
                : MockHttp.unreachable(call);
        RealtimeClient client = h.client();

        assertThat(client.options().connectivityCheckUrl()).isEqualTo(URI.create(DEFAULT_CHECK_URL));
        assertThat(checkConnectivity(client)).isTrue();

        List<HttpCall> checks = http.requestsTo("is-the-internet-up");
        assertThat(checks).isNotEmpty();
        assertThat(checks.get(0).uri().toString()).isEqualTo(DEFAULT_CHECK_URL);
        assertThat(checks.get(0).method()).isEqualTo("GET");
    }

    @Test
    void REC3b_custom_connectivity_check_url_0() {
        String custom = "https://custom.example.com/connectivity";
        http.handler = call -> MockHttp.respond(200, "ok");
        RealtimeClient client = h.client(b -> b.connectivityCheckUrl(custom));

        assertThat(client.options().connectivityCheckUrl()).isEqualTo(URI.create(custom));
        checkConnectivity(client);

        List<HttpCall> checks = http.requests.stream()
                .filter(c -> c.uri().getHost().equals("custom.example.com"))
                .toList();
        assertThat(checks).isNotEmpty();
        assertThat(checks.get(0).uri().toString()).isEqualTo(custom);
        assertThat(http.requests.stream().filter(c -> c.uri().getHost().equals("internet-up.ably-realtime.com")))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"200 yes", "200 no", "200 empty", "404", "network error"})
    void REC3_connectivity_check_validation_0(String answer) {
        Function<HttpCall, CompletableFuture<HttpResult>> response = switch (answer) {
            case "200 yes" -> call -> MockHttp.respond(200, "yes");
            case "200 no" -> call -> MockHttp.respond(200, "no");
            case "200 empty" -> call -> MockHttp.respond(200, "");
            case "404" -> call -> MockHttp.respond(404, "Not Found");
            default -> MockHttp::unreachable;
        };
        http.handler = response;
        RealtimeClient client = h.client();

        assertThat(checkConnectivity(client)).isEqualTo(answer.equals("200 yes"));
        assertThat(http.requests).hasSize(1);
        assertThat(http.requests.get(0).uri().toString()).isEqualTo(DEFAULT_CHECK_URL);
    }

    /** A check that gets no answer is no connectivity once the timeout passes on the fake clock. */
    @Test
    void REC3_connectivity_check_validation_0_noAnswerInTime() {
        CompletableFuture<HttpResult> held = new CompletableFuture<>();
        http.handler = call -> held;
        RealtimeClient client = h.client();
        ConnectivityCheck check =
                ConnectivityCheck.of(FakeRuntime.manager(client).hostPolicy(), rt.runtime(), Duration.ofSeconds(5));

        CompletableFuture<Boolean> result = check.check();
        rt.advance(Duration.ofSeconds(5).minusMillis(1));
        assertThat(result).isNotDone();
        rt.advanceMillis(1);

        assertThat(rt.await(result)).isFalse();
        assertThat(held).isCancelled();
        held.complete(MockHttp.respond(200, "yes").join()); // too late: changes nothing
        assertThat(result.join()).isFalse();
    }
}
