package io.ably4j.emulator.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.ably4j.internal.protocol.DataEncoding;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;
import org.msgpack.value.ValueType;

/**
 * The emulator's own codec for the Ably wire formats, independent of the client's codecs so that a
 * codec bug cannot hide itself symmetrically in client tests. Values are a generic tree: {@code
 * Map<String,Object>} (insertion ordered), {@code List<Object>}, {@code String}, {@code Long},
 * {@code Double}, {@code Boolean} and {@code byte[]}; {@code null} never appears (absent fields are
 * omitted, msgpack nil and JSON null are dropped on decode).
 */
public final class Wire {
    private static final int MAX_DEPTH = 64;
    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private Wire() {}

    /** Thrown for input that is not a well-formed document of the expected shape. */
    public static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        public MalformedException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /** Decodes a JSON object. */
    public static Map<String, Object> decodeJsonObject(String text) throws MalformedException {
        Object value = decodeJson(text);
        if (!(value instanceof Map)) {
            throw new MalformedException("expected a JSON object", null);
        }
        return castMap(value);
    }

    /** Decodes any JSON value (never JSON null at top level). */
    public static Object decodeJson(String text) throws MalformedException {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new MalformedException("empty JSON document", null);
            }
            Object value = readJson(p, t);
            if (value == null) {
                throw new MalformedException("null document", null);
            }
            if (p.nextToken() != null) {
                throw new MalformedException("trailing content after JSON value", null);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new MalformedException("malformed JSON: " + e.getMessage(), e);
        }
    }

    private static @Nullable Object readJson(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken vt = p.nextToken();
                    Object v = readJson(p, vt);
                    if (v != null) {
                        map.put(name, v);
                    }
                }
                yield map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken et;
                while ((et = p.nextToken()) != JsonToken.END_ARRAY) {
                    Object v = readJson(p, et);
                    if (v != null) {
                        list.add(v);
                    }
                }
                yield list;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected token " + t);
        };
    }

    /** Encodes a value tree as white-space free JSON; {@code byte[]} becomes a base64 string. */
    public static String encodeJson(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            writeJson(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeJson(JsonGenerator g, Object value) throws IOException {
        if (value instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<String, Object> e : castMap(map).entrySet()) {
                g.writeFieldName(e.getKey());
                writeJson(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                writeJson(g, o);
            }
            g.writeEndArray();
        } else if (value instanceof String str) {
            g.writeString(str);
        } else if (value instanceof Long || value instanceof Integer) {
            g.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number n) {
            g.writeNumber(n.doubleValue());
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof byte[] bytes) {
            g.writeString(Base64.getEncoder().encodeToString(bytes));
        } else {
            throw new IllegalArgumentException("not a wire value: " + value.getClass());
        }
    }

    /** Decodes a msgpack map. */
    public static Map<String, Object> decodeMsgpackObject(byte[] bytes) throws MalformedException {
        Object value = decodeMsgpack(bytes);
        if (!(value instanceof Map)) {
            throw new MalformedException("expected a msgpack map", null);
        }
        return castMap(value);
    }

    /** Decodes any msgpack value (never nil at top level). */
    public static Object decodeMsgpack(byte[] bytes) throws MalformedException {
        MsgpackScratch scratch = SCRATCH.get();
        if (scratch.inUse) {
            scratch = new MsgpackScratch(); // re-entered on this thread: use a private one
        }
        scratch.inUse = true;
        try {
            MessageUnpacker u = scratch.unpacker(bytes);
            if (!u.hasNext()) {
                throw new MalformedException("empty msgpack document", null);
            }
            Object value = readMsgpack(u, 0);
            if (value == null) {
                throw new MalformedException("nil document", null);
            }
            if (u.hasNext()) {
                throw new MalformedException("trailing content after msgpack value", null);
            }
            return value;
        } catch (IOException | RuntimeException e) {
            throw new MalformedException("malformed msgpack: " + e.getMessage(), e);
        } finally {
            scratch.inUse = false;
        }
    }

    /**
     * A packer and an unpacker reused by one thread: creating them per frame allocated several KiB each time (the
     * unpacker's string decoder buffer, the packer's first chunk), most of the emulator's msgpack cost.
     */
    private static final class MsgpackScratch {
        boolean inUse;
        private @Nullable MessageUnpacker unpacker;
        private @Nullable MessageBufferPacker packer;

        MessageUnpacker unpacker(byte[] bytes) throws IOException {
            MessageUnpacker u = unpacker;
            if (u == null) {
                u = MessagePack.newDefaultUnpacker(bytes);
                unpacker = u;
            } else {
                u.reset(new ArrayBufferInput(bytes));
            }
            return u;
        }

        MessageBufferPacker packer() {
            MessageBufferPacker p = packer;
            if (p == null) {
                p = PACKER.newBufferPacker();
                packer = p;
            } else {
                p.clear();
            }
            return p;
        }
    }

    private static final ThreadLocal<MsgpackScratch> SCRATCH = ThreadLocal.withInitial(MsgpackScratch::new);
    /** A map key's bytes while it is looked up ({@link MsgpackKeys}); used before any nested value is read. */
    private static final ThreadLocal<byte[]> KEY_SCRATCH = ThreadLocal.withInitial(MsgpackKeys::scratch);

    private static @Nullable Object readMsgpack(MessageUnpacker u, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IOException("nesting too deep");
        }
        MessageFormat f = u.getNextFormat();
        ValueType type = f.getValueType();
        return switch (type) {
            case NIL -> {
                u.unpackNil();
                yield null;
            }
            case BOOLEAN -> u.unpackBoolean();
            case INTEGER -> u.unpackLong();
            case FLOAT -> u.unpackDouble();
            case STRING -> u.unpackString();
            case BINARY -> u.readPayload(u.unpackBinaryHeader());
            case ARRAY -> {
                int n = u.unpackArrayHeader();
                List<Object> list = new ArrayList<>(Math.min(n, 1024));
                for (int i = 0; i < n; i++) {
                    Object v = readMsgpack(u, depth + 1);
                    if (v != null) {
                        list.add(v);
                    }
                }
                yield list;
            }
            case MAP -> {
                int n = u.unpackMapHeader();
                Map<String, Object> map = new LinkedHashMap<>(Math.min(n, 1024) * 4 / 3 + 1);
                byte[] keyBytes = KEY_SCRATCH.get();
                for (int i = 0; i < n; i++) {
                    String key = MsgpackKeys.read(u, keyBytes);
                    Object v = readMsgpack(u, depth + 1);
                    if (v != null) {
                        map.put(key, v);
                    }
                }
                yield map;
            }
            default -> throw new IOException("unsupported msgpack type " + type);
        };
    }

    // The default packer allocates an 8 KiB first chunk per frame; most frames are a few hundred bytes.
    private static final MessagePack.PackerConfig PACKER = new MessagePack.PackerConfig().withBufferSize(1024);

    /** Encodes a value tree as msgpack. */
    public static byte[] encodeMsgpack(Object value) {
        MsgpackScratch scratch = SCRATCH.get();
        if (scratch.inUse) {
            scratch = new MsgpackScratch();
        }
        scratch.inUse = true;
        try {
            MessageBufferPacker p = scratch.packer();
            writeMsgpack(p, value);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            scratch.inUse = false;
        }
    }

    private static void writeMsgpack(MessageBufferPacker p, Object value) throws IOException {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> map = castMap(m);
            p.packMapHeader(map.size());
            for (Map.Entry<String, Object> e : map.entrySet()) {
                p.packString(e.getKey());
                writeMsgpack(p, e.getValue());
            }
        } else if (value instanceof List<?> list) {
            p.packArrayHeader(list.size());
            for (Object o : list) {
                writeMsgpack(p, o);
            }
        } else if (value instanceof String str) {
            p.packString(str);
        } else if (value instanceof Long || value instanceof Integer) {
            p.packLong(((Number) value).longValue());
        } else if (value instanceof Number n) {
            p.packDouble(n.doubleValue());
        } else if (value instanceof Boolean bool) {
            p.packBoolean(bool);
        } else if (value instanceof byte[] b) {
            p.packBinaryHeader(b.length);
            p.writePayload(b);
        } else {
            throw new IllegalArgumentException("not a wire value: " + value.getClass());
        }
    }

    /** Unchecked view of a decoded map (decoders only produce {@code Map<String,Object>}). */
    @SuppressWarnings("unchecked") // every map in a wire tree is built by this class as Map<String,Object>
    public static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    /** Deep copy of a value tree (byte arrays are shared; they are never mutated). */
    public static Object deepCopy(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            castMap(map).forEach((k, v) -> copy.put(k, deepCopy(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            for (Object o : list) {
                copy.add(deepCopy(o));
            }
            return copy;
        }
        return value;
    }

    /** UTF-8 bytes of a string. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Cheap upper-bound estimate of a value tree's encoded size. */
    public static long estimate(@Nullable Object value) {
        if (value instanceof String str) {
            return 2L + str.length() * 3L;
        }
        if (value instanceof byte[] bytes) {
            return 2L + bytes.length * 2L;
        }
        if (value instanceof Map<?, ?> map) {
            long n = 2;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                n += 4 + String.valueOf(e.getKey()).length() + estimate(e.getValue());
            }
            return n;
        }
        if (value instanceof List<?> list) {
            long n = 2;
            for (Object o : list) {
                n += 1 + estimate(o);
            }
            return n;
        }
        return 20;
    }

    /** Approximate wire size of a value (used for maxMessageSize checks). */
    public static long size(@Nullable Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof String str) {
            return DataEncoding.utf8Length(str);
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof Map || value instanceof List) {
            return encodeJson(value).length();
        }
        return 8;
    }
}
