package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.connection.Endpoints;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockHttp;
import io.ably4j.testing.MockWebSocket.EventType;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code realtime/unit/connection/fallback_hosts_test.md} (RTN17), except RTN17e (HTTP requests on the realtime
 * fallback host), which needs the HTTP request API; then further RTN17 cases named by spec item.
 *
 * <p>In this library the connectivity check (RTN17j) runs once, after the primary domain fails in a way that allows a
 * fallback (RTN17f); the fallback domains are tried only if it answers "yes". {@link MockHttp} fails every request by
 * default, so the tests that expect a fallback call {@code rt.http.internetUp()} (the UTS leaves the check to an
 * implicit HTTP mock in most cases).
 */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class FallbackHostsTest {
    private static final String PRIMARY = Endpoints.DEFAULT_PRIMARY;
    private static final String DEFAULT_FALLBACK_PATTERN = "^main\\.[abcde]\\.fallback\\.ably-realtime\\.com$";

    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    /** The host of every connection attempt, in order (UTS {@code conn.url.host}). */
    private List<String> hosts() {
        synchronized (rt.ws.connectAttempts) {
            return rt.ws.connectAttempts.stream().map(c -> c.url.getHost()).toList();
        }
    }

    private static ProtocolMessage connected(String id, String key) {
        return Fixtures.connected(id, key);
    }

    /** Attempts numbered from 1: {@code handler} receives the attempt and its number. */
    private void onAttempt(AttemptHandler handler) {
        AtomicInteger n = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> handler.handle(c, n.incrementAndGet()));
    }

    @FunctionalInterface
    private interface AttemptHandler {
        void handle(PendingConnection c, int attempt);
    }

    private RealtimeClient client() {
        return rt.client(b -> b.autoConnect(false));
    }

    private static List<ConnectionStateChange> record(RealtimeClient client) {
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);
        return changes;
    }

    // ---------------------------------------------------------------- UTS cases

    @Test
    void RTN17i_prefer_primary_domain_0() {
        rt.http.internetUp();
        onAttempt((c, n) -> {
            if (n == 1) {
                c.respondWithRefused(); // primary
            } else {
                c.respondWithSuccess(connected("connection-id", "connection-key")); // fallback
            }
        });
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(hosts()).hasSize(2);
        assertThat(hosts().get(1)).matches(DEFAULT_FALLBACK_PATTERN);

        // The server drops the connection; the reconnection (at once, RTN15a) goes to the primary domain again.
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));
        PendingConnection onFallback = rt.ws.activeConnection();
        rt.ws.reset(); // connection_attempts.clear()
        rt.ws.respondToEveryAttemptWith(connected("connection-id-2", "connection-key-2"));
        onFallback.closeFromServer();
        rt.drain();

        assertThat(states).containsSubsequence(ConnectionState.DISCONNECTED, ConnectionState.CONNECTED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(hosts()).isNotEmpty();
        assertThat(hosts().get(0)).isEqualTo(PRIMARY).contains("realtime.ably");
    }

    @Test
    void RTN17f_fallback_on_error_0() {
        rt.http.internetUp();
        onAttempt((c, n) -> {
            if (n == 1) {
                c.respondWithDnsError(); // "Host unresolvable" (RSC15l1)
            } else {
                c.respondWithSuccess(connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(hosts()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(hosts().get(0)).contains("realtime.ably");
        assertThat(hosts().get(1)).contains("fallback");
    }

    @Test
    void RTN17f1_disconnected_5xx_fallback_0() {
        rt.http.internetUp();
        onAttempt((c, n) -> {
            if (n == 1) {
                c.respondWithSuccess();
                c.sendToClientAndClose(ProtocolMessage.builder(Action.DISCONNECTED)
                        .error(ErrorInfo.of(50003, 503, "Service temporarily unavailable"))
                        .build());
            } else {
                c.respondWithSuccess(connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(hosts()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(hosts().get(0)).contains("realtime.ably");
        assertThat(hosts().get(1)).contains("fallback");
    }

    @Test
    void RTN17j_connectivity_check_before_fallback_0() {
        rt.http.internetUp();
        onAttempt((c, n) -> {
            if (n == 1) {
                c.respondWithTimeout(); // the primary never answers: the client's own timeout (RTN14c, RSC15l2)
            } else {
                c.respondWithSuccess(connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(hosts()).hasSize(1);
        assertThat(rt.http.requests).isEmpty(); // no check while the primary may still answer
        rt.advance(ClientOptions.DEFAULT_REALTIME_REQUEST_TIMEOUT);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);

        List<HttpCall> checks = rt.http.requestsTo("internet-up");
        assertThat(checks).hasSizeGreaterThanOrEqualTo(1);
        assertThat(checks.get(0).method()).isEqualTo("GET");
        assertThat(checks.get(0).uri().toString()).isEqualTo(Endpoints.DEFAULT_CONNECTIVITY_CHECK_URL);
        assertThat(hosts()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(hosts().get(1)).matches(DEFAULT_FALLBACK_PATTERN);
    }

    /** The UTS uses the deprecated realtimeHost option: a custom host has no fallbacks (REC2c6). */
    @Test
    void RTN17g_empty_fallback_set_error_0() {
        rt.http.internetUp(); // a check would succeed: the empty fallback set alone stops the fallback
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false).realtimeHost("custom.example.com"));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isIn(ConnectionState.DISCONNECTED, ConnectionState.FAILED);
        rt.advanceMillis(2000);
        assertThat(hosts()).containsExactly("custom.example.com");
        assertThat(rt.http.requests).isEmpty(); // no connectivity check either
        assertThat(client.connection().errorReason()).isNotNull();
    }

    @Test
    void RTN17h_fallback_domains_from_rec2_0() {
        rt.http.internetUp();
        onAttempt((c, n) -> {
            if (n == 1) {
                c.respondWithRefused();
            } else {
                c.respondWithSuccess(connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(hosts()).hasSizeGreaterThanOrEqualTo(2);
        String fallback = hosts().get(1);
        assertThat(fallback).contains("fallback.ably-realtime.com");
        assertThat(fallback).containsPattern("\\.[abcde]\\.fallback\\.ably-realtime\\.com$");
    }

    /**
     * Deviation: the UTS relies on real randomness over five runs. Here the random source ({@code rt.jitter}, which
     * feeds the shuffle) is driven with a different value in each run, so the test is deterministic; it still checks
     * that the orders differ, and that each is a distinct selection of the REC2 fallback domains.
     */
    @Test
    void RTN17j_fallback_random_order_1() {
        double[] randoms = {0.0, 0.99, 0.5, 0.25, 0.75};
        List<List<String>> orders = new ArrayList<>();
        for (double random : randoms) {
            try (FakeRuntime run = new FakeRuntime()) {
                run.jitter = random;
                run.http.internetUp();
                AtomicInteger n = new AtomicInteger();
                run.ws.onConnectionAttempt(c -> {
                    if (n.incrementAndGet() <= 3) {
                        c.respondWithRefused(); // the primary and the first two fallbacks fail
                    } else {
                        c.respondWithSuccess(connected("connection-id", "connection-key"));
                    }
                });
                RealtimeClient client = run.client(b -> b.autoConnect(false));
                client.connect();
                run.drain();
                assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
                List<String> attempted = run.ws.connectAttempts.stream()
                        .map(c -> c.url.getHost())
                        .toList();
                assertThat(attempted).hasSize(4);
                assertThat(attempted.get(0)).isEqualTo(PRIMARY);
                List<String> fallbackOrder = attempted.subList(1, attempted.size());
                assertThat(fallbackOrder).doesNotHaveDuplicates().allMatch(h -> h.matches(DEFAULT_FALLBACK_PATTERN));
                orders.add(fallbackOrder);
                client.close();
                run.drain();
            }
        }
        Set<List<String>> unique = new HashSet<>(orders);
        assertThat(unique).hasSizeGreaterThanOrEqualTo(2);
    }

    // ---------------------------------------------------------------- further RTN17 cases (by spec item)

    /** RTN17j: the check fails: the primary's failure stands, no fallback is tried. */
    @Test
    void RTN17j_connectivityCheckFails_disconnectedWithThePrimarysError() {
        // MockHttp's default: the check URL is unreachable
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofSeconds(2)));
        List<ConnectionStateChange> changes = record(client);
        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(hosts()).containsExactly(PRIMARY);
        assertThat(rt.http.requestsTo("internet-up")).hasSize(1);
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason.code()).isEqualTo(80003);
        assertThat(reason.statusCode()).isEqualTo(503);
        assertThat(reason.message()).isEqualTo("Connection refused");
        assertThat(changes)
                .extracting(ConnectionStateChange::current)
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.DISCONNECTED);
        assertThat(changes.get(1).retryIn()).isEqualTo(Duration.ofSeconds(2));
    }

    /** RTN17j: a check that answers without "yes" (e.g. a captive portal) counts as no internet. */
    @Test
    void RTN17j_connectivityCheckWithoutYes_noFallback() {
        rt.http.handler = call -> MockHttp.respond(200, "<html>Please sign in to the Wi-Fi</html>");
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(hosts()).containsExactly(PRIMARY);
        assertThat(rt.http.requests).hasSize(1);
    }

    /** RTN17f: a DISCONNECTED with a 4xx error does not qualify: no check, no fallback. */
    @Test
    void RTN17f_nonQualifyingFailure_noFallback() {
        rt.http.internetUp();
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            c.sendToClientAndClose(ProtocolMessage.builder(Action.DISCONNECTED)
                    .error(ErrorInfo.of(40000, 400, "Bad request"))
                    .build());
        });
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40000);
        assertThat(hosts()).containsExactly(PRIMARY);
        assertThat(rt.http.requests).isEmpty();
    }

    /** RTN17f: DISCONNECTED with 500 and with 504 qualify (the range's ends); 505 does not. */
    @Test
    void RTN17f1_statusRangeEnds() {
        for (int status : new int[] {500, 504, 505}) {
            try (FakeRuntime run = new FakeRuntime()) {
                run.http.internetUp();
                AtomicInteger n = new AtomicInteger();
                run.ws.onConnectionAttempt(c -> {
                    if (n.incrementAndGet() == 1) {
                        c.respondWithSuccess();
                        c.sendToClientAndClose(ProtocolMessage.builder(Action.DISCONNECTED)
                                .error(ErrorInfo.of(status * 100, status, "Server error " + status))
                                .build());
                    } else {
                        c.respondWithSuccess(connected("connection-id", "connection-key"));
                    }
                });
                RealtimeClient client = run.client(b -> b.autoConnect(false));
                client.connect();
                run.drain();
                if (status <= 504) {
                    assertThat(client.connection().state())
                            .as("status %d", status)
                            .isEqualTo(ConnectionState.CONNECTED);
                    assertThat(run.ws.connectAttempts).as("status %d", status).hasSize(2);
                } else {
                    assertThat(client.connection().state())
                            .as("status %d", status)
                            .isEqualTo(ConnectionState.DISCONNECTED);
                    assertThat(run.ws.connectAttempts).as("status %d", status).hasSize(1);
                    assertThat(run.http.requests).as("status %d", status).isEmpty();
                }
            }
        }
    }

    /** RTN12f, RTN17j: close() while the check is pending closes; the late answer opens nothing. */
    @Test
    void RTN12f_closeWhileConnectivityCheckPending_closesAndTheLateResultOpensNothing() {
        CompletableFuture<HttpResult> held = new CompletableFuture<>();
        rt.http.handler = call -> held;
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        RealtimeClient client = client();
        List<ConnectionStateChange> changes = record(client);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(rt.http.requests).hasSize(1);

        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);

        held.complete(MockHttp.respond(200, "yes").join());
        rt.drain();
        rt.advanceMillis(120_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(hosts()).containsExactly(PRIMARY);
        assertThat(changes)
                .extracting(ConnectionStateChange::current)
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CLOSING, ConnectionState.CLOSED);
    }

    /** RTN17j, RTN14d, RTB1: when every host fails, one DISCONNECTED for the attempt, not one per host. */
    @Test
    void RTN17j_everyFallbackFails_oneDisconnectedWithTheBackoffDelay() {
        rt.http.internetUp();
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofSeconds(2)));
        List<ConnectionStateChange> changes = record(client);
        client.connect();
        rt.drain();

        assertThat(hosts()).hasSize(6).first().isEqualTo(PRIMARY);
        assertThat(hosts().subList(1, 6))
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(
                        Endpoints.fallbacks(new Endpoints.Spec(null, null, null, null, null, false)));
        assertThat(rt.http.requestsTo("internet-up")).hasSize(1);
        assertThat(changes)
                .extracting(ConnectionStateChange::current)
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.DISCONNECTED);
        assertThat(changes.get(1).retryIn()).isEqualTo(Duration.ofSeconds(2)); // RTB1: 2 s x 1 x jitter 1.0
        assertThat(changes.get(1).reason()).isNotNull();

        // The retry starts again from the primary domain (RTN17i), checks again, and backs off further (RTB1a).
        rt.advanceMillis(2000);
        assertThat(hosts()).hasSize(12);
        assertThat(hosts().get(6)).isEqualTo(PRIMARY);
        assertThat(rt.http.requestsTo("internet-up")).hasSize(2);
        List<ConnectionStateChange> disconnected = changes.stream()
                .filter(c -> c.current() == ConnectionState.DISCONNECTED)
                .toList();
        assertThat(disconnected).hasSize(2);
        assertThat(disconnected.get(1).retryIn().toMillis()).isEqualTo(Math.round(2000 * 4.0 / 3.0));
    }

    /** RTN14c, RTN17j: a fallback that never answers gets its own realtimeRequestTimeout, then the next is tried. */
    @Test
    void RTN17j_hangingFallback_timesOutThenTheNext() {
        rt.http.internetUp();
        onAttempt((c, n) -> {
            switch (n) {
                case 1 -> c.respondWithRefused();
                case 2 -> c.respondWithTimeout();
                default -> c.respondWithSuccess(connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false).realtimeRequestTimeout(Duration.ofSeconds(5)));
        List<ConnectionStateChange> changes = record(client);
        client.connect();
        rt.drain();
        assertThat(hosts()).hasSize(2);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);

        rt.advanceMillis(4900);
        assertThat(hosts()).hasSize(2);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);

        rt.advanceMillis(200);
        assertThat(hosts()).hasSize(3);
        assertThat(hosts().get(2)).isNotEqualTo(hosts().get(1)).matches(DEFAULT_FALLBACK_PATTERN);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.connectAttempts.get(1).isClosed()).isTrue(); // the hanging transport was dropped
        assertThat(rt.ws.events(EventType.CLIENT_CLOSE)).hasSize(1);
        assertThat(changes)
                .extracting(ConnectionStateChange::current)
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }

    /** RTN17e: the manager tracks the fallback host while connected to it, and forgets it on DISCONNECTED. */
    @Test
    void RTN17e_realtimeFallbackTrackedWhileConnected() {
        rt.http.internetUp();
        onAttempt((c, n) -> {
            if (n == 1) {
                c.respondWithRefused();
            } else {
                c.respondWithSuccess(connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = client();
        ConnectionManager manager = FakeRuntime.manager(client);
        assertThat(manager.host()).isNull();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        String fallback = hosts().get(1);
        assertThat(manager.host()).isEqualTo(fallback);
        assertThat(manager.hostPolicy().realtimeFallback()).isEqualTo(fallback);

        // The connection drops and cannot be re-made (the check fails this time): DISCONNECTED, no host.
        rt.http.handler = MockHttp::unreachable;
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        List<String> seenOnDisconnected = new ArrayList<>();
        Consumer<ConnectionStateChange> probe = c -> seenOnDisconnected.add(
                String.valueOf(manager.host()) + "/" + manager.hostPolicy().realtimeFallback());
        client.connection().on(ConnectionEvent.DISCONNECTED, probe);
        rt.ws.activeConnection().closeFromServer();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(manager.host()).isNull();
        assertThat(manager.hostPolicy().realtimeFallback()).isNull();
        assertThat(seenOnDisconnected).isNotEmpty().allMatch("null/null"::equals);
    }

    /** RTN17e: connected on the primary domain, there is no realtime fallback. */
    @Test
    void RTN17e_connectedOnPrimary_noRealtimeFallback() {
        rt.ws.respondToEveryAttemptWith(connected("connection-id", "connection-key"));
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        ConnectionManager manager = FakeRuntime.manager(client);
        assertThat(manager.host()).isEqualTo(PRIMARY);
        assertThat(manager.hostPolicy().realtimeFallback()).isNull();
    }

    /** RTN17h, REC2a2: the fallbackHosts option replaces the default set; they are what the fallback tries. */
    @Test
    void RTN17h_customFallbackHosts() {
        rt.http.internetUp();
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false)
                .fallbackHosts(List.of("fb1.example.com", "fb2.example.com"))
                .connectivityCheckUrl("https://check.example.com/is-the-internet-up.txt"));
        client.connect();
        rt.drain();
        assertThat(hosts()).hasSize(3).first().isEqualTo(PRIMARY);
        assertThat(hosts().subList(1, 3)).containsExactlyInAnyOrder("fb1.example.com", "fb2.example.com");
        assertThat(rt.http.requests).extracting(c -> c.uri().getHost()).containsExactly("check.example.com");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
    }
}
