package io.ably4j;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One statistics data point of an app, an item of {@link RestClient#stats}. Spec: TS1, TS12.
 *
 * @param intervalId the interval, such as {@code 2024-01-31:14:05} for a minute (TS12a)
 * @param intervalTime the start of the interval, parsed from {@code intervalId} in UTC (TS12p); null if it cannot be
 *     parsed
 * @param unit the granularity as Ably sent it: {@code minute}, {@code hour}, {@code day} or {@code month} (TS12c)
 * @param inProgress for an interval still in progress, the last sub-interval it includes ({@code yyyy-mm-dd:hh:mm}),
 *     else null (TS12q)
 * @param entries the statistics by name, such as {@code messages.all.all.count} (TS12r): {@link Long} for integers,
 *     {@link Double} otherwise; unmodifiable, in the order received
 * @param schema the URI of the JSON schema of the entries (TS12s), or null
 * @param appId the id of the app the statistics are for (TS12t), or null
 */
public record Stats(
        String intervalId,
        @Nullable Instant intervalTime,
        String unit,
        @Nullable String inProgress,
        Map<String, Number> entries,
        @Nullable String schema,
        @Nullable String appId) {
    /**
     * Copies {@code entries}.
     *
     * @param intervalId the interval, such as {@code 2024-01-31:14:05} for a minute
     * @param intervalTime the start of the interval in UTC, or null if it cannot be parsed
     * @param unit the granularity: {@code minute}, {@code hour}, {@code day} or {@code month}
     * @param inProgress for an interval still in progress, the last sub-interval it includes, else null
     * @param entries the statistics by name (copied)
     * @param schema the URI of the JSON schema of the entries, or null
     * @param appId the id of the app the statistics are for, or null
     */
    public Stats {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
    }
}
