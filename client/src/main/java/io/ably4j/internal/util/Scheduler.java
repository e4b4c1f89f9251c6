package io.ably4j.internal.util;

import java.time.Duration;

/**
 * Timers and the clock, injectable so that unit tests can run every timeout deterministically on a fake clock.
 * Implementations run tasks on their own threads: callers hand the real work to their serial executor.
 */
public interface Scheduler {
    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A monotonic clock reading in nanoseconds, for durations only. */
    long nanoTime();

    /** The wall clock in milliseconds since the epoch, for token timestamps and expiry (RSA9d, RSA4b1). */
    default long currentTimeMillis() {
        return System.currentTimeMillis();
    }
}
