package io.ably4j.internal.util;

import java.time.Duration;

/**
 * Timers and the clock, injectable so that unit tests can run every timeout deterministically on a fake clock.
 * Implementations run tasks on their own threads: callers hand the real work to their serial executor.
 */
public interface Scheduler {
    /**
     * The longest delay a timer is given (about 100 years). Longer ones, e.g. from an absurd option or server value,
     * are shortened to it: the task then never runs in practice, and nothing overflows converting it to nanoseconds.
     */
    Duration MAX_DELAY = Duration.ofDays(36_500);

    /** {@code delay}, at most {@link #MAX_DELAY}. */
    static Duration capped(Duration delay) {
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /** Runs {@code task} once after {@code delay}; implementations cap it at {@link #MAX_DELAY}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A monotonic clock reading in nanoseconds, for durations only. */
    long nanoTime();

    /** The wall clock in milliseconds since the epoch, for token timestamps and expiry (RSA9d, RSA4b1). */
    default long currentTimeMillis() {
        return System.currentTimeMillis();
    }
}
