package io.ably4j.cli;

import io.ably4j.Stats;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Text forms of messages, payloads and durations for the terminal. Stateless. */
final class Render {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT);
    private static final int MAX_DATA_CHARS = 2000;

    private Render() {}

    /** {@code 12:03:04.567} in the local time zone. */
    static String time(long epochMillis) {
        return TIME.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneId.systemDefault()));
    }

    /** The payload type: {@code string}, {@code json}, {@code binary} or {@code none}. */
    static String type(@Nullable Object data) {
        if (data == null) {
            return "none";
        }
        if (data instanceof String) {
            return "string";
        }
        if (data instanceof byte[]) {
            return "binary";
        }
        if (data instanceof Json) {
            return "json";
        }
        return data.getClass().getSimpleName();
    }

    /**
     * The payload as one line: strings as they are (control characters escaped), JSON as compact text, binary as
     * {@code base64:...} with its length. Long payloads are cut with a note of the full length.
     */
    static String data(@Nullable Object data) {
        String s;
        if (data == null) {
            return "";
        } else if (data instanceof String str) {
            s = escape(str);
        } else if (data instanceof byte[] bytes) {
            s = "base64:" + Base64.getEncoder().encodeToString(bytes) + " (" + bytes.length + " bytes)";
        } else if (data instanceof Json json) {
            s = json.text();
        } else {
            s = escape(data.toString());
        }
        return s.length() <= MAX_DATA_CHARS ? s : s.substring(0, MAX_DATA_CHARS) + "... (" + s.length() + " chars)";
    }

    /** One line per received message: {@code time  name  type  data  [from clientId]}. */
    static String message(Message m, long receivedAtMillis, Style style) {
        Long ts = m.timestamp();
        String name = m.name();
        StringBuilder sb = new StringBuilder()
                .append(style.dim(time(ts != null ? ts : receivedAtMillis)))
                .append("  ")
                .append(style.bold(name == null ? "(no name)" : escape(name)))
                .append("  ")
                .append(style.dim(type(m.data())))
                .append("  ")
                .append(data(m.data()));
        String clientId = m.clientId();
        if (clientId != null) {
            sb.append("  ").append(style.dim("from " + escape(clientId)));
        }
        return sb.toString();
    }

    /**
     * One line per presence event: {@code time  ACTION  clientId  type  data}, the action padded so that the columns
     * line up, ENTER green, LEAVE red, UPDATE yellow.
     */
    static String presence(PresenceMessage p, long receivedAtMillis, Style style) {
        Long ts = p.timestamp();
        PresenceAction action = p.action();
        String name = action == null ? "?" : action.name();
        String padded = CommandSpec.pad(name, 7);
        String coloured = action == PresenceAction.ENTER
                ? style.green(padded)
                : action == PresenceAction.LEAVE
                        ? style.red(padded)
                        : action == PresenceAction.UPDATE ? style.yellow(padded) : padded;
        String clientId = p.clientId();
        StringBuilder sb = new StringBuilder()
                .append(style.dim(time(ts != null ? ts : receivedAtMillis)))
                .append("  ")
                .append(coloured)
                .append(' ')
                .append(style.bold(clientId == null ? "(no client id)" : escape(clientId)));
        if (p.data() != null) {
            sb.append("  ").append(style.dim(type(p.data()))).append("  ").append(data(p.data()));
        }
        return sb.toString();
    }

    /**
     * A statistics interval as a few lines: {@code intervalId  unit [in progress]}, then one indented line per
     * non-zero entry ({@code name  value}); {@code (all zero)} when every entry is zero.
     */
    static String stats(Stats s, Style style) {
        StringBuilder sb = new StringBuilder()
                .append(style.bold(s.intervalId()))
                .append("  ")
                .append(style.dim(s.unit()));
        String inProgress = s.inProgress();
        if (inProgress != null) {
            sb.append(style.yellow("  in progress (up to " + inProgress + ")"));
        }
        int width = 0;
        for (Map.Entry<String, Number> e : s.entries().entrySet()) {
            if (!isZero(e.getValue())) {
                width = Math.max(width, e.getKey().length());
            }
        }
        boolean any = false;
        for (Map.Entry<String, Number> e : s.entries().entrySet()) {
            if (!isZero(e.getValue())) {
                any = true;
                sb.append("\n  ")
                        .append(CommandSpec.pad(e.getKey(), width))
                        .append("  ")
                        .append(number(e.getValue()));
            }
        }
        if (!any) {
            sb.append('\n').append(style.dim("  (all zero)"));
        }
        return sb.toString();
    }

    private static boolean isZero(Number n) {
        return n.doubleValue() == 0;
    }

    /** An integer as it is; a fraction with up to three decimals. */
    static String number(Number n) {
        if (n instanceof Long || n instanceof Integer) {
            return n.toString();
        }
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 1e15
                ? Long.toString((long) d)
                : String.format(Locale.ROOT, "%.3f", d).replaceAll("0+$", "");
    }

    /** A duration in milliseconds with two decimals below 10 ms, one below 100 ms: {@code 1.23 ms}. */
    static String ms(long nanos) {
        double ms = nanos / 1e6;
        if (ms < 10) {
            return String.format(Locale.ROOT, "%.2f ms", ms);
        }
        return ms < 100 ? String.format(Locale.ROOT, "%.1f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String ms(Duration d) {
        return ms(d.toNanos());
    }

    /** The {@code p}-th percentile (0-100, nearest rank) of sorted {@code values}; 0 when empty. */
    static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
    }

    /** {@code s} with control characters escaped, so that one message stays on one line. */
    static String escape(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != 0x7f) {
                if (sb != null) {
                    sb.append(c);
                }
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            }
        }
        return sb == null ? s : sb.toString();
    }
}
