package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.ably4j.types.Json;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The message payloads every SDK must carry unchanged (RSL4, RSL6): a string, binary data, a JSON object and a
 * JSON array, each in the form one SDK is given to publish and with assertions of what another SDK must hand
 * to its subscribers: the same value with the same type, and no encoding left over.
 */
enum Payload {
    STRING,
    BINARY,
    JSON_OBJECT,
    JSON_ARRAY,
    EMPTY_STRING,
    EMPTY_BINARY;

    /** Every payload, in declaration order (the order the tests publish them in). */
    static final List<Payload> ALL = List.of(values());

    /** Astral-plane characters (surrogate pairs), control characters, quotes and a NUL. */
    static final String TEXT = "héllo wörld ✓ \"quoted\" 𝄞😀 tab\tnewline\n nul\u0000 end";

    // No null members: ably-java 1.5.0 writes JSON objects with Gson's default, which drops them (an array may
    // hold nulls). 9007199254740991 is the largest integer JavaScript holds exactly.
    static final String OBJECT_TEXT = "{\"text\":\"ünïcode 😀\",\"n\":42,\"big\":9007199254740991,\"neg\":-7,"
            + "\"f\":1.5,\"flag\":true,\"off\":false,\"list\":[1,\"two\",{\"three\":3}],"
            + "\"nested\":{\"empty\":{},\"arr\":[]}}";

    static final String ARRAY_TEXT = "[1,\"two\",null,true,2.5,{\"k\":\"v\",\"deep\":[[0]]},[],\"😀\"]";

    /** Every byte value once, so that no charset conversion could go unnoticed. */
    static byte[] bytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (255 - i);
        }
        return b;
    }

    private String jsonText() {
        return this == JSON_OBJECT ? OBJECT_TEXT : ARRAY_TEXT;
    }

    /** The JSON value as a plain tree ({@code Map}, {@code List}, {@code Long}, {@code Double} ...). */
    private Object jsonTree() {
        Object tree = Json.parse(jsonText()).toValue();
        if (tree == null) {
            throw new AssertionError("the JSON payloads are objects or arrays");
        }
        return tree;
    }

    /** The value ably4j is given to publish: a {@code String}, {@code byte[]} or {@link Json}. */
    Object ably4jValue() {
        return switch (this) {
            case STRING -> TEXT;
            case BINARY -> bytes();
            case JSON_OBJECT, JSON_ARRAY -> Json.parse(jsonText());
            case EMPTY_STRING -> "";
            case EMPTY_BINARY -> new byte[0];
        };
    }

    /** The value ably-java is given to publish: a {@code String}, {@code byte[]} or Gson {@link JsonElement}. */
    Object javaValue() {
        return switch (this) {
            case STRING -> TEXT;
            case BINARY -> bytes();
            case JSON_OBJECT, JSON_ARRAY -> JsonParser.parseString(jsonText());
            case EMPTY_STRING -> "";
            case EMPTY_BINARY -> new byte[0];
        };
    }

    /** The value as the ably-js peer protocol encodes it (ably-js is given a string, Buffer, object or array). */
    Map<String, Object> jsValue() {
        return switch (this) {
            case STRING -> JsPeer.data(TEXT);
            case BINARY -> JsPeer.data(bytes());
            case JSON_OBJECT, JSON_ARRAY -> JsPeer.data(jsonTree());
            case EMPTY_STRING -> JsPeer.data("");
            case EMPTY_BINARY -> JsPeer.data(new byte[0]);
        };
    }

    /** Asserts that ably4j delivered exactly this payload, with its type, fully decoded (RSL6a). */
    void assertAtAbly4j(io.ably4j.types.Message m) {
        assertDataAtAbly4j(m.data(), m.encoding());
    }

    /** Asserts that ably4j delivered exactly this presence data, with its type, fully decoded (RTP8e, RSP5). */
    void assertAtAbly4j(io.ably4j.types.PresenceMessage m) {
        assertDataAtAbly4j(m.data(), m.encoding());
    }

    private void assertDataAtAbly4j(@Nullable Object data, @Nullable String encoding) {
        assertThat(encoding).as("%s: encoding left after decoding", this).isNull();
        switch (this) {
            case STRING, EMPTY_STRING ->
                assertThat(data).as("%s", this).isInstanceOf(String.class).isEqualTo(ably4jValue());
            case BINARY, EMPTY_BINARY ->
                assertThat(data).as("%s", this).isInstanceOf(byte[].class).isEqualTo(ably4jValue());
            case JSON_OBJECT, JSON_ARRAY -> {
                assertThat(data).as("%s", this).isInstanceOf(Json.class);
                Json json = (Json) Objects.requireNonNull(data);
                assertThat(this == JSON_OBJECT ? json.isObject() : json.isArray())
                        .as("%s: %s", this, json)
                        .isTrue();
                assertThat(json.toValue()).as("%s", this).isEqualTo(jsonTree());
            }
        }
    }

    /** Asserts that ably-java delivered exactly this payload, with its type, fully decoded. */
    void assertAtJava(io.ably.lib.types.Message m) {
        assertThat(m.encoding).as("%s: encoding left after decoding", this).isNull();
        Object data = m.data;
        switch (this) {
            case STRING, EMPTY_STRING ->
                assertThat(data).as("%s", this).isInstanceOf(String.class).isEqualTo(javaValue());
            case BINARY, EMPTY_BINARY ->
                assertThat(data).as("%s", this).isInstanceOf(byte[].class).isEqualTo(javaValue());
            case JSON_OBJECT, JSON_ARRAY -> {
                assertThat(data).as("%s", this).isInstanceOf(JsonElement.class);
                JsonElement json = (JsonElement) data;
                assertThat(this == JSON_OBJECT ? json.isJsonObject() : json.isJsonArray())
                        .as("%s: %s", this, json)
                        .isTrue();
                assertThat(json).as("%s", this).isEqualTo(JsonParser.parseString(jsonText()));
            }
        }
    }

    /** Asserts that ably-js delivered exactly this payload (a peer {@code message} event), fully decoded. */
    void assertAtJs(Map<String, Object> event) {
        assertThat(event.get("encoding"))
                .as("%s: encoding left after decoding", this)
                .isNull();
        Map<String, Object> data = JsPeer.object(event, "data");
        switch (this) {
            case STRING, EMPTY_STRING -> assertThat(data).as("%s", this).isEqualTo(jsValue());
            case BINARY, EMPTY_BINARY -> {
                assertThat(data.get("t")).as("%s type", this).isEqualTo("binary");
                assertThat(Base64.getDecoder().decode(JsPeer.string(data, "v")))
                        .as("%s", this)
                        .isEqualTo(ably4jValue());
            }
            case JSON_OBJECT, JSON_ARRAY -> {
                assertThat(data.get("t")).as("%s type", this).isEqualTo("json");
                assertThat(data.get("v")).as("%s", this).isEqualTo(jsonTree());
            }
        }
    }
}
