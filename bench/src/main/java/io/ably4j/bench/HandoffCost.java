package io.ably4j.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What one thread hand-off costs in CPU on this machine, at a fixed event rate: the question behind the subscriber-CPU
 * row of the side-by-side benchmark (docs/benchmarks.md). A "reader" thread wakes at a fixed rate, as an I/O thread
 * does when frames arrive one at a time, and either runs a trivial task itself ({@code inline}, what ably-java does
 * with its listeners) or hands it to a two-thread pool ({@code handoff}, what ably4j's default callback executor
 * does). The difference in process CPU per event is the cost of waking the pool thread and of it parking again.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.ably4j.bench.HandoffCost [events] [rate]} (defaults 100000
 * events at 5000/s, the side-by-side subscriber scenario's rate). Compare with {@code taskset -c 0} in front of
 * {@code java} (both threads on one CPU): the hand-off then costs a fraction, so most of it is waking an idle CPU.
 */
public final class HandoffCost {
    private HandoffCost() {}

    public static void main(String[] args) throws InterruptedException {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (String mode : new String[] {"inline", "handoff", "inline", "handoff"}) {
                System.out.printf(
                        Locale.ROOT, "%-8s %6.2f µs CPU per event%n", mode, cpuPerEvent(mode, events, rate, pool));
            }
        } finally {
            pool.shutdown();
        }
    }

    private static double cpuPerEvent(String mode, int events, int rate, ExecutorService pool)
            throws InterruptedException {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        CountDownLatch done = new CountDownLatch(events);
        Runnable task = done::countDown; // the trivial "listener"
        long cpu = os.getProcessCpuTime();
        long next = System.nanoTime();
        for (int i = 0; i < events; i++) {
            next += period;
            for (long now = System.nanoTime(); now < next; now = System.nanoTime()) {
                LockSupport.parkNanos(next - now); // asleep until the next "frame"
            }
            if (mode.equals("inline")) {
                task.run();
            } else {
                pool.execute(task);
            }
        }
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("tasks did not finish");
        }
        return (os.getProcessCpuTime() - cpu) / 1000.0 / events;
    }
}
