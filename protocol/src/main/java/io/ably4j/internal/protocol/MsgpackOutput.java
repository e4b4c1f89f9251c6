package io.ably4j.internal.protocol;

import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A minimal msgpack writer into a growable, reused byte array. Every value is written in its most compact form,
 * byte for byte as msgpack-core's {@code MessagePacker} writes it (so frames do not change with the writer).
 * Strings are encoded to UTF-8 in place, without an intermediate array; an unpaired surrogate becomes
 * {@code '?'}, as {@link String#getBytes(java.nio.charset.Charset)} does. Not thread-safe.
 */
final class MsgpackOutput {
    /** Capacity of a new output. */
    static final int INITIAL_CAPACITY = 512;

    /** A buffer grown beyond this by one large frame is dropped by {@link #reset()}, so it is not kept forever. */
    static final int MAX_RETAINED_CAPACITY = 64 * 1024;

    /** Strings at least this long are encoded by {@link #utf8} rather than char by char. */
    static final int ENCODER_THRESHOLD = 32;

    private byte[] buf = new byte[INITIAL_CAPACITY];
    private int pos;

    // Replacing (rather than reporting) unpaired surrogates with '?' is what String.getBytes does too.
    private final CharsetEncoder utf8 = StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private char[] chars = new char[0];
    private CharBuffer charBuffer = CharBuffer.wrap(chars);
    private ByteBuffer byteBuffer = ByteBuffer.wrap(buf);
    private byte[] byteBufferArray = buf;

    /** Discards what was written; keeps the buffer unless one large frame grew it past the retained maximum. */
    void reset() {
        pos = 0;
        if (buf.length > MAX_RETAINED_CAPACITY) {
            buf = new byte[INITIAL_CAPACITY];
            byteBuffer = ByteBuffer.wrap(buf); // the old wrapper must not keep the large array reachable
            byteBufferArray = buf;
        }
        if (chars.length > MAX_RETAINED_CAPACITY) {
            chars = new char[0];
            charBuffer = CharBuffer.wrap(chars);
        }
    }

    /** The number of bytes written since the last reset. */
    int size() {
        return pos;
    }

    /** A fresh copy of the bytes written since the last reset. */
    byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** A fresh copy of the bytes written from {@code from} (a {@link #size()} taken earlier) to now. */
    byte[] copyFrom(int from) {
        return Arrays.copyOfRange(buf, from, pos);
    }

    /** Makes room for {@code n} more bytes. */
    private void ensure(int n) {
        if (n > buf.length - pos) {
            grow(n);
        }
    }

    private void grow(int n) {
        long needed = (long) pos + n;
        if (needed > Integer.MAX_VALUE - 8) {
            throw tooLarge();
        }
        long doubled = Math.max(2L * buf.length, needed);
        buf = Arrays.copyOf(buf, (int) Math.min(doubled, Integer.MAX_VALUE - 8));
    }

    private static AblyException tooLarge() {
        return new AblyException(ErrorInfo.of(40009, 400, "Encoded msgpack would exceed 2 GiB"));
    }

    private void put16(int v) {
        buf[pos] = (byte) (v >>> 8);
        buf[pos + 1] = (byte) v;
        pos += 2;
    }

    private void put32(int v) {
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        pos += 4;
    }

    private void put64(long v) {
        put32((int) (v >>> 32));
        put32((int) v);
    }

    void writeNil() {
        ensure(1);
        buf[pos++] = (byte) 0xc0;
    }

    void writeBoolean(boolean v) {
        ensure(1);
        buf[pos++] = v ? (byte) 0xc3 : (byte) 0xc2;
    }

    /** A map header: fixmap, map16 or map32. */
    void writeMapHeader(int entries) {
        writeContainerHeader(entries, 0x80, 0xde);
    }

    /** An array header: fixarray, array16 or array32. */
    void writeArrayHeader(int elements) {
        writeContainerHeader(elements, 0x90, 0xdc);
    }

    private void writeContainerHeader(int n, int fix, int code16) {
        if (n < 0) {
            throw new IllegalArgumentException("negative size " + n);
        }
        ensure(5);
        if (n < 16) {
            buf[pos++] = (byte) (fix | n);
        } else if (n < 0x10000) {
            buf[pos++] = (byte) code16;
            put16(n);
        } else {
            buf[pos++] = (byte) (code16 + 1);
            put32(n);
        }
    }

    /** A string header for {@code len} bytes of UTF-8: fixstr, str8, str16 or str32. */
    void writeStringHeader(int len) {
        ensure(5);
        putStringHeader(len);
    }

    private void putStringHeader(int len) {
        if (len < 32) {
            buf[pos++] = (byte) (0xa0 | len);
        } else if (len < 0x100) {
            buf[pos++] = (byte) 0xd9;
            buf[pos++] = (byte) len;
        } else if (len < 0x10000) {
            buf[pos++] = (byte) 0xda;
            put16(len);
        } else {
            buf[pos++] = (byte) 0xdb;
            put32(len);
        }
    }

    /** A binary header: bin8, bin16 or bin32. */
    void writeBinaryHeader(int len) {
        if (len < 0) {
            throw new IllegalArgumentException("negative size " + len);
        }
        ensure(5);
        if (len < 0x100) {
            buf[pos++] = (byte) 0xc4;
            buf[pos++] = (byte) len;
        } else if (len < 0x10000) {
            buf[pos++] = (byte) 0xc5;
            put16(len);
        } else {
            buf[pos++] = (byte) 0xc6;
            put32(len);
        }
    }

    /** Raw bytes, after a header that announced them. */
    void writePayload(byte[] bytes, int off, int len) {
        ensure(len);
        System.arraycopy(bytes, off, buf, pos, len);
        pos += len;
    }

    /** A binary value. */
    void writeBinary(byte[] bytes) {
        writeBinaryHeader(bytes.length);
        writePayload(bytes, 0, bytes.length);
    }

    /**
     * A string, UTF-8 encoded straight into the buffer. A short string is copied char by char when it is ASCII
     * (the common case); a longer one goes through a reused UTF-8 {@link CharsetEncoder}, whose ASCII fast path
     * copies in bulk. Either way, no intermediate array is allocated per string.
     */
    void writeString(String s) {
        int len = s.length();
        if (len >= ENCODER_THRESHOLD) {
            writeWithEncoder(s);
            return;
        }
        ensure(5 + len);
        int start = pos;
        putStringHeader(len);
        int p = pos;
        byte[] b = buf;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                pos = start;
                writeNonAscii(s);
                return;
            }
            b[p++] = (byte) c;
        }
        pos = p;
    }

    private static int stringHeaderSize(int len) {
        return len < 32 ? 1 : len < 0x100 ? 2 : len < 0x10000 ? 3 : 5;
    }

    /**
     * Encodes the chars after room for the header the string would need if it were ASCII, then writes the real
     * header, moving the bytes along in the rare case that the UTF-8 length needs a longer header.
     */
    private void writeWithEncoder(String s) {
        int len = s.length();
        long maxBytes = 3L * len; // UTF-8 needs at most 3 bytes per char (a surrogate pair: 4 for 2 chars)
        if (maxBytes > Integer.MAX_VALUE - 16) {
            writeNonAscii(s); // too large to reserve for: measure, then encode
            return;
        }
        ensure(5 + (int) maxBytes);
        if (chars.length < len) {
            chars = new char[Math.max(len, Math.min(2 * chars.length, Integer.MAX_VALUE - 8))];
            charBuffer = CharBuffer.wrap(chars);
        }
        s.getChars(0, len, chars, 0);
        charBuffer.clear().limit(len);
        ByteBuffer out = byteBuffer;
        if (byteBufferArray != buf) { // the buffer grew since it was wrapped
            out = ByteBuffer.wrap(buf);
            byteBuffer = out;
            byteBufferArray = buf;
        }
        int start = pos;
        int guess = stringHeaderSize(len);
        out.clear().position(start + guess);
        utf8.reset();
        CoderResult result = utf8.encode(charBuffer, out, true);
        if (result.isUnderflow()) {
            result = utf8.flush(out);
        }
        if (!result.isUnderflow()) {
            // cannot happen: there is room for 3 bytes per char, and bad input is replaced, not reported
            throw new IllegalStateException("UTF-8 encoding stopped: " + result);
        }
        int n = out.position() - (start + guess);
        int header = stringHeaderSize(n);
        if (header != guess) {
            System.arraycopy(buf, start + guess, buf, start + header, n);
        }
        putStringHeader(n);
        pos += n;
    }

    private void writeNonAscii(String s) {
        int utf8 = utf8Length(s);
        ensure(5 + utf8);
        putStringHeader(utf8);
        byte[] b = buf;
        int p = pos;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xf0 | (cp >> 18));
                    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    b[p++] = (byte) (0x80 | (cp & 0x3f));
                } else {
                    b[p++] = (byte) '?'; // an unpaired surrogate, replaced as String.getBytes does
                }
            } else {
                b[p++] = (byte) (0xe0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        pos = p;
    }

    /** The length of {@code s} in UTF-8, with each unpaired surrogate counted as one replacement byte. */
    static int utf8Length(String s) {
        int len = s.length();
        long n = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    n += 4;
                    i++;
                } else {
                    n++;
                }
            } else {
                n += 3;
            }
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw tooLarge();
        }
        return (int) n;
    }

    /** An integer in the smallest format that holds it, as msgpack-core's {@code packLong} chooses. */
    void writeLong(long v) {
        ensure(9);
        if (v < -(1L << 5)) {
            if (v < -(1L << 15)) {
                if (v < -(1L << 31)) {
                    buf[pos++] = (byte) 0xd3;
                    put64(v);
                } else {
                    buf[pos++] = (byte) 0xd2;
                    put32((int) v);
                }
            } else if (v < -(1 << 7)) {
                buf[pos++] = (byte) 0xd1;
                put16((int) v);
            } else {
                buf[pos++] = (byte) 0xd0;
                buf[pos++] = (byte) v;
            }
        } else if (v < (1 << 7)) {
            buf[pos++] = (byte) v; // positive or negative fixint
        } else if (v < (1L << 16)) {
            if (v < (1 << 8)) {
                buf[pos++] = (byte) 0xcc;
                buf[pos++] = (byte) v;
            } else {
                buf[pos++] = (byte) 0xcd;
                put16((int) v);
            }
        } else if (v < (1L << 32)) {
            buf[pos++] = (byte) 0xce;
            put32((int) v);
        } else {
            buf[pos++] = (byte) 0xcf;
            put64(v);
        }
    }

    /** An integer in {@code [-2^63, 2^64)}; larger magnitudes throw {@link IllegalArgumentException}. */
    void writeBigInteger(BigInteger v) {
        if (v.bitLength() <= 63) {
            writeLong(v.longValue());
        } else if (v.bitLength() == 64 && v.signum() > 0) {
            ensure(9);
            buf[pos++] = (byte) 0xcf;
            put64(v.longValue());
        } else {
            throw new IllegalArgumentException("integer out of the msgpack range: " + v);
        }
    }

    /** A float64 (msgpack-core's {@code packDouble} never narrows to float32). */
    void writeDouble(double v) {
        ensure(9);
        buf[pos++] = (byte) 0xcb;
        put64(Double.doubleToRawLongBits(v));
    }
}
