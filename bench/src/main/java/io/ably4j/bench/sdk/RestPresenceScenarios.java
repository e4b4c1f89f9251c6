package io.ably4j.bench.sdk;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The {@code rest} and {@code presence-sync} measurements, written once against the SDK abstractions. */
final class RestPresenceScenarios {
    private static final long TIMEOUT_SECONDS = 120;

    private RestPresenceScenarios() {}

    /**
     * REST publish throughput: one REST client, one channel, {@code window} publish requests in flight at most (a new
     * one is started as soon as one completes); completed requests are counted over {@code duration} seconds after
     * {@code warmup} seconds. Also the worker's CPU and allocation per request over the same interval.
     */
    static Map<String, Object> rest(Worker.Options o) throws Exception {
        RestSdkClient client = RestSdkClient.create(o.sdk(), o.config(false));
        String channel = "rest-" + UUID.randomUUID();
        String data = "x".repeat(o.size());
        Semaphore credits = new Semaphore(o.window());
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        SdkClient.AckListener onDone = success -> {
            (success ? ok : failed).incrementAndGet();
            credits.release();
        };
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        long end = measureFrom + TimeUnit.SECONDS.toNanos(o.durationSeconds());
        long ok0 = -1;
        long cpu0 = 0;
        long jit0 = 0;
        long emu0 = 0;
        long t0 = 0;
        long started0 = 0;
        Map<Long, Long> alloc0 = Map.of();
        long now;
        while (true) {
            now = System.nanoTime();
            if (ok0 < 0 && now >= measureFrom) {
                ok0 = ok.get();
                cpu0 = Worker.processCpuNanos();
                jit0 = Worker.jitCpuNanos();
                emu0 = Worker.emulatorCpuNanos(o);
                alloc0 = allocatedByThread();
                started0 = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
                t0 = now;
            }
            if (now >= end) {
                break;
            }
            if (credits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                client.publish(channel, data, onDone);
            }
        }
        long n = ok.get() - ok0;
        long cpu = Worker.processCpuNanos() - cpu0;
        long jit = Worker.jitCpuNanos() - jit0;
        long emu = Worker.emulatorCpuNanos(o) - emu0;
        long allocated = allocatedSince(alloc0);
        long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - started0;
        double seconds = (now - t0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("requestsPerSec", n / seconds);
        r.put("cpuCores", cpu / 1e9 / seconds);
        r.put("cpuUsPerRequest", n == 0 ? 0.0 : cpu / 1e3 / n);
        r.put("cpuUsPerRequestExclJit", n == 0 ? 0.0 : (cpu - jit) / 1e3 / n);
        r.put("emulatorUsPerRequest", n == 0 ? 0.0 : emu / 1e3 / n);
        r.put("allocKiBPerRequest", n == 0 ? 0.0 : allocated / 1024.0 / n);
        r.put("threadsStartedPerKiloRequest", n == 0 ? 0.0 : started * 1000.0 / n);
        r.put("threads", ManagementFactory.getThreadMXBean().getThreadCount());
        r.put("window", o.window());
        r.put("failed", failed.get());
        return r; // no close: the worker exits right after
    }

    /**
     * Presence SYNC to a late attacher: one connected client; the driver has entered {@code members} members on {@code
     * channel} and on {@code channel + "-warmup"}. The client first syncs the warm-up channel (cold JIT: reported as
     * {@code coldSyncMs}), then, after a full GC, calls attach on {@code channel} and gets its presence set waiting
     * for the sync; reported: the time from the attach call to the get completing, the CPU and allocation over it,
     * and the heap in use after a full GC minus before, per member.
     */
    static Map<String, Object> presenceSync(Worker.Options o) throws Exception {
        SdkClient client = SdkClient.create(o.sdk(), o.config(true));
        client.connect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long c0 = System.nanoTime();
        int warm = client.attachAndGetPresence(o.channel() + "-warmup", TIMEOUT_SECONDS);
        double coldMs = (System.nanoTime() - c0) / 1e6;
        expectMembers(o, warm, "warm-up channel");

        long heap0 = Scenarios.heapAfterGc();
        Map<Long, Long> alloc0 = allocatedByThread();
        long cpu0 = Worker.processCpuNanos();
        long t0 = System.nanoTime();
        int members = client.attachAndGetPresence(o.channel(), TIMEOUT_SECONDS);
        long t1 = System.nanoTime();
        long cpu = Worker.processCpuNanos() - cpu0;
        long allocated = allocatedSince(alloc0);
        expectMembers(o, members, "measured channel");
        long heap1 = Scenarios.heapAfterGc();

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("syncMs", (t1 - t0) / 1e6);
        r.put("usPerMember", (t1 - t0) / 1e3 / members);
        r.put("coldSyncMs", coldMs);
        r.put("cpuMs", cpu / 1e6);
        r.put("heapBytesPerMember", (double) (heap1 - heap0) / members);
        r.put("allocBytesPerMember", (double) allocated / members);
        r.put("members", members);
        return r; // no close: the worker exits right after
    }

    private static void expectMembers(Worker.Options o, int got, String what) {
        if (got != o.members()) {
            throw new IllegalStateException(what + ": get returned " + got + " members, expected " + o.members());
        }
    }

    /** Bytes allocated so far by each live thread (HotSpot's per-thread counters). */
    static Map<Long, Long> allocatedByThread() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = mx.getAllThreadIds();
        long[] bytes = mx.getThreadAllocatedBytes(ids);
        Map<Long, Long> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                out.put(ids[i], bytes[i]);
            }
        }
        return out;
    }

    /**
     * Bytes allocated by the live threads since {@code before} (threads started since then count in full; threads that
     * ended meanwhile are missed, so this is a lower bound).
     */
    static long allocatedSince(Map<Long, Long> before) {
        return allocatedBetween(before, allocatedByThread());
    }

    /** The sum over the threads of {@code after} of their bytes minus those in {@code before} (0 if absent there). */
    static long allocatedBetween(Map<Long, Long> before, Map<Long, Long> after) {
        long total = 0;
        for (Map.Entry<Long, Long> e : after.entrySet()) {
            total += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return total;
    }
}
