package io.ably4j.internal.rest;

import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * REST bodies that are not message lists (publish results, channel details, batch requests and results) as plain
 * trees, in either wire format: maps ({@code Map<String, Object>}, keys in order), lists, {@code String}, {@code Long},
 * {@code Double}, {@code Boolean}, {@code byte[]} (msgpack binary) and null. A {@link Raw} value in a tree being
 * encoded is spliced in as it is: message lists already encoded by the protocol codec. Stateless and thread-safe.
 */
final class WireTree {
    /** An already encoded value, in the format of the tree it is spliced into. */
    static final class Raw {
        private final byte[] bytes;

        /** @param bytes the encoded value (not copied: callers must not change it) */
        Raw(byte[] bytes) {
            this.bytes = bytes;
        }

        byte[] bytes() {
            return bytes;
        }
    }

    private static final int MAX_DEPTH = 64;

    private WireTree() {}

    /**
     * The tree of {@code body}.
     *
     * @throws AblyException 50000/500 for a body that is not one well-formed value
     */
    static @Nullable Object decode(byte[] body, WireFormat format) {
        if (format == WireFormat.JSON) {
            try {
                return Json.parse(new String(body, StandardCharsets.UTF_8)).toValue();
            } catch (AblyException e) {
                throw malformed(e.errorInfo().message());
            }
        }
        Reader r = new Reader(body);
        Object value = r.read(0);
        if (r.pos != body.length) {
            throw malformed("trailing bytes after the msgpack value");
        }
        return value;
    }

    /** {@code tree} encoded in {@code format}. */
    static byte[] encode(@Nullable Object tree, WireFormat format) {
        if (format == WireFormat.JSON) {
            return Json.of(toJsonTree(tree)).text().getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, tree);
        return out.toByteArray();
    }

    static AblyException malformed(String detail) {
        return new AblyException(ErrorInfo.of(Errors.INTERNAL_ERROR, 500, "Malformed response body: " + detail));
    }

    private static @Nullable Object toJsonTree(@Nullable Object tree) {
        if (tree instanceof Raw raw) {
            return Json.parse(new String(raw.bytes(), StandardCharsets.UTF_8));
        }
        if (tree instanceof Map<?, ?> map) {
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), toJsonTree(v)));
            return out;
        }
        if (tree instanceof List<?> list) {
            List<@Nullable Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(toJsonTree(v)));
            return out;
        }
        return tree;
    }

    // ---------------------------------------------------------------- msgpack writing

    private static void write(ByteArrayOutputStream out, @Nullable Object v) {
        if (v == null) {
            out.write(0xc0);
        } else if (v instanceof Raw raw) {
            out.writeBytes(raw.bytes());
        } else if (v instanceof Boolean b) {
            out.write(b ? 0xc3 : 0xc2);
        } else if (v instanceof Double || v instanceof Float) {
            out.write(0xcb);
            writeLong(out, Double.doubleToLongBits(((Number) v).doubleValue()), 8);
        } else if (v instanceof Number n) {
            writeInteger(out, n.longValue());
        } else if (v instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            header(out, utf8.length, 0xa0, 31, 0xd9, 0xda, 0xdb);
            out.writeBytes(utf8);
        } else if (v instanceof byte[] bytes) {
            header(out, bytes.length, -1, -1, 0xc4, 0xc5, 0xc6);
            out.writeBytes(bytes);
        } else if (v instanceof List<?> list) {
            header(out, list.size(), 0x90, 15, -1, 0xdc, 0xdd);
            list.forEach(e -> write(out, e));
        } else if (v instanceof Map<?, ?> map) {
            header(out, map.size(), 0x80, 15, -1, 0xde, 0xdf);
            map.forEach((k, e) -> {
                write(out, String.valueOf(k));
                write(out, e);
            });
        } else {
            throw Errors.badArgument("Cannot encode a " + v.getClass().getName() + " in a request body");
        }
    }

    private static void writeInteger(ByteArrayOutputStream out, long n) {
        if (n >= 0 && n < 128) {
            out.write((int) n);
        } else if (n < 0 && n >= -32) {
            out.write((int) n & 0xff);
        } else if (n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE) {
            out.write(0xd2);
            writeLong(out, n, 4);
        } else {
            out.write(0xd3);
            writeLong(out, n, 8);
        }
    }

    /** A length header: fix form up to {@code fixMax}, then 8, 16 or 32 bits (-1 where the form does not exist). */
    private static void header(ByteArrayOutputStream out, int n, int fix, int fixMax, int b8, int b16, int b32) {
        if (fix >= 0 && n <= fixMax) {
            out.write(fix | n);
        } else if (b8 >= 0 && n < 256) {
            out.write(b8);
            out.write(n);
        } else if (n < 65536) {
            out.write(b16);
            writeLong(out, n, 2);
        } else {
            out.write(b32);
            writeLong(out, n, 4);
        }
    }

    private static void writeLong(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xff);
        }
    }

    // ---------------------------------------------------------------- msgpack reading

    /** A cursor over a msgpack value; every length is checked against the bytes left. */
    private static final class Reader {
        private final byte[] in;
        private int pos;

        Reader(byte[] in) {
            this.in = in;
        }

        @Nullable
        Object read(int depth) {
            if (depth > MAX_DEPTH) {
                throw malformed("nested too deeply");
            }
            int b = u8();
            if (b <= 0x7f) {
                return (long) b;
            }
            if (b >= 0xe0) {
                return (long) (byte) b;
            }
            if (b <= 0x8f) {
                return map(b & 0x0f, depth);
            }
            if (b <= 0x9f) {
                return array(b & 0x0f, depth);
            }
            if (b <= 0xbf) {
                return string(b & 0x1f);
            }
            return switch (b) {
                case 0xc0 -> null;
                case 0xc2 -> false;
                case 0xc3 -> true;
                case 0xc4 -> bytes(u8());
                case 0xc5 -> bytes(length(2));
                case 0xc6 -> bytes(length(4));
                case 0xc7 -> skipExt(u8());
                case 0xc8 -> skipExt(length(2));
                case 0xc9 -> skipExt(length(4));
                case 0xca -> (double) Float.intBitsToFloat((int) number(4));
                case 0xcb -> Double.longBitsToDouble(number(8));
                case 0xcc -> number(1);
                case 0xcd -> number(2);
                case 0xce -> number(4);
                case 0xcf -> unsigned64();
                case 0xd0 -> (long) (byte) number(1);
                case 0xd1 -> (long) (short) number(2);
                case 0xd2 -> (long) (int) number(4);
                case 0xd3 -> number(8);
                case 0xd4 -> skipExt(1);
                case 0xd5 -> skipExt(2);
                case 0xd6 -> skipExt(4);
                case 0xd7 -> skipExt(8);
                case 0xd8 -> skipExt(16);
                case 0xd9 -> string(u8());
                case 0xda -> string(length(2));
                case 0xdb -> string(length(4));
                case 0xdc -> array(length(2), depth);
                case 0xdd -> array(length(4), depth);
                case 0xde -> map(length(2), depth);
                case 0xdf -> map(length(4), depth);
                default -> throw malformed("unknown msgpack type byte 0x" + Integer.toHexString(b));
            };
        }

        private Map<String, @Nullable Object> map(int n, int depth) {
            need(n); // at least one byte per entry
            Map<String, @Nullable Object> out = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                Object key = read(depth + 1);
                out.put(String.valueOf(key), read(depth + 1));
            }
            return out;
        }

        private List<@Nullable Object> array(int n, int depth) {
            need(n);
            List<@Nullable Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(read(depth + 1));
            }
            return out;
        }

        private String string(int n) {
            need(n);
            String s = new String(in, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        private byte[] bytes(int n) {
            need(n);
            byte[] out = new byte[n];
            System.arraycopy(in, pos, out, 0, n);
            pos += n;
            return out;
        }

        private @Nullable Object skipExt(int n) {
            need(n + 1L);
            pos += n + 1; // the type byte, then the data
            return null;
        }

        private int length(int bytes) {
            long n = number(bytes);
            if (n > Integer.MAX_VALUE) {
                throw malformed("length too large");
            }
            return (int) n;
        }

        private long unsigned64() {
            long n = number(8);
            if (n < 0) {
                throw malformed("integer out of range");
            }
            return n;
        }

        private long number(int bytes) {
            need(bytes);
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                v = (v << 8) | (in[pos++] & 0xff);
            }
            return v;
        }

        private int u8() {
            need(1);
            return in[pos++] & 0xff;
        }

        private void need(long n) {
            if (n > in.length - pos) {
                throw malformed("truncated msgpack value");
            }
        }
    }
}
