package io.ably4j.internal.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Runs blocking HTTP exchanges on a bounded, lazily created pool of daemon threads named {@code ably4j-http-N}, after
 * OkHttp's {@code Dispatcher}: at most {@link #maxRunning()} exchanges run at once (each on its own thread, blocked in
 * {@code HttpClient.send}), further ones wait in a FIFO queue and start on the thread of an exchange that finishes. A
 * thread idle for {@link #keepAlive()} ends, so the number of threads follows the number of requests in flight, not
 * the number of clients, and no thread exists before the first request nor long after the last.
 *
 * <p>Why blocking: {@code HttpClient.sendAsync} completes its future through {@code whenCompleteAsync} on the {@code
 * CompletableFuture} default executor, which on a machine with two CPUs or fewer starts a new thread per request;
 * {@code HttpClient.send} completes on the thread that waits, with no such hop.
 *
 * <p>Cancellation: a task is a {@link FutureTask}; {@code cancel(true)} before it starts means it never runs, and
 * during its run interrupts its thread ({@code HttpClient.send} then cancels and aborts the exchange). The interrupt
 * status is cleared after each task, so a late interrupt never reaches the next exchange on that thread.
 *
 * <p>Thread-safe.
 */
final class HttpDispatcher {
    /** The process-wide dispatcher of {@link JdkHttpTransport}. */
    static final HttpDispatcher SHARED = new HttpDispatcher(64, Duration.ofSeconds(60), "ably4j-http");

    private final int maxRunning;
    private final Duration keepAlive;
    private final String threadPrefix;
    private final AtomicInteger threadNumber = new AtomicInteger();
    private final ArrayDeque<FutureTask<?>> waiting = new ArrayDeque<>(); // guarded by this
    private int running; // guarded by this
    private @Nullable ExecutorService threads; // guarded by this; created on first use

    /**
     * @param maxRunning the most exchanges running (and threads busy) at once
     * @param keepAlive how long an idle thread waits for work before it ends
     * @param threadPrefix thread names are this plus {@code -N}
     */
    HttpDispatcher(int maxRunning, Duration keepAlive, String threadPrefix) {
        if (maxRunning < 1) {
            throw new IllegalArgumentException("maxRunning must be positive: " + maxRunning);
        }
        this.maxRunning = maxRunning;
        this.keepAlive = keepAlive;
        this.threadPrefix = threadPrefix;
    }

    int maxRunning() {
        return maxRunning;
    }

    Duration keepAlive() {
        return keepAlive;
    }

    /** Runs {@code task} on a pool thread now, or once fewer than {@link #maxRunning()} tasks run. */
    void execute(FutureTask<?> task) {
        ExecutorService pool;
        synchronized (this) {
            if (running >= maxRunning) {
                waiting.add(task);
                return;
            }
            running++;
            pool = pool();
        }
        pool.execute(() -> drain(task));
    }

    /** The number of tasks waiting for a thread (for tests). */
    synchronized int waiting() {
        return waiting.size();
    }

    /** The number of tasks running (for tests). */
    synchronized int running() {
        return running;
    }

    /** Runs {@code first}, then waiting tasks while there are any; the slot is given back when none is left. */
    private void drain(FutureTask<?> first) {
        FutureTask<?> task = first;
        while (task != null) {
            try {
                task.run(); // a FutureTask catches what its callable throws
            } finally {
                boolean unused = Thread.interrupted(); // a cancellation's interrupt must not reach the next task
            }
            synchronized (this) {
                task = waiting.poll();
                if (task == null) {
                    running--;
                }
            }
        }
    }

    /** The thread pool, created on first use; caller holds the lock. */
    private ExecutorService pool() {
        ExecutorService p = threads;
        if (p == null) {
            // No core threads and a hand-off queue: a task takes an idle thread or starts one; idle threads expire.
            // Its size is not bounded here: running never exceeds maxRunning, but a thread that just gave back its
            // slot may not be idle yet when the next task comes, so a few more threads than maxRunning can exist
            // for a moment.
            ThreadPoolExecutor tpe = new ThreadPoolExecutor(
                    0, Integer.MAX_VALUE, keepAlive.toNanos(), TimeUnit.NANOSECONDS, new SynchronousQueue<>(), r -> {
                        Thread t = new Thread(r, threadPrefix + "-" + threadNumber.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            threads = tpe;
            p = tpe;
        }
        return p;
    }
}
