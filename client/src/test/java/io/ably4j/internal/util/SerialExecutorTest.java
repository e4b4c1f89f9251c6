package io.ably4j.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.LogLevel;
import io.ably4j.testing.ManualExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked // tests pass nulls and read nullable results on purpose
class SerialExecutorTest {
    private final List<String> logged = Collections.synchronizedList(new ArrayList<>());
    private final Log log = new Log(LogLevel.ERROR, (l, m, t) -> logged.add(m), "");

    @Test
    void runsTasksInOrder_andSurvivesAThrowingTask() {
        ManualExecutor backing = new ManualExecutor();
        SerialExecutor serial = new SerialExecutor(backing, log);
        List<Integer> order = new ArrayList<>();
        serial.execute(() -> order.add(1));
        serial.execute(() -> {
            throw new IllegalStateException("boom");
        });
        serial.execute(() -> order.add(3));
        backing.drain();
        assertThat(order).containsExactly(1, 3);
        assertThat(logged).hasSize(1);
    }

    @Test
    void anError_isLoggedAndRethrown_andLaterTasksStillRun() {
        ManualExecutor backing = new ManualExecutor();
        SerialExecutor serial = new SerialExecutor(backing, log);
        List<Integer> order = new ArrayList<>();
        StackOverflowError error = new StackOverflowError("deep");
        serial.execute(() -> order.add(1));
        serial.execute(() -> {
            throw error;
        });
        serial.execute(() -> order.add(3));
        assertThatThrownBy(backing::drain).isSameAs(error); // not swallowed: the pool thread sees it
        assertThat(logged).hasSize(1);
        backing.drain(); // the task behind it was handed back to the pool
        serial.execute(() -> order.add(4)); // and the executor still takes new tasks
        backing.drain();
        assertThat(order).containsExactly(1, 3, 4);
    }

    @Test
    void anError_reachesThePoolThreadsUncaughtHandler_andTheExecutorStaysUsable() throws Exception {
        List<Throwable> uncaught = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch handled = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(1, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> {
                uncaught.add(e);
                handled.countDown();
            });
            return t;
        });
        try {
            SerialExecutor serial = new SerialExecutor(pool, log);
            OutOfMemoryError error = new OutOfMemoryError("simulated");
            CountDownLatch after = new CountDownLatch(1);
            serial.execute(() -> {
                throw error;
            });
            serial.execute(after::countDown);
            assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(uncaught).containsExactly(error);
            assertThat(after.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anError_inExecuteOrRun_reachesTheCaller_andQueuedTasksRunOnThePool() {
        ManualExecutor backing = new ManualExecutor();
        SerialExecutor serial = new SerialExecutor(backing, log);
        List<Integer> order = new ArrayList<>();
        AssertionError error = new AssertionError("broken invariant");
        assertThatThrownBy(() -> serial.executeOrRun(() -> {
                    serial.execute(() -> order.add(2));
                    throw error;
                }))
                .isSameAs(error);
        assertThat(serial.inExecutor()).isFalse();
        backing.drain();
        assertThat(order).containsExactly(2);
    }

    @Test
    void yieldsAfterABatch_soOtherSerialExecutorsOnTheSamePoolMakeProgress() {
        ManualExecutor backing = new ManualExecutor();
        SerialExecutor a = new SerialExecutor(backing, log);
        SerialExecutor b = new SerialExecutor(backing, log);
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            a.execute(() -> order.add("a"));
        }
        b.execute(() -> order.add("b"));
        backing.drain();
        assertThat(order).hasSize(101);
        assertThat(order.indexOf("b")).isLessThan(100); // b ran before a's backlog finished
    }

    @Test
    void neverRunsTwoTasksConcurrently_onARealPool() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool, log);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            int[] counter = {0}; // deliberately unsynchronised: serial execution makes it safe
            CountDownLatch done = new CountDownLatch(10_000);
            for (int i = 0; i < 10_000; i++) {
                pool.execute(() -> serial.execute(() -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    counter[0]++;
                    running.decrementAndGet();
                    done.countDown();
                }));
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(maxRunning).hasValue(1);
            serial.execute(() -> {});
            CountDownLatch last = new CountDownLatch(1);
            int[] seen = {0};
            serial.execute(() -> {
                seen[0] = counter[0];
                last.countDown();
            });
            assertThat(last.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen[0]).isEqualTo(10_000);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void inExecutorIsTrueOnlyInsideATask() {
        ManualExecutor backing = new ManualExecutor();
        SerialExecutor serial = new SerialExecutor(backing, log);
        boolean[] inside = {false};
        serial.execute(() -> inside[0] = serial.inExecutor());
        backing.drain();
        assertThat(inside[0]).isTrue();
        assertThat(serial.inExecutor()).isFalse();
    }

    @Test
    void executeOrRun_whenIdle_runsOnTheCallingThreadAtOnce() {
        ManualExecutor backing = new ManualExecutor();
        SerialExecutor serial = new SerialExecutor(backing, log);
        Thread[] ranOn = {null};
        boolean[] inside = {false};
        serial.executeOrRun(() -> {
            ranOn[0] = Thread.currentThread();
            inside[0] = serial.inExecutor();
        });
        assertThat(ranOn[0]).isSameAs(Thread.currentThread());
        assertThat(inside[0]).isTrue();
        assertThat(serial.inExecutor()).isFalse();
        assertThat(backing.isIdle()).isTrue(); // no pool thread was asked for
    }

    @Test
    void executeOrRun_whenBusy_queuesBehindEarlierTasks() {
        ManualExecutor backing = new ManualExecutor();
        SerialExecutor serial = new SerialExecutor(backing, log);
        List<Integer> order = new ArrayList<>();
        serial.execute(() -> order.add(1)); // scheduled on the backing executor, not run yet
        serial.executeOrRun(() -> order.add(2));
        assertThat(order).isEmpty(); // not run out of order on the caller
        backing.drain();
        assertThat(order).containsExactly(1, 2);
    }

    @Test
    void executeOrRun_fromOwnTask_runsAfterTheCurrentTask() {
        ManualExecutor backing = new ManualExecutor();
        SerialExecutor serial = new SerialExecutor(backing, log);
        List<String> order = new ArrayList<>();
        serial.executeOrRun(() -> {
            serial.executeOrRun(() -> order.add("inner"));
            order.add("outer");
        });
        assertThat(order).containsExactly("outer", "inner");
    }

    @Test
    void executeOrRun_runsAtMostOneBatchOnTheCaller_andHandsTheRestToThePool() {
        ManualExecutor backing = new ManualExecutor();
        SerialExecutor serial = new SerialExecutor(backing, log);
        AtomicInteger ran = new AtomicInteger();
        serial.executeOrRun(() -> {
            for (int i = 0; i < 200; i++) {
                serial.execute(ran::incrementAndGet);
            }
        });
        assertThat(ran.get()).isLessThan(200); // the caller got its thread back after a batch
        backing.drain();
        assertThat(ran.get()).isEqualTo(200);
    }

    @Test
    void executeOrRun_neverRunsTwoTasksConcurrently_withCallersRacingThePool() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool, log);
            AtomicInteger running = new AtomicInteger();
            AtomicInteger maxRunning = new AtomicInteger();
            int[] counter = {0}; // deliberately unsynchronised: serial execution makes it safe
            CountDownLatch done = new CountDownLatch(10_000);
            for (int i = 0; i < 10_000; i++) {
                Runnable task = () -> {
                    maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    counter[0]++;
                    running.decrementAndGet();
                    done.countDown();
                };
                if (i % 2 == 0) {
                    pool.execute(() -> serial.executeOrRun(task));
                } else {
                    pool.execute(() -> serial.execute(task));
                }
            }
            assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(maxRunning).hasValue(1);
            CountDownLatch last = new CountDownLatch(1);
            int[] seen = {0};
            serial.execute(() -> {
                seen[0] = counter[0];
                last.countDown();
            });
            assertThat(last.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(seen[0]).isEqualTo(10_000);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * A drain ending on one thread while another starts one inline ({@code executeOrRun}, as the NIO loop does) must not
     * clear the new runner: every task sees itself in the executor. (Seen in CI: "connection setState off the serial
     * executor" after the first drain cleared {@code runner} behind the second.)
     */
    @Test
    void inExecutor_holdsForEveryTask_whenDrainsHandOverBetweenThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            SerialExecutor serial = new SerialExecutor(pool, log);
            AtomicInteger outside = new AtomicInteger();
            AtomicInteger ran = new AtomicInteger();
            Runnable check = () -> {
                if (!serial.inExecutor()) {
                    outside.incrementAndGet();
                }
                ran.incrementAndGet();
            };
            int perThread = 100_000;
            CountDownLatch done = new CountDownLatch(2);
            Thread inline = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    serial.executeOrRun(check);
                }
                done.countDown();
            });
            Thread queued = new Thread(() -> {
                for (int i = 0; i < perThread; i++) {
                    serial.execute(check);
                }
                done.countDown();
            });
            inline.start();
            queued.start();
            assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();
            CountDownLatch drained = new CountDownLatch(1);
            serial.execute(drained::countDown);
            assertThat(drained.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ran.get()).isEqualTo(2 * perThread);
            assertThat(outside.get()).isZero();
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The interleaving behind the CI failure of 2026-12-05, made deterministic: a drain on thread A releases the
     * executor with its queue empty; before A clears anything more, thread B starts a drain inline ({@code
     * executeOrRun}); then A finishes. B's task must still be on the executor ({@code inExecutor()}): A must not clear
     * the runner B set (it did when A cleared the runner after releasing the executor).
     */
    @Test
    void inExecutor_staysTrueForAnInlineDrainStartedRightAfterAnotherThreadReleased() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(pool, log);
            CountDownLatch released = new CountDownLatch(1);
            CountDownLatch goOn = new CountDownLatch(1);
            CountDownLatch drainAReturned = new CountDownLatch(1);
            Thread main = Thread.currentThread();
            serial.onRelease(() -> {
                if (Thread.currentThread() != main) { // drain A, on the pool thread: stop right after the release
                    released.countDown();
                    try {
                        goOn.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            serial.execute(() -> {}); // drain A
            pool.execute(drainAReturned::countDown); // runs once drain A has returned (single-thread pool)
            assertThat(released.await(10, TimeUnit.SECONDS)).isTrue();
            List<Boolean> seen = new ArrayList<>();
            serial.executeOrRun(
                    () -> { // drain B, inline on this thread
                        goOn.countDown();
                        try {
                            seen.add(drainAReturned.await(10, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        seen.add(serial.inExecutor());
                    });
            assertThat(seen).containsExactly(true, true);
        } finally {
            pool.shutdownNow();
        }
    }
}
