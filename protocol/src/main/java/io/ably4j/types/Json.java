package io.ably4j.types;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A JSON value, held as compact JSON text so that any JSON library can read it: pass {@link #text()} to
 * Jackson, Gson or Jakarta JSON, or use {@link #toValue()} for a plain {@code Map}/{@code List} tree.
 *
 * <p>Message payloads that are JSON objects or arrays (RSL4c, RSL4d) and message {@code extras} (TM2i) are
 * {@code Json} values. Create one with {@link #parse(String)} from JSON text, or with {@link #of(Object)} from
 * a tree of {@code Map<String, ?>}, {@code List<?>}, {@code String}, {@code Number}, {@code Boolean} and
 * {@code null}.
 *
 * <p>Two values are equal when their compact texts are equal (member order is significant). Instances are
 * immutable and thread-safe.
 */
public final class Json {
    /** Nesting deeper than this is rejected, so hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 128;

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build();

    private final String text;

    private Json(String text) {
        this.text = text;
    }

    /**
     * Parses and validates JSON text, keeping it in compact form.
     *
     * @param text JSON text
     * @return the parsed value
     * @throws AblyException with code 40013 if {@code text} is not exactly one valid JSON value
     */
    public static Json parse(String text) {
        if (text == null) {
            throw invalid("the text is null", null);
        }
        StringWriter out = new StringWriter(text.length());
        try (JsonParser p = FACTORY.createParser(text);
                JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setRootValueSeparator(new SerializedString(""));
            if (p.nextToken() == null) {
                throw invalid("empty JSON text", null);
            }
            g.copyCurrentStructure(p);
            if (p.nextToken() != null) {
                throw invalid("trailing content after the JSON value", null);
            }
        } catch (IOException e) {
            throw invalid(e.getMessage(), e);
        }
        return new Json(out.toString());
    }

    /**
     * Converts a tree of {@code Map<String, ?>}, {@code List<?>} (or array), {@code String}, {@code Number},
     * {@code Boolean}, {@code Json} and {@code null} into JSON.
     *
     * @param value the value to wrap, or null
     * @return the JSON value
     * @throws AblyException with code 40013 if the tree holds any other type, a non-string map key, or is
     * nested deeper than 128 levels
     */
    public static Json of(@Nullable Object value) {
        if (value instanceof Json json) {
            return json;
        }
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, value, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return new Json(out.toString());
    }

    /** A value for text that is already valid, compact JSON; for the codecs, which produce such text. */
    static Json trusted(String compactText) {
        return new Json(compactText);
    }

    /** {@return the compact JSON text} */
    public String text() {
        return text;
    }

    /** {@return true if this value is a JSON object} */
    public boolean isObject() {
        return text.startsWith("{");
    }

    /** {@return true if this value is a JSON array} */
    public boolean isArray() {
        return text.startsWith("[");
    }

    /**
     * {@return this value as a fresh, mutable tree: objects become {@code LinkedHashMap<String, Object>} (member order
     * kept), arrays {@code ArrayList<Object>}, integers {@code Long} (or {@code BigInteger} when larger), other
     * numbers {@code Double} (or {@code BigDecimal} when a double would lose digits), plus {@code String},
     * {@code Boolean} and {@code null}}
     */
    public @Nullable Object toValue() {
        try (JsonParser p = FACTORY.createParser(text)) {
            p.nextToken();
            return read(p);
        } catch (IOException e) {
            throw new IllegalStateException("validated JSON failed to parse", e);
        }
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o || (o instanceof Json j && text.equals(j.text));
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The compact JSON text. */
    @Override
    public String toString() {
        return text;
    }

    private static @Nullable Object read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return null;
        }
        return switch (t) {
            case START_OBJECT -> readObject(p);
            case START_ARRAY -> readArray(p);
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT ->
                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? p.getBigIntegerValue()
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> readDecimal(p);
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            default -> null;
        };
    }

    private static Map<String, @Nullable Object> readObject(JsonParser p) throws IOException {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, read(p));
        }
        return map;
    }

    private static List<@Nullable Object> readArray(JsonParser p) throws IOException {
        List<@Nullable Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(read(p));
        }
        return list;
    }

    private static Object readDecimal(JsonParser p) throws IOException {
        BigDecimal exact = p.getDecimalValue();
        double d = exact.doubleValue();
        boolean lossless = !Double.isInfinite(d) && new BigDecimal(Double.toString(d)).compareTo(exact) == 0;
        return lossless ? (Object) d : exact;
    }

    private static void write(JsonGenerator g, @Nullable Object v, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw invalid("JSON value nested deeper than " + MAX_DEPTH + " levels", null);
        }
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String str) {
            g.writeString(str);
        } else if (v instanceof Boolean bool) {
            g.writeBoolean(bool);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger big) {
            g.writeNumber(big);
        } else if (v instanceof BigDecimal dec) {
            g.writeNumber(dec);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw invalid("JSON has no representation for " + d, null);
            }
            g.writeNumber(d);
        } else if (v instanceof Json json) {
            g.writeRawValue(json.text);
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw invalid("JSON object keys must be strings, got " + typeName(e.getKey()), null);
                }
                g.writeFieldName(key);
                write(g, e.getValue(), depth + 1);
            }
            g.writeEndObject();
        } else if (v instanceof Iterable<?> items) {
            g.writeStartArray();
            for (Object item : items) {
                write(g, item, depth + 1);
            }
            g.writeEndArray();
        } else if (v instanceof Object[] array) {
            g.writeStartArray();
            for (Object item : array) {
                write(g, item, depth + 1);
            }
            g.writeEndArray();
        } else {
            throw invalid("unsupported type for JSON: " + typeName(v), null);
        }
    }

    private static String typeName(@Nullable Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    private static AblyException invalid(@Nullable String why, @Nullable Throwable cause) {
        return new AblyException(ErrorInfo.of(40013, 400, "Invalid JSON: " + why), cause);
    }
}
