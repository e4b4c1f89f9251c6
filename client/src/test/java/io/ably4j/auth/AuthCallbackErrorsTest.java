package io.ably4j.auth;

import static io.ably4j.auth.AuthTestSupport.ablyError;
import static io.ably4j.auth.AuthTestSupport.answer;
import static io.ably4j.auth.AuthTestSupport.authRequest;
import static io.ably4j.auth.AuthTestSupport.callbackClient;
import static io.ably4j.auth.AuthTestSupport.serverAcceptsEveryAttempt;
import static io.ably4j.auth.AuthTestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/auth/auth_callback_errors_test.md} (RSA4c, RSA4d, RSA4e, RSA4f). */
@NullUnmarked // tests read nullable results on purpose
class AuthCallbackErrorsTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private static List<ConnectionStateChange> record(RealtimeClient client) {
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);
        return changes;
    }

    private static List<ConnectionStateChange> to(List<ConnectionStateChange> changes, ConnectionState state) {
        return changes.stream().filter(c -> c.current() == state).toList();
    }

    @Test
    void RSA4c2_callback_error_connecting_disconnected_0() {
        serverAcceptsEveryAttempt(rt);
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(
                rt,
                params -> {
                    if (calls.incrementAndGet() == 1) {
                        throw ablyError(50000, 500, "Auth server unavailable");
                    }
                    return answer(token(rt, "valid-token-" + calls.get()));
                },
                b -> b.useBinaryProtocol(false));
        List<ConnectionStateChange> changes = record(client);

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(401);
        assertThat(reason.cause()).isNotNull();
        assertThat(reason.cause().code()).isEqualTo(50000);
        List<ConnectionStateChange> disconnected = to(changes, ConnectionState.DISCONNECTED);
        assertThat(disconnected).isNotEmpty();
        assertThat(disconnected.get(0).reason().code()).isEqualTo(80019);
        assertThat(rt.ws.connectAttempts).isEmpty();
    }

    @Test
    void RSA4c2_callback_timeout_connecting_disconnected_1() {
        serverAcceptsEveryAttempt(rt);
        RealtimeClient client = callbackClient(
                rt,
                params -> new CompletableFuture<>(), // never completes
                b -> b.realtimeRequestTimeout(Duration.ofSeconds(10)).useBinaryProtocol(false));
        List<ConnectionStateChange> changes = record(client);

        client.connect();
        rt.drain();
        rt.advanceMillis(9_900);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        rt.advanceMillis(1_100);

        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(401);
        assertThat(to(changes, ConnectionState.DISCONNECTED)).hasSize(1);
        assertThat(rt.ws.connectAttempts).isEmpty();
    }

    @Disabled("contradicts spec 6.1.1: RSA4c1 sets the 80019 error as the connection errorReason also while CONNECTED"
            + " (RSA4c3); see ConnectionAuthTest.RSA4c3_callback_error_stays_connected_0")
    @Test
    void RSA4c3_callback_error_connected_stays_0() {
        serverAcceptsEveryAttempt(rt);
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(
                rt,
                params -> {
                    if (calls.incrementAndGet() == 1) {
                        return answer(token(rt, "initial-token"));
                    }
                    throw ablyError(50000, 500, "Auth server unavailable");
                },
                b -> b.useBinaryProtocol(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        List<ConnectionStateChange> changes = record(client);

        rt.ws.activeConnection().sendToClient(authRequest());
        rt.drain();

        assertThat(calls).hasValue(2);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(changes).isEmpty();
        assertThat(client.connection().errorReason()).isNull();
    }

    @Test
    void RSA4d_callback_403_connecting_failed_0() {
        serverAcceptsEveryAttempt(rt);
        RealtimeClient client = callbackClient(
                rt,
                params -> {
                    throw ablyError(40300, 403, "Account disabled");
                },
                b -> b.useBinaryProtocol(false));
        List<ConnectionStateChange> changes = record(client);

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(rt.ws.connectAttempts).isEmpty();
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(403);
        assertThat(reason.cause()).isNotNull();
        assertThat(reason.cause().code()).isEqualTo(40300);
        assertThat(reason.cause().statusCode()).isEqualTo(403);
        List<ConnectionStateChange> failed = to(changes, ConnectionState.FAILED);
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).reason().code()).isEqualTo(80019);
        assertThat(failed.get(0).reason().statusCode()).isEqualTo(403);
        assertThat(to(changes, ConnectionState.DISCONNECTED)).isEmpty();
        rt.advanceMillis(300_000); // FAILED is terminal: no retry asks the callback again
        assertThat(rt.ws.connectAttempts).isEmpty();
    }

    @Test
    void RSA4d_callback_403_reauth_failed_1() {
        serverAcceptsEveryAttempt(rt);
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = callbackClient(
                rt,
                params -> {
                    if (calls.incrementAndGet() == 1) {
                        return answer(token(rt, "initial-token"));
                    }
                    throw ablyError(40300, 403, "Account suspended");
                },
                b -> b.useBinaryProtocol(false));
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

    /**
     * Adapted: a typed {@link AuthCallback} cannot return an integer; the value that is none of a token string,
     * TokenDetails or TokenRequest it can return is null (RSA4f).
     */
    @Test
    void RSA4f_callback_invalid_type_format_0() {
        serverAcceptsEveryAttempt(rt);
        RealtimeClient client =
                callbackClient(rt, params -> CompletableFuture.completedFuture(null), b -> b.useBinaryProtocol(false));

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(401);
        assertThat(rt.ws.connectAttempts).isEmpty();
    }

    @Test
    void RSA4f_callback_oversized_token_format_1() {
        serverAcceptsEveryAttempt(rt);
        String oversized = "x".repeat(131_073);
        RealtimeClient client = callbackClient(
                rt,
                params -> CompletableFuture.completedFuture(AuthCallback.Result.token(oversized)),
                b -> b.useBinaryProtocol(false));

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        ErrorInfo reason = client.connection().errorReason();
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(401);
        assertThat(rt.ws.connectAttempts).isEmpty();
    }

    /**
     * RSA4e covers an explicit {@code requestToken} call too, made here on the realtime client's {@code auth()}: it
     * leaves the connection alone (RSA4d1). (The UTS case {@code rest-callback-error-40170-0} itself is translated
     * against the TokenFetcher in {@code TokenFetcherUtsTest}; ably4j has no REST client.)
     */
    @Test
    void RSA4e_requestTokenOnTheRealtimeClient_fails40170_andLeavesTheConnection() {
        RealtimeClient client = callbackClient(
                rt,
                params -> {
                    throw new IllegalStateException("Network failure connecting to auth server");
                },
                b -> b.useBinaryProtocol(false));

        Throwable failure = rt.awaitError(client.auth().requestToken(null, null));

        assertThat(failure).isInstanceOf(AblyException.class);
        ErrorInfo error = ((AblyException) failure).errorInfo();
        assertThat(error.code()).isEqualTo(40170);
        assertThat(error.statusCode()).isEqualTo(401);
        assertThat(error.message()).isNotEmpty();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);
        assertThat(client.connection().errorReason()).isNull();
    }
}
