package io.ably4j.emulator;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The single source of time for an emulator: every timer (heartbeats, connection state TTL, presence
 * leave grace, token expiry, delayed frames) is scheduled here, so a test can substitute a {@link
 * ManualClock} and trigger them explicitly.
 *
 * <p>Implementations must be thread-safe. Scheduled tasks may run on any thread; the emulator only
 * schedules tasks that hand work over to its own engine thread.
 */
public interface EmulatorClock {
    /** {@return current time in milliseconds since the epoch} */
    long millis();

    /**
     * Runs {@code task} once after {@code delay}; the returned handle cancels it.
     *
     * @param delay how long to wait, in clock time
     * @param task the task to run
     * @return a handle that cancels the task
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be cancelled; cancelling twice or after it ran is harmless. */
    @FunctionalInterface
    interface Cancellable {
        /** Cancels the task if it has not run yet. */
        void cancel();
    }

    /** {@return the wall clock, with timers on one shared daemon thread} */
    static EmulatorClock system() {
        return SystemClock.INSTANCE;
    }

    /** Wall clock implementation. */
    final class SystemClock implements EmulatorClock {
        static final SystemClock INSTANCE = new SystemClock();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ably4j-emulator-timer");
            t.setDaemon(true);
            return t;
        });

        private SystemClock() {}

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            ScheduledFuture<?> f = timer.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            return () -> f.cancel(false);
        }
    }
}
