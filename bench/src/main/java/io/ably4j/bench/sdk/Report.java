package io.ably4j.bench.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Collects worker results per SDK and scenario over the rounds, and renders the comparison: the median per SDK (with
 * the range), the ratio ably4j / ably-java of the medians, the goal and whether it is met; one table per ably4j
 * WebSocket engine.
 */
final class Report {
    static final String SUBJECT = Ably4jClient.NAME;
    static final String NIO_SUBJECT = Ably4jClient.NIO_NAME;
    static final String DIRECT_SUBJECT = Ably4jClient.DIRECT_NAME;
    static final String BASELINE = AblyJavaClient.NAME;
    /** The bare WebSocket reader: the reference of the receive scenarios, shown as a ratio row. */
    static final String RAW = RawReaderClient.NAME;
    /** The scenarios in which one subscriber receives what the driver publishes (the raw reader takes part). */
    static final Set<String> RECEIVE_SCENARIOS = Set.of("cpu", "saturation");
    /**
     * The ably4j variants compared with the baseline, one table each: default (JDK WebSocket), NIO engine, and NIO in
     * direct mode.
     */
    static final List<String> SUBJECTS = List.of(SUBJECT, NIO_SUBJECT, DIRECT_SUBJECT);
    /**
     * Scenarios in which ably4j's WebSocket engine plays no part (REST): run with {@value #SUBJECT} only, and shown in
     * its table only.
     */
    static final Set<String> ENGINE_INDEPENDENT = Set.of("rest");

    /** A goal on a metric: on the ratio subject/baseline, or on the subject's own value. */
    record Goal(String text, boolean onRatio, boolean atLeast, double bound) {
        static Goal ratioAtLeast(double bound) {
            return new Goal("≥ " + fmt(bound) + "×", true, true, bound);
        }

        static Goal ratioAtMost(double bound) {
            return new Goal("≤ " + fmt(bound) + "×", true, false, bound);
        }

        static Goal valueAtMost(double bound, String unit) {
            return new Goal("ably4j ≤ " + fmt(bound) + unit, false, false, bound);
        }

        boolean met(double subject, double ratio) {
            double v = onRatio ? ratio : subject;
            if (Double.isNaN(v)) {
                return false;
            }
            return atLeast ? v >= bound : v <= bound;
        }
    }

    /** One row: {@code key} of the {@code scenario}'s result lines. */
    record Metric(
            String scenario,
            String key,
            String label,
            @Nullable Goal goal) {}

    static final List<Metric> METRICS = List.of(
            new Metric("throughput", "msgsPerSec", "publish-with-ACK throughput, msgs/s", Goal.ratioAtLeast(3)),
            new Metric("throughput", "cpuUsPerMsgExclJit", "publisher CPU per ACKed message (excl. JIT), µs", null),
            new Metric("throughput", "cpuUsPerMsg", "publisher CPU per ACKed message (incl. JIT), µs", null),
            new Metric("throughput", "emulatorUsPerMsg", "emulator CPU per ACKed message, µs", null),
            new Metric(
                    "throughput",
                    "allocBytesPerPublish",
                    "bytes allocated per ACKed publish (all threads)",
                    Goal.ratioAtMost(0.25)),
            new Metric("latency", "p50Us", "publish→deliver latency p50, µs", null),
            new Metric("latency", "p99Us", "publish→deliver latency p99, µs", Goal.ratioAtMost(0.5)),
            new Metric("latency", "p999Us", "publish→deliver latency p99.9, µs", null),
            new Metric("latency", "lost", "latency: messages not delivered", null),
            new Metric(
                    "cpu",
                    "cpuMsPer100kExclJit",
                    "subscriber CPU per 100k messages (excl. JIT), ms",
                    Goal.ratioAtMost(0.9)), // issue 14: ≤ 0.9× by default, ≤ 0.5× in direct mode (see render)
            new Metric("cpu", "cpuMsPer100k", "subscriber CPU per 100k messages (incl. JIT), ms", null),
            new Metric("cpu", "msgsPerSec", "subscriber: delivered msgs/s while measured", null),
            new Metric(
                    "cpu",
                    "allocBytesPerMsg",
                    "bytes allocated per delivered message (all threads)",
                    Goal.ratioAtMost(0.25)),
            new Metric(
                    "saturation",
                    "msgsPerSec",
                    "saturation: highest sustained receive rate of one subscriber, msgs/s",
                    Goal.ratioAtLeast(2)),
            new Metric("saturation", "cpuCores", "saturation: subscriber CPU, cores", null),
            new Metric("saturation", "allocBytesPerMsg", "saturation: bytes allocated per delivered message", null),
            new Metric("footprint", "threads0", "threads before any client", null),
            new Metric("footprint", "threads1", "threads at 1 client", null),
            new Metric("footprint", "threads10", "threads at 10 clients", null),
            new Metric("footprint", "threads100", "threads at 100 clients", null),
            new Metric("footprint", "threadsN", "threads at N clients", null),
            new Metric(
                    "footprint",
                    "threadGrowth",
                    "threads added from 1 to N clients",
                    new Goal("constant (ably4j adds 0)", false, false, 0)),
            new Metric(
                    "footprint",
                    "heapPerClientKiB",
                    "heap per client, KiB ((N − none) / N)",
                    Goal.valueAtMost(16, " KiB")),
            new Metric("footprint", "marginalHeapPerClientKiB", "heap per client, KiB ((N − 100) / (N − 100))", null),
            new Metric("footprint", "setupSeconds", "time to connect + attach N clients, s", null),
            new Metric("rest", "requestsPerSec", "REST publish throughput, requests/s (W in flight)", null),
            new Metric("rest", "cpuUsPerRequestExclJit", "worker CPU per REST publish (excl. JIT), µs", null),
            new Metric("rest", "cpuUsPerRequest", "worker CPU per REST publish (incl. JIT), µs", null),
            new Metric("rest", "emulatorUsPerRequest", "emulator CPU per REST publish, µs", null),
            new Metric("rest", "allocKiBPerRequest", "worker heap allocated per REST publish, KiB", null),
            new Metric("rest", "threadsStartedPerKiloRequest", "threads started per 1,000 REST publishes", null),
            new Metric("rest", "threads", "worker threads at the end", null),
            new Metric("rest", "failed", "REST publishes failed", null),
            new Metric("presence-sync", "syncMs", "SYNC of N members to a late attacher (attach → get), ms", null),
            new Metric("presence-sync", "usPerMember", "SYNC time per member, µs", null),
            new Metric("presence-sync", "heapBytesPerMember", "heap retained per member, bytes", null),
            new Metric(
                    "presence-sync", "allocBytesPerMember", "heap allocated during the SYNC per member, bytes", null),
            new Metric("presence-sync", "cpuMs", "worker CPU during the SYNC, ms", null),
            new Metric("presence-sync", "coldSyncMs", "first SYNC in a fresh JVM (cold JIT), ms", null));

    private final Map<String, List<ResultLine>> results = new LinkedHashMap<>();

    /** Adds a worker's result (its {@code sdk} and {@code scenario} values say where it belongs). */
    void add(ResultLine line) {
        results.computeIfAbsent(line.text("sdk", "?") + "/" + line.text("scenario", "?"), k -> new ArrayList<>())
                .add(line);
    }

    /** The values of {@code key} over the rounds for one SDK and scenario (rounds without the key are skipped). */
    List<Double> values(String sdk, String scenario, String key) {
        List<Double> out = new ArrayList<>();
        for (ResultLine r : results.getOrDefault(sdk + "/" + scenario, List.of())) {
            if (r.values().containsKey(key)) {
                out.add(r.number(key));
            }
        }
        return out;
    }

    /** The median ({@code NaN} for no values; the mean of the middle two for an even count). */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(values);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** One Markdown table per ably4j variant that has results, each against the baseline. */
    String render() {
        StringBuilder sb = new StringBuilder();
        for (String subject : SUBJECTS) {
            if (results.keySet().stream().anyMatch(k -> k.startsWith(subject + "/"))) {
                if (sb.length() > 0) {
                    sb.append('\n');
                }
                sb.append(render(subject));
            }
        }
        return sb.toString();
    }

    /** The comparison of {@code subject} with the baseline as a Markdown table. */
    String render(String subject) {
        StringBuilder sb = new StringBuilder();
        sb.append("| scenario | metric | ")
                .append(subject)
                .append(" | ")
                .append(BASELINE)
                .append(" | ")
                .append(subject)
                .append(" / ")
                .append(BASELINE)
                .append(" | goal | met? |\n");
        sb.append("|---|---|---:|---:|---:|---|---|\n");
        for (Metric m : METRICS) {
            if (ENGINE_INDEPENDENT.contains(m.scenario()) && !subject.equals(SUBJECT)) {
                continue;
            }
            List<Double> a = values(subject, m.scenario(), m.key());
            List<Double> b = values(BASELINE, m.scenario(), m.key());
            if (a.isEmpty() && b.isEmpty()) {
                continue;
            }
            double ma = median(a);
            double mb = median(b);
            double ratio = mb == 0 ? Double.NaN : ma / mb;
            Goal g = m.goal();
            if (g != null && m.key().equals("cpuMsPer100kExclJit") && subject.equals(DIRECT_SUBJECT)) {
                g = Goal.ratioAtMost(0.5);
            }
            sb.append("| ")
                    .append(m.scenario())
                    .append(" | ")
                    .append(m.label())
                    .append(" | ")
                    .append(cell(a))
                    .append(" | ")
                    .append(cell(b))
                    .append(" | ")
                    .append(Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "%.2f", ratio))
                    .append(" | ")
                    .append(g == null ? "" : g.text())
                    .append(" | ")
                    .append(g == null ? "" : a.isEmpty() ? "no data" : g.met(ma, ratio) ? "**met**" : "**not met**")
                    .append(" |\n");
            List<Double> raw = values(RAW, m.scenario(), m.key());
            if (!raw.isEmpty() && m.scenario().equals("cpu") && m.key().equals("cpuMsPer100kExclJit")) {
                double mr = median(raw); // what reading alone costs: a floor for any subscriber woken per message
                sb.append(rawRow(
                        "cpu",
                        "… a bare WebSocket reader of the same messages",
                        raw,
                        ": " + subject + " / raw, raw / " + BASELINE,
                        fmt(ma / mr),
                        b.isEmpty() || mb == 0 ? "–" : fmt(mr / mb),
                        "the reader's own cost: no subscriber woken per message goes below it",
                        ""));
            }
            if (!raw.isEmpty() && m.scenario().equals("saturation") && m.key().equals("msgsPerSec")) {
                double mr = median(raw);
                sb.append(rawRow(
                        "saturation",
                        "… relative to a bare WebSocket reader",
                        raw,
                        "",
                        fmt(ma / mr),
                        b.isEmpty() ? "–" : fmt(mb / mr),
                        "≥ 0.7 of raw",
                        a.isEmpty() ? "no data" : ma / mr >= 0.7 ? "**met**" : "**not met**"));
            }
        }
        return sb.toString();
    }

    /** A row that sets both SDKs against the bare reader {@code raw}: "label (raw: cell)suffix". */
    private static String rawRow(
            String scenario,
            String label,
            List<Double> raw,
            String suffix,
            String subjectValue,
            String baselineValue,
            String goal,
            String verdict) {
        return "| " + scenario + " | " + label + " (" + RAW + ": " + cell(raw) + ")" + suffix + " | " + subjectValue
                + " | " + baselineValue + " |  | " + goal + " | " + verdict + " |\n";
    }

    /** "median (min–max, n rounds)", or just the value for one round, or "–". */
    static String cell(List<Double> values) {
        if (values.isEmpty()) {
            return "–";
        }
        double med = median(values);
        if (values.size() == 1) {
            return fmt(med);
        }
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(med);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(med);
        return fmt(med) + " (" + fmt(min) + "–" + fmt(max) + ")";
    }

    /** Up to 3 significant decimals for small numbers, none for large ones. */
    static String fmt(double v) {
        double abs = Math.abs(v);
        String s = abs >= 99.5 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : abs >= 9.995 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return s;
    }
}
