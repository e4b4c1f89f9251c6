package io.ably4j.internal.util;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Process-wide daemon threads shared by every client: a small worker pool for the clients' serial state executors, a
 * small pool for their default callback executors and one timer thread (WebSocket I/O runs on the JDK HttpClient's
 * selector thread, see {@code JdkWebSocketTransport}, or on the one {@code ably4j-nio} thread, see {@code
 * NioWebSocketTransport}, which also resolves host names on the worker pool). Their number is fixed, whatever the
 * number of clients. HTTP requests are the one exception: each exchange in flight holds an {@code ably4j-http} thread
 * of {@code internal.http.HttpDispatcher} (at most 64, created on demand, ended after 60 s idle), so that thread count
 * follows the requests in flight, never the number of clients.
 */
public final class SharedResources {
    private static final int WORKERS =
            Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService WORKER_POOL = Executors.newFixedThreadPool(WORKERS, factory("ably4j-worker"));
    /** Runs user callbacks by default; apart from the workers so that a blocking listener cannot stall state. */
    private static final Executor CALLBACK_POOL = new CallbackPool(new HandoffPool(WORKERS, "ably4j-callback"));

    private static final ScheduledThreadPoolExecutor TIMER = createTimer();

    private static final Scheduler SCHEDULER = new Scheduler() {
        @Override
        public Cancellable schedule(Duration delay, Runnable task) {
            ScheduledFuture<?> f = TIMER.schedule(task, Scheduler.capped(delay).toNanos(), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };

    private SharedResources() {}

    /** The shared worker pool (serial state executors only). */
    public static ExecutorService workers() {
        return WORKER_POOL;
    }

    /** The shared pool behind the default callback executors. */
    public static Executor callbacks() {
        return CALLBACK_POOL;
    }

    /** The shared real-time scheduler; tasks run on the timer thread and must be short. */
    public static Scheduler scheduler() {
        return SCHEDULER;
    }

    /** The number of timers waiting on the shared timer thread (cancelled ones are removed at once): for leak checks. */
    public static int pendingTimers() {
        return TIMER.getQueue().size();
    }

    private static ScheduledThreadPoolExecutor createTimer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, factory("ably4j-timer"));
        timer.setRemoveOnCancelPolicy(true); // cancelled timeouts must not pile up
        return timer;
    }

    private static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
