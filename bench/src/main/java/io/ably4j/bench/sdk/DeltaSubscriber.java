package io.ably4j.bench.sdk;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The subscriber side of the delta benchmark, written once against {@link SdkClient}: one client of {@code sdk}
 * attaches {@code channel} with or without the channel param {@code delta=vcdiff}, then checks every payload it
 * receives against the CRC-32 of the expected one in the {@link DeltaPayloads} sequence (so a wrong decode counts as
 * a mismatch, not as a fast message), and measures process CPU time and allocation from the first message after the
 * warm-up to the last. Runs in a worker JVM of {@link DeltaSideBySide} (or in-process in the test).
 */
final class DeltaSubscriber {
    private static final long TIMEOUT_SECONDS = 60;

    /** What one subscriber run needs. {@code port}: where to connect (the counting proxy). */
    record Spec(
            String sdk,
            boolean delta,
            int port,
            String key,
            String channel,
            long seed,
            int size,
            int warmup,
            int messages) {}

    private DeltaSubscriber() {}

    /**
     * Connects, attaches and subscribes, calls {@code ready}, calls {@code warm} when the first {@code warmup}
     * messages have arrived, and returns the result values when the last one has. {@code ready} and {@code warm} run
     * on the calling thread. {@code close}: whether to close the client at the end (in-process runs; a worker JVM
     * just exits).
     */
    static Map<String, Object> run(Spec spec, Runnable ready, Runnable warm, boolean close) throws Exception {
        int total = spec.warmup() + spec.messages();
        long[] expected = DeltaPayloads.checksums(spec.seed(), spec.size(), total);
        SdkClient client = SdkClient.create(spec.sdk(), new SdkClient.Config(spec.port(), spec.key(), true));
        try {
            return measure(spec, client, expected, ready, warm);
        } finally {
            if (close) {
                client.close();
            }
        }
    }

    private static Map<String, Object> measure(
            Spec spec, SdkClient client, long[] expected, Runnable ready, Runnable warm) throws Exception {
        int total = spec.warmup() + spec.messages();
        client.connect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        Map<String, String> params = spec.delta() ? Map.of("delta", "vcdiff") : Map.of();
        client.attach(spec.channel(), params).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        AtomicLong count = new AtomicLong();
        AtomicLong mismatches = new AtomicLong();
        AtomicLong notBinary = new AtomicLong();
        // cpu0, t0, jit0, alloc0, cpu1, t1, jit1, alloc1; written by the listener before the latch opens
        long[] marks = new long[8];
        CountDownLatch warmed = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        long first = spec.warmup() + 1L;
        client.subscribe(spec.channel(), data -> {
            long n = count.incrementAndGet();
            if (n == first) {
                marks[3] = Worker.allocatedBytes();
                marks[0] = Worker.processCpuNanos();
                marks[1] = System.nanoTime();
                marks[2] = Worker.jitCpuNanos();
            }
            byte[] bytes;
            if (data instanceof byte[] b) {
                bytes = b;
            } else {
                notBinary.incrementAndGet();
                bytes = String.valueOf(data).getBytes(StandardCharsets.UTF_8);
            }
            if (n > total || bytes.length != spec.size() || DeltaPayloads.crc(bytes) != expected[(int) n - 1]) {
                mismatches.incrementAndGet();
            }
            if (n == spec.warmup()) {
                warmed.countDown();
            }
            if (n == total) {
                marks[4] = Worker.processCpuNanos();
                marks[5] = System.nanoTime();
                marks[6] = Worker.jitCpuNanos();
                marks[7] = Worker.allocatedBytes();
                done.countDown();
            }
        });
        ready.run();
        if (spec.warmup() > 0) {
            long timeout = TIMEOUT_SECONDS + spec.warmup() / 100;
            if (!warmed.await(timeout, TimeUnit.SECONDS)) {
                throw new IllegalStateException(
                        "warm-up: received " + count.get() + " of " + spec.warmup() + " messages in " + timeout + " s");
            }
            warm.run();
        }
        long timeout = TIMEOUT_SECONDS + spec.messages() / 100;
        if (!done.await(timeout, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                    "received " + count.get() + " of " + total + " messages in " + timeout + " s");
        }
        // Intervals from the first measured message to the last: messages - 1 deliveries.
        long n = Math.max(1, spec.messages() - 1L);
        double cpuUs = (marks[4] - marks[0]) / 1e3;
        double jitUs = (marks[6] - marks[2]) / 1e3;
        double wallS = (marks[5] - marks[1]) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sdk", spec.sdk());
        r.put("delta", spec.delta());
        r.put("cpuUsPerMsg", cpuUs / n);
        r.put("cpuUsPerMsgExclJit", (cpuUs - jitUs) / n);
        r.put("allocBytesPerMsg", (double) (marks[7] - marks[3]) / n);
        r.put("msgsPerSec", n / wallS);
        r.put("received", count.get());
        r.put("mismatches", mismatches.get());
        r.put("notBinary", notBinary.get());
        return r;
    }
}
