package io.ably4j.internal.rest;

import io.ably4j.Stats;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Decodes the body of {@code GET /stats} (RSC6a, TS12): an array of stats objects in JSON or msgpack. Unknown fields
 * are ignored; {@code entries} may be flat ({@code "messages.all.all.count": 1}) or nested, and nested objects are
 * flattened to dotted names.
 */
final class StatsDecoder {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd:HH:mm");

    private StatsDecoder() {}

    /**
     * The stats of {@code response}.
     *
     * @throws AblyException 50000 for a body that is not an array of stats objects
     */
    static List<Stats> decode(WireFormat format, HttpResult response) {
        List<Stats> out = new ArrayList<>();
        for (Json item : ResponsePage.items(format, response)) {
            if (!(item.toValue() instanceof Map<?, ?> map)) {
                throw invalid("a stats item is not an object: " + item);
            }
            out.add(stats(map));
        }
        return out;
    }

    static Stats stats(Map<?, ?> m) {
        String intervalId = string(m, "intervalId");
        if (intervalId == null) {
            throw invalid("a stats item has no intervalId");
        }
        String unit = string(m, "unit");
        Map<String, Number> entries = new LinkedHashMap<>();
        if (m.get("entries") instanceof Map<?, ?> e) {
            flatten("", e, entries);
        }
        return new Stats(
                intervalId,
                intervalTime(intervalId),
                unit != null ? unit : "",
                string(m, "inProgress"),
                entries,
                string(m, "schema"),
                string(m, "appId"));
    }

    private static void flatten(String prefix, Map<?, ?> from, Map<String, Number> into) {
        from.forEach((k, v) -> {
            String name = prefix + k;
            if (v instanceof Number n) {
                into.put(name, n instanceof Long || n instanceof Double ? n : n.doubleValue());
            } else if (v instanceof Map<?, ?> nested) {
                flatten(name + ".", nested, into);
            }
        });
    }

    /** TS12p: the start of the interval in UTC, from {@code yyyy-mm-dd:hh:mm}, {@code yyyy-mm-dd:hh}, ... */
    static @Nullable Instant intervalTime(String id) {
        try {
            return switch (id.length()) {
                case 16 -> LocalDateTime.parse(id, MINUTE).toInstant(ZoneOffset.UTC);
                case 13 -> LocalDateTime.parse(id + ":00", MINUTE).toInstant(ZoneOffset.UTC);
                case 10 -> LocalDate.parse(id).atStartOfDay().toInstant(ZoneOffset.UTC);
                case 7 -> YearMonth.parse(id).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                default -> null;
            };
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static @Nullable String string(Map<?, ?> m, String name) {
        return m.get(name) instanceof String s ? s : null;
    }

    private static AblyException invalid(String why) {
        return new AblyException(Errors.internalError("Invalid stats response: " + why));
    }
}
