package io.ably4j.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The field names of one wire type, numbered in the order given, so that a reader can switch on a field's number
 * instead of its name. A msgpack key is matched from its UTF-8 bytes without making a {@code String}: by its length,
 * then by two 8-byte words covering it ({@link NameCache#head}, {@link NameCache#tail}), against the few names of that length.
 * Immutable and thread-safe.
 */
final class FieldNames {
    /** The number of a name that is not in the set. */
    static final int UNKNOWN = -1;

    private final String[] names;
    /** By length: the names of that length (all ASCII, so chars and bytes agree), for {@link #id(String)}. */
    private final String[][] namesByLength;
    /** By length: the heads, tails, bytes and numbers of the names of that length (empty arrays for none). */
    private final long[][] heads;

    private final long[][] tails;
    private final byte[][][] bytes;
    private final int[][] ids;

    FieldNames(String... names) {
        this.names = names.clone();
        int maxLength = 0;
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name) || !name.chars().allMatch(c -> c > 0 && c < 0x80)) {
                throw new IllegalArgumentException("duplicate or non-ASCII field name " + name);
            }
            maxLength = Math.max(maxLength, name.length());
        }
        namesByLength = new String[maxLength + 1][];
        heads = new long[maxLength + 1][];
        tails = new long[maxLength + 1][];
        bytes = new byte[maxLength + 1][][];
        ids = new int[maxLength + 1][];
        for (int len = 0; len <= maxLength; len++) {
            int n = 0;
            for (String name : names) {
                n += name.length() == len ? 1 : 0;
            }
            namesByLength[len] = new String[n];
            heads[len] = new long[n];
            tails[len] = new long[n];
            bytes[len] = new byte[n][];
            ids[len] = new int[n];
            int k = 0;
            for (int i = 0; i < names.length; i++) {
                if (names[i].length() == len) {
                    byte[] b = names[i].getBytes(StandardCharsets.US_ASCII);
                    heads[len][k] = NameCache.head(b, 0, len);
                    tails[len][k] = NameCache.tail(b, 0, len);
                    bytes[len][k] = b;
                    ids[len][k] = i;
                    namesByLength[len][k] = names[i];
                    k++;
                }
            }
        }
    }

    /** The number of names. */
    int size() {
        return names.length;
    }

    /** The name numbered {@code id} (a number this set gave). */
    String name(int id) {
        return names[id];
    }

    /** The number of {@code name}, or {@link #UNKNOWN}. */
    int id(String name) {
        int len = name.length();
        if (len >= namesByLength.length) {
            return UNKNOWN;
        }
        String[] candidates = namesByLength[len];
        for (int i = 0; i < candidates.length; i++) {
            if (candidates[i].equals(name)) {
                return ids[len][i];
            }
        }
        return UNKNOWN;
    }

    /** The number of the name in the {@code len} UTF-8 bytes of {@code b} at {@code off} (a valid range), or {@link #UNKNOWN}. */
    int id(byte[] b, int off, int len) {
        if (len >= heads.length) {
            return UNKNOWN;
        }
        long[] h = heads[len];
        if (h.length == 0) {
            return UNKNOWN;
        }
        long head = NameCache.head(b, off, len);
        long tail = NameCache.tail(b, off, len);
        long[] t = tails[len];
        for (int i = 0; i < h.length; i++) {
            if (h[i] == head
                    && t[i] == tail
                    && (len <= NameCache.MAX_WORDS_ONLY || Arrays.equals(bytes[len][i], 0, len, b, off, off + len))) {
                return ids[len][i];
            }
        }
        return UNKNOWN;
    }
}
