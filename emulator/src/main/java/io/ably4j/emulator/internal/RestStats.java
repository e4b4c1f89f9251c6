package io.ably4j.emulator.internal;

import java.util.List;
import java.util.Set;

/**
 * {@code GET /stats} (RSC6): the emulator keeps no statistics, so it answers like Ably for an app without any: an
 * empty page, after validating the parameters as Ably does.
 */
final class RestStats {
    private static final Set<String> UNITS = Set.of("minute", "hour", "day", "month");

    private RestStats() {}

    static RestApi.Response stats(RestApi api, RestApi.Request r, boolean msgpack) throws ErrorInfo {
        RestApi.limitParam(r); // RSC6b3
        RestApi.forwards(r); // RSC6b2
        String unit = r.query().get("unit");
        if (unit != null && !UNITS.contains(unit)) { // RSC6b4
            throw new ErrorInfo(40003, 400, "Invalid unit: " + unit + " (must be minute, hour, day or month)");
        }
        long start = RestApi.longParam(r, "start", Long.MIN_VALUE);
        long end = RestApi.longParam(r, "end", Long.MAX_VALUE);
        api.checkInterval(r, start, end); // RSC6b1
        return RestApi.ok(200, List.of(), msgpack, RestApi.links(r, "stats", null));
    }
}
