package io.ably4j.internal.delta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.davidehrmann.vcdiff.VCDiffEncoderBuilder;
import com.davidehrmann.vcdiff.VCDiffStreamingEncoder;
import io.ably4j.VcdiffDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Differential tests of the built-in VCDIFF decoder against vcdiff-core's encoder (a port of open-vcdiff, the encoder
 * family Ably's service uses): seed-fixed random base and target pairs (0..64 KiB, similar with 1 %..50 % edits, or
 * unrelated), with every encoder option (interleaved or not, checksum or not, target matches or not) and with the
 * streaming encoder (several windows); and the same deltas corrupted or truncated at random, which must fail cleanly.
 */
class VcdiffDecodingDifferentialTest {
    private static final VcdiffDecoder DECODER = VcdiffDecoding.instance();
    private static final long SEED = 0x5eed_16L;

    static byte[] encode(byte[] base, byte[] target, boolean interleaved, boolean checksum, boolean targetMatches) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VCDiffEncoderBuilder.builder()
                    .withDictionary(base)
                    .withInterleaving(interleaved)
                    .withChecksum(checksum)
                    .withTargetMatches(targetMatches)
                    .buildSimple()
                    .encode(target, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Encodes {@code target} in chunks of {@code chunk} bytes: one window per chunk. */
    static byte[] encodeStreaming(byte[] base, byte[] target, int chunk, boolean interleaved, boolean checksum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            VCDiffStreamingEncoder<java.io.OutputStream> e = VCDiffEncoderBuilder.builder()
                    .withDictionary(base)
                    .withInterleaving(interleaved)
                    .withChecksum(checksum)
                    .buildStreaming();
            e.startEncoding(out);
            for (int p = 0; p < target.length; p += chunk) {
                e.encodeChunk(target, p, Math.min(chunk, target.length - p), out);
            }
            e.finishEncoding(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Random bytes: text-like (a small alphabet, so there are repeats) or uniform. */
    static byte[] randomBytes(SplittableRandom r, int size) {
        byte[] b = new byte[size];
        boolean text = r.nextBoolean();
        for (int i = 0; i < size; i++) {
            b[i] = text ? (byte) ('a' + r.nextInt(12)) : (byte) r.nextInt(256);
        }
        return b;
    }

    /** {@code base} with about {@code rate} of it edited: replaced, inserted, deleted or moved runs. */
    static byte[] edit(SplittableRandom r, byte[] base, double rate) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(base.length + 64);
        int p = 0;
        while (p < base.length) {
            int keep = Math.min(base.length - p, 1 + r.nextInt(Math.max(1, (int) (64 / rate))));
            out.write(base, p, keep);
            p += keep;
            int len = 1 + r.nextInt(32);
            switch (r.nextInt(4)) {
                case 0 -> out.writeBytes(randomBytes(r, len)); // insert
                case 1 -> p = Math.min(base.length, p + len); // delete
                case 2 -> { // replace
                    out.writeBytes(randomBytes(r, len));
                    p = Math.min(base.length, p + len);
                }
                default -> { // copy from elsewhere in the base
                    int from = base.length == 0 ? 0 : r.nextInt(base.length);
                    out.write(base, from, Math.min(len, base.length - from));
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void decodesWhatVcdiffCoreEncodes() {
        SplittableRandom r = new SplittableRandom(SEED);
        int[] sizes = {0, 1, 7, 100, 1000, 10 * 1024, 33_000, 64 * 1024};
        int cases = 0;
        for (int round = 0; round < 6; round++) {
            for (int size : sizes) {
                byte[] base = randomBytes(r, size);
                double rate = 0.01 + r.nextDouble() * 0.49;
                byte[] target = r.nextInt(5) == 0 ? randomBytes(r, r.nextInt(size + 1)) : edit(r, base, rate);
                for (int options = 0; options < 8; options++) {
                    boolean interleaved = (options & 1) != 0;
                    boolean checksum = (options & 2) != 0;
                    boolean targetMatches = (options & 4) != 0;
                    byte[] delta = encode(base, target, interleaved, checksum, targetMatches);
                    assertThat(delta[3]).isEqualTo(interleaved || checksum ? (byte) 'S' : 0); // open-vcdiff's format
                    assertDecodes(delta, base, target, "size " + size + " options " + options + " round " + round);
                    cases++;
                }
            }
        }
        assertThat(cases).isEqualTo(6 * sizes.length * 8);
    }

    @Test
    void decodesSeveralWindowsFromTheStreamingEncoder() {
        SplittableRandom r = new SplittableRandom(SEED + 1);
        for (int round = 0; round < 12; round++) {
            byte[] base = randomBytes(r, 1 + r.nextInt(20_000));
            byte[] target = edit(r, base, 0.01 + r.nextDouble() * 0.3);
            int chunk = 1 + r.nextInt(4096);
            byte[] delta = encodeStreaming(base, target, chunk, r.nextBoolean(), r.nextBoolean());
            assertThat(windows(delta)).isEqualTo((target.length + chunk - 1) / chunk);
            assertDecodes(delta, base, target, "streaming round " + round + " chunk " + chunk);
        }
    }

    /** The number of windows in a delta with a plain header (walks the window headers only). */
    private static int windows(byte[] delta) {
        int[] p = {5};
        int n = 0;
        while (p[0] < delta.length) {
            int indicator = delta[p[0]++];
            if ((indicator & 3) != 0) {
                varint(delta, p);
                varint(delta, p);
            }
            int length = varint(delta, p);
            p[0] += length;
            n++;
        }
        return n;
    }

    private static int varint(byte[] b, int[] p) {
        int v = 0;
        int x;
        do {
            x = b[p[0]++] & 0xff;
            v = (v << 7) | (x & 0x7f);
        } while ((x & 0x80) != 0);
        return v;
    }

    @Test
    void decodesTheEmulatorsDeltas() {
        // the emulator's Deltas.encode: simple encoder, not interleaved, no checksum, on UTF-8 text payloads
        SplittableRandom r = new SplittableRandom(SEED + 2);
        byte[] base = "{\"price\":100.25,\"symbol\":\"ABLY\",\"volume\":123456}"
                .repeat(40)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < 20; i++) {
            byte[] target = edit(r, base, 0.01 + r.nextDouble() * 0.1);
            assertDecodes(encode(base, target, false, false, true), base, target, "emulator-like " + i);
            base = target;
        }
    }

    @Test
    void corruptedOrTruncatedDeltasFailCleanly() {
        SplittableRandom r = new SplittableRandom(SEED + 3);
        int failures = 0;
        for (int round = 0; round < 300; round++) {
            byte[] base = randomBytes(r, r.nextInt(3000));
            byte[] target = edit(r, base, 0.05 + r.nextDouble() * 0.4);
            byte[] delta = encode(base, target, r.nextBoolean(), r.nextBoolean(), r.nextBoolean());
            byte[] bad;
            if (r.nextBoolean()) {
                bad = Arrays.copyOf(delta, 5 + r.nextInt(Math.max(1, delta.length - 6)));
            } else {
                bad = delta.clone();
                for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
                    bad[5 + r.nextInt(bad.length - 5)] ^= (byte) (1 + r.nextInt(255));
                }
            }
            try {
                DECODER.decode(bad, base);
            } catch (IllegalArgumentException e) {
                assertThat(e).hasMessageStartingWith("invalid vcdiff delta: ");
                failures++;
            } catch (RuntimeException e) {
                fail("round " + round + ": not a clean failure", e);
            }
        }
        assertThat(failures).isGreaterThan(200);
    }

    @Test
    void truncatedAtEveryOffsetOfAnEncodedDeltaFailsCleanly() {
        SplittableRandom r = new SplittableRandom(SEED + 4);
        byte[] base = randomBytes(r, 2000);
        byte[] target = edit(r, base, 0.1);
        for (boolean interleaved : new boolean[] {false, true}) {
            byte[] delta = encode(base, target, interleaved, true, true);
            assertThat(DECODER.decode(Arrays.copyOf(delta, 5), base)).isEmpty(); // the header alone
            for (int n = 0; n < delta.length; n++) {
                if (n == 5) {
                    continue;
                }
                byte[] prefix = Arrays.copyOf(delta, n);
                assertThatThrownBy(() -> DECODER.decode(prefix, base))
                        .as("prefix of %d bytes", n)
                        .isExactlyInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    private static void assertDecodes(byte[] delta, byte[] base, byte[] target, String what) {
        byte[] decoded = DECODER.decode(delta, base);
        if (!Arrays.equals(decoded, target)) {
            fail(what + ": decoded " + decoded.length + " bytes, expected " + target.length);
        }
    }
}
