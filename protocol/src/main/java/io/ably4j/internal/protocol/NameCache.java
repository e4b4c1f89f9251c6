package io.ably4j.internal.protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.msgpack.core.MessageUnpacker;

/**
 * A small, bounded cache from the UTF-8 bytes of msgpack map keys to their {@code String}, so the field names
 * that every frame repeats are not decoded (and allocated) again. Direct-mapped: a new name replaces whatever
 * shared its slot, so hostile input cannot grow it. Not thread-safe (one per reader).
 */
final class NameCache {
    private static final int SLOTS = 128; // a power of two, comfortably above Ably's field-name count
    private static final int MAX_NAME = 32; // longer keys are decoded directly, not cached

    private final byte[][] keys = new byte[SLOTS][];
    private final String[] values = new String[SLOTS];
    private final byte[] scratch = new byte[MAX_NAME];

    /** Reads a {@code len}-byte string payload (its header already read; {@code len} already bounds-checked). */
    String read(MessageUnpacker unpacker, int len) throws IOException {
        if (len > MAX_NAME) {
            return new String(unpacker.readPayload(len), StandardCharsets.UTF_8);
        }
        unpacker.readPayload(scratch, 0, len);
        int h = len;
        for (int i = 0; i < len; i++) {
            h = 31 * h + scratch[i];
        }
        int slot = (h ^ (h >>> 7)) & (SLOTS - 1);
        byte[] key = keys[slot];
        if (key != null && key.length == len && Arrays.equals(key, 0, len, scratch, 0, len)) {
            String cached = values[slot];
            if (cached != null) {
                return cached;
            }
        }
        String name = new String(scratch, 0, len, StandardCharsets.UTF_8);
        keys[slot] = Arrays.copyOf(scratch, len);
        values[slot] = name;
        return name;
    }
}
