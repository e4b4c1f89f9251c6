package io.ably4j.internal.connection;

import io.ably4j.ConnectionState;
import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.types.AblyException;
import io.ably4j.types.AuthDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Token renewal and re-authentication on the connection (RTN14b, RTN15h2, RTN15c5, RTN22, RTC8): renews a rejected
 * token once per connection attempt, sends AUTH with a new token on a live connection, and completes {@code
 * authorize()} when the connection has taken the new token. Confined to the serial executor.
 *
 * <h2>How long authorize() waits</h2>
 *
 * <p>Every authorize() call completes, and only with its own outcome:
 *
 * <ul>
 *   <li>CONNECTED: Ably's answer to its AUTH, CONNECTED (success) or ERROR (the connection fails, and with it the
 *       call, RTC8a2), within {@code realtimeRequestTimeout}, else it fails with 50003/504 and the connection stays as
 *       it is (RTC8a3).
 *   <li>Any other state: the connection attempt made with the new token (RTC8b, RTC8c) completes it at CONNECTED and
 *       fails it at FAILED, SUSPENDED or CLOSED (RTC8b1). DISCONNECTED is not among them: the connection retries
 *       (RTB1), and a connection that keeps failing reaches SUSPENDED when its {@code connectionStateTtl} clock
 *       expires (RTN14e), which bounds the wait (2 minutes by default, the TTL of the latest CONNECTED otherwise).
 * </ul>
 *
 * <p>A failure to obtain the token fails the call that asked for it (RSA4d1); a failed server-initiated
 * re-authentication (RTN22) fails no authorize() call unless it fails the connection (a 403, RSA4d).
 */
final class AuthFlow {
    private final ConnectionManager manager;
    private final Credentials credentials;
    private final Log log;
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private boolean renewed;
    private @Nullable Cancellable
            authTimer; // a token was renewed since the last CONNECTED: a second token error is final

    AuthFlow(ConnectionManager manager, Credentials credentials, Log log) {
        this.manager = manager;
        this.credentials = credentials;
        this.log = log;
    }

    Credentials credentials() {
        return credentials;
    }

    /**
     * A token error arrived. Returns true if a new token is being obtained (the caller reconnects); false if the error
     * stands: no means to renew (RSA4a2), or a token renewed since the last CONNECTED was rejected too (RTN14b).
     */
    boolean renewAfter(ErrorInfo error) {
        if (!credentials.canRenew()) {
            return false;
        }
        credentials.tokenRejected(error); // RSA4b: a rejected token is never presented again
        if (renewed) {
            return false;
        }
        renewed = true;
        return true;
    }

    /** Whether the client can obtain a new token at all (RSA4a). */
    boolean canRenew() {
        return credentials.canRenew();
    }

    /**
     * The connection changed state. CONNECTED completes the authorize() calls waiting for the connection (RTC8b1,
     * RTC8c); FAILED, SUSPENDED and CLOSED fail them. A renewal is allowed again after CONNECTED, and after an attempt
     * that failed: the next attempt may renew once (RTN14b, RSA4b).
     */
    void stateChanged(ConnectionState previous, ConnectionState next, @Nullable ErrorInfo reason) {
        switch (next) {
            case CONNECTED -> {
                renewed = false;
                completeAll(null);
            }
            case DISCONNECTED -> {
                if (previous == ConnectionState.CONNECTING) {
                    renewed = false;
                }
            }
            case FAILED, SUSPENDED, CLOSED -> {
                renewed = false;
                ended(next, reason);
            }
            default -> {}
        }
    }

    /** CONNECTED while CONNECTED: the AUTH was accepted (RTC8a1). */
    void updated() {
        completeAll(null);
    }

    /** FAILED, SUSPENDED or CLOSED (or CLOSING, RTC8): authorize() calls waiting fail (RTC8a2, RTC8b1). */
    private void ended(ConnectionState state, @Nullable ErrorInfo reason) {
        if (!waiting.isEmpty()) {
            completeAll(reason != null ? reason : Errors.forConnectionState(state, null, "authorize"));
        }
    }

    /**
     * The client obtained a new token (RTC8): CONNECTED sends AUTH and waits for CONNECTED or ERROR (RTC8a); CONNECTING
     * restarts the attempt with it (RTC8b); otherwise the client connects with it (RTC8c).
     */
    void reauthorize(@Nullable Throwable tokenFailure, CompletableFuture<Void> done) {
        if (tokenFailure != null) { // RSA4d1: authorize() is an attempt to authenticate
            ErrorInfo error = errorOf(tokenFailure);
            authFailed(error);
            done.completeExceptionally(new AblyException(error));
            return;
        }
        waiting.add(done);
        switch (manager.state()) {
            case CONNECTED ->
                sendAuth(credentials.authParams().thenApply(params -> params.get("accessToken")), done); // RTC8a
            case CONNECTING -> manager.restartAttempt();
            case CLOSING -> ended(ConnectionState.CLOSING, null);
            default -> manager.connect();
        }
    }

    /** The server asked for re-authentication (RTN22): obtain a new token and send it in AUTH. */
    void onServerAuth() {
        if (!credentials.canRenew()) {
            log.warn("The server asked for a new token, but there is no means to obtain one (RSA4a)");
            return;
        }
        sendAuth(credentials.renewToken(), null); // the current token stays in use if this fails (RSA4c3)
    }

    /**
     * Sends AUTH with {@code newToken} once obtained (RTC8a). {@code call} is the authorize() this AUTH is for, or null
     * for a server-initiated one (RTN22): a failure to obtain the token fails only that call, never another one
     * waiting at the same time for its own AUTH.
     */
    private void sendAuth(CompletionStage<@Nullable String> newToken, @Nullable CompletableFuture<Void> call) {
        newToken.whenComplete((token, failure) -> manager.executor().execute(() -> {
            if (failure != null || token == null) {
                reauthFailed(failure != null ? errorOf(failure) : Errors.badRequest("No token to send"), call);
                return;
            }
            ConnectionState s = manager.state();
            if (s == ConnectionState.CONNECTED) {
                manager.send(ProtocolMessage.builder(ProtocolMessage.Action.AUTH)
                        .auth(AuthDetails.of(token))
                        .build());
                // RTC8a: CONNECTED or ERROR answers it; the timeout bounds the wait even if the send was refused
                armAuthTimeout();
                return;
            }
            if (s == ConnectionState.DISCONNECTED || s == ConnectionState.SUSPENDED) {
                manager.connect(); // RTC8c: connect now, with the new token
            }
            // CONNECTING: that attempt's CONNECTED completes authorize() (RTC8b1); CLOSING, CLOSED, FAILED: it stays so
        }));
    }

    /**
     * Obtaining a token for a live connection failed: a 403 fails the connection (RSA4d, RSA4d1), and with it every
     * waiting authorize(); otherwise the connection stays CONNECTED with the failure as its errorReason (RSA4c1,
     * RSA4c3), and only the authorize() this token was for fails.
     */
    private void reauthFailed(ErrorInfo error, @Nullable CompletableFuture<Void> call) {
        authFailed(error);
        if (call != null && waiting.removeIf(f -> f == call)) {
            call.completeExceptionally(new AblyException(error));
        }
    }

    /**
     * A token for the connection could not be obtained outside a connection attempt (RTN22, RTC8): a 403 or a foreign
     * client id fails the connection unless it is closing or ended (RSA4d, RSA15c); another failure is the errorReason of a CONNECTED connection
     * (RSA4c1, RSA4c3). In other states the connection's own next attempt obtains a token and decides (RSA4c2).
     */
    private void authFailed(ErrorInfo error) {
        log.warn("Re-authentication failed: " + error);
        ConnectionState s = manager.state();
        boolean live = s == ConnectionState.CONNECTED;
        boolean ended = s == ConnectionState.CLOSING || s == ConnectionState.CLOSED || s == ConnectionState.FAILED;
        if (live || (failsTheConnection(error) && !ended)) {
            manager.authFailed(error);
        }
    }

    /**
     * authorize() on a live connection must not wait forever for Ably's answer to AUTH: after realtimeRequestTimeout
     * the waiting calls fail with 50003/504; the connection is left as it is (the spec names no state change).
     */
    private void armAuthTimeout() {
        SerialTimers.cancel(authTimer);
        Duration timeout = manager.options().realtimeRequestTimeout();
        authTimer = manager.schedule(timeout, () -> {
            authTimer = null;
            completeAll(ErrorInfo.of(
                    Errors.TIMEOUT_ERROR,
                    504,
                    "No answer to AUTH within realtimeRequestTimeout (" + timeout.toMillis() + " ms)"));
        });
    }

    private void completeAll(@Nullable ErrorInfo error) {
        SerialTimers.cancel(authTimer);
        authTimer = null;
        if (waiting.isEmpty()) {
            return;
        }
        List<CompletableFuture<Void>> done = new ArrayList<>(waiting);
        waiting.clear();
        for (CompletableFuture<Void> f : done) {
            if (error == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(new AblyException(error));
            }
        }
    }

    /**
     * Whether a failure to obtain a token fails the connection: refused by the auth server or Ably (403, RSA4d), or a
     * token for another client id than the client's (40102, RSA15c). Other failures are retried (RSA4c2).
     */
    static boolean failsTheConnection(ErrorInfo error) {
        return error.statusCode() == 403 || error.code() == Errors.INCOMPATIBLE_CREDENTIALS;
    }

    static ErrorInfo errorOf(Throwable failure) {
        Throwable t = Errors.unwrap(failure);
        return t instanceof AblyException e ? e.errorInfo() : Errors.badRequest(String.valueOf(t));
    }
}
