package io.ably4j.cli;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of {@link ArgParser#parse}: positional arguments and option values, with typed accessors that turn a bad
 * value into a {@link UsageException}. Immutable.
 */
final class ParsedArgs {
    private final String command;
    private final List<String> positionals;
    private final Map<String, String> values;
    private final boolean help;

    ParsedArgs(String command, List<String> positionals, Map<String, String> values, boolean help) {
        this.command = command;
        this.positionals = List.copyOf(positionals);
        this.values = Map.copyOf(values);
        this.help = help;
    }

    /** Whether {@code -h}/{@code --help} was given. */
    boolean help() {
        return help;
    }

    String command() {
        return command;
    }

    /** The positional argument at {@code index} (the parser has checked the count). */
    String positional(int index) {
        return positionals.get(index);
    }

    List<String> positionals() {
        return positionals;
    }

    /** The value stored under {@code key}, or null if the option was not given. */
    @Nullable
    String get(String key) {
        return values.get(key);
    }

    String get(String key, String defaultValue) {
        String v = values.get(key);
        return v == null ? defaultValue : v;
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The flag value under {@code key} as a boolean ({@code "true"} or {@code "false"}), or null if absent. */
    @Nullable
    Boolean bool(String key) {
        String v = values.get(key);
        return v == null ? null : Boolean.valueOf(v);
    }

    /** An integer option in {@code [min, max]}. */
    int integer(String key, int defaultValue, int min, int max) throws UsageException {
        String v = values.get(key);
        if (v == null) {
            return defaultValue;
        }
        int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " must be a whole number, got '" + v + "'");
        }
        if (n < min || n > max) {
            throw new UsageException("--" + key + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    /** A positive duration option: {@code 500ms}, {@code 5s}, {@code 1.5s}, {@code 2m}, or a number of seconds. */
    Duration duration(String key, Duration defaultValue) throws UsageException {
        String v = values.get(key);
        return v == null ? defaultValue : parseDuration("--" + key, v);
    }

    /** A positive duration option, or null when absent. */
    @Nullable
    Duration durationOrNull(String key) throws UsageException {
        String v = values.get(key);
        return v == null ? null : parseDuration("--" + key, v);
    }

    static Duration parseDuration(String what, String text) throws UsageException {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double scaleMs;
        String number;
        if (t.endsWith("ms")) {
            scaleMs = 1;
            number = t.substring(0, t.length() - 2);
        } else if (t.endsWith("s")) {
            scaleMs = 1000;
            number = t.substring(0, t.length() - 1);
        } else if (t.endsWith("m")) {
            scaleMs = 60_000;
            number = t.substring(0, t.length() - 1);
        } else {
            scaleMs = 1000;
            number = t;
        }
        double ms;
        try {
            ms = Double.parseDouble(number) * scaleMs;
        } catch (NumberFormatException e) {
            throw new UsageException(what + " must be a duration such as 500ms, 5s or 2m, got '" + text + "'");
        }
        if (!(ms >= 1) || ms > Duration.ofDays(1).toMillis()) {
            throw new UsageException(what + " must be between 1ms and 24h, got '" + text + "'");
        }
        return Duration.ofMillis(Math.round(ms));
    }
}
