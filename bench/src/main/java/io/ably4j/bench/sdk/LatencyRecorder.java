package io.ably4j.bench.sdk;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Records latencies (nanoseconds) into a preallocated atomic array, so that recording allocates nothing; percentiles are
 * exact (nearest rank over the sorted samples). Thread-safe for recording; read the percentiles after recording ends.
 * Samples beyond the capacity are counted as {@link #overflow()} and not kept.
 */
final class LatencyRecorder {
    private final AtomicLongArray samples;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong overflow = new AtomicLong();

    LatencyRecorder(int capacity) {
        this.samples = new AtomicLongArray(capacity);
    }

    void record(long nanos) {
        int i = next.getAndIncrement();
        if (i < samples.length()) {
            samples.set(i, nanos);
        } else {
            overflow.incrementAndGet();
        }
    }

    int count() {
        return Math.min(next.get(), samples.length());
    }

    long overflow() {
        return overflow.get();
    }

    /** The sorted samples recorded so far. */
    long[] sorted() {
        long[] s = new long[count()];
        for (int i = 0; i < s.length; i++) {
            s[i] = samples.get(i);
        }
        Arrays.sort(s);
        return s;
    }

    /** The nearest-rank percentile {@code p} (0 < p ≤ 100) of {@code sorted}; 0 if there are no samples. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p * sorted.length / 100.0 - 1e-9); // tolerance for 99.9 * 1000 / 100 > 999
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
