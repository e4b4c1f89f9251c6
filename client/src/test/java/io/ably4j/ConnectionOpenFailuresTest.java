package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockHttp;
import io.ably4j.testing.MockWebSocket;
import io.ably4j.testing.MockWebSocket.EventType;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/connection_open_failures_test.md} (RTN14). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ConnectionOpenFailuresTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    @Test
    void RTN14a_invalid_key_failed_0() {
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            c.sendToClientAndClose(Fixtures.error(40005, 400, "Invalid key"));
        });
        RealtimeClient client = rt.client(ClientOptions.builder()
                .key("invalid.key:secret")
                .autoConnect(false)
                .build());
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));
        client.connect();
        rt.drain();
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40005);
        assertThat(client.connection().errorReason().statusCode()).isEqualTo(400);
        assertThat(client.connection().id()).isNull();
        assertThat(client.connection().key()).isNull();
        // FAILED is terminal: no retry.
        rt.advanceMillis(300_000);
        assertThat(rt.ws.connectAttempts).hasSize(1);
    }

    /**
     * Adapted: an authCallback instead of a key and the token endpoint (a key alone means basic auth, RSA4); each call
     * counts as a token request. Calls from {@code failFrom} on fail with 40171.
     */
    private RealtimeClient callbackClient(AtomicInteger calls, int failFrom) {
        AuthCallback callback = params -> {
            int n = calls.incrementAndGet();
            if (n >= failFrom) {
                throw new AblyException(ErrorInfo.of(40171, 401, "Unable to renew token"));
            }
            return CompletableFuture.completedFuture(AuthCallback.Result.of(TokenDetails.builder("renewed_token_" + n)
                    .expires(rt.scheduler.currentTimeMillis() + 3_600_000L)
                    .build()));
        };
        return rt.client(ClientOptions.builder()
                .authOptions(AuthOptions.builder().authCallback(callback).build())
                .autoConnect(false)
                .build());
    }

    /**
     * The UTS setup itself: a key, with token auth (useTokenAuth: a key alone means basic auth, RSA4), and Ably's
     * requestToken endpoint answering each signed token request with {@code renewed_token_N}.
     */
    private ClientOptions keyWithTokenEndpoint(AtomicInteger tokenRequests) {
        rt.http.handler = call -> {
            if (!call.uri().getPath().contains("/keys/")) {
                return MockHttp.unreachable(call);
            }
            int n = tokenRequests.incrementAndGet();
            long now = rt.scheduler.currentTimeMillis();
            return MockHttp.json(
                    200,
                    "{\"token\":\"renewed_token_" + n + "\",\"keyName\":\"appId.keyId\",\"issued\":" + now
                            + ",\"expires\":" + (now + 3_600_000L) + ",\"capability\":\"{\\\"*\\\":[\\\"*\\\"]}\"}");
        };
        return ClientOptions.builder()
                .authOptions(AuthOptions.builder()
                        .key("appId.keyId:keySecret")
                        .useTokenAuth(true)
                        .build())
                .autoConnect(false)
                .build();
    }

    @Test
    void RTN14b_token_error_with_renewal_0_keyAndTokenEndpoint() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            if (attempts.incrementAndGet() == 1) {
                c.sendToClientAndClose(Fixtures.error(40142, 401, "Token expired"));
            } else {
                c.sendToClient(Fixtures.connected("connection-id", "connection-key"));
            }
        });
        AtomicInteger tokenRequests = new AtomicInteger();
        RealtimeClient client = rt.client(keyWithTokenEndpoint(tokenRequests));

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(tokenRequests).hasValue(2); // initial + renewal
        assertThat(attempts).hasValue(2);
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).containsEntry("accessToken", "renewed_token_2");
    }

    @Test
    void RTN14b_token_error_with_renewal_0() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            if (attempts.incrementAndGet() == 1) {
                c.sendToClientAndClose(Fixtures.error(40142, 401, "Token expired"));
            } else {
                c.sendToClient(Fixtures.connected("connection-id", "connection-key"));
            }
        });
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(calls, Integer.MAX_VALUE);
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(calls).hasValue(2); // initial + renewal
        assertThat(attempts).hasValue(2);
        assertThat(rt.ws.connectAttempts.get(0).queryParams()).containsEntry("accessToken", "renewed_token_1");
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).containsEntry("accessToken", "renewed_token_2");
    }

    @Test
    void RTN14b_token_renewal_fails_1() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            attempts.incrementAndGet();
            c.respondWithSuccess();
            c.sendToClient(Fixtures.error(40142, 401, "Token expired")); // every attempt: a token error
        });
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(calls, 2);
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED); // not FAILED
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.DISCONNECTED);
        assertThat(calls).hasValue(2);
        assertThat(attempts).hasValue(1);
        assertThat(client.connection().errorReason()).isNotNull();
        assertThat(client.connection().errorReason().code()).isEqualTo(80019);
        assertThat(client.connection().errorReason().cause().code()).isEqualTo(40171);
    }

    /**
     * RTN14b, RSA4b: the single renewal is per connection attempt. When the renewed token is rejected too, the client
     * goes DISCONNECTED and its next attempt obtains another token rather than presenting a rejected one.
     */
    @Test
    void RTN14b_renewedTokenRejectedToo_nextAttemptObtainsAnotherToken() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            if (attempts.incrementAndGet() <= 2) {
                c.sendToClientAndClose(Fixtures.error(40142, 401, "Token expired"));
            } else {
                c.sendToClient(Fixtures.connected("connection-id", "connection-key"));
            }
        });
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(calls, Integer.MAX_VALUE);

        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40142);
        assertThat(calls).hasValue(2);
        assertThat(client.auth().tokenDetails()).isNull(); // the rejected token is not kept (RSA4b)
        rt.advanceMillis(16_000); // the disconnectedRetryTimeout

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(calls).hasValue(3);
        assertThat(rt.ws.connectAttempts.get(2).queryParams()).containsEntry("accessToken", "renewed_token_3");
    }

    @Test
    void RSA4a_token_error_no_renewal_0() {
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            c.sendToClientAndClose(Fixtures.error(40142, 401, "Token expired"));
        });
        RealtimeClient client = rt.client(ClientOptions.builder()
                .token("expired_token_string")
                .autoConnect(false)
                .build());
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40171);
    }

    @Test
    void RTN14c_connection_timeout_0() {
        rt.ws.onConnectionAttempt(MockWebSocket.PendingConnection::respondWithSuccess); // never sends CONNECTED
        RealtimeClient client = rt.client(b -> b.autoConnect(false).realtimeRequestTimeout(Duration.ofSeconds(1)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        rt.advanceMillis(900);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        rt.advanceMillis(200);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(client.connection().errorReason().message()).containsIgnoringCase("timeout");
        assertThat(client.connection().errorReason().code()).isEqualTo(80014);
        // The timed-out transport was closed by the client.
        assertThat(rt.ws.events(EventType.CLIENT_CLOSE)).hasSize(1);
    }

    @Test
    void RTN14d_retry_recoverable_failure_0() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithRefused();
            } else {
                c.respondWithSuccess();
                c.sendToClient(Fixtures.connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofSeconds(1)));
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        ConnectionStateChange disconnected = changes.get(changes.size() - 1);
        assertThat(disconnected.reason()).isNotNull();
        assertThat(disconnected.retryIn()).isEqualTo(Duration.ofSeconds(1)); // RTB1: first retry x1, jitter 1
        rt.advanceMillis(1100);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(attempts).hasValue(2);
    }

    /** Adapted: the UTS assumes a 5 s TTL; the spec default connectionStateTtl is 120 s (DF1a). */
    @Test
    void RTN14e_disconnected_to_suspended_0() {
        rt.ws.onConnectionAttempt(MockWebSocket.PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofSeconds(1)));
        List<ConnectionStateChange> suspended = new ArrayList<>();
        client.connection().on(ConnectionEvent.SUSPENDED, suspended::add);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        rt.advanceMillis(119_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        rt.advanceMillis(1_100);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        assertThat(client.connection().errorReason()).isNotNull();
        assertThat(suspended).hasSize(1);
        assertThat(suspended.get(0).reason().code()).isEqualTo(80002);
        assertThat(suspended.get(0).retryIn()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void RTN14f_suspended_retries_indefinitely_0() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger allowSuccessAfter = new AtomicInteger(Integer.MAX_VALUE);
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() < allowSuccessAfter.get()) {
                c.respondWithRefused();
            } else {
                c.respondWithSuccess(Fixtures.connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false)
                .disconnectedRetryTimeout(Duration.ofMillis(500))
                .suspendedRetryTimeout(Duration.ofSeconds(1)));
        client.connect();
        rt.drain();
        rt.advanceMillis(120_000);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        int atSuspend = attempts.get();
        rt.advanceMillis(1100);
        assertThat(attempts.get()).isEqualTo(atSuspend + 1);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        allowSuccessAfter.set(atSuspend + 2);
        rt.advanceMillis(1100);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(attempts.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void RTN14g_error_empty_channel_failed_0() {
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            c.sendToClientAndClose(Fixtures.error(50000, 500, "Internal server error"));
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(50000);
        assertThat(client.connection().errorReason().statusCode()).isEqualTo(500);
        assertThat(client.connection().errorReason().message()).isEqualTo("Internal server error");
    }

    @Test
    void RTB1_backoffGrowsAndJitterApplies() {
        rt.ws.onConnectionAttempt(MockWebSocket.PendingConnection::respondWithRefused);
        rt.jitter = 0.0; // lowest jitter coefficient, 0.8
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofMillis(1500)));
        List<Duration> retryIns = new ArrayList<>();
        client.connection().on(ConnectionEvent.DISCONNECTED, c -> retryIns.add(c.retryIn()));
        client.connect();
        rt.drain();
        for (int i = 0; i < 4; i++) {
            rt.advance(retryIns.get(retryIns.size() - 1));
        }
        // 1500 x [1, 4/3, 5/3, 2, 2] x 0.8
        assertThat(retryIns)
                .containsExactly(
                        Duration.ofMillis(1200),
                        Duration.ofMillis(1600),
                        Duration.ofSeconds(2),
                        Duration.ofMillis(2400),
                        Duration.ofMillis(2400));
    }
}
