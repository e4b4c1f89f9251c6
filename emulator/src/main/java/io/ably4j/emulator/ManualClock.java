package io.ably4j.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A clock that only moves when told to. {@link #advance(Duration)} runs, on the calling thread and
 * in time order, every task that has become due. Thread-safe.
 */
public final class ManualClock implements EmulatorClock {
    private final Object lock = new Object();
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now;
    private long sequence;

    /**
     * A clock starting at {@code start}.
     *
     * @param start the initial time
     */
    public ManualClock(Instant start) {
        this.now = start.toEpochMilli();
    }

    /** A clock starting at 2026-01-01T00:00:00Z. */
    public ManualClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Override
    public long millis() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        synchronized (lock) {
            Task t = new Task(now + Math.max(0, delay.toMillis()), sequence++, task);
            tasks.add(t);
            return () -> {
                synchronized (lock) {
                    tasks.remove(t);
                }
            };
        }
    }

    /** {@return number of pending timers (for tests asserting that nothing leaks)} */
    public int pendingTimers() {
        synchronized (lock) {
            return tasks.size();
        }
    }

    /**
     * Moves time forward and runs every task due by then, including tasks scheduled meanwhile.
     *
     * @param by how far to move; zero or more
     */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("cannot go back in time: " + by);
        }
        long target;
        synchronized (lock) {
            target = now + by.toMillis();
        }
        while (true) {
            List<Runnable> due = new ArrayList<>();
            synchronized (lock) {
                Task head = tasks.peek();
                if (head == null || head.at > target) {
                    now = target;
                    return;
                }
                now = Math.max(now, head.at);
                while (!tasks.isEmpty() && tasks.peek().at <= now) {
                    due.add(tasks.poll().task);
                }
            }
            due.forEach(Runnable::run);
        }
    }

    private static final class Task implements Comparable<Task> {
        final long at;
        final long seq;
        final Runnable task;

        Task(long at, long seq, Runnable task) {
            this.at = at;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
