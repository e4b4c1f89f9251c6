package io.ably4j.internal.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ably4j.types.Json;
import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;

/**
 * A {@link WireReader} over a {@link MsgpackInput}: values are read in place from the frame; map keys are matched
 * from their bytes against a {@link FieldNames} table where the reader asks for a field number, and otherwise
 * decoded through a {@link NameCache}. Every length read from a header is checked against the bytes left in
 * the frame before anything is allocated. Not thread-safe; {@link #reset} it per frame.
 */
final class MsgpackWireReader extends WireReader {
    private static final byte[] EMPTY = new byte[0];

    private final MsgpackInput in = new MsgpackInput();
    /** Entries (maps) or elements (arrays) left in each open container. */
    private final long[] remaining = new long[MAX_DEPTH + 1];

    /** Field names repeat in every frame: decode each distinct one once. */
    private final NameCache names = new NameCache();

    /**
     * The values read by {@link #readRepeatedString()}: a subscriber's frames repeat the channel name, the publisher's
     * connection and client ids, the message name. Small (64 slots), as a connection reads few distinct ones at a time.
     */
    private final NameCache repeated = new NameCache(6);

    private int depth;

    /** Prepares to read {@code len} bytes of {@code frame} from {@code off} (the range must be valid). */
    void reset(byte[] frame, int off, int len) {
        in.reset(frame, off, len);
        depth = 0;
    }

    /** Drops the reference to the last frame. */
    void release() {
        in.reset(EMPTY, 0, 0);
        depth = 0;
    }

    @Override
    Kind peek() {
        return in.peek();
    }

    private void push(long count) {
        if (depth >= MAX_DEPTH) {
            throw new ProtocolDecodeException("Malformed msgpack: nested deeper than " + MAX_DEPTH + " levels");
        }
        remaining[++depth] = count;
    }

    @Override
    void beginMap() {
        push(in.readMapHeader()); // each entry needs at least two bytes; the header checked one per entry
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
    String nextFieldName() {
        remaining[depth]--;
        Kind k = in.peek();
        if (k != Kind.STRING) {
            throw new ProtocolDecodeException("Malformed msgpack: map key must be a string, found " + k.describe());
        }
        int len = in.readStringHeader();
        String name = names.get(in.array(), in.pos(), len);
        in.skipPayload(len);
        return name;
    }

    @Override
    int nextFieldId(FieldNames fields) {
        remaining[depth]--;
        Kind k = in.peek();
        if (k != Kind.STRING) {
            throw new ProtocolDecodeException("Malformed msgpack: map key must be a string, found " + k.describe());
        }
        int len = in.readStringHeader();
        int id = fields.id(in.array(), in.pos(), len); // no String, no cache: the bytes against the known names
        in.skipPayload(len);
        return id;
    }

    @Override
    void beginArray() {
        push(in.readArrayHeader());
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
    int elementsHint() {
        return (int) Math.min(remaining[depth] + 1, 64); // +1: the element hasNextElement() just counted
    }

    @Override
    void readNull() {
        in.readNil();
    }

    @Override
    boolean readBoolean() {
        return in.readBoolean();
    }

    @Override
    long readLong() {
        Kind k = in.peek();
        if (k == Kind.INTEGER) {
            return in.readLong(); // a uint64 above Long.MAX_VALUE is rejected
        }
        if (k == Kind.FLOAT) {
            return JsonWireReader.integral(in.readDouble());
        }
        throw new ProtocolDecodeException("Expected a number but found " + k.describe());
    }

    @Override
    String readString() {
        return in.readString();
    }

    @Override
    String readRepeatedString() {
        int len = in.readStringHeader();
        String value = repeated.get(in.array(), in.pos(), len);
        in.skipPayload(len);
        return value;
    }

    @Override
    byte[] readBinary() {
        return in.readBinary();
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
        Kind k = in.peek();
        if ((k == Kind.MAP || k == Kind.ARRAY) && level >= MAX_DEPTH) {
            throw new ProtocolDecodeException("Malformed msgpack: nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (k) {
            case NULL -> {
                in.readNil();
                g.writeNull();
            }
            case BOOLEAN -> g.writeBoolean(in.readBoolean());
            case INTEGER -> {
                if (in.head() == 0xcf) { // uint64: may exceed Long.MAX_VALUE
                    BigInteger big = in.readBigInteger();
                    if (big.bitLength() < 64) {
                        g.writeNumber(big.longValue());
                    } else {
                        g.writeNumber(big);
                    }
                } else {
                    g.writeNumber(in.readLong());
                }
            }
            case FLOAT -> {
                double d = in.readDouble();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new ProtocolDecodeException("Malformed msgpack: JSON has no representation for " + d);
                }
                g.writeNumber(d);
            }
            case STRING -> g.writeString(in.readString());
            case BINARY -> {
                int len = in.readBinaryHeader();
                g.writeBinary(in.array(), in.pos(), len);
                in.skipPayload(len);
            }
            case ARRAY -> {
                long n = in.readArrayHeader();
                g.writeStartArray();
                for (long i = 0; i < n; i++) {
                    copyJson(g, level + 1);
                }
                g.writeEndArray();
            }
            case MAP -> {
                long n = in.readMapHeader();
                g.writeStartObject();
                for (long i = 0; i < n; i++) {
                    Kind keyKind = in.peek();
                    if (keyKind != Kind.STRING) {
                        throw new ProtocolDecodeException(
                                "Malformed msgpack: map key must be a string, found " + keyKind.describe());
                    }
                    g.writeFieldName(in.readString());
                    copyJson(g, level + 1);
                }
                g.writeEndObject();
            }
            default ->
                throw new ProtocolDecodeException(
                        String.format("Malformed msgpack: unsupported value of type 0x%02x", in.head()));
        }
    }

    @Override
    void skipValue() {
        skip(depth);
    }

    /** Skips one value whose enclosing containers number {@code level}; nesting is limited as for reads. */
    private void skip(int level) {
        Kind kind = in.peek();
        if (kind == Kind.MAP || kind == Kind.ARRAY) {
            if (level >= MAX_DEPTH) {
                throw new ProtocolDecodeException("Malformed msgpack: nested deeper than " + MAX_DEPTH + " levels");
            }
            long n = kind == Kind.MAP ? 2L * in.readMapHeader() : in.readArrayHeader();
            for (long i = 0; i < n; i++) {
                skip(level + 1);
            }
        } else {
            in.skipScalar();
        }
    }

    @Override
    void finish() {
        if (in.remaining() != 0) {
            throw new ProtocolDecodeException(
                    "Malformed msgpack: " + in.remaining() + " unexpected bytes after the root value");
        }
    }
}
