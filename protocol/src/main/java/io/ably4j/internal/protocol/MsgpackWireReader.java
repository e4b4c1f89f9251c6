package io.ably4j.internal.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ably4j.types.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.core.buffer.ArrayBufferInput;

/**
 * A {@link WireReader} over a reused msgpack-core unpacker. Every length read from a header is checked against
 * the bytes left in the frame before anything is allocated. Not thread-safe; {@link #reset} it per frame.
 */
final class MsgpackWireReader extends WireReader {
    private final ArrayBufferInput arrayInput = new ArrayBufferInput(new byte[0]);
    private final MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(arrayInput);
    /** Entries (maps) or elements (arrays) left in each open container. */
    private final long[] remaining = new long[MAX_DEPTH + 1];

    /** Field names repeat in every frame: decode each distinct one once. */
    private final NameCache names = new NameCache();

    private int depth;
    private long start;
    private long length;

    /** Prepares to read {@code len} bytes of {@code frame} from {@code off}. */
    void reset(byte[] frame, int off, int len) throws IOException {
        arrayInput.reset(frame, off, len);
        unpacker.reset(arrayInput);
        begin(len);
    }

    private void begin(int len) {
        depth = 0;
        start = unpacker.getTotalReadBytes();
        length = len;
    }

    private long bytesLeft() {
        return length - (unpacker.getTotalReadBytes() - start);
    }

    private void checkLength(long needed, String what) {
        if (needed < 0 || needed > bytesLeft()) {
            throw new ProtocolDecodeException("Malformed msgpack: " + what + " of length " + needed + " exceeds the "
                    + bytesLeft() + " bytes left in the frame");
        }
    }

    private MessageFormat format() throws IOException {
        if (bytesLeft() <= 0) {
            throw new ProtocolDecodeException("Unexpected end of msgpack input");
        }
        return unpacker.getNextFormat();
    }

    @Override
    Kind peek() throws IOException {
        MessageFormat f = format();
        if (f == MessageFormat.NEVER_USED) {
            throw new ProtocolDecodeException("Malformed msgpack: reserved byte 0xc1");
        }
        return switch (f.getValueType()) {
            case NIL -> Kind.NULL;
            case BOOLEAN -> Kind.BOOLEAN;
            case INTEGER -> Kind.INTEGER;
            case FLOAT -> Kind.FLOAT;
            case STRING -> Kind.STRING;
            case BINARY -> Kind.BINARY;
            case ARRAY -> Kind.ARRAY;
            case MAP -> Kind.MAP;
            default -> Kind.OTHER;
        };
    }

    private ProtocolDecodeException unexpected(String expected, Kind found) {
        return new ProtocolDecodeException("Expected " + expected + " but found " + found.describe());
    }

    private void push(long count, String what) {
        if (depth >= MAX_DEPTH) {
            throw new ProtocolDecodeException("Malformed msgpack: nested deeper than " + MAX_DEPTH + " levels");
        }
        checkLength(count, what);
        remaining[++depth] = count;
    }

    @Override
    void beginMap() throws IOException {
        Kind k = peek();
        if (k != Kind.MAP) {
            throw unexpected("a map", k);
        }
        long entries = unpacker.unpackMapHeader();
        push(entries, "map"); // each entry needs at least two bytes; one is a safe lower bound
    }

    @Override
    boolean hasNextField() {
        if (remaining[depth] == 0) {
            depth--;
            return false;
        }
        return true;
    }

    @Override
    String nextFieldName() throws IOException {
        remaining[depth]--;
        Kind k = peek();
        if (k != Kind.STRING) {
            throw new ProtocolDecodeException("Malformed msgpack: map key must be a string, found " + k.describe());
        }
        int len = unpacker.unpackRawStringHeader();
        checkLength(len, "string");
        return names.read(unpacker, len);
    }

    @Override
    void beginArray() throws IOException {
        Kind k = peek();
        if (k != Kind.ARRAY) {
            throw unexpected("an array", k);
        }
        long elements = unpacker.unpackArrayHeader();
        push(elements, "array");
    }

    @Override
    boolean hasNextElement() {
        if (remaining[depth] == 0) {
            depth--;
            return false;
        }
        remaining[depth]--;
        return true;
    }

    @Override
    void readNull() throws IOException {
        Kind k = peek();
        if (k != Kind.NULL) {
            throw unexpected("nil", k);
        }
        unpacker.unpackNil();
    }

    @Override
    boolean readBoolean() throws IOException {
        Kind k = peek();
        if (k != Kind.BOOLEAN) {
            throw unexpected("a boolean", k);
        }
        return unpacker.unpackBoolean();
    }

    @Override
    long readLong() throws IOException {
        Kind k = peek();
        if (k == Kind.INTEGER) {
            return unpacker.unpackLong(); // a uint64 above Long.MAX_VALUE throws MessageIntegerOverflowException
        }
        if (k == Kind.FLOAT) {
            return JsonWireReader.integral(unpacker.unpackDouble());
        }
        throw unexpected("a number", k);
    }

    @Override
    String readString() throws IOException {
        Kind k = peek();
        if (k != Kind.STRING) {
            throw unexpected("a string", k);
        }
        int len = unpacker.unpackRawStringHeader();
        checkLength(len, "string");
        return new String(unpacker.readPayload(len), StandardCharsets.UTF_8);
    }

    @Override
    byte[] readBinary() throws IOException {
        Kind k = peek();
        if (k != Kind.BINARY) {
            throw unexpected("binary", k);
        }
        int len = unpacker.unpackBinaryHeader();
        checkLength(len, "binary");
        return unpacker.readPayload(len);
    }

    @Override
    Json readJson() throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonWireReader.FACTORY.createGenerator(out)) {
            copyJson(g, depth);
        }
        return TypesAccess.get().trustedJson(out.toString());
    }

    private void copyJson(JsonGenerator g, int level) throws IOException {
        Kind k = peek();
        if ((k == Kind.MAP || k == Kind.ARRAY) && level >= MAX_DEPTH) {
            throw new ProtocolDecodeException("Malformed msgpack: nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (k) {
            case NULL -> {
                unpacker.unpackNil();
                g.writeNull();
            }
            case BOOLEAN -> g.writeBoolean(unpacker.unpackBoolean());
            case INTEGER -> {
                if (format() == MessageFormat.UINT64) {
                    BigInteger big = unpacker.unpackBigInteger();
                    if (big.bitLength() < 64) {
                        g.writeNumber(big.longValue());
                    } else {
                        g.writeNumber(big);
                    }
                } else {
                    g.writeNumber(unpacker.unpackLong());
                }
            }
            case FLOAT -> {
                double d = unpacker.unpackDouble();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new ProtocolDecodeException("Malformed msgpack: JSON has no representation for " + d);
                }
                g.writeNumber(d);
            }
            case STRING -> g.writeString(readString());
            case BINARY -> g.writeBinary(readBinary());
            case ARRAY -> {
                long n = unpacker.unpackArrayHeader();
                checkLength(n, "array");
                g.writeStartArray();
                for (long i = 0; i < n; i++) {
                    copyJson(g, level + 1);
                }
                g.writeEndArray();
            }
            case MAP -> {
                long n = unpacker.unpackMapHeader();
                checkLength(n, "map");
                g.writeStartObject();
                for (long i = 0; i < n; i++) {
                    Kind keyKind = peek();
                    if (keyKind != Kind.STRING) {
                        throw new ProtocolDecodeException(
                                "Malformed msgpack: map key must be a string, found " + keyKind.describe());
                    }
                    g.writeFieldName(readString());
                    copyJson(g, level + 1);
                }
                g.writeEndObject();
            }
            default -> throw new ProtocolDecodeException("Malformed msgpack: unsupported " + format() + " value");
        }
    }

    @Override
    void skipValue() throws IOException {
        skip(depth);
    }

    /** Skips one value whose enclosing containers number {@code level}; nesting is limited as for reads. */
    private void skip(int level) throws IOException {
        Kind kind = peek();
        if (kind == Kind.MAP || kind == Kind.ARRAY) {
            if (level >= MAX_DEPTH) {
                throw new ProtocolDecodeException("Malformed msgpack: nested deeper than " + MAX_DEPTH + " levels");
            }
            long n = kind == Kind.MAP ? 2L * unpacker.unpackMapHeader() : unpacker.unpackArrayHeader();
            checkLength(n, kind.describe());
            for (long i = 0; i < n; i++) {
                skip(level + 1);
            }
        } else {
            skipScalar();
        }
    }

    private void skipScalar() throws IOException {
        // Scalars carry their own length; skipValue() on a scalar reads no further than that payload.
        MessageFormat f = format();
        if (f == MessageFormat.NEVER_USED) {
            throw new ProtocolDecodeException("Malformed msgpack: reserved byte 0xc1");
        }
        long before = unpacker.getTotalReadBytes();
        unpacker.skipValue();
        if (unpacker.getTotalReadBytes() - start > length || unpacker.getTotalReadBytes() == before) {
            throw new ProtocolDecodeException("Unexpected end of msgpack input");
        }
    }

    @Override
    void finish() {
        if (bytesLeft() != 0) {
            throw new ProtocolDecodeException(
                    "Malformed msgpack: " + bytesLeft() + " unexpected bytes after the root value");
        }
    }
}
