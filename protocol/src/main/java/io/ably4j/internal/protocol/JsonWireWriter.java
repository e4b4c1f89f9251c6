package io.ably4j.internal.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ably4j.types.Json;
import java.io.IOException;

/** A {@link WireWriter} over a Jackson generator. */
final class JsonWireWriter extends WireWriter {
    private final JsonGenerator g;

    JsonWireWriter(JsonGenerator g) {
        this.g = g;
    }

    @Override
    void beginMap(int entries) throws IOException {
        g.writeStartObject();
    }

    @Override
    void endMap() throws IOException {
        g.writeEndObject();
    }

    @Override
    void beginArray(int elements) throws IOException {
        g.writeStartArray();
    }

    @Override
    void endArray() throws IOException {
        g.writeEndArray();
    }

    @Override
    void name(String name) throws IOException {
        g.writeFieldName(name);
    }

    @Override
    void string(String value) throws IOException {
        g.writeString(value);
    }

    @Override
    void number(long value) throws IOException {
        g.writeNumber(value);
    }

    @Override
    void nil() throws IOException {
        g.writeNull();
    }

    @Override
    void binary(byte[] value) throws IOException {
        g.writeBinary(value); // standard base64 alphabet with padding, no line feeds
    }

    @Override
    void json(Json value) throws IOException {
        g.writeRawValue(value.text());
    }
}
