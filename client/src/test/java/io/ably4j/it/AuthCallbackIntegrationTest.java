package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.awaitFailure;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthCallback.Result;
import io.ably4j.AuthOptions;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.it.UtsSandbox.StateLog;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Token authentication with an authCallback against the emulator: every form the callback may return (RSA8d: a token
 * string, TokenDetails, a TokenRequest, a JWT), an expired first token renewed on connect (RTN14b), and the failures of
 * RSA4c (the callback throws), RSA15c (a token for another client id) and RSA4a2 (no means to renew).
 */
@Timeout(60)
class AuthCallbackIntegrationTest extends TokenAuthIntegrationBase {
    /** The callback returns a token string issued by the app server (TN1): the client id comes with CONNECTED. */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA8d_authCallbackReturnsTokenString_connectsWithTheConnectionsClientId(Protocol protocol) throws Exception {
        TokenDetails issued =
                await(issue(TokenParams.builder().clientId("string-user").build()));
        RealtimeClient client =
                client(protocol, callback(params -> CompletableFuture.completedFuture(Result.token(issued.token()))));

        connect(client);

        assertThat(Objects.requireNonNull(client.auth().tokenDetails()).token()).isEqualTo(issued.token());
        assertThat(client.clientId()).isEqualTo("string-user"); // RSA7b3: from the connection details
        assertPublishAndSubscribe(client, "string-user");
    }

    /** The callback returns TokenDetails: they become the client's, and its client id the client's (RSA7b2). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA8d_authCallbackReturnsTokenDetails_theyBecomeTheClients(Protocol protocol) throws Exception {
        AtomicReference<@Nullable TokenDetails> given = new AtomicReference<>();
        RealtimeClient client = client(
                protocol,
                callback(params -> issue(
                                TokenParams.builder().clientId("details-user").build())
                        .thenApply(td -> {
                            given.set(td);
                            return Result.of(td);
                        })));

        connect(client);

        assertThat(client.auth().tokenDetails()).isNotNull().isEqualTo(given.get());
        assertThat(client.clientId()).isEqualTo("details-user");
        assertPublishAndSubscribe(client, "details-user");
    }

    /** The callback returns a TokenRequest signed by the app server; the client exchanges it for a token (RSA8d). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA8d_authCallbackReturnsTokenRequest_exchangedForAToken(Protocol protocol) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(protocol, callback(params -> {
            calls.incrementAndGet();
            return keyClient
                    .auth()
                    .createTokenRequest(
                            TokenParams.builder().clientId("request-user").build(), null)
                    .thenApply(Result::of);
        }));

        connect(client);

        TokenDetails details = Objects.requireNonNull(client.auth().tokenDetails());
        assertThat(details.token()).isNotEmpty();
        assertThat(details.clientId()).isEqualTo("request-user");
        assertThat(details.expires()).isNotNull().isGreaterThan(System.currentTimeMillis());
        assertThat(details.capability()).isEqualTo("{\"*\":[\"*\"]}");
        assertThat(client.clientId()).isEqualTo("request-user");
        assertThat(calls).hasValue(1);
        assertPublishAndSubscribe(client, "request-user");
    }

    /** The callback returns a JWT signed here with the key's secret (HS256, kid = key name): a token string (TN2). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA8d_authCallbackReturnsJwt_itsCapabilityIsEnforced(Protocol protocol) throws Exception {
        String jwt = jwt(Duration.ofHours(1), "{\"pubsub:*\":[\"publish\",\"subscribe\"]}", "jwt-user");
        RealtimeClient client =
                client(protocol, callback(params -> CompletableFuture.completedFuture(Result.token(jwt))));

        connect(client);

        assertThat(Objects.requireNonNull(client.auth().tokenDetails()).token()).isEqualTo(jwt);
        assertThat(client.clientId()).isEqualTo("jwt-user");
        assertPublishAndSubscribe(client, "jwt-user");
        // the JWT's capability is enforced: channels outside pubsub:* are refused (40160)
        RealtimeChannel other = client.channels().get("other-" + UtsSandbox.randomId());
        assertThat(awaitFailure(other.attach()).errorInfo().code()).isEqualTo(40160);
    }

    /**
     * The first token the callback gives has expired (a JWT whose {@code exp} has passed): Ably refuses the connection
     * with a token error (40142), and the client obtains a new token at once and connects with it, without going
     * DISCONNECTED (RSA4b, RTN14b).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN14b_expiredTokenOnConnect_renewedWithoutDisconnecting(Protocol protocol) throws Exception {
        String expired = jwt(Duration.ofMinutes(-1), "{\"*\":[\"*\"]}", "late-user");
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(protocol, callback(params -> {
            if (calls.incrementAndGet() == 1) {
                return CompletableFuture.completedFuture(Result.token(expired));
            }
            return issue(TokenParams.builder().clientId("late-user").build()).thenApply(Result::of);
        }));
        StateLog states = new StateLog(client);
        client.connect();

        states.await(ConnectionState.CONNECTED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(calls).hasValue(2);
        assertThat(Objects.requireNonNull(client.auth().tokenDetails()).token()).isNotEqualTo(expired);
        assertThat(client.clientId()).isEqualTo("late-user");
        assertPublishAndSubscribe(client, "late-user");
    }

    /**
     * An authCallback that throws fails the attempt with 80019/401 whose cause is the failure (RSA4c1); the connection
     * goes DISCONNECTED (RSA4c2) and connects on a later attempt once the callback works again.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4c_authCallbackThrows_disconnectedThenRecovers(Protocol protocol) throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        RealtimeClient client = client(
                protocol,
                AuthOptions.builder()
                        .authCallback(AuthCallback.blocking(params -> {
                            if (failing.get()) {
                                throw new IOException("the app server is down");
                            }
                            return Result.of(await(issue(params)));
                        }))
                        .build(),
                b -> b.disconnectedRetryTimeout(Duration.ofMillis(300)));
        StateLog states = new StateLog(client);
        client.connect();

        ConnectionStateChange disconnected = states.await(ConnectionState.DISCONNECTED);
        ErrorInfo reason = Objects.requireNonNull(disconnected.reason());
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(401);
        assertThat(Objects.requireNonNull(reason.cause()).message()).contains("the app server is down");
        assertThat(client.connection().errorReason()).isEqualTo(reason);

        failing.set(false);
        states.await(ConnectionState.CONNECTED);
        assertThat(states.seen())
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
        assertPublishAndSubscribe(client, null);
    }

    /**
     * The clientId option does not match the clientId of the TokenDetails the callback gives: the connection goes
     * FAILED with 40102 (RSA15a, RSA15c) rather than retrying with the same incompatible credentials.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA15c_tokenForAnotherClientId_failsTheConnection(Protocol protocol) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(
                protocol,
                callback(params -> {
                    calls.incrementAndGet();
                    return issue(TokenParams.builder().clientId("alice").build())
                            .thenApply(Result::of);
                }),
                b -> b.clientId("bob").disconnectedRetryTimeout(Duration.ofMillis(200)));
        StateLog states = new StateLog(client);
        client.connect();

        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.FAILED);
        ErrorInfo reason = Objects.requireNonNull(failed.reason());
        assertThat(reason.code()).isEqualTo(40102);
        assertThat(calls).hasValue(1);
    }

    /**
     * A token string with no means to renew it (RSA4a): when it expires the emulator sends DISCONNECTED 40142 (the
     * AUTH it sent before expiry found nothing to renew with), and the connection goes FAILED at once, with no retry
     * and no DISCONNECTED state. RTN15h1 (and its UTS case {@code realtime/unit/RTN15h1/token-error-no-renew-0}) makes
     * that error the errorReason; connecting again presents the expired token, which Ably refuses, and RSA4a2 makes
     * that refusal 40171 with the token error as its cause.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4a2_tokenExpiresWithoutMeansToRenew_fails(Protocol protocol) throws Exception {
        TokenDetails issued = await(issue(TokenParams.builder().ttl(3000L).build()));
        RealtimeClient client =
                client(protocol, AuthOptions.builder().token(issued.token()).build());
        StateLog states = new StateLog(client);
        client.connect();
        states.await(ConnectionState.CONNECTED);

        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(Objects.requireNonNull(issued.expires()));
        assertThat(states.seen())
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.FAILED);
        ErrorInfo reason = Objects.requireNonNull(failed.reason());
        assertThat(reason.code()).isEqualTo(40142); // RTN15h1
        assertThat(reason.statusCode()).isEqualTo(401);

        client.connect();
        ConnectionStateChange again = states.await(ConnectionState.FAILED);
        ErrorInfo refused = Objects.requireNonNull(again.reason());
        assertThat(refused.code()).isEqualTo(40171); // RSA4a2
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Objects.requireNonNull(refused.cause()).code()).isEqualTo(40142);
    }
}
