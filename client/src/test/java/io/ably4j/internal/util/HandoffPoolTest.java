package io.ably4j.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The callback pool's hand-off: no task lost, a bounded number of threads, failures reported and survived. */
class HandoffPoolTest {
    @Test
    void everyTaskFromManySubmittersRuns_onAtMostSizeThreads() throws Exception {
        HandoffPool pool = new HandoffPool(2, "handoff-test");
        int submitters = 4;
        int perSubmitter = 20_000;
        CountDownLatch done = new CountDownLatch(submitters * perSubmitter);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Thread> producers = new CopyOnWriteArrayList<>();
        for (int s = 0; s < submitters; s++) {
            Thread p = new Thread(() -> {
                for (int i = 0; i < perSubmitter; i++) {
                    pool.execute(() -> {
                        threads.add(Thread.currentThread().getName());
                        done.countDown();
                    });
                    if (i % 1000 == 0) { // let the workers go idle now and then: exercises park and unpark
                        java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                    }
                }
            });
            producers.add(p);
            p.start();
        }
        assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
        for (Thread p : producers) {
            p.join();
        }
        assertThat(pool.threads()).isBetween(1, 2);
        assertThat(threads).allSatisfy(n -> assertThat(n).startsWith("handoff-test-"));
    }

    @Test
    void tasksOneAtATimeAfterIdlePeriodsAreNotLost() throws Exception {
        HandoffPool pool = new HandoffPool(2, "handoff-idle");
        for (int i = 0; i < 2_000; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            pool.execute(ran::countDown); // each submitted while the workers are parked or parking
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("task %d", i).isTrue();
        }
    }

    @Test
    void aThrowingTaskReachesTheUncaughtHandler_andThePoolKeepsServing() throws Exception {
        HandoffPool pool = new HandoffPool(1, "handoff-fail");
        AtomicInteger reported = new AtomicInteger();
        CountDownLatch handlerSet = new CountDownLatch(1);
        pool.execute(() -> {
            Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.incrementAndGet());
            handlerSet.countDown();
        });
        assertThat(handlerSet.await(10, TimeUnit.SECONDS)).isTrue();
        pool.execute(() -> {
            throw new IllegalStateException("task bug");
        });
        pool.execute(() -> {
            throw new AssertionError("fatal");
        });
        CountDownLatch after = new CountDownLatch(1);
        pool.execute(after::countDown);
        assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(reported.get()).isEqualTo(2);
        assertThat(pool.threads()).isEqualTo(1);
    }
}
