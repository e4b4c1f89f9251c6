package io.ably4j.internal.connection;

import io.ably4j.internal.util.Scheduler;
import java.time.Duration;

/**
 * Retry delays (RTB1): initial timeout x backoff coefficient (RTB1a) x jitter coefficient (RTB1b). Used for
 * DISCONNECTED connections ({@code disconnectedRetryTimeout}) and SUSPENDED channels ({@code channelRetryTimeout}).
 */
public final class Backoff {
    private Backoff() {}

    /** RTB1a: min((n + 2) / 3, 2) for the n-th retry (n starting at 1): 1, 4/3, 5/3, 2, 2, ... */
    public static double backoffCoefficient(int retry) {
        return Math.min((Math.max(retry, 1) + 2) / 3.0, 2.0);
    }

    /** RTB1b: maps a uniform random number in [0, 1] onto a jitter coefficient in [0.8, 1]. */
    public static double jitterCoefficient(double uniform) {
        return 0.8 + 0.2 * Math.min(Math.max(uniform, 0.0), 1.0);
    }

    /** RTB1: the delay before the n-th retry, given a uniform random number in [0, 1]. */
    public static Duration delay(Duration initial, int retry, double uniform) {
        double millis = Scheduler.capped(initial).toMillis() * backoffCoefficient(retry) * jitterCoefficient(uniform);
        return Duration.ofMillis(Math.round(millis));
    }
}
