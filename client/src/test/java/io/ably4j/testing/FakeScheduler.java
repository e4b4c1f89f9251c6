package io.ably4j.testing;

import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Scheduler;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * A fake clock and timer queue. Time moves only in {@link #advance}, which runs due tasks in time order on the calling
 * thread and drains the executor after each, so the effects of each timer settle before the next one fires.
 */
public final class FakeScheduler implements Scheduler {
    private final ManualExecutor executor;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now = 1_000_000_000L;
    private long seq;

    public FakeScheduler(ManualExecutor executor) {
        this.executor = executor;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task t = new Task(now + Math.max(0, delay.toNanos()), seq++, task);
        tasks.add(t);
        return () -> {
            synchronized (FakeScheduler.this) {
                tasks.remove(t);
            }
        };
    }

    @Override
    public synchronized long currentTimeMillis() {
        return EPOCH_MILLIS + (now - 1_000_000_000L) / 1_000_000L;
    }

    /** The wall-clock time at the start of every fake clock: 2024-01-01T00:00:00Z. */
    public static final long EPOCH_MILLIS = 1_704_067_200_000L;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    /** Moves the clock forward by {@code d}, firing every timer that falls due, in order. */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        executor.drain();
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    now = target;
                    break;
                }
                tasks.poll();
                now = next.due;
            }
            next.task.run();
            executor.drain();
        }
        executor.drain();
    }

    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /** The number of pending timers. */
    public synchronized int pending() {
        return tasks.size();
    }

    private static final class Task implements Comparable<Task> {
        final long due;
        final long seq;
        final Runnable task;

        Task(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
