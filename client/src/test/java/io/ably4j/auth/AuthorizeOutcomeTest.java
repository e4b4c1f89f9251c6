package io.ably4j.auth;

import static io.ably4j.auth.AuthTestSupport.ablyError;
import static io.ably4j.auth.AuthTestSupport.answer;
import static io.ably4j.auth.AuthTestSupport.authRequest;
import static io.ably4j.auth.AuthTestSupport.callbackClient;
import static io.ably4j.auth.AuthTestSupport.connected;
import static io.ably4j.auth.AuthTestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.TokenDetails;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an {@code authorize()} call completes with, and when (RTC8, RTN22): only its own outcome, and never later than
 * the connection state TTL.
 */
@NullUnmarked // tests read nullable results on purpose
class AuthorizeOutcomeTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final AtomicInteger callbackCount = new AtomicInteger();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private static ErrorInfo errorOf(Throwable t) {
        assertThat(t).isInstanceOf(AblyException.class);
        return ((AblyException) t).errorInfo();
    }

    /**
     * RTC8a3, RTN22, RSA4c3: a server AUTH whose token cannot be obtained while an authorize() waits for the answer to
     * its own AUTH leaves that authorize() waiting; the answer completes it.
     */
    @Test
    void RTN22_failedServerReauth_doesNotFailAnAuthorizeWaitingForItsOwnAuth() {
        AuthCallback callback = params -> {
            int n = callbackCount.incrementAndGet();
            if (n == 3) { // the token for the server's AUTH
                throw ablyError(50000, 500, "Auth server unavailable");
            }
            return answer(token(rt, "token-" + n));
        };
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("connection-id", "connection-key")));
        RealtimeClient client = callbackClient(rt, callback);
        client.connect();
        rt.drain();
        List<ProtocolMessage> auths = new ArrayList<>();
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.AUTH) {
                auths.add(m); // not answered yet
            }
        });
        CompletableFuture<TokenDetails> authorize = client.auth().authorize();
        rt.drain();
        assertThat(auths).hasSize(1);

        rt.ws.activeConnection().sendToClient(authRequest());
        rt.drain();

        assertThat(callbackCount).hasValue(3);
        assertThat(authorize).isNotDone();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().errorReason().code()).isEqualTo(80019); // RSA4c3
        rt.ws.activeConnection().sendToClient(connected("connection-id", "connection-key-2"));
        assertThat(rt.await(authorize).token()).isEqualTo("token-2");
    }

    /**
     * RTC8c, RTC8b1, RTN14e: authorize() while DISCONNECTED connects at once; while the connection keeps failing it
     * waits through DISCONNECTED (not among RTC8b1's outcomes) and fails when the connection state TTL ends it in
     * SUSPENDED, never later.
     */
    @Test
    void RTC8c_authorizeWhileDisconnected_failsAtSuspendedWhenTheConnectionKeepsFailing() {
        rt.ws.onConnectionAttempt(PendingConnection::respondWithRefused);
        RealtimeClient client =
                callbackClient(rt, params -> answer(token(rt, "token-" + callbackCount.incrementAndGet())));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        int attemptsBefore = rt.ws.connectAttempts.size();

        CompletableFuture<TokenDetails> authorize = client.auth().authorize();
        rt.drain();

        assertThat(rt.ws.connectAttempts).hasSizeGreaterThan(attemptsBefore); // RTC8c: connected at once
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("accessToken", "token-2");
        rt.advance(Duration.ofSeconds(119));
        assertThat(client.connection().state()).isNotEqualTo(ConnectionState.SUSPENDED);
        assertThat(authorize).isNotDone();

        rt.advance(Duration.ofSeconds(2)); // the 120 s TTL since the first DISCONNECTED has passed

        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        assertThat(errorOf(rt.awaitError(authorize)).code()).isEqualTo(80002);
    }

    /** RTC8b1: authorize() while CONNECTING, then close(): CLOSED fails it. */
    @Test
    void RTC8b1_authorizeWhileConnecting_thenClose_failsAtClosed() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            attempts.incrementAndGet();
            c.respondWithSuccess(); // no CONNECTED: CONNECTING until the timeout
        });
        RealtimeClient client =
                callbackClient(rt, params -> answer(token(rt, "token-" + callbackCount.incrementAndGet())));
        client.connect();
        rt.drain();
        CompletableFuture<TokenDetails> authorize = client.auth().authorize();
        rt.drain();
        assertThat(attempts).hasValue(2);
        assertThat(authorize).isNotDone();

        client.close();
        rt.advance(client.options().realtimeRequestTimeout());

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(authorize).isCompletedExceptionally();
    }

    /**
     * RSA10j, RSA10g, RSA10e: authorize() with auth options that hold no way to authenticate is refused with 40106
     * before anything changes; the stored options still obtain the next token.
     */
    @Test
    void RSA10j_authorizeWithOptionsWithoutCredentials_40106_andTheStoredOptionsStay() {
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("connection-id", "connection-key")));
        RealtimeClient client =
                callbackClient(rt, params -> answer(token(rt, "token-" + callbackCount.incrementAndGet())));

        ErrorInfo refused = errorOf(rt.awaitError(client.auth().authorize(null, AuthOptions.none())));

        assertThat(refused.code()).isEqualTo(40106);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(callbackCount).hasValue(0);
        assertThat(rt.ws.connectAttempts).isEmpty();
        assertThat(rt.await(client.auth().authorize()).token()).isEqualTo("token-1");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }
}
