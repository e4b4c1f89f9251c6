package io.ably4j.internal.protocol;

import io.ably4j.internal.protocol.WireReader.Kind;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal msgpack cursor over a byte range, reading values in place. Every read checks the bytes it needs
 * against the end of the range, and every length read from a header is checked against the bytes left before
 * anything is allocated; violations throw {@link ProtocolDecodeException}. Extension values are recognised
 * only to be skipped. Not thread-safe; {@link #reset} it per frame.
 */
final class MsgpackInput {
    private static final Kind[] KINDS = new Kind[256];

    static {
        for (int b = 0; b < 256; b++) {
            KINDS[b] = kindOf(b);
        }
    }

    private static Kind kindOf(int b) {
        if (b <= 0x7f || b >= 0xe0) {
            return Kind.INTEGER; // positive and negative fixint
        }
        if (b <= 0x8f) {
            return Kind.MAP;
        }
        if (b <= 0x9f) {
            return Kind.ARRAY;
        }
        if (b <= 0xbf) {
            return Kind.STRING;
        }
        return switch (b) {
            case 0xc0 -> Kind.NULL;
            case 0xc2, 0xc3 -> Kind.BOOLEAN;
            case 0xc4, 0xc5, 0xc6 -> Kind.BINARY;
            case 0xca, 0xcb -> Kind.FLOAT;
            case 0xcc, 0xcd, 0xce, 0xcf, 0xd0, 0xd1, 0xd2, 0xd3 -> Kind.INTEGER;
            case 0xd9, 0xda, 0xdb -> Kind.STRING;
            case 0xdc, 0xdd -> Kind.ARRAY;
            case 0xde, 0xdf -> Kind.MAP;
            default -> Kind.OTHER; // extensions (0xc7-0xc9, 0xd4-0xd8) and the reserved 0xc1
        };
    }

    private byte[] buf = new byte[0];
    private int pos;
    private int end;

    /** Reads {@code len} bytes of {@code bytes} from {@code off} (the range must be valid). */
    void reset(byte[] bytes, int off, int len) {
        buf = bytes;
        pos = off;
        end = off + len;
    }

    /** The bytes not yet read. */
    int remaining() {
        return end - pos;
    }

    /** Throws unless {@code n} more bytes are available. */
    private void require(long n) {
        if (n > end - pos) {
            throw new ProtocolDecodeException("Unexpected end of msgpack input");
        }
    }

    /** Throws unless a payload of {@code n} bytes fits in what is left. */
    private void checkLength(long n, String what) {
        if (n > end - pos) {
            throw new ProtocolDecodeException("Malformed msgpack: " + what + " of length " + n + " exceeds the "
                    + (end - pos) + " bytes left in the frame");
        }
    }

    /** The first byte of the next value, not consumed. */
    int head() {
        require(1);
        return buf[pos] & 0xff;
    }

    /** The kind of the next value; the reserved byte {@code 0xc1} is rejected. */
    Kind peek() {
        int b = head();
        if (b == 0xc1) {
            throw new ProtocolDecodeException("Malformed msgpack: reserved byte 0xc1");
        }
        return KINDS[b];
    }

    private int u8() {
        require(1);
        return buf[pos++] & 0xff;
    }

    private int u16() {
        require(2);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    /** A big-endian 32-bit value (as an int; callers treat it as unsigned where the format says so). */
    private int i32() {
        require(4);
        int v = ((buf[pos] & 0xff) << 24)
                | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8)
                | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    private long i64() {
        require(8);
        long hi = i32();
        return (hi << 32) | (i32() & 0xffffffffL);
    }

    private static ProtocolDecodeException unexpected(String expected, int b) {
        return new ProtocolDecodeException(
                "Expected " + expected + " but found " + KINDS[b].describe() + String.format(" (0x%02x)", b));
    }

    void readNil() {
        int b = head();
        if (b != 0xc0) {
            throw unexpected("nil", b);
        }
        pos++;
    }

    boolean readBoolean() {
        int b = head();
        if (b != 0xc2 && b != 0xc3) {
            throw unexpected("a boolean", b);
        }
        pos++;
        return b == 0xc3;
    }

    /** A map header's entry count, checked against the bytes left (each entry needs at least one). */
    long readMapHeader() {
        int b = head();
        long n;
        if ((b & 0xf0) == 0x80) {
            pos++;
            n = b & 0x0f;
        } else if (b == 0xde) {
            pos++;
            n = u16();
        } else if (b == 0xdf) {
            pos++;
            n = i32() & 0xffffffffL;
        } else {
            throw unexpected("a map", b);
        }
        checkLength(n, "map");
        return n;
    }

    /** An array header's element count, checked against the bytes left (each element needs at least one). */
    long readArrayHeader() {
        int b = head();
        long n;
        if ((b & 0xf0) == 0x90) {
            pos++;
            n = b & 0x0f;
        } else if (b == 0xdc) {
            pos++;
            n = u16();
        } else if (b == 0xdd) {
            pos++;
            n = i32() & 0xffffffffL;
        } else {
            throw unexpected("an array", b);
        }
        checkLength(n, "array");
        return n;
    }

    /** A string header's byte length, checked against the bytes left; the payload follows at {@link #pos()}. */
    int readStringHeader() {
        int b = head();
        long n;
        if ((b & 0xe0) == 0xa0) {
            pos++;
            n = b & 0x1f;
        } else if (b == 0xd9) {
            pos++;
            n = u8();
        } else if (b == 0xda) {
            pos++;
            n = u16();
        } else if (b == 0xdb) {
            pos++;
            n = i32() & 0xffffffffL;
        } else {
            throw unexpected("a string", b);
        }
        checkLength(n, "string");
        return (int) n;
    }

    /** A binary header's byte length, checked against the bytes left. */
    int readBinaryHeader() {
        int b = head();
        long n;
        if (b == 0xc4) {
            pos++;
            n = u8();
        } else if (b == 0xc5) {
            pos++;
            n = u16();
        } else if (b == 0xc6) {
            pos++;
            n = i32() & 0xffffffffL;
        } else {
            throw unexpected("binary", b);
        }
        checkLength(n, "binary");
        return (int) n;
    }

    /** The backing array of the input, for reading a payload in place. */
    byte[] array() {
        return buf;
    }

    /** The position of the next unread byte in {@link #array()}. */
    int pos() {
        return pos;
    }

    /** Skips {@code n} bytes of a payload whose length was checked by its header read. */
    void skipPayload(int n) {
        pos += n;
    }

    /** A string, decoded from UTF-8 in place (malformed sequences become U+FFFD). */
    String readString() {
        int len = readStringHeader();
        String s = new String(buf, pos, len, StandardCharsets.UTF_8);
        pos += len;
        return s;
    }

    /** A binary value, copied out. */
    byte[] readBinary() {
        int len = readBinaryHeader();
        byte[] bytes = Arrays.copyOfRange(buf, pos, pos + len);
        pos += len;
        return bytes;
    }

    /** An integer that fits in a {@code long}. */
    long readLong() {
        int b = head();
        if (b <= 0x7f || b >= 0xe0) {
            pos++;
            return (byte) b; // positive and negative fixint
        }
        switch (b) {
            case 0xcc -> {
                pos++;
                return u8();
            }
            case 0xcd -> {
                pos++;
                return u16();
            }
            case 0xce -> {
                pos++;
                return i32() & 0xffffffffL;
            }
            case 0xcf -> {
                pos++;
                long v = i64();
                if (v < 0) {
                    throw new ProtocolDecodeException(
                            "Malformed msgpack: integer " + Long.toUnsignedString(v) + " is out of range");
                }
                return v;
            }
            case 0xd0 -> {
                pos++;
                require(1);
                return buf[pos++];
            }
            case 0xd1 -> {
                pos++;
                return (short) u16();
            }
            case 0xd2 -> {
                pos++;
                return i32();
            }
            case 0xd3 -> {
                pos++;
                return i64();
            }
            default -> throw unexpected("an integer", b);
        }
    }

    /** Any integer, including a uint64 above {@link Long#MAX_VALUE}. */
    BigInteger readBigInteger() {
        if (head() == 0xcf) {
            pos++;
            long v = i64();
            return v >= 0 ? BigInteger.valueOf(v) : new BigInteger(Long.toUnsignedString(v));
        }
        return BigInteger.valueOf(readLong());
    }

    /** A float32 or float64. */
    double readDouble() {
        int b = head();
        if (b == 0xca) {
            pos++;
            return Float.intBitsToFloat(i32());
        }
        if (b == 0xcb) {
            pos++;
            return Double.longBitsToDouble(i64());
        }
        throw unexpected("a float", b);
    }

    /**
     * Skips one scalar (anything but a map or an array), payload included; extensions are skipped too. Throws if
     * the value runs past the end of the input.
     */
    void skipScalar() {
        int b = head();
        long size; // bytes after the first
        if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3) {
            size = 0;
        } else if ((b & 0xe0) == 0xa0) {
            size = b & 0x1f;
        } else {
            pos++;
            size = switch (b) {
                case 0xc4, 0xd9 -> u8();
                case 0xc5, 0xda -> u16();
                case 0xc6, 0xdb -> i32() & 0xffffffffL;
                case 0xc7 -> u8() + 1L; // ext8: length, then type and data
                case 0xc8 -> u16() + 1L;
                case 0xc9 -> (i32() & 0xffffffffL) + 1L;
                case 0xca -> 4;
                case 0xcb -> 8;
                case 0xcc, 0xd0 -> 1;
                case 0xcd, 0xd1 -> 2;
                case 0xce, 0xd2 -> 4;
                case 0xcf, 0xd3 -> 8;
                case 0xd4 -> 2; // fixext: type, then 1, 2, 4, 8 or 16 bytes
                case 0xd5 -> 3;
                case 0xd6 -> 5;
                case 0xd7 -> 9;
                case 0xd8 -> 17;
                case 0xc1 -> throw new ProtocolDecodeException("Malformed msgpack: reserved byte 0xc1");
                default -> throw unexpected("a scalar", b); // maps and arrays
            };
            require(size);
            pos += (int) size;
            return;
        }
        require(1 + size);
        pos += 1 + (int) size;
    }
}
