package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Mutation fuzzing (TR4, RTF1): valid frames are corrupted at random (bit flips, inserted and deleted bytes,
 * truncation, corrupted length headers, spliced slices) and decoded; the only failure allowed is
 * {@link ProtocolDecodeException}. Seeded, so every run tries the same 50,000 mutants per format (100,000 in all);
 * {@code -Dfuzz.tries=N} tries N per format (see docs/reliability.md, "Fuzzing").
 */
class ProtocolCodecFuzzTest {
    private static final int MUTANTS_PER_FORMAT = Integer.getInteger("fuzz.tries", 50_000);
    private static final String JSON_BYTES = "{}[]\",:0-e.\\ntu";
    /** msgpack headers announcing large lengths: str32, bin32, array32, map32, ext32. */
    private static final byte[] LENGTH_HEADERS = {(byte) 0xdb, (byte) 0xc6, (byte) 0xdd, (byte) 0xdf, (byte) 0xc9};

    private static List<byte[]> seeds(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(codec.encode(ProtocolCodecTest.fullMessage()));
        for (long seed = 1; seeds.size() < 25; seed++) {
            byte[] frame = codec.encode(new RandomProtocolMessages(seed, true).protocolMessage());
            if (frame.length <= 600) { // small frames keep the decodes fast
                seeds.add(frame);
            }
        }
        return seeds;
    }

    static byte[] mutate(byte[] frame, Random random, WireFormat format) {
        byte[] b = frame;
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++) {
            int len = b.length;
            int pos = len == 0 ? 0 : random.nextInt(len);
            switch (random.nextInt(8)) {
                case 0 -> { // bit flip
                    if (len > 0) {
                        b = b.clone();
                        b[pos] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> { // random byte
                    if (len > 0) {
                        b = b.clone();
                        b[pos] = (byte) random.nextInt(256);
                    }
                }
                case 2 -> { // insert
                    byte[] n = new byte[len + 1];
                    System.arraycopy(b, 0, n, 0, pos);
                    n[pos] = format == WireFormat.JSON
                            ? (byte) JSON_BYTES.charAt(random.nextInt(JSON_BYTES.length()))
                            : (byte) random.nextInt(256);
                    System.arraycopy(b, pos, n, pos + 1, len - pos);
                    b = n;
                }
                case 3 -> { // delete
                    if (len > 0) {
                        byte[] n = new byte[len - 1];
                        System.arraycopy(b, 0, n, 0, pos);
                        System.arraycopy(b, pos + 1, n, pos, len - pos - 1);
                        b = n;
                    }
                }
                case 4 -> b = Arrays.copyOf(b, pos); // truncate
                case 5 -> { // length-field corruption: a big-length header with a huge or random length
                    if (len > 5) {
                        b = b.clone();
                        int at = Math.min(pos, len - 5);
                        b[at] = LENGTH_HEADERS[random.nextInt(LENGTH_HEADERS.length)];
                        int value = random.nextBoolean() ? Integer.MAX_VALUE : random.nextInt();
                        for (int i = 1; i <= 4; i++) {
                            b[at + i] = (byte) (value >>> (32 - 8 * i));
                        }
                    }
                }
                case 6 -> { // duplicate a slice (splices structure)
                    if (len > 1) {
                        int from = random.nextInt(len);
                        int count = Math.min(len - from, 1 + random.nextInt(16));
                        byte[] n = new byte[len + count];
                        System.arraycopy(b, 0, n, 0, pos);
                        System.arraycopy(b, from, n, pos, count);
                        System.arraycopy(b, pos, n, pos + count, len - pos);
                        b = n;
                    }
                }
                default -> { // small-header corruption: fixmap/fixarray/fixstr counts
                    if (len > 0) {
                        b = b.clone();
                        b[pos] = (byte) ((b[pos] & 0xf0) | random.nextInt(16));
                    }
                }
            }
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RTF1_mutatedFramesFailOnlyWithProtocolDecodeException(WireFormat format) {
        List<byte[]> seeds = seeds(format);
        ProtocolCodec codec = ProtocolCodec.create(format);
        Random random = new Random(format == WireFormat.JSON ? 0x5eedL : 0x5eed2L);
        int decoded = 0;
        int rejected = 0;
        for (int i = 0; i < MUTANTS_PER_FORMAT; i++) {
            byte[] mutant = mutate(seeds.get(random.nextInt(seeds.size())), random, format);
            try {
                codec.decode(mutant);
                decoded++;
            } catch (ProtocolDecodeException e) {
                rejected++;
            } catch (Throwable t) {
                fail("mutant " + i + " threw " + t + " for " + HexFormat.of().formatHex(mutant), t);
            }
        }
        System.out.printf(
                "%s fuzz: %d mutants, %d decoded, %d rejected%n", format, MUTANTS_PER_FORMAT, decoded, rejected);
        assertThat(decoded + rejected).isEqualTo(MUTANTS_PER_FORMAT);
        assertThat(rejected).as("most mutants are invalid").isGreaterThan(MUTANTS_PER_FORMAT / 4);
        // the codec is still usable after all those failures
        assertThat(codec.decode(seeds.get(0))).isEqualTo(codec.decode(seeds.get(0)));
    }
}
