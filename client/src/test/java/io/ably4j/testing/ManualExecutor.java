package io.ably4j.testing;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/** An executor whose tasks run only when the test drains it, on the test's thread: deterministic, no sleeps. */
public final class ManualExecutor implements Executor {
    private static final int MAX_TASKS_PER_DRAIN = 1_000_000;

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
        queue.add(task);
    }

    /** Runs tasks (including tasks they submit) until none are left. Returns the number run. */
    public int drain() {
        int n = 0;
        Runnable r;
        while ((r = queue.poll()) != null) {
            r.run();
            if (++n > MAX_TASKS_PER_DRAIN) {
                throw new AssertionError("executor did not become idle: a task keeps rescheduling itself");
            }
        }
        return n;
    }

    public boolean isIdle() {
        return queue.isEmpty();
    }
}
