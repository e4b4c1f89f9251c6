package io.ably4j.internal.protocol;

import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WireWriter} into a reused {@link MsgpackOutput}: nothing is allocated per value, so encoding a frame
 * allocates only its resulting array. Not thread-safe.
 */
final class MsgpackWireWriter extends WireWriter {
    private static final int NAME_SLOTS = 128; // sets of two; Ably has ~55 field names

    private final MsgpackOutput out = new MsgpackOutput();
    private final String[] names = new String[NAME_SLOTS];
    private final byte[][] packedNames = new byte[NAME_SLOTS][];

    /** Discards anything written so far, keeping the buffer. */
    void clear() {
        out.reset();
    }

    /** A fresh copy of the bytes written since the last {@link #clear()}. */
    byte[] toByteArray() {
        return out.toByteArray();
    }

    @Override
    void beginMap(int entries) {
        out.writeMapHeader(entries);
    }

    @Override
    void endMap() {}

    @Override
    void beginArray(int elements) {
        out.writeArrayHeader(elements);
    }

    @Override
    void endArray() {}

    /**
     * Field names are string constants: each one's encoding is kept, keyed by identity, and copied in. A name
     * finds a slot in one of two ways of its set or is written directly; a slot, once taken, is never given to
     * another name, so names cannot evict each other frame after frame, and the steady state allocates nothing.
     */
    @Override
    // Identity is the point: the cache is keyed by the constant's instance, and equals() would cost a compare.
    @SuppressWarnings("ReferenceEquality")
    void name(String name) {
        int slot = System.identityHashCode(name) & (NAME_SLOTS - 2);
        for (int i = slot; i <= slot + 1; i++) {
            String cached = names[i];
            if (cached == name) {
                byte[] packed = packedNames[i];
                out.writePayload(packed, 0, packed.length);
                return;
            }
            if (cached == null) {
                int start = out.size();
                out.writeString(name);
                packedNames[i] = out.copyFrom(start);
                names[i] = name;
                return;
            }
        }
        out.writeString(name);
    }

    @Override
    void key(String key) {
        out.writeString(key);
    }

    @Override
    void string(String value) {
        out.writeString(value);
    }

    @Override
    void number(long value) {
        out.writeLong(value);
    }

    @Override
    void nil() {
        out.writeNil();
    }

    @Override
    void binary(byte[] value) {
        out.writeBinary(value);
    }

    @Override
    void json(Json value) {
        packTree(value.toValue());
    }

    private void packTree(@Nullable Object v) {
        if (v == null) {
            out.writeNil();
        } else if (v instanceof String s) {
            out.writeString(s);
        } else if (v instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (v instanceof Long l) {
            out.writeLong(l);
        } else if (v instanceof Double d) {
            out.writeDouble(d);
        } else if (v instanceof BigInteger big) {
            if (big.bitLength() > 64 || (big.signum() < 0 && big.bitLength() > 63)) {
                throw new AblyException(
                        ErrorInfo.of(40013, 400, "JSON integer " + big + " cannot be represented in msgpack"));
            }
            out.writeBigInteger(big);
        } else if (v instanceof BigDecimal dec) {
            out.writeDouble(dec.doubleValue());
        } else if (v instanceof Map<?, ?> map) {
            out.writeMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.writeString(String.valueOf(e.getKey()));
                packTree(e.getValue());
            }
        } else if (v instanceof List<?> list) {
            out.writeArrayHeader(list.size());
            for (Object item : list) {
                packTree(item);
            }
        } else {
            throw new IllegalStateException("unexpected JSON tree node " + v.getClass());
        }
    }
}
