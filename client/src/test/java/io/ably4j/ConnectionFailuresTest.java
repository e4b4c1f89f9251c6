package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockHttp;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.TokenDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/connection_failures_test.md} (RTN15). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ConnectionFailuresTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<ConnectionState> states = new ArrayList<>();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    /** Each attempt opens the socket and receives {@code reply.apply(attemptNumber)}. */
    private RealtimeClient client(ClientOptions options, IntFunction<ProtocolMessage> reply) {
        rt.ws.onConnectionAttempt(c -> {
            int n = attempts.incrementAndGet();
            c.respondWithSuccess();
            c.sendToClient(reply.apply(n));
        });
        RealtimeClient client = rt.client(options);
        client.connection().on(c -> states.add(c.current()));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    private RealtimeClient client(IntFunction<ProtocolMessage> reply) {
        return client(
                ClientOptions.builder()
                        .key("appId.keyId:keySecret")
                        .autoConnect(false)
                        .build(),
                reply);
    }

    private PendingConnection firstConnection() {
        return rt.ws.connectAttempts.get(0);
    }

    @Test
    void RTN15h1_token_error_no_renew_0() {
        RealtimeClient client = client(
                ClientOptions.builder()
                        .token("some_token_string")
                        .autoConnect(false)
                        .build(),
                n -> Fixtures.connected("connection-id", "connection-key"));
        firstConnection()
                .sendToClientAndClose(ProtocolMessage.builder(Action.DISCONNECTED)
                        .error(ErrorInfo.of(40142, 401, "Token expired"))
                        .build());
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40142);
        assertThat(client.connection().errorReason().statusCode()).isEqualTo(401);
        assertThat(attempts).hasValue(1);
    }

    /** An authCallback client (adapted from the UTS key + token endpoint; its own note suggests the callback). */
    private RealtimeClient callbackClient(AtomicInteger calls, IntFunction<ProtocolMessage> reply, int failFrom) {
        AuthCallback callback = params -> {
            int n = calls.incrementAndGet();
            if (n >= failFrom) {
                throw new AblyException(ErrorInfo.of(40171, 401, "Token renewal failed"));
            }
            return CompletableFuture.completedFuture(AuthCallback.Result.of(TokenDetails.builder("renewed_token_" + n)
                    .expires(rt.scheduler.currentTimeMillis() + 3_600_000L)
                    .build()));
        };
        return client(
                ClientOptions.builder()
                        .authOptions(
                                AuthOptions.builder().authCallback(callback).build())
                        .autoConnect(false)
                        .build(),
                reply);
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
    void RTN15h2_token_error_renew_success_0_keyAndTokenEndpoint() {
        AtomicInteger tokenRequests = new AtomicInteger();
        RealtimeClient client = client(
                keyWithTokenEndpoint(tokenRequests),
                n -> n == 1
                        ? Fixtures.connected("connection-1", "key-1")
                        : Fixtures.connected("connection-1", "key-1-renewed"));
        states.clear();

        firstConnection()
                .sendToClientAndClose(ProtocolMessage.builder(Action.DISCONNECTED)
                        .error(ErrorInfo.of(40142, 401, "Token expired"))
                        .build());
        rt.drain();

        assertThat(states)
                .containsExactly(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(tokenRequests).hasValue(2); // initial + renewal
        assertThat(client.connection().id()).isEqualTo("connection-1");
        assertThat(client.connection().key()).isEqualTo("key-1-renewed");
        assertThat(rt.ws.lastAttempt().queryParams())
                .containsEntry("accessToken", "renewed_token_2")
                .doesNotContainKey("key");
    }

    @Test
    void RTN15c5_token_error_during_resume_0_keyAndTokenEndpoint() {
        AtomicInteger tokenRequests = new AtomicInteger();
        RealtimeClient client = client(keyWithTokenEndpoint(tokenRequests), n -> switch (n) {
            case 1 -> Fixtures.connected("connection-1", "key-1");
            case 2 -> Fixtures.error(40142, 401, "Token expired");
            default -> Fixtures.connected("connection-2", "key-2");
        });

        firstConnection().simulateDisconnect(null);
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(tokenRequests).hasValue(2);
        assertThat(attempts).hasValue(3);
        assertThat(rt.ws.connectAttempts.get(2).queryParams()).containsEntry("accessToken", "renewed_token_2");
    }

    @Test
    void RTN15h2_token_error_renew_success_0() {
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(
                calls,
                n -> n == 1
                        ? Fixtures.connected("connection-1", "key-1")
                        : Fixtures.connected("connection-1", "key-1-renewed"),
                Integer.MAX_VALUE);
        states.clear();

        firstConnection()
                .sendToClientAndClose(ProtocolMessage.builder(Action.DISCONNECTED)
                        .error(ErrorInfo.of(40142, 401, "Token expired"))
                        .build());
        rt.drain();

        assertThat(states)
                .containsExactly(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(calls).hasValue(2); // initial + renewal
        assertThat(client.connection().id()).isEqualTo("connection-1"); // resumed
        assertThat(client.connection().key()).isEqualTo("key-1-renewed");
        assertThat(rt.ws.lastAttempt().queryParams())
                .containsEntry("accessToken", "renewed_token_2")
                .containsEntry("resume", "key-1");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void RTN15h2_token_error_renew_fails_1() {
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(calls, n -> Fixtures.connected("connection-1", "key-1"), 2);
        states.clear();

        firstConnection()
                .sendToClientAndClose(ProtocolMessage.builder(Action.DISCONNECTED)
                        .error(ErrorInfo.of(40142, 401, "Token expired"))
                        .build());
        rt.drain();

        assertThat(states)
                .containsExactly(
                        ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.DISCONNECTED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(client.connection().errorReason()).isNotNull();
        assertThat(client.connection().errorReason().code()).isEqualTo(80019); // RSA4c2
        assertThat(client.connection().errorReason().cause().code()).isEqualTo(40171);
        assertThat(calls).hasValue(2);
        assertThat(attempts).hasValue(1); // no transport without a token
    }

    @Test
    void RTN15c5_token_error_during_resume_0() {
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(
                calls,
                n -> switch (n) {
                    case 1 -> Fixtures.connected("connection-1", "key-1");
                    case 2 -> Fixtures.error(40142, 401, "Token expired");
                    default -> Fixtures.connected("connection-2", "key-2");
                },
                Integer.MAX_VALUE);

        firstConnection().simulateDisconnect(null);
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(calls).hasValue(2); // initial + renewal
        assertThat(attempts).hasValue(3); // initial, failed resume, retry with the new token
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).containsEntry("accessToken", "renewed_token_1");
        assertThat(rt.ws.connectAttempts.get(2).queryParams()).containsEntry("accessToken", "renewed_token_2");
    }

    @Test
    void RTN15h3_non_token_error_resume_0() {
        RealtimeClient client = client(n -> Fixtures.connected("connection-1", "key-1"));
        firstConnection()
                .sendToClientAndClose(ProtocolMessage.builder(Action.DISCONNECTED)
                        .error(ErrorInfo.of(80003, 503, "Service unavailable"))
                        .build());
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isEqualTo("connection-1");
        assertThat(attempts).hasValue(2);
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).containsEntry("resume", "key-1");
        assertThat(states)
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
    }

    @Test
    void RTN15j_error_empty_channel_failed_0() {
        RealtimeClient client = client(n -> Fixtures.connected("connection-id", "connection-key"));
        firstConnection().sendToClientAndClose(Fixtures.error(50000, 500, "Internal error"));
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(50000);
        assertThat(client.connection().errorReason().statusCode()).isEqualTo(500);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void RTN15a_unexpected_transport_disconnect_0() {
        RealtimeClient client = client(n -> Fixtures.connected("connection-1", "key-1"));
        firstConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isEqualTo("connection-1");
        assertThat(attempts).hasValue(2);
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).containsEntry("resume", "key-1");
        assertThat(states).containsSubsequence(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING);
    }

    @Test
    void RTN15b_successful_resume_0() { // also RTN15c6, RTN15e
        RealtimeClient client = client(n -> n == 1
                ? Fixtures.connected("connection-1", "key-1")
                : Fixtures.connected("connection-1", "key-1-updated"));
        assertThat(client.connection().id()).isEqualTo("connection-1");
        firstConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().id()).isEqualTo("connection-1");
        assertThat(client.connection().key()).isEqualTo("key-1-updated");
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).containsEntry("resume", "key-1");
        assertThat(attempts).hasValue(2);
        assertThat(client.connection().errorReason()).isNull();
    }

    @Test
    void RTN15c7_failed_resume_new_id_0() {
        RealtimeClient client = client(n -> n == 1
                ? Fixtures.connected("connection-1", "key-1")
                : ProtocolMessage.builder(Action.CONNECTED)
                        .connectionId("connection-2")
                        .connectionKey("key-2")
                        .error(ErrorInfo.of(80008, 400, "Unable to recover connection"))
                        .connectionDetails(Fixtures.details("key-2").build())
                        .build());
        List<ConnectionStateChange> connectedEvents = new ArrayList<>();
        client.connection().on(ConnectionEvent.CONNECTED, connectedEvents::add);
        firstConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().id()).isEqualTo("connection-2");
        assertThat(client.connection().key()).isEqualTo("key-2");
        assertThat(client.connection().errorReason().code()).isEqualTo(80008);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(connectedEvents).hasSize(1);
        assertThat(connectedEvents.get(0).reason().code()).isEqualTo(80008);
    }

    @Test
    void RTN15e_connection_key_updated_0() {
        RealtimeClient client = client(n -> n == 1
                ? Fixtures.connected("connection-1", "key-1")
                : Fixtures.connected("connection-1", "key-1-updated"));
        firstConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().key()).isEqualTo("key-1-updated");
    }

    @Test
    @Disabled("contradicts spec 6.1.1: RTN15g was replaced by RTN14h (always resume); see RTN14h_resumeAfterSuspended")
    void RTN15g_state_cleared_after_ttl_0() {
        AtomicInteger n = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            int i = n.incrementAndGet();
            if (i == 1) {
                c.respondWithSuccess(ProtocolMessage.builder(Action.CONNECTED)
                        .connectionId("connection-1")
                        .connectionDetails(Fixtures.details("key-1")
                                .connectionStateTtl(5000L)
                                .build())
                        .build());
            } else if (i < 6) {
                c.respondWithRefused();
            } else {
                c.respondWithSuccess(Fixtures.connected("connection-2", "key-2"));
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false)
                .disconnectedRetryTimeout(java.time.Duration.ofSeconds(1))
                .suspendedRetryTimeout(java.time.Duration.ofSeconds(2)));
        client.connect();
        rt.drain();
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        for (int i = 0; i < 15 && client.connection().state() != ConnectionState.CONNECTED; i++) {
            rt.advanceMillis(2500);
        }
        assertThat(client.connection().id()).isEqualTo("connection-2");
        assertThat(rt.ws.lastAttempt().queryParams()).doesNotContainKey("resume"); // RTN14h says: resume
    }

    @Test
    void RTN14h_resumeAfterSuspended() {
        AtomicInteger n = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            int i = n.incrementAndGet();
            if (i == 1) {
                c.respondWithSuccess(ProtocolMessage.builder(Action.CONNECTED)
                        .connectionId("connection-1")
                        .connectionDetails(Fixtures.details("key-1")
                                .connectionStateTtl(5000L)
                                .build())
                        .build());
            } else if (i < 6) {
                c.respondWithRefused();
            } else {
                c.respondWithSuccess(Fixtures.connected("connection-2", "key-2"));
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false)
                .disconnectedRetryTimeout(java.time.Duration.ofSeconds(1))
                .suspendedRetryTimeout(java.time.Duration.ofSeconds(2)));
        client.connection().on(c -> states.add(c.current()));
        client.connect();
        rt.drain();
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        for (int i = 0; i < 15 && client.connection().state() != ConnectionState.CONNECTED; i++) {
            rt.advanceMillis(2500);
        }
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(states)
                .containsSubsequence(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.SUSPENDED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
        // The server-provided TTL (5 s) applied (RTN21), and every attempt still tried to resume (RTN14h).
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("resume", "key-1");
        assertThat(client.connection().id()).isEqualTo("connection-2");
    }

    @Test
    void RTN15c4_fatal_error_during_resume_0() {
        RealtimeClient client = client(n -> n == 1
                ? Fixtures.connected("connection-1", "key-1")
                : Fixtures.error(50000, 500, "Internal server error"));
        firstConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(50000);
        rt.advanceMillis(300_000);
        assertThat(attempts).hasValue(2);
    }

    /** RSA10a: authorize() on a client using basic auth obtains a token, and token auth is used from then on. */
    @Test
    void RSA10a_authorizeOnABasicAuthClient_switchesToTokenAuth() {
        AtomicInteger tokenRequests = new AtomicInteger();
        ClientOptions tokenOptions = keyWithTokenEndpoint(tokenRequests); // answers POST /keys/.../requestToken
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(Fixtures.connected("connection-id", "connection-key")));
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.AUTH) { // Ably accepts the token in place (RTC8a1)
                rt.ws.activeConnection().sendToClient(Fixtures.connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = rt.client(tokenOptions.toBuilder()
                .authOptions(AuthOptions.builder().key("appId.keyId:keySecret").build())
                .build());
        client.connect();
        rt.drain();
        assertThat(rt.ws.connectAttempts.get(0).queryParams()).containsKey("key");

        rt.await(client.auth().authorize());

        assertThat(tokenRequests.get()).isEqualTo(1);
        assertThat(rt.ws.sent(Action.AUTH)).hasSize(1);
        rt.ws.activeConnection().simulateDisconnect(null); // the next attempt authenticates with the token
        rt.drain();
        assertThat(rt.ws.connectAttempts).hasSize(2);
        assertThat(rt.ws.lastAttempt().queryParams())
                .containsEntry("accessToken", "renewed_token_1")
                .doesNotContainKey("key");
    }
}
