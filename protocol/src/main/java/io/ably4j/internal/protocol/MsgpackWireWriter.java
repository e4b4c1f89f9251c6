package io.ably4j.internal.protocol;

import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * A {@link WireWriter} over a reused msgpack-core packer writing into a reused byte array. (msgpack-core's
 * {@code MessageBufferPacker.clear()} drops its 8 KiB buffers, so reusing one still allocates per frame; a
 * packer over our own stream keeps both its buffer and ours.) Not thread-safe.
 */
final class MsgpackWireWriter extends WireWriter {
    private static final int NAME_SLOTS = 64;

    private final byte[][] packedNames = new byte[NAME_SLOTS][];
    private final String[] namesBySlot = new String[NAME_SLOTS];
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    private final MessagePacker packer = MessagePack.newDefaultPacker(out);

    /** Discards anything written so far, keeping the buffers. */
    void clear() {
        packer.clear();
        out.reset();
    }

    /** The bytes written since the last {@link #clear()}. */
    byte[] toByteArray() throws IOException {
        packer.flush();
        return out.toByteArray();
    }

    @Override
    void beginMap(int entries) throws IOException {
        packer.packMapHeader(entries);
    }

    @Override
    void endMap() {}

    @Override
    void beginArray(int elements) throws IOException {
        packer.packArrayHeader(elements);
    }

    @Override
    void endArray() {}

    @Override
    void name(String name) throws IOException {
        // Field names are constants: pack each one's header and UTF-8 bytes once, then copy them.
        int slot = System.identityHashCode(name) & (NAME_SLOTS - 1);
        byte[] packed = packedNames[slot];
        if (packed == null || !name.equals(namesBySlot[slot])) {
            packed = packName(name);
            packedNames[slot] = packed;
            namesBySlot[slot] = name;
        }
        packer.writePayload(packed);
    }

    private static byte[] packName(String name) throws IOException {
        MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
        p.packString(name);
        return p.toByteArray();
    }

    @Override
    void string(String value) throws IOException {
        packer.packString(value);
    }

    @Override
    void number(long value) throws IOException {
        packer.packLong(value);
    }

    @Override
    void nil() throws IOException {
        packer.packNil();
    }

    @Override
    void binary(byte[] value) throws IOException {
        packer.packBinaryHeader(value.length);
        packer.writePayload(value);
    }

    @Override
    void json(Json value) throws IOException {
        packTree(value.toValue());
    }

    private void packTree(@Nullable Object v) throws IOException {
        if (v == null) {
            packer.packNil();
        } else if (v instanceof String s) {
            packer.packString(s);
        } else if (v instanceof Boolean b) {
            packer.packBoolean(b);
        } else if (v instanceof Long l) {
            packer.packLong(l);
        } else if (v instanceof Double d) {
            packer.packDouble(d);
        } else if (v instanceof BigInteger big) {
            if (big.bitLength() > 64 || (big.signum() < 0 && big.bitLength() > 63)) {
                throw new AblyException(
                        ErrorInfo.of(40013, 400, "JSON integer " + big + " cannot be represented in msgpack"));
            }
            packer.packBigInteger(big);
        } else if (v instanceof BigDecimal dec) {
            packer.packDouble(dec.doubleValue());
        } else if (v instanceof Map<?, ?> map) {
            packer.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                packer.packString(String.valueOf(e.getKey()));
                packTree(e.getValue());
            }
        } else if (v instanceof List<?> list) {
            packer.packArrayHeader(list.size());
            for (Object item : list) {
                packTree(item);
            }
        } else {
            throw new IllegalStateException("unexpected JSON tree node " + v.getClass());
        }
    }
}
