package io.ably4j.internal.delta;

import io.ably4j.VcdiffDecoder;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.Adler32;

/**
 * ably4j's own VCDIFF decoder (RFC 3284), the client's default {@link VcdiffDecoder}. It accepts what Ably's service
 * sends and what ably-js's {@code @ably/vcdiff-decoder} decodes, and a little more: the RFC 3284 format (version
 * {@code 0x00}) with the default code table, the open-vcdiff format (version {@code 'S'}) with its interleaved sections
 * and its Adler-32 window checksum (verified; open-vcdiff seeds it with 0, not 1), windows with {@code VCD_SOURCE} or {@code VCD_TARGET}, several windows,
 * COPY from the source segment and (overlapping) from the target. It rejects a secondary compressor ({@code
 * VCD_DECOMPRESS}), a custom code table ({@code VCD_CODETABLE}) and compressed sections (a non-zero Delta_Indicator),
 * as {@code @ably/vcdiff-decoder} does.
 *
 * <p>Decoding is two passes over the window headers (the first one sums the target sizes, so the result is one array
 * allocated once) and one pass over the instructions; it allocates nothing per instruction. Every length and address is
 * bounds-checked: a malformed or truncated delta throws {@link IllegalArgumentException}, and the target is capped
 * ({@link #DEFAULT_MAX_TARGET_SIZE} by default) so that a forged length cannot cause a huge allocation.
 *
 * <p>Threading: stateless between calls and thread-safe; the address caches are per-thread scratch space.
 */
public final class VcdiffDecoding implements VcdiffDecoder {
    /** The largest target the {@linkplain #instance() shared instance} decodes: 64 MiB. */
    public static final int DEFAULT_MAX_TARGET_SIZE = 64 << 20;

    private static final VcdiffDecoding INSTANCE = new VcdiffDecoding(DEFAULT_MAX_TARGET_SIZE);
    private static final ThreadLocal<Session> SESSIONS = ThreadLocal.withInitial(Session::new);

    private final int maxTargetSize;

    /**
     * A decoder that rejects deltas whose target is larger than {@code maxTargetSize} bytes.
     *
     * @param maxTargetSize the largest target size accepted, in bytes; not negative
     * @throws IllegalArgumentException if {@code maxTargetSize} is negative
     */
    public VcdiffDecoding(int maxTargetSize) {
        if (maxTargetSize < 0) {
            throw new IllegalArgumentException("maxTargetSize must not be negative: " + maxTargetSize);
        }
        this.maxTargetSize = maxTargetSize;
    }

    /** {@return the shared decoder, with the target capped at {@link #DEFAULT_MAX_TARGET_SIZE}} */
    public static VcdiffDecoding instance() {
        return INSTANCE;
    }

    @Override
    public byte[] decode(byte[] delta, byte[] base) {
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(base, "base");
        Session s = SESSIONS.get();
        try {
            return s.decode(delta, base, maxTargetSize);
        } finally {
            s.clear();
        }
    }

    @Override
    public String toString() {
        return "VcdiffDecoder[ably4j]";
    }

    static IllegalArgumentException invalid(String message) {
        return new IllegalArgumentException("invalid vcdiff delta: " + message);
    }

    /** One thread's decoding state: cursors into the delta, the address caches, the checksum. */
    private static final class Session {
        // cursor indexes: the header fields and the three sections of a window
        private static final int HDR = 0;
        private static final int DATA = 1;
        private static final int INST = 2;
        private static final int ADDR = 3;
        private static final int NEAR_SIZE = 4;
        private static final int SAME_SIZE = 3 * 256;
        private static final long ADLER_MOD = 65521;

        private final int[] cur = new int[4];
        private final int[] end = new int[4];
        private final int[] near = new int[NEAR_SIZE];
        private final int[] same = new int[SAME_SIZE];
        private final Adler32 adler = new Adler32();
        private int nextNear;
        private static final byte[] EMPTY = new byte[0];
        private byte[] in = EMPTY;
        private boolean openVcdiff;
        private boolean interleaved;

        // the window header being decoded
        private int winIndicator;
        private int sourceLength;
        private int sourcePosition;
        private int targetLength;
        private int windowEnd;
        private long checksum;

        void clear() {
            in = EMPTY;
        }

        byte[] decode(byte[] delta, byte[] base, int maxTargetSize) {
            in = delta;
            cur[HDR] = 0;
            end[HDR] = delta.length;
            header();
            int firstWindow = cur[HDR];
            long total = 0;
            while (cur[HDR] < delta.length) { // pass 1: the window headers only
                windowHeader(base.length, total);
                total += targetLength;
                if (total > maxTargetSize) {
                    throw invalid("target larger than the limit of " + maxTargetSize + " bytes");
                }
                cur[HDR] = windowEnd;
                end[HDR] = delta.length;
            }
            byte[] out = new byte[(int) total];
            cur[HDR] = firstWindow;
            int produced = 0;
            while (cur[HDR] < delta.length) { // pass 2
                windowHeader(base.length, produced);
                window(base, out, produced);
                produced += targetLength;
                cur[HDR] = windowEnd;
                end[HDR] = delta.length;
            }
            return out;
        }

        private void header() {
            if (in.length < 5 || (in[0] & 0xff) != 0xd6 || (in[1] & 0xff) != 0xc3 || (in[2] & 0xff) != 0xc4) {
                throw invalid("no VCDIFF header (D6 C3 C4)");
            }
            int version = in[3] & 0xff;
            if (version != 0 && version != 'S') {
                throw invalid("unsupported version 0x" + Integer.toHexString(version));
            }
            openVcdiff = version == 'S';
            int indicator = in[4] & 0xff;
            if ((indicator & 0x01) != 0) {
                throw invalid("secondary compression (VCD_DECOMPRESS) is not supported");
            }
            if ((indicator & 0x02) != 0) {
                throw invalid("custom code tables (VCD_CODETABLE) are not supported");
            }
            if (indicator != 0) {
                throw invalid("unknown Hdr_Indicator bits 0x" + Integer.toHexString(indicator));
            }
            cur[HDR] = 5;
        }

        /**
         * Parses a window header at {@code cur[HDR]}, leaving the cursors of the three sections set.
         *
         * @param baseLength the length of the source (base) payload
         * @param produced the target bytes decoded by earlier windows
         */
        private void windowHeader(int baseLength, long produced) {
            winIndicator = readByte(HDR);
            if ((winIndicator & ~0x07) != 0) {
                throw invalid("unknown Win_Indicator bits 0x" + Integer.toHexString(winIndicator));
            }
            boolean fromSource = (winIndicator & 0x01) != 0;
            boolean fromTarget = (winIndicator & 0x02) != 0;
            if (fromSource && fromTarget) {
                throw invalid("VCD_SOURCE and VCD_TARGET both set");
            }
            sourceLength = 0;
            sourcePosition = 0;
            if (fromSource || fromTarget) {
                sourceLength = readInt(HDR);
                sourcePosition = readInt(HDR);
                long available = fromSource ? baseLength : produced;
                if ((long) sourceLength + sourcePosition > available) {
                    throw invalid("source segment [" + sourcePosition + ", +" + sourceLength + ") outside the "
                            + (fromSource ? "source" : "target decoded so far") + " of " + available + " bytes");
                }
            }
            int encodingLength = readInt(HDR);
            int encodingStart = cur[HDR];
            if (encodingLength > in.length - encodingStart) {
                throw invalid("window of " + encodingLength + " bytes truncated at " + in.length);
            }
            windowEnd = encodingStart + encodingLength;
            end[HDR] = windowEnd;
            targetLength = readInt(HDR);
            int deltaIndicator = readByte(HDR);
            if (deltaIndicator != 0) {
                throw invalid("compressed sections (Delta_Indicator 0x" + Integer.toHexString(deltaIndicator)
                        + ") are not supported");
            }
            int dataLength = readInt(HDR);
            int instLength = readInt(HDR);
            int addrLength = readInt(HDR);
            checksum = (winIndicator & 0x04) != 0 ? readUInt32(HDR) : -1;
            long sections = (long) dataLength + instLength + addrLength;
            if (sections != windowEnd - cur[HDR]) {
                throw invalid("section lengths " + sections + " do not match the window's " + (windowEnd - cur[HDR])
                        + " bytes");
            }
            cur[DATA] = cur[HDR];
            end[DATA] = cur[DATA] + dataLength;
            cur[INST] = end[DATA];
            end[INST] = cur[INST] + instLength;
            cur[ADDR] = end[INST];
            end[ADDR] = windowEnd;
            interleaved = openVcdiff && dataLength == 0 && addrLength == 0;
        }

        /** Runs the instructions of the window whose header was just parsed, into {@code out} at {@code start}. */
        private void window(byte[] base, byte[] out, int start) {
            byte[] source = (winIndicator & 0x02) != 0 ? out : base;
            Arrays.fill(near, 0);
            Arrays.fill(same, 0);
            nextNear = 0;
            int here = 0; // target bytes produced in this window
            while (cur[INST] < end[INST]) {
                int op = readByte(INST);
                here = instruction(
                        CodeTable.TYPE1[op], CodeTable.SIZE1[op], CodeTable.MODE1[op], out, start, here, source);
                int type2 = CodeTable.TYPE2[op];
                if (type2 != CodeTable.NOOP) {
                    here = instruction(type2, CodeTable.SIZE2[op], CodeTable.MODE2[op], out, start, here, source);
                }
            }
            if (here != targetLength) {
                throw invalid("window produced " + here + " bytes, its header says " + targetLength);
            }
            if (!interleaved && (cur[DATA] != end[DATA] || cur[ADDR] != end[ADDR])) {
                throw invalid("data or address section not fully used");
            }
            if (checksum >= 0) {
                long actual = openVcdiffAdler32(out, start, targetLength);
                if (actual != checksum) {
                    throw invalid("Adler-32 checksum mismatch: target has " + Long.toHexString(actual) + ", delta says "
                            + Long.toHexString(checksum));
                }
            }
        }

        /**
         * open-vcdiff's window checksum: zlib's {@code adler32(0, data, n)}, that is Adler-32 with both sums starting at
         * 0 rather than the standard (1, 0). Derived from the JDK's (intrinsic) standard Adler-32.
         */
        private long openVcdiffAdler32(byte[] data, int offset, int length) {
            adler.reset();
            adler.update(data, offset, length);
            long standard = adler.getValue();
            long a = ((standard & 0xffff) + ADLER_MOD - 1) % ADLER_MOD;
            long b = ((standard >>> 16) + ADLER_MOD - length % ADLER_MOD) % ADLER_MOD;
            return (b << 16) | a;
        }

        private int instruction(int type, int tableSize, int mode, byte[] out, int start, int here, byte[] source) {
            if (type == CodeTable.NOOP) {
                return here;
            }
            int size = tableSize != 0 ? tableSize : readInt(INST);
            if (size > targetLength - here) {
                throw invalid("instruction of " + size + " bytes overflows the target window at " + here);
            }
            int to = start + here;
            switch (type) {
                case CodeTable.ADD -> {
                    int s = section(DATA);
                    if (size > end[s] - cur[s]) {
                        throw invalid("ADD of " + size + " bytes beyond the data section");
                    }
                    System.arraycopy(in, cur[s], out, to, size);
                    cur[s] += size;
                }
                case CodeTable.RUN -> {
                    byte b = (byte) readByte(DATA);
                    Arrays.fill(out, to, to + size, b);
                }
                default -> copy(size, mode, out, start, here, source);
            }
            return here + size;
        }

        private void copy(int size, int mode, byte[] out, int start, int here, byte[] source) {
            int position = sourceLength + here; // in the source segment followed by the target window
            int addr = address(mode, position);
            int to = start + here;
            int n = size;
            int from;
            if (addr < sourceLength) {
                int fromSource = Math.min(n, sourceLength - addr);
                System.arraycopy(source, sourcePosition + addr, out, to, fromSource);
                to += fromSource;
                n -= fromSource;
                from = start;
            } else {
                from = start + addr - sourceLength;
            }
            while (n > 0) { // from < to; an overlapping copy repeats the bytes between them
                int chunk = Math.min(n, to - from);
                System.arraycopy(out, from, out, to, chunk);
                to += chunk;
                n -= chunk;
            }
        }

        /** Decodes a COPY address (RFC 3284 section 5.3) and updates the caches. */
        private int address(int mode, int position) {
            long addr;
            if (mode == 0) { // VCD_SELF
                addr = readInt(ADDR);
            } else if (mode == 1) { // VCD_HERE
                addr = (long) position - readInt(ADDR);
            } else if (mode < 2 + NEAR_SIZE) {
                addr = (long) near[mode - 2] + readInt(ADDR);
            } else {
                addr = same[(mode - 2 - NEAR_SIZE) * 256 + readByte(ADDR)];
            }
            if (addr < 0 || addr >= position) {
                throw invalid("COPY address " + addr + " not before the current position " + position);
            }
            int a = (int) addr;
            near[nextNear] = a;
            nextNear = (nextNear + 1) % NEAR_SIZE;
            same[a % SAME_SIZE] = a;
            return a;
        }

        private int section(int s) {
            return interleaved ? INST : s;
        }

        private int readByte(int section) {
            int s = section == HDR ? HDR : section(section);
            int p = cur[s];
            if (p >= end[s]) {
                throw invalid(truncated(section));
            }
            cur[s] = p + 1;
            return in[p] & 0xff;
        }

        /** An RFC 3284 integer: base-128 digits, most significant first; at most {@link Integer#MAX_VALUE}. */
        private int readInt(int section) {
            int v = 0;
            while (true) {
                int b = readByte(section);
                if (v > (Integer.MAX_VALUE >> 7)) {
                    throw invalid("integer too large in the " + name(section));
                }
                v = (v << 7) | (b & 0x7f);
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
        }

        private long readUInt32(int section) {
            long v = 0;
            while (true) {
                int b = readByte(section);
                v = (v << 7) | (b & 0x7f);
                if (v > 0xffffffffL) {
                    throw invalid("checksum larger than 32 bits");
                }
                if ((b & 0x80) == 0) {
                    return v;
                }
            }
        }

        private static String truncated(int section) {
            return "truncated: the " + name(section) + " ends early";
        }

        private static String name(int section) {
            return switch (section) {
                case HDR -> "header";
                case DATA -> "data section";
                case INST -> "instructions section";
                default -> "addresses section";
            };
        }
    }

    /** The default code table (RFC 3284 section 5.6), as six parallel arrays indexed by opcode. */
    static final class CodeTable {
        static final int NOOP = 0;
        static final int ADD = 1;
        static final int RUN = 2;
        static final int COPY = 3;

        static final byte[] TYPE1 = new byte[256];
        static final byte[] SIZE1 = new byte[256];
        static final byte[] MODE1 = new byte[256];
        static final byte[] TYPE2 = new byte[256];
        static final byte[] SIZE2 = new byte[256];
        static final byte[] MODE2 = new byte[256];

        static {
            int i = 0;
            set(i++, RUN, 0, 0, NOOP, 0, 0);
            for (int size = 0; size <= 17; size++) {
                set(i++, ADD, size, 0, NOOP, 0, 0);
            }
            for (int mode = 0; mode <= 8; mode++) {
                set(i++, COPY, 0, mode, NOOP, 0, 0);
                for (int size = 4; size <= 18; size++) {
                    set(i++, COPY, size, mode, NOOP, 0, 0);
                }
            }
            for (int mode = 0; mode <= 5; mode++) {
                for (int add = 1; add <= 4; add++) {
                    for (int copy = 4; copy <= 6; copy++) {
                        set(i++, ADD, add, 0, COPY, copy, mode);
                    }
                }
            }
            for (int mode = 6; mode <= 8; mode++) {
                for (int add = 1; add <= 4; add++) {
                    set(i++, ADD, add, 0, COPY, 4, mode);
                }
            }
            for (int mode = 0; mode <= 8; mode++) {
                set(i++, COPY, 4, mode, ADD, 1, 0);
            }
            if (i != 256) {
                throw new AssertionError("code table has " + i + " entries");
            }
        }

        private CodeTable() {}

        private static void set(int op, int t1, int s1, int m1, int t2, int s2, int m2) {
            TYPE1[op] = (byte) t1;
            SIZE1[op] = (byte) s1;
            MODE1[op] = (byte) m1;
            TYPE2[op] = (byte) t2;
            SIZE2[op] = (byte) s2;
            MODE2[op] = (byte) m2;
        }
    }
}
