package io.ably4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * {@link HttpDispatcher}: the bounded pool of threads on which {@link JdkHttpTransport} blocks in {@code
 * HttpClient.send}. Threads are created on demand, reused, bounded in number by the requests in flight, and expire
 * when idle; cancelled tasks never run or are interrupted, and an interrupt never leaks into the next task.
 */
@NullUnmarked // tests read nullable results on purpose
class HttpDispatcherTest {
    private static final long DEADLINE_S = 10;

    private static FutureTask<Void> task(Runnable r) {
        return new FutureTask<>(r, null);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(DEADLINE_S, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within " + DEADLINE_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(prefix + "-"))
                .count();
    }

    @Test
    void sharedDispatcher_isBoundedAndItsIdleThreadsExpire() {
        assertThat(HttpDispatcher.SHARED.maxRunning()).isEqualTo(64);
        assertThat(HttpDispatcher.SHARED.keepAlive()).isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    @Test
    void noThreadBeforeTheFirstTask_thenDaemonThreadsNamedAfterThePrefix() throws Exception {
        HttpDispatcher d = new HttpDispatcher(4, Duration.ofSeconds(5), "test-lazy");
        assertThat(threadsNamed("test-lazy")).isZero();

        AtomicReference<Thread> ran = new AtomicReference<>();
        FutureTask<Void> t = task(() -> ran.set(Thread.currentThread()));
        d.execute(t);
        t.get(DEADLINE_S, TimeUnit.SECONDS);

        assertThat(ran.get().getName()).isEqualTo("test-lazy-1");
        assertThat(ran.get().isDaemon()).isTrue();
    }

    @Test
    void atMostMaxRunningAtOnce_theRestWaitInOrder_onTheThreadsThatFinish() throws Exception {
        HttpDispatcher d = new HttpDispatcher(2, Duration.ofSeconds(5), "test-bound");
        List<CountDownLatch> release = new ArrayList<>();
        List<CountDownLatch> started = new ArrayList<>();
        Thread[] ranOn = new Thread[4];
        List<FutureTask<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CountDownLatch go = new CountDownLatch(1);
            CountDownLatch in = new CountDownLatch(1);
            release.add(go);
            started.add(in);
            int n = i;
            tasks.add(task(() -> {
                ranOn[n] = Thread.currentThread();
                in.countDown();
                await(go);
            }));
        }
        tasks.forEach(d::execute);
        await(started.get(0));
        await(started.get(1));

        assertThat(d.running()).isEqualTo(2);
        assertThat(d.waiting()).isEqualTo(2);
        assertThat(started.get(2).getCount()).isEqualTo(1);

        release.get(1).countDown();
        await(started.get(2));
        assertThat(ranOn[2])
                .as("the waiting task runs on the thread that finished")
                .isSameAs(ranOn[1]);
        assertThat(started.get(3).getCount())
                .as("the later waiting task still waits")
                .isEqualTo(1);

        release.forEach(CountDownLatch::countDown);
        for (FutureTask<Void> t : tasks) {
            t.get(DEADLINE_S, TimeUnit.SECONDS);
        }
        assertThat(ranOn[3]).isIn(ranOn[0], ranOn[1]);
        assertThat(threadsNamed("test-bound")).isEqualTo(2);
    }

    @Test
    void sequentialTasks_reuseTheirThreads() throws Exception {
        HttpDispatcher d = new HttpDispatcher(8, Duration.ofSeconds(5), "test-reuse");
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 200; i++) {
            FutureTask<Void> t = task(() -> threads.add(Thread.currentThread()));
            d.execute(t);
            t.get(DEADLINE_S, TimeUnit.SECONDS);
        }
        // Normally one or two (a task may come before the previous task's thread is idle again); a thread per task
        // would be 200.
        assertThat(threads).hasSizeLessThan(10);
    }

    @Test
    void cancelledWhileWaiting_neverRuns() throws Exception {
        HttpDispatcher d = new HttpDispatcher(1, Duration.ofSeconds(5), "test-queued");
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch in = new CountDownLatch(1);
        FutureTask<Void> busy = task(() -> {
            in.countDown();
            await(go);
        });
        AtomicBoolean ran = new AtomicBoolean();
        FutureTask<Void> queued = task(() -> ran.set(true));
        FutureTask<Void> after = task(() -> {});
        d.execute(busy);
        await(in);
        d.execute(queued);
        d.execute(after);

        assertThat(queued.cancel(true)).isTrue();
        go.countDown();
        after.get(DEADLINE_S, TimeUnit.SECONDS);

        assertThat(ran).isFalse();
        assertThat(d.running()).isLessThanOrEqualTo(1);
    }

    @Test
    void cancelledWhileRunning_isInterrupted_andTheNextTaskOnThatThreadIsNot() throws Exception {
        HttpDispatcher d = new HttpDispatcher(1, Duration.ofSeconds(5), "test-interrupt");
        CountDownLatch in = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        AtomicReference<Thread> first = new AtomicReference<>();
        FutureTask<Void> blocking = task(() -> {
            first.set(Thread.currentThread());
            in.countDown();
            try {
                boolean unused = new CountDownLatch(1).await(DEADLINE_S, TimeUnit.SECONDS); // a blocked send
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        AtomicReference<Thread> second = new AtomicReference<>();
        AtomicBoolean secondInterrupted = new AtomicBoolean(true);
        FutureTask<Void> next = task(() -> {
            second.set(Thread.currentThread());
            secondInterrupted.set(Thread.currentThread().isInterrupted());
        });
        d.execute(blocking);
        await(in);
        d.execute(next); // waits: one task at a time

        blocking.cancel(true);
        await(interrupted);
        next.get(DEADLINE_S, TimeUnit.SECONDS);

        assertThat(second.get()).isSameAs(first.get());
        assertThat(secondInterrupted)
                .as("interrupt status seen by the next task")
                .isFalse();
        try {
            blocking.get();
            throw new AssertionError("expected the cancelled task to report its cancellation");
        } catch (CancellationException expected) {
            // cancelled
        }
    }

    @Test
    void idleThreads_expireAfterTheKeepAlive() throws Exception {
        HttpDispatcher d = new HttpDispatcher(2, Duration.ofMillis(50), "test-expire");
        AtomicReference<Thread> ran = new AtomicReference<>();
        FutureTask<Void> t = task(() -> ran.set(Thread.currentThread()));
        d.execute(t);
        t.get(DEADLINE_S, TimeUnit.SECONDS);

        ran.get().join(TimeUnit.SECONDS.toMillis(DEADLINE_S));
        assertThat(ran.get().isAlive()).as("idle thread still alive").isFalse();
        assertThat(d.running()).isZero();

        FutureTask<Void> again = task(() -> ran.set(Thread.currentThread()));
        d.execute(again); // a new thread is started on demand
        again.get(DEADLINE_S, TimeUnit.SECONDS);
        assertThat(ran.get().getName()).isEqualTo("test-expire-2");
    }
}
