package io.ably4j.internal.util;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Runs submitted tasks one at a time, in submission order, on threads of a backing executor. Many serial executors
 * can share one small pool: thread count does not grow with their number. A task that throws a {@link
 * RuntimeException} is logged and does not stop later tasks. After a batch of tasks the executor yields its thread so
 * that one busy client cannot starve the others.
 *
 * <p>A task that throws an {@link Error} ({@code OutOfMemoryError}, {@code StackOverflowError}, an assertion) is not
 * swallowed: it is logged, the tasks still queued are handed to the backing executor so that the executor stays usable,
 * and the {@code Error} is rethrown on the thread that ran the task: for a pool thread that reaches its {@link
 * Thread.UncaughtExceptionHandler} (a {@code ThreadPoolExecutor} then replaces the thread), for {@link #executeOrRun}
 * the caller.
 *
 * <p>{@link #executeOrRun} lets a caller whose work is short and non-blocking (a transport's receive thread, a publish
 * call) run the queue itself when the executor is idle, instead of waking a pool thread: one thread hand-off less per
 * message, which is most of the cost of a small message. Tasks still run one at a time and in submission order.
 */
public final class SerialExecutor implements OrderedExecutor {
    private static final int BATCH = 64;

    private final Executor backing;
    private final Log log;
    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile @Nullable Thread runner;
    /**
     * The thread handing a drain to the backing executor, while it does so: a drain that starts on that same thread
     * runs inline (an executor such as {@code Runnable::run}, direct mode). Such a drain does not yield after a batch,
     * which would only nest another drain on the same stack.
     */
    private volatile @Nullable Thread submitting;

    /** Tests only: runs on a draining thread right after it released the executor with its queue empty. */
    private volatile @Nullable Runnable releaseHook;

    /** Tests only: see {@link #releaseHook}. */
    void onRelease(@Nullable Runnable hook) {
        releaseHook = hook;
    }

    /** {@link #drain} as a task, allocated once (not per hand-off to the backing executor). */
    private final Runnable drainTask;

    public SerialExecutor(Executor backing, Log log) {
        this.backing = backing;
        this.log = log;
        this.drainTask = this::drain;
    }

    /** The thread collecting the tasks it submits ({@link #beginCollect}), or null. */
    private volatile @Nullable Thread collector;

    /** The tasks collected so far; only touched by {@link #collector}. */
    private @Nullable ArrayList<Runnable> collected;

    @Override
    public void execute(Runnable task) {
        if (collector == Thread.currentThread()) {
            ArrayList<Runnable> c = collected;
            if (c == null) {
                c = new ArrayList<>(4);
                collected = c;
            }
            c.add(task);
            return;
        }
        queue.add(task);
        if (scheduled.compareAndSet(false, true)) {
            submitDrain();
        }
    }

    /**
     * Like {@link #execute}, but when the executor is idle (no task queued or running) the calling thread runs the queue
     * itself, starting with {@code task}, for at most one batch (the rest is handed to the backing executor). When the
     * executor is busy, or when called from one of its own tasks, {@code task} is queued as by {@link #execute}. Only
     * for callers that may run the client's internal, non-blocking tasks on their thread; never for user callbacks.
     */
    public void executeOrRun(Runnable task) {
        queue.add(task);
        if (scheduled.compareAndSet(false, true)) {
            drain();
        }
    }

    /**
     * From now until {@link #endCollect}, the tasks the calling thread submits with {@link #execute} are collected in
     * order instead of queued (tasks from other threads are queued as usual). For a caller that hands what it
     * collected over as one task, keeping the order of everything it submitted, whichever view of this executor it
     * used. Not nested; the caller calls {@link #endCollect} in a finally.
     */
    public void beginCollect() {
        collector = Thread.currentThread();
    }

    /** Ends {@link #beginCollect}; returns the tasks collected, in order (empty if none). Same thread only. */
    public List<Runnable> endCollect() {
        collector = null;
        ArrayList<Runnable> c = collected;
        collected = null;
        return c == null ? List.of() : c;
    }

    /** Whether the calling thread is currently running one of this executor's tasks. */
    @Override
    public boolean inExecutor() {
        return runner == Thread.currentThread();
    }

    private void submitDrain() {
        submitting = Thread.currentThread();
        try {
            backing.execute(drainTask);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
            log.error("Executor rejected a task; " + queue.size() + " task(s) are stranded", e);
        } finally {
            submitting = null;
        }
    }

    private void drain() {
        Thread self = Thread.currentThread();
        runner = self;
        // Run inline by the backing executor: keep the thread until the queue is empty (nothing to yield to).
        int batch = submitting == self ? Integer.MAX_VALUE : BATCH;
        @Nullable Error fatal = null;
        try {
            for (int i = 0; i < batch; i++) {
                Runnable task = queue.poll();
                if (task == null) {
                    // Give up the runner before the executor: once scheduled is false, another thread may start a
                    // drain and set runner itself, which this thread must not then clear.
                    runner = null;
                    scheduled.set(false);
                    Runnable hook = releaseHook;
                    if (hook != null) {
                        hook.run(); // tests: another drain may start here
                    }
                    // A task may have been added after poll() and before set(false): take it back if so.
                    if (queue.isEmpty() || !scheduled.compareAndSet(false, true)) {
                        return;
                    }
                    runner = self;
                    continue;
                }
                try {
                    task.run();
                } catch (RuntimeException e) { // one failing task must not stall the client
                    log.error("Unexpected exception in an internal task", e);
                } catch (Error e) { // keep our place for the tasks behind it, then let the thread see the Error
                    log.error("Error in an internal task; rethrowing it", e);
                    fatal = e;
                    break;
                }
            }
        } finally {
            if (runner == self) { // still ours: scheduled is still held on every path that gets here with it
                runner = null;
            }
        }
        submitDrain(); // batch exhausted or a task failed fatally: yield the thread, keep our place
        if (fatal != null) {
            throw fatal;
        }
    }
}
