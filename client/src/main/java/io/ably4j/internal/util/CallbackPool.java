package io.ably4j.internal.util;

import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The executor behind the clients' default callback executors: tasks go to a fixed {@link HandoffPool}, except those an
 * {@link InlineRunner} accepts. The NIO engine's loop registers one ({@code transport.InlineDelivery}): when callbacks
 * are handed over faster than a thread wake-up per hand-off is worth, it runs them itself between two turns of the
 * loop, under a watchdog that gives the I/O to a fresh thread if a callback runs long or blocks. A caller that is about
 * to block on a client future calls {@link #beforeBlocking} first, so that a wait inside such a callback never holds
 * the I/O that would end it.
 */
public final class CallbackPool implements Executor {
    /** Runs some callback tasks itself instead of the pool. */
    public interface InlineRunner {
        /** Takes {@code task} to run it on the calling thread later, or returns false (then the pool runs it). */
        boolean offer(Runnable task);

        /** The calling thread is about to block: if it is running callbacks inline, it must first give up its I/O. */
        void beforeBlocking();
    }

    private static volatile @Nullable InlineRunner inline;

    private final Executor pool;

    CallbackPool(Executor pool) {
        this.pool = pool;
    }

    /** Registers the process's one inline runner (the NIO loop, when it starts). */
    public static void register(InlineRunner runner) {
        inline = runner;
    }

    /** Called by a thread about to block waiting for a client future (see the class comment). Any thread; cheap. */
    public static void beforeBlocking() {
        InlineRunner r = inline;
        if (r != null) {
            r.beforeBlocking();
        }
    }

    /** {@code executor} without inline delivery: the pool behind it if it is a {@link CallbackPool}, else itself. */
    public static Executor neverInline(Executor executor) {
        return executor instanceof CallbackPool c ? c.pool : executor;
    }

    @Override
    public void execute(Runnable task) {
        InlineRunner r = inline;
        if (r != null && r.offer(task)) {
            return;
        }
        pool.execute(task);
    }
}
