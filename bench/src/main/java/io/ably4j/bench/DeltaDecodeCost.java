package io.ably4j.bench;

import com.davidehrmann.vcdiff.VCDiffDecoder;
import com.davidehrmann.vcdiff.VCDiffDecoderBuilder;
import com.davidehrmann.vcdiff.VCDiffEncoderBuilder;
import io.ably4j.VcdiffDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * What decoding one vcdiff delta costs: a 10 KiB payload of which 1% changed (about 100 bytes, in ten places), decoded
 * by (1) ably4j's built-in decoder ({@link VcdiffDecoder#builtIn()}, its own RFC 3284 decoder), (2) vcdiff-core
 * called directly with a new decoder per call (what ably4j's default decoder did before it had its own), and (3)
 * vcdiff-core with one decoder reused (what ably-java does, with a static shared decoder). Prints time and bytes
 * allocated per decode (the thread's allocation counter).
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.ably4j.bench.DeltaDecodeCost [iterations]} (default
 * 200000).
 */
public final class DeltaDecodeCost {
    private DeltaDecodeCost() {}

    /** One way of decoding. */
    private interface Decode {
        byte[] apply(byte[] delta, byte[] base) throws IOException;
    }

    public static void main(String[] args) throws IOException {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Random random = new Random(1);
        byte[] base = new byte[10 * 1024];
        for (int i = 0; i < base.length; i++) {
            base[i] = (byte) ('a' + random.nextInt(26)); // text-like payload
        }
        byte[] target = base.clone();
        for (int k = 0; k < 10; k++) { // 1%: ten runs of ten bytes
            int at = random.nextInt(target.length - 10);
            for (int j = 0; j < 10; j++) {
                target[at + j] = (byte) ('A' + random.nextInt(26));
            }
        }
        ByteArrayOutputStream enc = new ByteArrayOutputStream();
        VCDiffEncoderBuilder.builder()
                .withDictionary(base)
                .withInterleaving(false)
                .withChecksum(false)
                .buildSimple()
                .encode(target, enc);
        byte[] delta = enc.toByteArray();
        System.out.printf(Locale.ROOT, "payload %d B, delta %d B%n", target.length, delta.length);

        VcdiffDecoder builtIn = VcdiffDecoder.builtIn();
        VCDiffDecoder shared = VCDiffDecoderBuilder.builder().buildSimple();
        Decode[] ways = {
            builtIn::decode,
            (d, b) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                VCDiffDecoderBuilder.builder().buildSimple().decode(b, d, out);
                return out.toByteArray();
            },
            (d, b) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                shared.decode(b, d, out);
                return out.toByteArray();
            }
        };
        String[] names = {
            "ably4j built-in (own RFC 3284 decoder)", "vcdiff-core, new decoder per call", "vcdiff-core, shared"
        };
        for (int round = 0; round < 2; round++) { // the first round warms up
            for (int w = 0; w < ways.length; w++) {
                measure(round == 0 ? "(warm-up) " + names[w] : names[w], ways[w], delta, base, target, iterations);
            }
        }
    }

    private static void measure(String name, Decode way, byte[] delta, byte[] base, byte[] target, int iterations) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long sink = 0;
        long bytes0 = threads.getThreadAllocatedBytes(id);
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < iterations; i++) {
                byte[] out = way.apply(delta, base);
                sink += out[i % out.length];
                if (i == 0 && !Arrays.equals(out, target)) {
                    throw new IllegalStateException(name + " decoded wrongly");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long nanos = System.nanoTime() - t0;
        long bytes = threads.getThreadAllocatedBytes(id) - bytes0;
        System.out.printf(
                Locale.ROOT,
                "%-45s %8.2f µs/decode %9d B allocated/decode (sink %d)%n",
                name,
                nanos / 1000.0 / iterations,
                bytes / iterations,
                sink & 1);
    }
}
