package io.ably4j.internal.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.ably4j.types.Json;
import java.io.IOException;
import java.io.StringWriter;
import org.jspecify.annotations.Nullable;

/** A {@link WireReader} over a Jackson streaming parser, with one token of lookahead. Not thread-safe. */
final class JsonWireReader extends WireReader {
    /**
     * Shared, thread-safe factory. Nesting is limited so hostile input cannot exhaust the stack, and field names
     * are not canonicalised or interned: extras keys are arbitrary, and a shared symbol table filled with
     * attacker-chosen names costs more than allocating each name.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private JsonParser p;
    private @Nullable JsonToken next;

    /** Repeated values (channel, ids, names), kept while the reader is reused across frames. */
    private final CharValueCache repeated = new CharValueCache(6);

    JsonWireReader(JsonParser p) {
        this.p = p;
    }

    /** Starts reading from {@code parser}, keeping the cache of repeated values. */
    void reset(JsonParser parser) {
        p = parser;
        next = null;
    }

    private JsonToken token() throws IOException {
        JsonToken t = next;
        if (t == null) {
            t = p.nextToken();
            if (t == null) {
                throw new ProtocolDecodeException("Unexpected end of JSON input");
            }
            next = t;
        }
        return t;
    }

    private ProtocolDecodeException unexpected(String expected, JsonToken t) {
        return new ProtocolDecodeException("Expected " + expected + " but found "
                + kindOf(t).describe() + " at " + p.currentLocation().offsetDescription());
    }

    private static Kind kindOf(JsonToken t) {
        return switch (t) {
            case VALUE_NULL -> Kind.NULL;
            case VALUE_TRUE, VALUE_FALSE -> Kind.BOOLEAN;
            case VALUE_NUMBER_INT -> Kind.INTEGER;
            case VALUE_NUMBER_FLOAT -> Kind.FLOAT;
            case VALUE_STRING -> Kind.STRING;
            case START_ARRAY -> Kind.ARRAY;
            case START_OBJECT -> Kind.MAP;
            default -> Kind.OTHER;
        };
    }

    @Override
    Kind peek() throws IOException {
        return kindOf(token());
    }

    @Override
    void beginMap() throws IOException {
        JsonToken t = token();
        if (t != JsonToken.START_OBJECT) {
            throw unexpected("an object", t);
        }
        next = null;
    }

    @Override
    boolean hasNextField() throws IOException {
        JsonToken t = token();
        if (t == JsonToken.END_OBJECT) {
            next = null;
            return false;
        }
        if (t != JsonToken.FIELD_NAME) {
            throw unexpected("a field name", t);
        }
        return true;
    }

    @Override
    String nextFieldName() throws IOException {
        JsonToken t = token();
        if (t != JsonToken.FIELD_NAME) {
            throw unexpected("a field name", t);
        }
        next = null;
        return p.currentName();
    }

    @Override
    void beginArray() throws IOException {
        JsonToken t = token();
        if (t != JsonToken.START_ARRAY) {
            throw unexpected("an array", t);
        }
        next = null;
    }

    @Override
    boolean hasNextElement() throws IOException {
        if (token() == JsonToken.END_ARRAY) {
            next = null;
            return false;
        }
        return true;
    }

    @Override
    void readNull() throws IOException {
        JsonToken t = token();
        if (t != JsonToken.VALUE_NULL) {
            throw unexpected("null", t);
        }
        next = null;
    }

    @Override
    boolean readBoolean() throws IOException {
        JsonToken t = token();
        if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
            throw unexpected("a boolean", t);
        }
        next = null;
        return t == JsonToken.VALUE_TRUE;
    }

    @Override
    long readLong() throws IOException {
        JsonToken t = token();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.BIG_INTEGER) {
                throw new ProtocolDecodeException("Integer out of range: " + p.getText());
            }
            next = null;
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            double d = p.getDoubleValue();
            next = null;
            return integral(d);
        }
        throw unexpected("a number", t);
    }

    static long integral(double d) {
        if (d != Math.rint(d) || d < -0x1p63 || d >= 0x1p63) {
            throw new ProtocolDecodeException("Expected an integer but found " + d);
        }
        return (long) d;
    }

    @Override
    String readString() throws IOException {
        JsonToken t = token();
        if (t != JsonToken.VALUE_STRING) {
            throw unexpected("a string", t);
        }
        next = null;
        return p.getText();
    }

    @Override
    String readRepeatedString() throws IOException {
        JsonToken t = token();
        if (t != JsonToken.VALUE_STRING) {
            throw unexpected("a string", t);
        }
        String value = repeated.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
        next = null;
        return value;
    }

    @Override
    byte[] readBinary() throws IOException {
        // JSON has no binary type: base64 strings are decoded by the data-encoding layer, not here.
        throw unexpected("binary", token());
    }

    @Override
    Json readJson() throws IOException {
        JsonToken t = token();
        if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            throw unexpected("a value", t);
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        next = null;
        return TypesAccess.get().trustedJson(out.toString());
    }

    @Override
    void skipValue() throws IOException {
        JsonToken t = token();
        if (t == JsonToken.FIELD_NAME || t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
            throw unexpected("a value", t);
        }
        p.skipChildren();
        next = null;
    }

    @Override
    void finish() throws IOException {
        if (next != null || p.nextToken() != null) {
            throw new ProtocolDecodeException("Unexpected content after the JSON value at "
                    + p.currentLocation().offsetDescription());
        }
    }
}
