package io.ably4j.bench.sdk;

import java.util.Random;
import java.util.zip.CRC32;

/**
 * The payloads of the delta benchmark: a seeded sequence of binary payloads of {@code size} bytes (text-like: random
 * letters), each differing from the previous one in 1 % of its bytes (runs of up to ten bytes at random places). The
 * publisher and the subscriber generate the same sequence from the same seed, so the subscriber can check every
 * decoded payload. Not thread-safe.
 */
final class DeltaPayloads {
    private static final int RUN = 10;

    private final Random random;
    private final int changed;
    private byte[] current;
    private boolean started;

    DeltaPayloads(long seed, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be positive: " + size);
        }
        this.random = new Random(seed);
        this.changed = Math.max(1, Math.round(size / 100f));
        this.current = new byte[size];
        for (int i = 0; i < size; i++) {
            current[i] = letter();
        }
    }

    /** The next payload (a new array, not modified afterwards): the first one, then each with 1 % changed. */
    byte[] next() {
        if (!started) {
            started = true;
            return current.clone();
        }
        byte[] b = current.clone();
        int left = changed;
        while (left > 0) {
            int run = Math.min(RUN, left);
            int at = random.nextInt(b.length - run + 1);
            for (int j = 0; j < run; j++) {
                byte was = b[at + j];
                byte now;
                do {
                    now = letter();
                } while (now == was); // every byte of the run really changes
                b[at + j] = now;
            }
            left -= run;
        }
        current = b;
        return b;
    }

    private byte letter() {
        return (byte) ('a' + random.nextInt(26));
    }

    /** The CRC-32 of each of the first {@code count} payloads of the sequence of {@code seed} and {@code size}. */
    static long[] checksums(long seed, int size, int count) {
        DeltaPayloads p = new DeltaPayloads(seed, size);
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = crc(p.next());
        }
        return out;
    }

    /** The CRC-32 of {@code b}. */
    static long crc(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return c.getValue();
    }
}
