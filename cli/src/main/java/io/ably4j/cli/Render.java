package io.ably4j.cli;

import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
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
