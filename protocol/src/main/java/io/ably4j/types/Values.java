package io.ably4j.types;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Small helpers shared by the value types: defensive copies, validation and redaction. */
final class Values {
    private Values() {}

    /** {@code value}, or an {@link AblyException} with code 40000 (status 400) if it is null. */
    static <T> T requireArg(@Nullable T value, String name) {
        if (value == null) {
            throw new AblyException(ErrorInfo.of(40000, 400, name + " must not be null"));
        }
        return value;
    }

    /** An unmodifiable copy of {@code list} that rejects null elements. */
    static <T> List<T> copyList(List<? extends T> list, String what) {
        requireArg(list, what);
        if (list.isEmpty()) {
            return Collections.emptyList();
        }
        List<T> copy = new ArrayList<>(list.size());
        for (T item : list) {
            if (item == null) {
                throw invalid(what + " must not contain null elements");
            }
            copy.add(item);
        }
        return Collections.unmodifiableList(copy);
    }

    /** An unmodifiable, insertion-ordered copy of a string map; null keys or values are rejected. */
    static Map<String, String> copyStringMap(Map<String, String> map, String what) {
        requireArg(map, what);
        if (map.isEmpty()) {
            return Collections.emptyMap();
        }
        Map<String, String> copy = new LinkedHashMap<>(map.size() * 2);
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw invalid(what + " must not contain null keys or values");
            }
            copy.put(e.getKey(), e.getValue());
        }
        return Collections.unmodifiableMap(copy);
    }

    /**
     * Checks that a payload is a {@code String}, {@code byte[]} or {@link Json} (or null); byte arrays are copied
     * when {@code copy} is true.
     */
    static @Nullable Object checkData(@Nullable Object data, boolean copy) {
        if (data == null || data instanceof String || data instanceof Json) {
            return data;
        }
        if (data instanceof byte[] bytes) {
            return copy ? bytes.clone() : bytes;
        }
        throw new AblyException(ErrorInfo.of(
                40013,
                400,
                "Invalid message data: expected String, byte[] or Json, got "
                        + data.getClass().getName()
                        + " (use Json.of(...) for objects and arrays)"));
    }

    /** A copy of a payload for handing out: byte arrays are cloned, other payloads are immutable. */
    static @Nullable Object exposeData(@Nullable Object data) {
        return data instanceof byte[] bytes ? bytes.clone() : data;
    }

    static boolean dataEquals(@Nullable Object a, @Nullable Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        return Objects.equals(a, b);
    }

    static int dataHash(@Nullable Object data) {
        return data instanceof byte[] bytes ? Arrays.hashCode(bytes) : Objects.hashCode(data);
    }

    /** A log-safe description of a payload: strings are shown, binary only by length. */
    static String describeData(Object data) {
        if (data instanceof byte[] bytes) {
            return "<" + bytes.length + " bytes>";
        }
        if (data instanceof String s) {
            return s.length() > 64 ? '"' + s.substring(0, 64) + "\"..." : '"' + s + '"';
        }
        return data.toString();
    }

    /** A fixed placeholder for secrets in {@code toString()}. */
    static final String REDACTED = "<redacted>";

    static AblyException invalid(String message) {
        return new AblyException(ErrorInfo.of(40013, 400, message));
    }

    /** Appends {@code name=value} to a toString builder when value is non-null. */
    static void field(StringBuilder sb, String name, @Nullable Object value) {
        if (value == null) {
            return;
        }
        if (sb.charAt(sb.length() - 1) != '{') {
            sb.append(", ");
        }
        sb.append(name).append('=').append(value);
    }

    /** Appends {@code name=<redacted>} when value is non-null. */
    static void secret(StringBuilder sb, String name, @Nullable Object value) {
        if (value != null) {
            field(sb, name, REDACTED);
        }
    }
}
