package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.http.HttpResult;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockHttp;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Edge cases of when the connection retries (RTN14d, RTN14e, RTN15a, RTB1) and how the connection state TTL clock
 * interacts with the fallback hosts (RTN17): the TTL counts from the first disconnection, not from each failed attempt,
 * and an attempt in flight when it expires decides the outcome.
 */
@NullUnmarked // tests read nullable results on purpose
class ConnectionRetryTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    /** CONNECTED with the given connectionStateTtl (CD2f). */
    private static ProtocolMessage connectedWithTtl(long ttlMillis) {
        return ProtocolMessage.builder(Action.CONNECTED)
                .connectionId("connection-id")
                .connectionKey("connection-key")
                .connectionDetails(Fixtures.details("connection-key")
                        .connectionStateTtl(ttlMillis)
                        .build())
                .build();
    }

    private static List<ConnectionStateChange> record(RealtimeClient client) {
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);
        return changes;
    }

    private static List<ConnectionState> states(List<ConnectionStateChange> changes) {
        return changes.stream().map(ConnectionStateChange::current).toList();
    }

    /** RTN14e: every failed attempt leaves the TTL clock running from the first disconnection. */
    @Test
    void RTN14e_ttlClockNotRestartedByFailedAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithSuccess(connectedWithTtl(30_000));
            } else {
                c.respondWithRefused();
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofSeconds(1)));
        client.connect();
        rt.drain();
        List<ConnectionStateChange> changes = record(client);
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);

        rt.advanceMillis(29_900);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(attempts.get()).isGreaterThan(10); // many failed retries, none restarted the clock
        assertThat(states(changes)).doesNotContain(ConnectionState.SUSPENDED);

        rt.advanceMillis(200);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        ConnectionStateChange suspended = changes.get(changes.size() - 1);
        assertThat(suspended.reason().code()).isEqualTo(80002);
        assertThat(suspended.retryIn()).isEqualTo(ClientOptions.DEFAULT_SUSPENDED_RETRY_TIMEOUT);
    }

    /**
     * Primary and fallbacks all time out one after another (4 s each); the TTL (18 s) expires while the fourth fallback
     * is being tried. Attempts: 1 the first connection, 2 the primary, 3-7 the five fallbacks.
     */
    private RealtimeClient clientWhoseReconnectionOutlivesTheTtl(List<PendingConnection> held) {
        rt.http.internetUp();
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            int n = attempts.incrementAndGet();
            if (n == 1) {
                c.respondWithSuccess(connectedWithTtl(18_000));
            } else if (n == 6) {
                held.add(c); // the test decides
            } else {
                c.respondWithTimeout();
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false).realtimeRequestTimeout(Duration.ofSeconds(4)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    /** RTN14e, RTN17: the TTL expires while a fallback is tried; that attempt succeeds: CONNECTED, never SUSPENDED. */
    @Test
    void RTN14e_ttlExpiresWhileFallbacksAreTried_theAttemptInFlightConnects() {
        List<PendingConnection> held = new ArrayList<>();
        RealtimeClient client = clientWhoseReconnectionOutlivesTheTtl(held);
        List<ConnectionStateChange> changes = record(client);
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();

        rt.advanceMillis(18_100); // TTL expired at 18 s; the fourth fallback (from 16 s) is in flight
        assertThat(held).hasSize(1);
        assertThat(rt.ws.connectAttempts).hasSize(6);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(states(changes)).containsExactly(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING);

        held.get(0).respondWithSuccess(Fixtures.connected("connection-id", "connection-key-2"));
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(states(changes))
                .containsExactly(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.CONNECTED);

        // CONNECTED stopped the expired clock: the next loss is a plain DISCONNECTED again, retried at once (RTN15a).
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        rt.http.handler = MockHttp::unreachable;
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(states(changes)).doesNotContain(ConnectionState.SUSPENDED);
        assertThat(changes.get(changes.size() - 1).retryIn())
                .isEqualTo(ClientOptions.DEFAULT_DISCONNECTED_RETRY_TIMEOUT); // the backoff starts over (RTB1)
    }

    /**
     * RTN14e, RTN17: the TTL expires while a fallback is tried; that attempt and the remaining fallback fail: SUSPENDED
     * straight from CONNECTING, with no DISCONNECTED in between.
     */
    @Test
    void RTN14e_ttlExpiresWhileFallbacksAreTried_failureSuspends() {
        List<PendingConnection> held = new ArrayList<>();
        RealtimeClient client = clientWhoseReconnectionOutlivesTheTtl(held);
        List<ConnectionStateChange> changes = record(client);
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();

        rt.advanceMillis(18_100);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        held.get(0).respondWithTimeout();

        rt.advanceMillis(1_900); // 20 s: the fourth fallback times out; the fifth is tried
        assertThat(rt.ws.connectAttempts).hasSize(7);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);

        rt.advanceMillis(4_000); // 24 s: no host is left
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        assertThat(states(changes))
                .containsExactly(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.SUSPENDED);
        ConnectionStateChange suspended = changes.get(2);
        assertThat(suspended.reason().code()).isEqualTo(80002);
        assertThat(suspended.retryIn()).isEqualTo(ClientOptions.DEFAULT_SUSPENDED_RETRY_TIMEOUT);
        assertThat(client.connection().errorReason().code()).isEqualTo(80002);
        assertThat(rt.http.requestsTo("internet-up")).hasSize(1); // one check for the whole attempt

        // RTN14f: from SUSPENDED, the retry comes after suspendedRetryTimeout (and starts with the primary again)
        rt.advance(ClientOptions.DEFAULT_SUSPENDED_RETRY_TIMEOUT.minusMillis(100));
        assertThat(rt.ws.connectAttempts).hasSize(7);
        rt.advanceMillis(100);
        assertThat(rt.ws.connectAttempts).hasSize(8);
        assertThat(rt.ws.lastAttempt().url.getHost()).isEqualTo("main.realtime.ably.net");
    }

    /** RTN14e: the TTL expires during the connectivity check; the fallback it allows connects. */
    @Test
    void RTN14e_ttlExpiresDuringTheConnectivityCheck_theFallbackConnects() {
        CompletableFuture<HttpResult> check = new CompletableFuture<>();
        rt.http.handler = call -> check;
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            switch (attempts.incrementAndGet()) {
                case 1 -> c.respondWithSuccess(connectedWithTtl(5_000));
                case 2 -> c.respondWithRefused();
                default -> c.respondWithSuccess(Fixtures.connected("connection-id", "connection-key-2"));
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        List<ConnectionStateChange> changes = record(client);
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(rt.http.requests).hasSize(1);

        rt.advanceMillis(6_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        check.complete(MockHttp.respond(200, "yes").join());
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(states(changes))
                .containsExactly(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }

    /** RTB1, RTN15a: after CONNECTED the backoff starts over; the first retry after a loss is immediate. */
    @Test
    void RTB1_backoffStartsOverAfterConnected() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger succeedOn = new AtomicInteger(1);
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == succeedOn.get()) {
                c.respondWithSuccess(Fixtures.connected());
            } else {
                c.respondWithRefused();
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofSeconds(3)));
        List<Duration> retryIns = new ArrayList<>();
        client.connection().on(ConnectionEvent.DISCONNECTED, c -> retryIns.add(c.retryIn()));
        client.connect();
        rt.drain();

        succeedOn.set(5); // the loss, then three failures, then success
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        rt.advanceMillis(3000);
        rt.advanceMillis(4000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        rt.advanceMillis(5000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(retryIns)
                .containsExactly(Duration.ZERO, Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5));

        succeedOn.set(Integer.MAX_VALUE);
        retryIns.clear();
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(retryIns).containsExactly(Duration.ZERO, Duration.ofSeconds(3));
    }

    /** RTN11d: a TTL clock started before close() does not suspend the connection made after connect(). */
    @Test
    void RTN11d_ttlClockFromBeforeCloseDoesNotSuspendTheNewConnection() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 2) {
                c.respondWithSuccess(Fixtures.connected()); // TTL 120 s
            } else {
                c.respondWithRefused();
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofSeconds(200)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED); // TTL clock from t = 0
        client.close();
        rt.drain();
        rt.advanceMillis(100_000);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        List<ConnectionStateChange> changes = record(client);

        rt.advanceMillis(10_000); // t = 110 s: the connection drops and cannot be re-made
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        rt.advanceMillis(20_000); // t = 130 s: past the old clock's expiry
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        rt.advanceMillis(100_100); // t = 230.1 s: 120 s after this loss
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        assertThat(states(changes)).containsSubsequence(ConnectionState.DISCONNECTED, ConnectionState.SUSPENDED);
    }
}
