package io.ably4j.internal.util;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A fixed pool of daemon threads (one started per task until there are {@code size}, as a fixed
 * {@code ThreadPoolExecutor} does) with a lock-free hand-off: a task goes into a
 * concurrent queue and, if a thread is parked, that thread is unparked. One wake-up system call for the submitter and
 * one park for the worker per hand-off, where a {@code ThreadPoolExecutor} over a {@code LinkedBlockingQueue} takes
 * locks on both sides, and the woken thread often blocks once more on the queue's lock that the submitter still holds
 * (about three {@code futex} calls per hand-off measured on Linux, against two here). It backs the clients' default
 * callback executors, which hand over a task per inbound read.
 *
 * <p>A task that throws is reported to the thread's {@link Thread.UncaughtExceptionHandler} (as a pool thread
 * replaced by a {@code ThreadPoolExecutor} would report it) and the thread goes on with the next task. Threads never
 * end; there is no shutdown (the pool is process-wide).
 */
final class HandoffPool implements Executor {
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Workers that are parked or about to park; a submitter unparks one. */
    private final ConcurrentLinkedDeque<Thread> idle = new ConcurrentLinkedDeque<>();

    private final AtomicInteger started = new AtomicInteger();
    private final int size;
    private final String prefix;

    HandoffPool(int size, String prefix) {
        if (size < 1) {
            throw new IllegalArgumentException("size < 1");
        }
        this.size = size;
        this.prefix = prefix;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        int n = started.get();
        if (n < size && started.compareAndSet(n, n + 1)) { // as a fixed ThreadPoolExecutor: a thread per task at first
            Thread w = new Thread(this::work, prefix + "-" + (n + 1));
            w.setDaemon(true);
            w.start();
            return;
        }
        Thread t = idle.poll();
        if (t != null) {
            LockSupport.unpark(t);
        }
        // else every worker is busy (or just announced itself idle and re-checks the queue): one of them takes the
        // task when it polls the queue next
    }

    /** The number of threads started so far (for tests). */
    int threads() {
        return started.get();
    }

    private void work() {
        Thread self = Thread.currentThread();
        while (true) {
            Runnable task = next(self);
            if (task != null) {
                run(self, task);
            }
        }
    }

    /**
     * The next task, or null after parking without one (woken, or spuriously). This and {@link #run} are methods of
     * their own, called once per task, so that the JIT compiles them by invocation count: the endless loop above
     * would be compiled only by on-stack replacement, which took tens of thousands of tasks.
     */
    private @Nullable Runnable next(Thread self) {
        Runnable task = tasks.poll();
        if (task != null) {
            return task;
        }
        idle.push(self);
        task = tasks.poll(); // a task added before we were seen idle: its submitter unparked nobody
        if (task == null) {
            LockSupport.park(this);
        }
        idle.remove(self); // woken, or spuriously: announce again next time round
        return task;
    }

    private static void run(Thread self, Runnable task) {
        try {
            task.run();
        } catch (Throwable e) { // report it as a dying pool thread would, and keep serving
            Thread.UncaughtExceptionHandler h = self.getUncaughtExceptionHandler();
            if (h != null) {
                h.uncaughtException(self, e);
            }
        }
    }
}
