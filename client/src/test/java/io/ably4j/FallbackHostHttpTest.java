package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.http.HttpCall;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockHttp;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code realtime/unit/connection/fallback_hosts_test.md}, the RTN17e case: while the realtime connection is on a
 * fallback host, HTTP requests go to that host first. The UTS makes the request with {@code channel.history()}, which
 * this library does not have yet; {@link RealtimeClient#time()} is an HTTP request of the same client and stands in.
 */
class FallbackHostHttpTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void close() {
        rt.close();
    }

    /** The primary refuses, the connectivity check says yes, a fallback accepts; then answers HTTP with {@code [1]}. */
    private RealtimeClient connectedToFallback() {
        rt.ws.onConnectionAttempt(conn -> {
            if (rt.ws.connectAttempts.size() == 1) {
                conn.respondWithRefused();
            } else {
                conn.respondWithSuccess(Fixtures.connected("connection-id", "connection-key"));
            }
        });
        rt.http.handler = call -> call.uri().getPath().endsWith("is-the-internet-up.txt")
                ? MockHttp.respond(200, "yes")
                : MockHttp.json(200, "[1]");
        RealtimeClient client = rt.client(o -> o.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    @Test
    void RTN17e_http_uses_same_fallback_0() {
        RealtimeClient client = connectedToFallback();
        String fallbackHost = rt.ws.connectAttempts.get(1).url.getHost();
        assertThat(fallbackHost).contains("fallback");

        CompletableFuture<Long> time = client.time();
        assertThat(rt.await(time)).isEqualTo(1L);

        List<HttpCall> timeRequests = rt.http.requestsTo("/time");
        assertThat(timeRequests).hasSize(1);
        assertThat(timeRequests.get(0).uri().getHost()).isEqualTo(fallbackHost);
    }

    @Test
    void RTN17e_failingFallbackHttp_followsTheNormalFallbackSequence() {
        RealtimeClient client = connectedToFallback();
        String fallbackHost = rt.ws.connectAttempts.get(1).url.getHost();
        rt.http.handler = call -> {
            if (call.uri().getHost().equals(fallbackHost)) {
                return MockHttp.respond(503, "");
            }
            return MockHttp.json(200, "[2]");
        };

        assertThat(rt.await(client.time())).isEqualTo(2L);

        List<String> hosts =
                rt.http.requestsTo("/time").stream().map(c -> c.uri().getHost()).toList();
        assertThat(hosts.get(0)).isEqualTo(fallbackHost);
        assertThat(hosts.get(1)).isNotEqualTo(fallbackHost);
    }

    @Test
    void RTN17e_afterTheConnectionLeavesTheFallback_httpGoesToThePrimary() {
        RealtimeClient client = connectedToFallback();
        client.close();
        rt.ws.activeConnection().sendToClient(Fixtures.closed());
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);

        assertThat(rt.await(client.time())).isEqualTo(1L);
        List<HttpCall> timeRequests = rt.http.requestsTo("/time");
        assertThat(timeRequests.get(0).uri().getHost())
                .isEqualTo(client.options().primaryDomain());
    }
}
