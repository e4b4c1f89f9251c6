package io.ably4j.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.FakeScheduler;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.TokenDetails;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RSA4b1: a client may skip presenting a token it knows has expired, but only by Ably's clock, known once it has
 * queried Ably's time (RSA10k). By the local clock alone the token is presented and Ably decides.
 */
class LocalExpiryTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void close() {
        rt.close();
    }

    @Test
    void RSA4b1_expiredByTheLocalClockOnly_isStillPresented() {
        AtomicInteger calls = new AtomicInteger();
        TokenDetails stale = TokenDetails.builder("stale-token")
                .expires(FakeScheduler.EPOCH_MILLIS - 60_000) // an hour's token that the local clock says expired
                .build();
        AuthCallback callback = params -> {
            calls.incrementAndGet();
            return CompletableFuture.completedFuture(AuthCallback.Result.token("fresh-token"));
        };
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(Fixtures.connected("connection-id", "connection-key")));
        RealtimeClient client = rt.client(o -> o.key(null)
                .autoConnect(false)
                .authOptions(AuthOptions.builder()
                        .tokenDetails(stale)
                        .authCallback(callback)
                        .build()));

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.connectAttempts.get(0).queryParams()).containsEntry("accessToken", "stale-token");
        assertThat(calls.get()).as("no token fetched on the local clock's word").isZero();
    }
}
