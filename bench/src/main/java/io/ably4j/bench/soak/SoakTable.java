package io.ably4j.bench.soak;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The Markdown report of soak runs: one column per run (engine). */
final class SoakTable {
    private SoakTable() {}

    static String render(List<SoakResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| | ");
        results.forEach(r -> sb.append(r.engine).append(" | "));
        sb.append("\n|---|");
        results.forEach(r -> sb.append("---:|"));
        sb.append('\n');
        row(sb, results, "clients × channels", r -> r.config.clients() + " × " + r.config.channels());
        row(
                sb,
                results,
                "token clients / presence channels",
                r -> r.config.tokenClients() + " / " + r.config.presenceChannels());
        row(sb, results, "fault phase (s), seed", r -> r.config.duration().toSeconds() + ", " + r.config.seed());
        row(sb, results, "publish rate (msg/s per client per channel)", r -> fmt(r.config.rate()));
        Map<String, Boolean> kinds = new TreeMap<>();
        results.forEach(r -> r.faults.keySet().forEach(k -> kinds.put(k, true)));
        for (String kind : kinds.keySet()) {
            row(
                    sb,
                    results,
                    "fault " + kind.toLowerCase(Locale.ROOT),
                    r -> String.valueOf(r.faults.getOrDefault(kind, 0)));
        }
        row(sb, results, "faults skipped (target gone)", r -> String.valueOf(r.faultsSkipped));
        row(sb, results, "connection id changes (not resumed)", r -> String.valueOf(r.connectionIdChanges));
        row(
                sb,
                results,
                "channel discontinuities (ATTACHED resumed=false)",
                r -> String.valueOf(r.delivery.discontinuities));
        row(sb, results, "token requests (authCallback)", r -> String.valueOf(r.tokenRequests));
        row(
                sb,
                results,
                "presence operations / failed",
                r -> r.presenceOperations + " / " + r.presenceOperationFailures);
        row(sb, results, "published", r -> String.valueOf(r.delivery.published));
        row(sb, results, "ACKed", r -> String.valueOf(r.delivery.acked));
        row(sb, results, "failed with an error (codes)", r -> r.delivery.failed + " " + r.delivery.publishFailureCodes);
        row(sb, results, "failed but delivered", r -> String.valueOf(r.delivery.failedButDelivered));
        row(sb, results, "**pending at the end**", r -> String.valueOf(r.delivery.pending));
        row(sb, results, "delivered (all subscribers)", r -> String.valueOf(r.delivery.delivered));
        row(sb, results, "lost at a discontinuity (allowed)", r -> String.valueOf(r.delivery.lostAtDiscontinuity));
        row(
                sb,
                results,
                "duplicates after publisher resend (allowed)",
                r -> String.valueOf(r.delivery.duplicatesAfterPublisherResend));
        row(sb, results, "**lost within a continuous stretch**", r -> String.valueOf(r.delivery.lostInContinuity));
        row(
                sb,
                results,
                "**duplicates within a continuous stretch**",
                r -> String.valueOf(r.delivery.duplicatesInContinuity));
        row(
                sb,
                results,
                "**duplicates across a discontinuity**",
                r -> String.valueOf(r.delivery.duplicatesAcrossDiscontinuity));
        row(sb, results, "**out of order**", r -> String.valueOf(r.delivery.outOfOrder));
        row(sb, results, "recovery after faults stop (s)", r -> fmt(r.recoverySeconds));
        row(
                sb,
                results,
                "threads before → after close (ably4j-*)",
                r -> r.threadsBefore + " (" + r.ably4jThreadsBefore + ") → " + r.threadsAfter + " ("
                        + r.ably4jThreadsAfter + ")");
        row(
                sb,
                results,
                "heap after GC before → after close (MB)",
                r -> mb(r.heapBeforeBytes) + " → " + mb(r.heapAfterBytes));
        row(
                sb,
                results,
                "**clients reachable after close / timers left**",
                r -> r.clientsRetainedAfterClose + " / " + r.pendingTimersAfter);
        row(sb, results, "**other failures**", r -> String.valueOf(r.failures.size()));
        row(sb, results, "result", r -> r.allFailures().isEmpty() ? "PASS" : "FAIL");
        for (SoakResult r : results) {
            for (String f : r.allFailures()) {
                sb.append("\n- ").append(r.engine).append(": ").append(f);
            }
        }
        return sb.append('\n').toString();
    }

    private static void row(StringBuilder sb, List<SoakResult> results, String name, Function<SoakResult, String> f) {
        sb.append("| ").append(name).append(" | ");
        results.forEach(r -> sb.append(f.apply(r)).append(" | "));
        sb.append('\n');
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String mb(long bytes) {
        return fmt(bytes / (1024.0 * 1024.0));
    }
}
