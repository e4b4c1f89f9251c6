package io.ably4j.bench.sdk;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one machine-readable line a worker prints to stdout: {@code RESULT key=value key=value ...}, values without
 * spaces. Numbers are written with {@link Locale#ROOT}.
 */
record ResultLine(Map<String, String> values) {
    static final String PREFIX = "RESULT ";

    ResultLine {
        values = Map.copyOf(values);
    }

    /** Formats {@code values} (in iteration order) as a result line. */
    static String format(Map<String, ?> values) {
        StringBuilder sb = new StringBuilder("RESULT");
        values.forEach((k, v) -> {
            String s = v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(v);
            if (k.isEmpty() || k.contains("=") || k.contains(" ") || s.contains(" ")) {
                throw new IllegalArgumentException("key or value with a space or '=': " + k + "=" + s);
            }
            sb.append(' ').append(k).append('=').append(s);
        });
        return sb.toString();
    }

    /** Whether {@code line} is a result line. */
    static boolean isResult(String line) {
        return line.startsWith(PREFIX);
    }

    /** Parses a line written by {@link #format}. */
    static ResultLine parse(String line) {
        if (!isResult(line)) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String token : line.substring(PREFIX.length()).trim().split(" +", -1)) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("malformed token '" + token + "' in: " + line);
            }
            values.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return new ResultLine(values);
    }

    /** The value of {@code key} as a number; throws if it is missing or not a number. */
    double number(String key) {
        String v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no " + key + " in " + values);
        }
        return Double.parseDouble(v);
    }

    /** The value of {@code key}, or {@code fallback}. */
    String text(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }
}
