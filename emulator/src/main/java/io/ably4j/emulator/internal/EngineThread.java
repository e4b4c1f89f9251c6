package io.ably4j.emulator.internal;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.channel.nio.NioIoHandler;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The engine thread: a one-thread Netty event loop that runs the engine's tasks and serves every connection of the
 * main listener. A task's writes are not flushed one by one: each transport written to is flushed once when the
 * outermost task ends ({@link #inTask}, {@link #flushAtEndOfTask}).
 */
final class EngineThread {
    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(
            1,
            r -> {
                Thread t = new Thread(r, "ably4j-emulator-engine");
                t.setDaemon(true);
                return t;
            },
            NioIoHandler.newFactory());
    private final SingleThreadIoEventLoop loop = (SingleThreadIoEventLoop) group.next();
    /** Nesting of engine tasks on the engine thread; confined to it. */
    private int taskDepth;
    /** Transports written to by the current task, flushed when it ends; confined to the engine thread. */
    private final List<Transport> toFlush = new ArrayList<>();

    private volatile boolean stopped;

    MultiThreadIoEventLoopGroup loopGroup() {
        return group;
    }

    /**
     * Runs a task now when called on the engine thread outside any task (a Netty event of a connection of the main
     * listener, which shares the thread) with no task waiting, else as {@link #execute}: events and tasks are handled in
     * the order they happen (a read does not overtake a timer task queued before it), and an event raised from within
     * a task (a writability change during a write, a close) waits for that task to end.
     */
    void runOrExecute(Runnable task) {
        if (taskDepth > 0 || !loop.inEventLoop() || loop.pendingTasks() > 0) {
            execute(task);
        } else if (!stopped) {
            runTask(task);
        }
    }

    /** Runs a task on the engine thread, later; failures are logged, never propagated. */
    void execute(Runnable task) {
        if (stopped) {
            return;
        }
        try {
            loop.execute(() -> runTask(task));
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    private void runTask(Runnable task) {
        taskDepth++;
        try {
            task.run();
        } catch (RuntimeException e) {
            Engine.LOG.log(Level.ERROR, "emulator engine task failed", e);
        } finally {
            endTask();
        }
    }

    private void endTask() {
        if (--taskDepth == 0) {
            for (int i = 0; i < toFlush.size(); i++) {
                toFlush.get(i).flushWrites();
            }
            toFlush.clear();
        }
    }

    /**
     * Whether a task is running on this thread: a transport then writes without flushing and registers with
     * {@link #flushAtEndOfTask}; otherwise it writes and flushes at once.
     */
    boolean inTask() {
        return taskDepth > 0 && loop.inEventLoop();
    }

    /** Flushes {@code t} when the current task ends. */
    void flushAtEndOfTask(Transport t) {
        toFlush.add(t);
    }

    /** Runs a task on the engine thread and waits (30 s at most) for its result; not from the engine thread. */
    <T> T call(Callable<T> task) {
        if (stopped) {
            throw new IllegalStateException("emulator engine stopped");
        }
        try {
            Future<T> f = loop.submit(() -> {
                taskDepth++;
                try {
                    return task.call();
                } finally {
                    endTask();
                }
            });
            return f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException | RejectedExecutionException e) {
            throw new IllegalStateException("emulator engine not responding", e);
        }
    }

    /** No task is accepted from now on; the thread keeps serving I/O until {@link #shutdown}. */
    void stop() {
        stopped = true;
    }

    /** Stops the thread, closing what is still registered on it; waits, bounded. */
    void shutdown() {
        stopped = true;
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
