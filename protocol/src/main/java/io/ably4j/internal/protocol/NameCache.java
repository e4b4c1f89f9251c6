package io.ably4j.internal.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small, bounded cache from the UTF-8 bytes of msgpack map keys to their {@code String}, so the field names
 * that every frame repeats are not decoded (and allocated) again. Its size is fixed: a new name evicts an older
 * one that shared its set, so hostile input cannot grow it. Not thread-safe (one per reader).
 *
 * <p>A name of up to 16 bytes is identified by its length and two (possibly overlapping) 8-byte words covering
 * all its bytes, read in one access each, so a lookup neither loops over the bytes nor compares arrays.
 */
final class NameCache {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int SLOT_BITS = 9;
    /**
     * Slots of the default cache (for field names), in sets of two; with this hash, no three of the field names the
     * codecs know share a set.
     */
    static final int SLOTS = 1 << SLOT_BITS;

    private static final int MAX_NAME = 32; // longer keys are decoded directly, not cached
    /** Up to this length, {@link #head} and {@link #tail} together cover every byte of a name. */
    static final int MAX_WORDS_ONLY = 16;

    private final int slotBits;
    private final int[] lengths;
    private final long[] heads;
    private final long[] tails;
    /** The bytes of names longer than {@link #MAX_WORDS_ONLY} (null for shorter ones). */
    private final byte[][] longKeys;

    private final String[] values;

    /** A cache of {@link #SLOTS} slots. */
    NameCache() {
        this(SLOT_BITS);
    }

    /** A cache of {@code 2^slotBits} slots (at least 2). */
    NameCache(int slotBits) {
        if (slotBits < 1 || slotBits > 16) {
            throw new IllegalArgumentException("slotBits out of range: " + slotBits);
        }
        this.slotBits = slotBits;
        int slots = 1 << slotBits;
        lengths = new int[slots];
        heads = new long[slots];
        tails = new long[slots];
        longKeys = new byte[slots][];
        values = new String[slots];
        Arrays.fill(lengths, -1); // no name has this length
    }

    /** The string for the {@code len} UTF-8 bytes of {@code bytes} at {@code off} (a valid range). */
    String get(byte[] bytes, int off, int len) {
        if (len > MAX_NAME) {
            return new String(bytes, off, len, StandardCharsets.UTF_8);
        }
        long head = head(bytes, off, len);
        long tail = tail(bytes, off, len);
        long x = head * 0x9E37_79B9_7F4A_7C15L + tail;
        x ^= x >>> 29;
        long h = (x + len) * 0xBF58_476D_1CE4_E5B9L; // multiply-xorshift-multiply; the top bits pick the set
        int slot = (int) (h >>> (64 - slotBits)) & -2; // the first slot of the set
        for (int i = slot; i <= slot + 1; i++) {
            if (lengths[i] == len
                    && heads[i] == head
                    && tails[i] == tail
                    && (len <= MAX_WORDS_ONLY || Arrays.equals(longKeys[i], 0, len, bytes, off, off + len))) {
                return values[i];
            }
        }
        String name = new String(bytes, off, len, StandardCharsets.UTF_8);
        // The newest name takes the first way of its set; the one it displaces moves to the second.
        move(slot, slot + 1);
        lengths[slot] = len;
        heads[slot] = head;
        tails[slot] = tail;
        longKeys[slot] = len > MAX_WORDS_ONLY ? Arrays.copyOfRange(bytes, off, off + len) : null;
        values[slot] = name;
        return name;
    }

    /**
     * The first word of the {@code len} bytes at {@code off}: the first 8 bytes, or 4 for a name of 4 to 7 bytes, or
     * all of a shorter one packed. With {@link #tail} it identifies a name of up to {@link #MAX_WORDS_ONLY} bytes among
     * those of its length.
     */
    static long head(byte[] b, int off, int len) {
        if (len >= 8) {
            return (long) LONGS.get(b, off);
        }
        if (len >= 4) {
            return (int) INTS.get(b, off) & 0xffff_ffffL;
        }
        long head = 0;
        for (int i = off, end = off + len; i < end; i++) {
            head = (head << 8) | (b[i] & 0xff);
        }
        return head;
    }

    /** The last word: the last 8 bytes, or 4 for a name of 4 to 7 bytes (overlapping the head), or 0 below 4. */
    static long tail(byte[] b, int off, int len) {
        if (len >= 8) {
            return (long) LONGS.get(b, off + len - 8);
        }
        if (len >= 4) {
            return (int) INTS.get(b, off + len - 4) & 0xffff_ffffL;
        }
        return 0;
    }

    private void move(int from, int to) {
        lengths[to] = lengths[from];
        heads[to] = heads[from];
        tails[to] = tails[from];
        longKeys[to] = longKeys[from];
        values[to] = values[from];
    }
}
