package io.ably4j.internal.protocol;

/**
 * A small, bounded cache from characters to their {@code String}, for the values that repeat from frame to frame of
 * a JSON connection (see {@link WireReader#readRepeatedString()}), so they are not copied into a new String each
 * time. Two-way sets; a new value evicts the older of its set, so varied input cannot grow it. Values longer than
 * {@link #MAX_LENGTH} are not cached. Not thread-safe (one per reader).
 */
final class CharValueCache {
    static final int MAX_LENGTH = 32;

    private final String[] values;
    private final int[] hashes;

    /** A cache of {@code 2^slotBits} slots (at least 2). */
    CharValueCache(int slotBits) {
        if (slotBits < 1 || slotBits > 16) {
            throw new IllegalArgumentException("slotBits out of range: " + slotBits);
        }
        values = new String[1 << slotBits];
        hashes = new int[1 << slotBits];
    }

    /** The string of the {@code len} characters of {@code chars} at {@code off} (a valid range). */
    String get(char[] chars, int off, int len) {
        if (len > MAX_LENGTH) {
            return new String(chars, off, len);
        }
        int h = len;
        for (int i = off, end = off + len; i < end; i++) {
            h = 31 * h + chars[i];
        }
        int mixed = h * 0x9E37_79B9;
        int slot = (mixed ^ (mixed >>> 16)) & (values.length - 2); // the first slot of the set
        for (int i = slot; i <= slot + 1; i++) {
            String v = values[i];
            if (v != null && hashes[i] == h && matches(v, chars, off, len)) {
                return v;
            }
        }
        String value = new String(chars, off, len);
        values[slot + 1] = values[slot]; // the newest takes the first way; the one it displaces the second
        hashes[slot + 1] = hashes[slot];
        values[slot] = value;
        hashes[slot] = h;
        return value;
    }

    private static boolean matches(String v, char[] chars, int off, int len) {
        if (v.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (v.charAt(i) != chars[off + i]) {
                return false;
            }
        }
        return true;
    }
}
