package io.ably4j.internal.delta;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.VcdiffDecoder;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The built-in VCDIFF decoder on deltas built by hand from RFC 3284: header, the default code table's ADD, RUN and COPY
 * (single and combined opcodes), the address modes (self, here, near, same), overlapping COPY, VCD_SOURCE and
 * VCD_TARGET windows, several windows, open-vcdiff's interleaved sections and Adler-32 checksum, and malformed input.
 */
class VcdiffDecodingTest {
    private static final VcdiffDecoder DECODER = VcdiffDecoding.instance();
    private static final byte[] NO_BASE = new byte[0];

    // default code table opcodes (RFC 3284 section 5.6)
    private static final int RUN0 = 0;

    private static int add(int size) {
        return 1 + size; // sizes 0 (explicit) and 1..17
    }

    private static int copy(int mode, int size) {
        return 19 + mode * 16 + (size == 0 ? 0 : size - 3); // sizes 0 (explicit) and 4..18
    }

    /** Bytes with RFC 3284 integers. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Bytes b(int... values) {
            for (int v : values) {
                out.write(v);
            }
            return this;
        }

        Bytes b(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        Bytes s(String ascii) {
            return b(ascii.getBytes(US_ASCII));
        }

        Bytes i(long value) {
            int digits = 1;
            while (digits < 10 && (value >>> (7 * digits)) != 0) {
                digits++;
            }
            for (int d = digits - 1; d >= 0; d--) {
                out.write((int) ((value >>> (7 * d)) & 0x7f) | (d > 0 ? 0x80 : 0));
            }
            return this;
        }

        byte[] get() {
            return out.toByteArray();
        }

        int size() {
            return out.size();
        }
    }

    /** A window: indicator and source fields, then the delta encoding built from its three sections. */
    static byte[] window(int indicator, int[] sourceSegment, int targetLength, byte[] data, byte[] inst, byte[] addr) {
        return window(indicator, sourceSegment, targetLength, data, inst, addr, -1);
    }

    static byte[] window(
            int indicator, int[] sourceSegment, int targetLength, byte[] data, byte[] inst, byte[] addr, long adler) {
        Bytes enc =
                new Bytes().i(targetLength).b(0).i(data.length).i(inst.length).i(addr.length);
        if (adler >= 0) {
            enc.i(adler);
        }
        byte[] encoding = enc.b(data).b(inst).b(addr).get();
        Bytes w = new Bytes().b(indicator);
        for (int v : sourceSegment) {
            w.i(v);
        }
        return w.i(encoding.length).b(encoding).get();
    }

    static byte[] delta(int version, byte[]... windows) {
        Bytes d = new Bytes().b(0xd6, 0xc3, 0xc4, version, 0);
        for (byte[] w : windows) {
            d.b(w);
        }
        return d.get();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    private static String decode(byte[] delta, String base) {
        return new String(DECODER.decode(delta, ascii(base)), US_ASCII);
    }

    @Test
    void isTheClientsDefaultDecoderAndNullMeansNone() {
        io.ably4j.ClientOptions.Builder b = io.ably4j.ClientOptions.builder().key("app.key:secret");
        assertThat(b.build().vcdiffDecoder()).isSameAs(VcdiffDecoder.builtIn()).isSameAs(DECODER);
        assertThat(b.vcdiffDecoder(null).build().vcdiffDecoder()).isNull();
        assertThat(DECODER).hasToString("VcdiffDecoder[ably4j]");
    }

    @Test
    void headerOnlyIsAnEmptyTarget() {
        assertThat(DECODER.decode(delta(0), ascii("base"))).isEmpty();
    }

    @Test
    void addOnly() {
        byte[] d = delta(
                0,
                window(0, new int[0], 5, ascii("hello"), new Bytes().b(add(5)).get(), NO_BASE));
        assertThat(decode(d, "")).isEqualTo("hello");
    }

    @Test
    void addWithExplicitSizeAndRun() {
        byte[] inst = new Bytes().b(add(0)).i(20).b(RUN0).i(300).get();
        byte[] data = new Bytes().s("abcdefghijklmnopqrst").s("x").get();
        byte[] d = delta(0, window(0, new int[0], 320, data, inst, NO_BASE));
        assertThat(decode(d, "")).isEqualTo("abcdefghijklmnopqrst" + "x".repeat(300));
    }

    @Test
    void copyFromSourceSelfMode() {
        // source segment = base[2, 10): "cdefghij"; COPY 4 from 1 -> "defg", COPY 5 from 0 -> "cdefg"
        byte[] inst = new Bytes().b(copy(0, 4), copy(0, 5)).get();
        byte[] addr = new Bytes().i(1).i(0).get();
        byte[] d = delta(0, window(1, new int[] {8, 2}, 9, NO_BASE, inst, addr));
        assertThat(decode(d, "abcdefghijkl")).isEqualTo("defgcdefg");
    }

    @Test
    void copyHereModeOverlapsTheTarget() {
        // ADD "ab", then COPY 13 from here - 2: an overlapping copy repeats "ab"
        byte[] inst = new Bytes().b(add(2), copy(1, 13)).get();
        byte[] d = delta(
                0, window(0, new int[0], 15, ascii("ab"), inst, new Bytes().i(2).get()));
        assertThat(decode(d, "")).isEqualTo("abababababababa");
    }

    @Test
    void copyLongExplicitSizeOverlappingOneByte() {
        byte[] inst = new Bytes().b(add(1), copy(0, 0)).i(1000).get();
        byte[] d = delta(
                0,
                window(0, new int[0], 1001, ascii("z"), inst, new Bytes().i(0).get()));
        assertThat(decode(d, "")).isEqualTo("z".repeat(1001));
    }

    @Test
    void nearCacheModes() {
        // base "0123456789ABCDEF"; COPY 4 @3 (self) sets near[0]=3; COPY 4 @near[0]+5=8; near[1]=8; COPY 4 @near[1]+2
        byte[] base = ascii("0123456789ABCDEF");
        byte[] inst = new Bytes().b(copy(0, 4), copy(2, 4), copy(3, 4)).get();
        byte[] addr = new Bytes().i(3).i(5).i(2).get();
        byte[] d = delta(0, window(1, new int[] {16, 0}, 12, NO_BASE, inst, addr));
        assertThat(new String(DECODER.decode(d, base), US_ASCII)).isEqualTo("3456" + "89AB" + "ABCD");
    }

    @Test
    void nearCacheWrapsAfterFourAddresses() {
        // five self-mode COPYs fill near[0..3] and overwrite near[0] with the fifth address (9); mode 2 + 1 -> 10
        byte[] base = ascii("0123456789ABCDEFGHIJ");
        byte[] inst = new Bytes()
                .b(copy(0, 4), copy(0, 4), copy(0, 4), copy(0, 4), copy(0, 4), copy(2, 4))
                .get();
        byte[] addr = new Bytes().i(1).i(2).i(3).i(4).i(9).i(1).get();
        byte[] d = delta(0, window(1, new int[] {20, 0}, 24, NO_BASE, inst, addr));
        assertThat(new String(DECODER.decode(d, base), US_ASCII))
                .isEqualTo("1234" + "2345" + "3456" + "4567" + "9ABC" + "ABCD");
    }

    @Test
    void sameCacheModes() {
        // COPY @300 (self) sets same[300]; mode 7 reads same[256 + (300 - 256)] = 300; mode 6 with byte 5 after @5
        byte[] base = new byte[400];
        for (int i = 0; i < base.length; i++) {
            base[i] = (byte) i;
        }
        byte[] inst =
                new Bytes().b(copy(0, 4), copy(7, 4), copy(0, 4), copy(6, 4)).get();
        byte[] addr = new Bytes().i(300).b(300 - 256).i(5).b(5).get();
        byte[] d = delta(0, window(1, new int[] {400, 0}, 16, NO_BASE, inst, addr));
        byte[] expected = new byte[16];
        for (int k = 0; k < 4; k++) {
            expected[k] = (byte) (300 + k);
            expected[4 + k] = (byte) (300 + k);
            expected[8 + k] = (byte) (5 + k);
            expected[12 + k] = (byte) (5 + k);
        }
        assertThat(DECODER.decode(d, base)).isEqualTo(expected);
    }

    @Test
    void combinedOpcodes() {
        // 163: ADD 1 + COPY 4 mode 0; 247: COPY 4 mode 0 + ADD 1; 235: ADD 1 + COPY 4 mode 6
        byte[] inst = new Bytes().b(163, 247, 235).get();
        byte[] addr = new Bytes().i(0).i(2).b(0).get(); // mode 6, byte 0: same[0], set by the COPY @0
        byte[] d = delta(0, window(1, new int[] {6, 0}, 15, ascii("XYZ"), inst, addr));
        assertThat(decode(d, "abcdef")).isEqualTo("X" + "abcd" + "cdef" + "Y" + "Z" + "abcd");
    }

    @Test
    void copySpanningSourceAndTarget() {
        // source "abc", ADD "d" at target 0, COPY 4 from 1: "bc" from the source then "d" and the copy's own "b"
        byte[] inst = new Bytes().b(add(1), copy(0, 4)).get();
        byte[] d = delta(
                0,
                window(
                        1,
                        new int[] {3, 0},
                        5,
                        ascii("d"),
                        inst,
                        new Bytes().i(1).get()));
        assertThat(decode(d, "abc")).isEqualTo("dbcdb");
    }

    @Test
    void severalWindowsWithSourceAndTarget() {
        byte[] w1 =
                window(0, new int[0], 5, ascii("hello"), new Bytes().b(add(5)).get(), NO_BASE);
        byte[] w2 = window(
                1,
                new int[] {4, 1},
                6,
                ascii("!"),
                new Bytes().b(add(1), copy(0, 5)).get(),
                new Bytes().i(0).get()); // "!" + "WXYZ" + "!" (target copy)
        byte[] w3 = window(
                2,
                new int[] {4, 1},
                8,
                NO_BASE,
                new Bytes().b(copy(0, 4), copy(0, 4)).get(),
                new Bytes().i(0).i(3).get()); // segment = target[1, 5) "ello"; "ello" + "oell"
        byte[] d = delta(0, w1, w2, w3);
        assertThat(decode(d, "VWXYZ")).isEqualTo("hello" + "!WXYZ!" + "ello" + "oell");
    }

    @Test
    void interleavedOpenVcdiffFormat() {
        // version 'S', data and addresses empty: everything in the instructions section, in order
        byte[] inst = new Bytes()
                .b(add(3))
                .s("abc")
                .b(RUN0)
                .i(4)
                .s("-")
                .b(copy(1, 4))
                .i(7)
                .b(163)
                .s("Q")
                .i(0)
                .get();
        byte[] d = delta('S', window(1, new int[] {2, 0}, 16, NO_BASE, inst, NO_BASE));
        assertThat(decode(d, "xy")).isEqualTo("abc" + "----" + "abc-" + "Q" + "xyab");
    }

    @Test
    void adlerChecksumVerified() {
        byte[] target = ascii("checksummed");
        long adler = adler32FromZero(target);
        byte[] inst = new Bytes().b(add(11)).get();
        byte[] ok = delta('S', window(4, new int[0], 11, target, inst, NO_BASE, adler));
        assertThat(DECODER.decode(ok, NO_BASE)).isEqualTo(target);
        byte[] bad = delta('S', window(4, new int[0], 11, target, inst, NO_BASE, adler ^ 1));
        assertThatThrownBy(() -> DECODER.decode(bad, NO_BASE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void rejectsWhatIsNotSupported() {
        byte[] add = new Bytes().b(add(1)).get();
        byte[] w = window(0, new int[0], 1, ascii("a"), add, NO_BASE);
        assertInvalid(new Bytes().b(0xd6, 0xc3, 0xc5, 0, 0).b(w).get(), "header");
        assertInvalid(new Bytes().b(0xd6, 0xc3, 0xc4, 1, 0).b(w).get(), "version");
        assertInvalid(new Bytes().b(0xd6, 0xc3, 0xc4, 0, 1, 0).b(w).get(), "VCD_DECOMPRESS");
        assertInvalid(new Bytes().b(0xd6, 0xc3, 0xc4, 0, 2).i(3).b(0, 0, 0).b(w).get(), "VCD_CODETABLE");
        assertInvalid(new Bytes().b(0xd6, 0xc3, 0xc4, 0, 4).b(w).get(), "Hdr_Indicator");
        // Delta_Indicator 1 (VCD_DATACOMP)
        byte[] compressed = new Bytes()
                .b(0xd6, 0xc3, 0xc4, 0, 0, 0)
                .i(6)
                .i(1)
                .b(1)
                .i(1)
                .i(1)
                .i(0)
                .s("a")
                .b(add(1))
                .get();
        assertInvalid(compressed, "Delta_Indicator");
        assertInvalid(delta(0, window(3, new int[] {1, 0}, 1, ascii("a"), add, NO_BASE)), "VCD_SOURCE and VCD_TARGET");
        assertInvalid(delta(0, window(8, new int[0], 1, ascii("a"), add, NO_BASE)), "Win_Indicator");
    }

    @Test
    void rejectsOutOfRangeReferences() {
        // source segment beyond the base
        assertInvalid(
                delta(
                        0,
                        window(
                                1,
                                new int[] {4, 3},
                                1,
                                ascii("a"),
                                new Bytes().b(add(1)).get(),
                                NO_BASE)),
                "source segment");
        // VCD_TARGET segment beyond the target decoded so far
        assertInvalid(
                delta(
                        0,
                        window(
                                2,
                                new int[] {1, 0},
                                1,
                                ascii("a"),
                                new Bytes().b(add(1)).get(),
                                NO_BASE)),
                "source segment");
        // COPY from the current position (self mode) and before 0 (here mode)
        assertInvalid(
                delta(
                        0,
                        window(
                                0,
                                new int[0],
                                4,
                                NO_BASE,
                                new Bytes().b(copy(0, 4)).get(),
                                new Bytes().i(0).get())),
                "address");
        assertInvalid(
                delta(
                        0,
                        window(
                                1,
                                new int[] {2, 0},
                                4,
                                NO_BASE,
                                new Bytes().b(copy(1, 4)).get(),
                                new Bytes().i(3).get())),
                "address");
        // instruction beyond the target window; window shorter than announced; unused data
        assertInvalid(
                delta(
                        0,
                        window(
                                0,
                                new int[0],
                                2,
                                ascii("abc"),
                                new Bytes().b(add(3)).get(),
                                NO_BASE)),
                "overflows");
        assertInvalid(
                delta(
                        0,
                        window(
                                0,
                                new int[0],
                                4,
                                ascii("abc"),
                                new Bytes().b(add(3)).get(),
                                NO_BASE)),
                "produced 3");
        assertInvalid(
                delta(
                        0,
                        window(
                                0,
                                new int[0],
                                2,
                                ascii("abc"),
                                new Bytes().b(add(2)).get(),
                                NO_BASE)),
                "not fully used");
        // ADD beyond the data section, RUN without its byte
        assertInvalid(
                delta(
                        0,
                        window(
                                0,
                                new int[0],
                                3,
                                ascii("ab"),
                                new Bytes().b(add(3)).get(),
                                NO_BASE)),
                "data");
        assertInvalid(
                delta(
                        0,
                        window(
                                0,
                                new int[0],
                                3,
                                NO_BASE,
                                new Bytes().b(RUN0).i(3).get(),
                                NO_BASE)),
                "data");
    }

    @Test
    void forgedLengthsDoNotAllocate() {
        // a window claiming a 2 GiB target, and many windows claiming 60 MiB each
        assertInvalid(delta(0, emptyWindow(Integer.MAX_VALUE)), "limit");
        byte[] w = emptyWindow(60 << 20);
        assertInvalid(delta(0, w, w), "limit");
        assertInvalid(delta(0, emptyWindow(1L << 40)), "too large");
        // a custom limit
        byte[] ok = delta(
                0,
                window(0, new int[0], 5, ascii("hello"), new Bytes().b(add(5)).get(), NO_BASE));
        assertThat(new VcdiffDecoding(5).decode(ok, NO_BASE)).hasSize(5);
        assertThatThrownBy(() -> new VcdiffDecoding(4).decode(ok, NO_BASE)).hasMessageContaining("limit");
    }

    @Test
    void truncatedAtEveryOffsetThrowsCleanly() {
        byte[] w1 =
                window(0, new int[0], 5, ascii("hello"), new Bytes().b(add(5)).get(), NO_BASE);
        byte[] w2 = window(
                1,
                new int[] {4, 1},
                6,
                ascii("!"),
                new Bytes().b(add(1), copy(0, 5)).get(),
                new Bytes().i(0).get());
        byte[] d = delta(0, w1, w2);
        int[] boundaries = {5, 5 + w1.length};
        for (int n = 0; n < d.length; n++) {
            byte[] prefix = java.util.Arrays.copyOf(d, n);
            if (n == boundaries[0] || n == boundaries[1]) {
                assertThat(decode(prefix, "VWXYZ")).isEqualTo(n == 5 ? "" : "hello");
            } else {
                assertInvalid(prefix, "");
            }
        }
        assertThat(decode(d, "VWXYZ")).isEqualTo("hello!WXYZ!");
    }

    /** open-vcdiff's checksum: zlib's {@code adler32(0, data, n)}, both sums starting at 0. */
    private static long adler32FromZero(byte[] data) {
        long a = 0;
        long b = 0;
        for (byte x : data) {
            a = (a + (x & 0xff)) % 65521;
            b = (b + a) % 65521;
        }
        return (b << 16) | a;
    }

    /** A window with the given target length and no instructions. */
    private static byte[] emptyWindow(long targetLength) {
        Bytes enc = new Bytes().i(targetLength).b(0).i(0).i(0).i(0);
        return new Bytes().b(0).i(enc.size()).b(enc.get()).get();
    }

    private static void assertInvalid(byte[] delta, String messagePart) {
        assertThatThrownBy(() -> DECODER.decode(delta, ascii("VWXYZ")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid vcdiff delta: ")
                .hasMessageContaining(messagePart);
    }
}
