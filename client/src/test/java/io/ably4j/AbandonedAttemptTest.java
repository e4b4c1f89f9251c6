package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.http.HttpResult;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.TokenDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection attempt that the client abandons (RTN12f close, RTC8b authorize) while its connectivity check (RTN17j)
 * is in flight cancels the check, which aborts its HTTP request: nothing of the old attempt stays in flight.
 */
class AbandonedAttemptTest {
    private final FakeRuntime rt = new FakeRuntime();
    /** The connectivity check requests, in order; none is ever answered. */
    private final List<CompletableFuture<HttpResult>> checks = new ArrayList<>();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    /** The primary domain refuses (a failure that allows a fallback, RTN17f), so the check runs and hangs. */
    private void primaryRefusedAndCheckHangs() {
        rt.http.handler = call -> {
            CompletableFuture<HttpResult> held = new CompletableFuture<>();
            checks.add(held);
            return held;
        };
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
    }

    @Test
    void RTN12f_closeDuringTheConnectivityCheck_cancelsItsRequest() {
        primaryRefusedAndCheckHangs();
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(checks).hasSize(1);

        client.close();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(checks.get(0)).isCancelled();
        assertThat(rt.scheduler.pending()).isZero(); // nor its timeout
    }

    @Test
    void RTC8b_authorizeDuringTheConnectivityCheck_cancelsTheOldAttemptsCheck() {
        primaryRefusedAndCheckHangs();
        AtomicInteger tokens = new AtomicInteger();
        RealtimeClient client = rt.client(ClientOptions.builder()
                .authOptions(AuthOptions.builder()
                        .authCallback(params -> CompletableFuture.completedFuture(
                                AuthCallback.Result.of(TokenDetails.of("token-" + tokens.incrementAndGet()))))
                        .build())
                .autoConnect(false)
                .build());
        client.connect();
        rt.drain();
        assertThat(checks).hasSize(1);
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(Fixtures.connected("connection-id", "connection-key")));

        TokenDetails details = rt.await(client.auth().authorize());

        assertThat(details.token()).isEqualTo("token-2");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(checks.get(0)).isCancelled();
    }
}
