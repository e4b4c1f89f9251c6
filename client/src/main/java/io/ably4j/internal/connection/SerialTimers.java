package io.ably4j.internal.connection;

import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Scheduler;
import io.ably4j.internal.util.SerialExecutor;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Timers whose tasks run on a serial executor. A timer cancelled on that executor never runs afterwards, even if the
 * scheduler had already fired it and the task was queued: the check happens on the executor itself.
 */
final class SerialTimers {
    /** The longest delay scheduled: {@link Scheduler#MAX_DELAY}. */
    static final Duration MAX_DELAY = Scheduler.MAX_DELAY;

    private final Scheduler scheduler;
    private final SerialExecutor serial;

    SerialTimers(Scheduler scheduler, SerialExecutor serial) {
        this.scheduler = scheduler;
        this.serial = serial;
    }

    Cancellable schedule(Duration delay, Runnable task) {
        Timer timer = new Timer(task);
        Duration d = Scheduler.capped(delay);
        timer.underlying = scheduler.schedule(d, () -> serial.execute(timer::fire));
        return timer;
    }

    long nanoTime() {
        return scheduler.nanoTime();
    }

    static void cancel(@Nullable Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }

    private static final class Timer implements Cancellable {
        private final Runnable task;
        private boolean cancelled; // read and written on the serial executor
        private volatile @Nullable Cancellable underlying;

        Timer(Runnable task) {
            this.task = task;
        }

        void fire() {
            if (!cancelled) {
                cancelled = true;
                task.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            Cancellable u = underlying;
            if (u != null) {
                u.cancel();
            }
        }
    }
}
