package io.ably4j.internal.protocol.encoding;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;

/**
 * Minimal msgpack reading and writing with msgpack-core, independent of the production codecs: maps keyed by
 * string, {@code str} as {@link String}, {@code bin} as {@code byte[]}.
 */
final class MsgpackValues {
    private MsgpackValues() {}

    /** Unpacks one msgpack value. */
    static Value unpackValue(byte[] bytes) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            return u.unpackValue();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packs one msgpack value. */
    static byte[] packValue(Value value) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packValue(value);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unpacks one msgpack map. */
    static Map<String, Value> unpackMap(byte[] bytes) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            Value v = u.unpackValue();
            assertThat(u.hasNext()).as("trailing bytes").isFalse();
            return toMap(v);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Value> toMap(Value v) {
        assertThat(v.isMapValue()).as("msgpack map").isTrue();
        Map<String, Value> out = new LinkedHashMap<>();
        for (Map.Entry<Value, Value> e : v.asMapValue().map().entrySet()) {
            out.put(e.getKey().asStringValue().asString(), e.getValue());
        }
        return out;
    }

    /** A msgpack str as String, bin as byte[], nil (or absent) as null. */
    static @Nullable Object data(@Nullable Value v) {
        if (v == null || v.isNilValue()) {
            return null;
        }
        if (v.isBinaryValue()) {
            return v.asBinaryValue().asByteArray();
        }
        if (v.isStringValue()) {
            return v.asStringValue().asString();
        }
        throw new AssertionError("unexpected msgpack data type " + v.getValueType());
    }

    static @Nullable String string(@Nullable Value v) {
        return v == null || v.isNilValue() ? null : v.asStringValue().asString();
    }

    /** Packs a map of String keys to String, byte[], Long, nested maps or single-message arrays (absent nulls). */
    static byte[] pack(Map<String, @Nullable Object> map) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            packValue(p, map);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked") // maps built by the tests are always Map<String, Object>
    private static void packValue(MessageBufferPacker p, @Nullable Object v) throws IOException {
        if (v == null) {
            p.packNil();
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof byte[] b) {
            p.packBinaryHeader(b.length);
            p.writePayload(b);
        } else if (v instanceof Long l) {
            p.packLong(l);
        } else if (v instanceof Map<?, ?> m) {
            Map<String, @Nullable Object> present = new LinkedHashMap<>();
            ((Map<String, @Nullable Object>) m).forEach((k, val) -> {
                if (val != null) {
                    present.put(k, val);
                }
            });
            p.packMapHeader(present.size());
            for (Map.Entry<String, @Nullable Object> e : present.entrySet()) {
                p.packString(e.getKey());
                packValue(p, e.getValue());
            }
        } else if (v instanceof java.util.List<?> list) {
            p.packArrayHeader(list.size());
            for (Object item : list) {
                packValue(p, item);
            }
        } else {
            throw new AssertionError("cannot pack " + v.getClass());
        }
    }
}
