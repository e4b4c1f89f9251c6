package io.ably4j.internal.connection;

import io.ably4j.ConnectionState;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The waiting states of a connection that is not connected but will be: DISCONNECTED after a failed attempt, with the
 * RTB1 backoff (RTN14d), or at once after a lost connection (RTN15a, RTN15h3); SUSPENDED once the connection state TTL
 * has passed (RTN14e), retried every {@code suspendedRetryTimeout}. Timers are the {@link RetryPolicy}'s; state changes
 * go through the {@link ConnectionManager}. Confined to the serial executor.
 */
final class WaitingStates {
    private final ConnectionManager manager;
    private final RetryPolicy retry;

    WaitingStates(ConnectionManager manager, RetryPolicy retry) {
        this.manager = manager;
        this.retry = retry;
    }

    /** A recoverable failure of a whole attempt: DISCONNECTED with the backoff delay, or SUSPENDED after the TTL. */
    void attemptFailed(ErrorInfo error) {
        retry.startTtlClock(this::onTtlExpired);
        if (retry.suspendedMode()) {
            toSuspended(error);
            return;
        }
        Duration delay = retry.nextDisconnectedDelay();
        manager.setState(ConnectionState.DISCONNECTED, error, delay, false);
        if (manager.state() == ConnectionState.DISCONNECTED) {
            retry.scheduleRetry(delay, this::retryFromWaitingState);
        }
    }

    /** The connection was lost while CONNECTED: DISCONNECTED, then a new attempt at once that resumes. */
    void connectionLost(ErrorInfo error) {
        manager.abandonTransport();
        retry.resetAttempts();
        retry.startTtlClock(this::onTtlExpired);
        manager.setState(ConnectionState.DISCONNECTED, error, Duration.ZERO, false);
        if (manager.state() == ConnectionState.DISCONNECTED) {
            manager.startConnecting();
        }
    }

    private void retryFromWaitingState() {
        ConnectionState s = manager.state();
        if (s == ConnectionState.DISCONNECTED || s == ConnectionState.SUSPENDED) {
            manager.startConnecting();
        }
    }

    private void onTtlExpired() { // RTN14e
        if (manager.state() == ConnectionState.DISCONNECTED) {
            retry.cancelRetry();
            toSuspended(null);
        }
        // While CONNECTING, the attempt in flight decides: success connects, failure suspends.
    }

    private void toSuspended(@Nullable ErrorInfo cause) {
        ErrorInfo error = Errors.suspended(
                "Connection suspended: disconnected for longer than the connection state TTL ("
                        + retry.connectionStateTtl().toMillis() + " ms)",
                cause);
        Duration delay = retry.suspendedDelay();
        manager.setState(ConnectionState.SUSPENDED, error, delay, false);
        if (manager.state() == ConnectionState.SUSPENDED) {
            retry.scheduleRetry(delay, this::retryFromWaitingState);
        }
    }
}
