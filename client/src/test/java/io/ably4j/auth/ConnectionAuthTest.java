package io.ably4j.auth;

import static io.ably4j.auth.AuthTestSupport.ablyError;
import static io.ably4j.auth.AuthTestSupport.answer;
import static io.ably4j.auth.AuthTestSupport.authRequest;
import static io.ably4j.auth.AuthTestSupport.callbackClient;
import static io.ably4j.auth.AuthTestSupport.serverAcceptsEveryAttempt;
import static io.ably4j.auth.AuthTestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/auth/connection_auth_test.md} (RTN2e, RTN27b, RSA4c, RSA4d, RSA12a). */
@NullUnmarked // tests read nullable results on purpose
class ConnectionAuthTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    @Test
    void RTN2e_token_before_websocket_0() {
        List<String> order = new ArrayList<>();
        rt.ws.onConnectionAttempt(c -> {
            order.add("connection attempt");
            c.respondWithSuccess(AuthTestSupport.connected("connection-id", "connection-key"));
        });
        RealtimeClient client = callbackClient(rt, params -> {
            order.add("authCallback");
            return answer(token(rt, "callback-provided-token"));
        });
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));

        client.connect();
        rt.drain();

        assertThat(order).containsExactly("authCallback", "connection attempt");
        Map<String, String> query = rt.ws.lastAttempt().queryParams();
        assertThat(query)
                .containsEntry("accessToken", "callback-provided-token")
                .doesNotContainKey("key");
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }

    @Test
    void RTN2e_callback_error_prevents_connect_1() {
        serverAcceptsEveryAttempt(rt);
        RealtimeClient client = callbackClient(rt, params -> {
            throw new IllegalStateException("Auth callback failed");
        });

        client.connect();
        rt.drain();

        assertThat(rt.ws.connectAttempts).isEmpty();
        assertThat(client.connection().state()).isIn(ConnectionState.DISCONNECTED, ConnectionState.FAILED);
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason).isNotNull();
        assertThat(reason.statusCode() == 401 || reason.code() == 40170)
                .as("401 or 40170: %s", reason)
                .isTrue();
    }

    @Test
    void RTN2e_callback_params_include_clientid_2() {
        serverAcceptsEveryAttempt(rt);
        AtomicReference<TokenParams> received = new AtomicReference<>();
        RealtimeClient client = callbackClient(
                rt,
                params -> {
                    received.set(params);
                    return answer(token(rt, "token-for-client").toBuilder()
                            .clientId("my-client-id")
                            .build());
                },
                b -> b.clientId("my-client-id"));

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(received.get()).isNotNull();
        assertThat(received.get().clientId()).isEqualTo("my-client-id");
    }

    /** RSA15a, RSA15c: a token for another client id than the clientId option fails the connection. */
    @Test
    void RSA15c_tokenWithAnotherClientId_failsTheConnection() {
        serverAcceptsEveryAttempt(rt);
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(
                rt,
                params -> {
                    calls.incrementAndGet();
                    return answer(token(rt, "token-for-bob").toBuilder()
                            .clientId("bob")
                            .build());
                },
                b -> b.clientId("alice"));

        client.connect();
        rt.drain();
        rt.advanceMillis(300_000);

        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40102);
        assertThat(rt.ws.connectAttempts).isEmpty();
        assertThat(calls).hasValue(1);
        assertThat(client.auth().clientId()).isEqualTo("alice");
    }

    /** RSA4d: an authUrl answering 403 fails the connection; RSA4c2: another failure leaves it DISCONNECTED. */
    @Test
    void RSA4d_authUrl403_failsTheConnection_andA500_disconnects() {
        serverAcceptsEveryAttempt(rt);
        rt.http.handler =
                call -> MockHttp.json(403, "{\"error\":{\"code\":40300,\"statusCode\":403,\"message\":\"Forbidden\"}}");
        RealtimeClient refused = rt.client(ClientOptions.builder()
                .authOptions(AuthOptions.builder()
                        .authUrl("https://auth.example.com/token")
                        .build())
                .autoConnect(false)
                .build());
        refused.connect();
        rt.drain();
        assertThat(refused.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(refused.connection().errorReason().code()).isEqualTo(80019);
        assertThat(refused.connection().errorReason().statusCode()).isEqualTo(403);
        assertThat(rt.http.requests).hasSize(1);
        assertThat(rt.http.requests.get(0).uri().getHost()).isEqualTo("auth.example.com");

        rt.http.handler = call -> MockHttp.json(500, "{\"error\":\"Internal server error\"}");
        RealtimeClient unlucky = rt.client(ClientOptions.builder()
                .authOptions(AuthOptions.builder()
                        .authUrl("https://auth.example.com/token")
                        .build())
                .autoConnect(false)
                .build());
        unlucky.connect();
        rt.drain();
        assertThat(unlucky.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(unlucky.connection().errorReason().code()).isEqualTo(80019);
        assertThat(unlucky.connection().errorReason().statusCode()).isEqualTo(401);
        assertThat(rt.ws.connectAttempts).isEmpty();
    }

    /** RSA4b: a given token that Ably rejects is renewed with the authCallback, and the attempt made again. */
    @Test
    void RSA4b_givenTokenRejected_isRenewedWithTheCallback() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            if (attempts.incrementAndGet() == 1) {
                c.sendToClientAndClose(Fixtures.error(40142, 401, "Token expired"));
            } else {
                c.sendToClient(AuthTestSupport.connected("connection-id", "connection-key"));
            }
        });
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = rt.client(ClientOptions.builder()
                .authOptions(AuthOptions.builder()
                        .token("given-token")
                        .authCallback(params -> {
                            calls.incrementAndGet();
                            return answer(token(rt, "fresh-token"));
                        })
                        .build())
                .autoConnect(false)
                .build());

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(calls).hasValue(1);
        assertThat(rt.ws.connectAttempts.get(0).queryParams()).containsEntry("accessToken", "given-token");
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).containsEntry("accessToken", "fresh-token");
        assertThat(client.auth().tokenDetails().token()).isEqualTo("fresh-token");
    }

    @Test
    void RTN2e_reuse_valid_token_3() {
        serverAcceptsEveryAttempt(rt);
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(rt, params -> {
            calls.incrementAndGet();
            return answer(token(rt, "reusable-token"));
        });

        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(calls).hasValue(1);
        assertThat(rt.ws.connectAttempts).hasSize(2);
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("accessToken", "reusable-token");
    }

    @Test
    void RSA4c2_callback_error_causes_disconnected_0() {
        serverAcceptsEveryAttempt(rt);
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(rt, params -> {
            if (calls.incrementAndGet() == 1) {
                throw ablyError(50000, 500, "Auth server unavailable");
            }
            return answer(token(rt, "valid-token-" + calls.get()));
        });

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(401);
        assertThat(reason.cause()).isNotNull();
        assertThat(reason.cause().code()).isEqualTo(50000);
    }

    /** RSA4c1 (features spec 6.1.1): the failure is set as the errorReason; RSA4c3: the connection stays CONNECTED. */
    @Test
    void RSA4c3_callback_error_stays_connected_0() {
        serverAcceptsEveryAttempt(rt);
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(rt, params -> {
            if (calls.incrementAndGet() == 1) {
                return answer(token(rt, "initial-token"));
            }
            throw ablyError(50000, 500, "Auth server unavailable");
        });
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().errorReason()).isNull();
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);

        rt.ws.activeConnection().sendToClient(authRequest());
        rt.drain();

        assertThat(calls).hasValue(2);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(changes).allSatisfy(c -> assertThat(c.current()).isEqualTo(ConnectionState.CONNECTED));
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason).isNotNull();
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(401);
        assertThat(reason.cause()).isNotNull();
        assertThat(reason.cause().code()).isEqualTo(50000);
        assertThat(rt.ws.connectAttempts).hasSize(1);
        // The current token stays in use (RSA16): a reconnect presents it without asking the failing callback.
        assertThat(client.auth().tokenDetails().token()).isEqualTo("initial-token");
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("accessToken", "initial-token");
        assertThat(calls).hasValue(2);
    }

    @Test
    void RSA4d_callback_403_causes_failed_0() {
        serverAcceptsEveryAttempt(rt);
        RealtimeClient client = callbackClient(rt, params -> {
            throw ablyError(40300, 403, "Account disabled");
        });

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(403);
        assertThat(reason.cause()).isNotNull();
        assertThat(reason.cause().code()).isEqualTo(40300);
    }

    @Test
    void RSA4d_callback_403_reauth_causes_failed_1() {
        serverAcceptsEveryAttempt(rt);
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(rt, params -> {
            if (calls.incrementAndGet() == 1) {
                return answer(token(rt, "initial-token"));
            }
            throw ablyError(40300, 403, "Account suspended");
        });
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);

        rt.ws.activeConnection().sendToClient(authRequest());
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(403);
        assertThat(reason.cause()).isNotNull();
        assertThat(reason.cause().code()).isEqualTo(40300);
    }
}
