package io.ably4j.internal.protocol;

import io.ably4j.types.Json;
import java.io.IOException;

/**
 * A pull reader over one encoded value tree, hiding the differences between JSON and msgpack. Maps and arrays
 * are read with {@code begin*} then {@code hasNext*} until it returns false. Errors are reported as
 * {@link ProtocolDecodeException} (or as the library's own exceptions, which the codec wraps).
 */
abstract class WireReader {
    /** The kind of the next value. */
    enum Kind {
        NULL,
        BOOLEAN,
        INTEGER,
        FLOAT,
        STRING,
        BINARY,
        ARRAY,
        MAP,
        OTHER;

        String describe() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Maximum nesting of maps and arrays. */
    static final int MAX_DEPTH = 128;

    abstract Kind peek() throws IOException;

    abstract void beginMap() throws IOException;

    /** True if the current map has another entry; false (and the map is closed) otherwise. */
    abstract boolean hasNextField() throws IOException;

    /** The name of the next entry of the current map. */
    abstract String nextFieldName() throws IOException;

    /**
     * The number in {@code fields} of the next entry's name, or {@link FieldNames#UNKNOWN} for another name; as {@link
     * #nextFieldName()}, for readers that can match a name without making a {@code String} of it.
     */
    int nextFieldId(FieldNames fields) throws IOException {
        return fields.id(nextFieldName());
    }

    abstract void beginArray() throws IOException;

    /** True if the current array has another element; false (and the array is closed) otherwise. */
    abstract boolean hasNextElement() throws IOException;

    /**
     * A capacity for a list about to receive the rest of the current array, asked just after {@link #hasNextElement()}
     * has returned true: the number of elements left counting that one where the format states the array's size up
     * front (capped, as it comes from the input), otherwise a default.
     */
    int elementsHint() {
        return 10;
    }

    abstract void readNull() throws IOException;

    abstract boolean readBoolean() throws IOException;

    /** Reads an integer, or a float with an integral value, in the range of {@code long}. */
    abstract long readLong() throws IOException;

    abstract String readString() throws IOException;

    /**
     * As {@link #readString()}, for a value that tends to repeat from message to message (a channel name, connection
     * id, client id, message name or encoding), which a reader may then return from a cache instead of decoding it.
     */
    String readRepeatedString() throws IOException {
        return readString();
    }

    abstract byte[] readBinary() throws IOException;

    /** Reads any value as JSON; binary becomes a base64 string. */
    abstract Json readJson() throws IOException;

    abstract void skipValue() throws IOException;

    /** Checks that nothing follows the root value. */
    abstract void finish() throws IOException;
}
