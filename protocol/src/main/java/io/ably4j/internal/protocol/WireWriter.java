package io.ably4j.internal.protocol;

import io.ably4j.types.Json;
import java.io.IOException;

/**
 * A streaming writer hiding the differences between JSON and msgpack. Map and array sizes must be given up
 * front (msgpack needs them; JSON ignores them), so callers count the entries they will write.
 */
abstract class WireWriter {
    abstract void beginMap(int entries) throws IOException;

    abstract void endMap() throws IOException;

    abstract void beginArray(int elements) throws IOException;

    abstract void endArray() throws IOException;

    /**
     * A field name that is a constant of the protocol (a string literal), which a writer may cache by identity.
     * Map keys from data use {@link #key}.
     */
    abstract void name(String name) throws IOException;

    /** A map key taken from data (never cached); written as {@link #name} writes it. */
    void key(String key) throws IOException {
        name(key);
    }

    abstract void string(String value) throws IOException;

    abstract void number(long value) throws IOException;

    abstract void nil() throws IOException;

    /** Binary: msgpack {@code bin}; in JSON a base64 string. */
    abstract void binary(byte[] value) throws IOException;

    /** A JSON value embedded as structure (not as a string). */
    abstract void json(Json value) throws IOException;
}
