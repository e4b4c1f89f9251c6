package io.ably4j.internal.protocol;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Builds msgpack test frames from JSON text, so one hand-written frame serves both formats. */
final class MsgpackTestSupport {
    private MsgpackTestSupport() {}

    /** The msgpack form of a JSON text (integers as msgpack ints, other numbers as float64). */
    /** Integers on both sides of every msgpack integer width (fixint, int8..int64, uint8..uint64). */
    static long[] integerBoundaries() {
        return new long[] {
            0,
            1,
            127,
            128,
            255,
            256,
            65535,
            65536,
            0xffff_ffffL,
            0x1_0000_0000L,
            Long.MAX_VALUE,
            -1,
            -31,
            -32,
            -33,
            -127,
            -128,
            -129,
            -32767,
            -32768,
            -32769,
            Integer.MIN_VALUE + 1L,
            Integer.MIN_VALUE,
            Integer.MIN_VALUE - 1L,
            Integer.MAX_VALUE,
            Integer.MAX_VALUE + 1L,
            Long.MIN_VALUE,
            Long.MIN_VALUE + 1
        };
    }

    static byte[] fromJson(String json) {
        try (JsonParser p = JsonWireReader.FACTORY.createParser(json)) {
            p.nextToken();
            Object tree = read(p);
            MessageBufferPacker packer = MessagePack.newDefaultBufferPacker();
            pack(packer, tree);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static @Nullable Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT -> {
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    map.put(name, read(p));
                }
                return map;
            }
            case START_ARRAY -> {
                List<@Nullable Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(p));
                }
                return list;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT -> {
                return p.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return p.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return true;
            }
            case VALUE_FALSE -> {
                return false;
            }
            default -> {
                return null;
            }
        }
    }

    static void pack(MessageBufferPacker packer, @Nullable Object v) throws IOException {
        if (v == null) {
            packer.packNil();
        } else if (v instanceof String s) {
            packer.packString(s);
        } else if (v instanceof Long l) {
            packer.packLong(l);
        } else if (v instanceof Double d) {
            packer.packDouble(d);
        } else if (v instanceof Boolean b) {
            packer.packBoolean(b);
        } else if (v instanceof byte[] bytes) {
            packer.packBinaryHeader(bytes.length);
            packer.writePayload(bytes);
        } else if (v instanceof Map<?, ?> map) {
            packer.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                packer.packString((String) e.getKey());
                pack(packer, e.getValue());
            }
        } else if (v instanceof List<?> list) {
            packer.packArrayHeader(list.size());
            for (Object item : list) {
                pack(packer, item);
            }
        } else {
            throw new IllegalArgumentException(v.getClass().getName());
        }
    }
}
