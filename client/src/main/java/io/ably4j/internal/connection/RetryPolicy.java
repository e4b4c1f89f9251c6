package io.ably4j.internal.connection;

import io.ably4j.ClientOptions;
import io.ably4j.internal.util.Cancellable;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * When the connection retries (RTB1, RTN14d, RTN14e, RTN15a): the backoff of DISCONNECTED retries, the connection state
 * TTL clock that leads to SUSPENDED, and the retry timer. Confined to the client's serial executor; its timers fire
 * there.
 */
final class RetryPolicy {
    /** The default connection state TTL, until the server sends one (DF1a, CD2f). */
    static final Duration DEFAULT_CONNECTION_STATE_TTL = Duration.ofMinutes(2);

    private final ClientOptions options;
    private final SerialTimers timers;
    private final DoubleSupplier jitter;

    private Duration connectionStateTtl = DEFAULT_CONNECTION_STATE_TTL;
    private boolean ttlClockRunning; // disconnected since last CONNECTED (RTN14e)
    private boolean suspendedMode; // TTL expired: failures lead to SUSPENDED until CONNECTED
    private int attempt;
    private @Nullable Cancellable ttlTimer;
    private @Nullable Cancellable retryTimer;

    RetryPolicy(ClientOptions options, SerialTimers timers, DoubleSupplier jitter) {
        this.options = options;
        this.timers = timers;
        this.jitter = jitter;
    }

    Duration connectionStateTtl() {
        return connectionStateTtl;
    }

    /** CONNECTED carried a connectionStateTtl (RTN21, CD2f). */
    void applyTtl(@Nullable Long millis) {
        if (millis != null && millis > 0) {
            connectionStateTtl = Duration.ofMillis(millis);
        }
    }

    /** Whether the TTL has expired since the last CONNECTED: failures now lead to SUSPENDED (RTN14e). */
    boolean suspendedMode() {
        return suspendedMode;
    }

    /** Starts the TTL clock unless it is running; {@code onExpired} runs when it expires (RTN14e). */
    void startTtlClock(Runnable onExpired) {
        if (!ttlClockRunning) {
            ttlClockRunning = true;
            ttlTimer = timers.schedule(connectionStateTtl, () -> {
                suspendedMode = true;
                onExpired.run();
            });
        }
    }

    /** The delay before the next retry from DISCONNECTED: RTB1 backoff with jitter, one more attempt counted. */
    Duration nextDisconnectedDelay() {
        attempt++;
        return Backoff.delay(options.disconnectedRetryTimeout(), attempt, jitter.getAsDouble());
    }

    /** The delay before the next retry from SUSPENDED (RTN14e, TO3l2). */
    Duration suspendedDelay() {
        return options.suspendedRetryTimeout();
    }

    /** A connected connection was lost: the next failure is the first retry again (RTN15a). */
    void resetAttempts() {
        attempt = 0;
    }

    /** Runs {@code task} after {@code delay}, replacing a pending retry. */
    void scheduleRetry(Duration delay, Runnable task) {
        cancelRetry();
        retryTimer = timers.schedule(delay, task);
    }

    void cancelRetry() {
        SerialTimers.cancel(retryTimer);
        retryTimer = null;
    }

    /** CONNECTED: the TTL clock stops and the backoff starts over. */
    void connected() {
        SerialTimers.cancel(ttlTimer);
        ttlTimer = null;
        ttlClockRunning = false;
        suspendedMode = false;
        attempt = 0;
    }

    /** Connection data is cleared (RTN11d): everything back to the start, TTL to its default. */
    void reset() {
        cancelAll();
        connectionStateTtl = DEFAULT_CONNECTION_STATE_TTL;
        ttlClockRunning = false;
        suspendedMode = false;
        attempt = 0;
    }

    /** CLOSED or FAILED: no timer survives. */
    void cancelAll() {
        cancelRetry();
        SerialTimers.cancel(ttlTimer);
        ttlTimer = null;
    }
}
