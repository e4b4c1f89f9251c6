package io.ably4j.bench.sdk;

import io.ably4j.bench.emulator.EmulatorProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The delta-compression row (issue 16), ably4j against ably-java 1.5.0 in the same run: one standalone emulator JVM,
 * then for each round and each variant (ably4j with its default engine, and ably-java; each with and without the
 * channel param {@code delta=vcdiff}, in an order rotated per round) one subscriber in a fresh worker JVM with the
 * flags of {@link SideBySide}. The driver publishes a seeded sequence of binary payloads of {@code --size} bytes, each
 * differing from the previous one in 1 % of its bytes ({@link DeltaPayloads}): {@code --warmup-messages} at
 * {@code --warmup-rate}, then {@code --messages} at {@code --rate}. Measured per delivered message: bytes the
 * subscriber's socket received (counted by a {@link ByteCountingProxy} in the driver), the worker's process CPU time
 * (with and without JIT threads) and its allocation; every payload is checked against the expected one.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ably4j.bench.sdk.DeltaSideBySide [--rounds 2] [--sdks ably4j,ably-java]
 *     [--size 10240] [--messages 5000] [--rate 500] [--warmup-messages 3000] [--warmup-rate 1000] [--seed 16]
 *     [--emulator-jar emulator/target/ably4j-emulator.jar]
 * </pre>
 */
public final class DeltaSideBySide {
    static final String WORKER = "--worker";
    static final List<String> METRICS =
            List.of("wireBytesPerMsg", "cpuUsPerMsg", "cpuUsPerMsgExclJit", "allocBytesPerMsg");
    static final Map<String, String> LABELS = Map.of(
            "wireBytesPerMsg", "bytes on the wire received per message",
            "cpuUsPerMsg", "subscriber CPU per message (incl. JIT), µs",
            "cpuUsPerMsgExclJit", "subscriber CPU per message (excl. JIT), µs",
            "allocBytesPerMsg", "bytes allocated per message (all threads)");

    private DeltaSideBySide() {}

    /** The driver's options. */
    record Settings(int rounds, List<String> sdks, DeltaTrial.Plan plan, Path emulatorJar) {
        static Settings parse(String[] args) {
            int rounds = 2;
            List<String> sdks = List.of(Report.SUBJECT, Report.BASELINE);
            int size = 10 * 1024;
            int messages = 5000;
            int rate = 500;
            int warmup = 3000;
            int warmupRate = 1000;
            long seed = 16;
            Path jar = Path.of("emulator/target/ably4j-emulator.jar");
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + args[i]);
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--sdks" -> sdks = List.of(v.split(",", -1));
                    case "--size" -> size = Integer.parseInt(v);
                    case "--messages" -> messages = Integer.parseInt(v);
                    case "--rate" -> rate = Integer.parseInt(v);
                    case "--warmup-messages" -> warmup = Integer.parseInt(v);
                    case "--warmup-rate" -> warmupRate = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--emulator-jar" -> jar = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Settings(rounds, sdks, new DeltaTrial.Plan(seed, size, warmup, warmupRate, messages, rate), jar);
        }
    }

    /**
     * Runs the benchmark and prints each result and the table (or, with {@code --worker} first, one worker).
     *
     * @param args the options of the class comment
     * @throws Exception if the emulator cannot be started
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(WORKER)) {
            System.exit(worker(args));
        }
        Settings s = Settings.parse(args);
        String cp = System.getProperty("java.class.path");
        System.out.println(
                "command: java -cp " + cp + " " + DeltaSideBySide.class.getName() + " " + String.join(" ", args));
        System.out.printf(
                Locale.ROOT,
                "cores=%d java=%s loadavg=%s%nworker JVM flags (both SDKs): %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                SideBySide.loadAverage(),
                String.join(" ", SideBySide.DEFAULT_WORKER_FLAGS));
        DeltaTrial.Plan plan = s.plan();
        long limit = 120L + plan.messages() / Math.max(1, plan.rate()) + plan.warmup() / Math.max(1, plan.warmupRate());
        List<Map<String, String>> results = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        long start = System.nanoTime();
        try (EmulatorProcess emu = EmulatorProcess.start(s.emulatorJar(), SideBySide.KEY, List.of())) {
            System.out.println("emulator pid " + emu.pid() + " port " + emu.port + ", log " + emu.log);
            List<String> order = new ArrayList<>();
            for (String sdk : s.sdks()) {
                order.add(sdk + "/plain");
                order.add(sdk + "/delta");
            }
            for (int round = 1; round <= s.rounds(); round++) {
                List<String> variants = new ArrayList<>(order);
                Collections.rotate(variants, -(round - 1));
                for (String v : variants) {
                    String sdk = v.substring(0, v.indexOf('/'));
                    boolean delta = v.endsWith("/delta");
                    String tag = "[round " + round + " " + v + "]";
                    try {
                        Map<String, String> r = DeltaTrial.run(
                                http, emu.port, SideBySide.KEY, sdk, delta, plan, limit, spec -> launch(spec, tag));
                        results.add(r);
                        System.out.printf(Locale.ROOT, "%s %s loadavg=%s%n", tag, r, SideBySide.loadAverage());
                    } catch (Exception e) {
                        System.out.println(tag + " FAILED: " + e);
                    }
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%ndone in %.0f s; loadavg at end=%s%n%n",
                (System.nanoTime() - start) / 1e9,
                SideBySide.loadAverage());
        System.out.println(render(results, s.sdks()));
        System.exit(0); // the JDK HttpClient's selector thread is not a daemon until the client is collected
    }

    /** Starts a worker JVM for {@code spec}, echoing its other output with {@code tag}. */
    private static DeltaTrial.Launched launch(DeltaSubscriber.Spec spec, String tag) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SideBySide.DEFAULT_WORKER_FLAGS);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), DeltaSideBySide.class.getName(), WORKER));
        cmd.addAll(List.of(
                spec.sdk(),
                Boolean.toString(spec.delta()),
                Integer.toString(spec.port()),
                spec.key(),
                spec.channel(),
                Long.toString(spec.seed()),
                Integer.toString(spec.size()),
                Integer.toString(spec.warmup()),
                Integer.toString(spec.messages())));
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture<Void> warm = new CompletableFuture<>();
        CompletableFuture<@Nullable Map<String, String>> result = new CompletableFuture<>();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (line.equals(SideBySide.READY)) {
                                ready.complete(null);
                            } else if (line.equals(SideBySide.WARM)) {
                                warm.complete(null);
                            } else if (ResultLine.isResult(line)) {
                                result.complete(ResultLine.parse(line).values());
                            } else {
                                System.out.println(tag + " " + line);
                            }
                        }
                    } catch (IOException | RuntimeException e) {
                        System.out.println(tag + " reading output failed: " + e);
                    } finally {
                        ready.completeExceptionally(new IllegalStateException("worker ended before READY"));
                        warm.completeExceptionally(new IllegalStateException("worker ended before WARM"));
                        result.complete(null);
                    }
                },
                "delta-worker-output");
        reader.setDaemon(true);
        reader.start();
        return new DeltaTrial.Launched(ready, warm, result, p::isAlive, p::destroyForcibly);
    }

    /** The worker JVM: runs one {@link DeltaSubscriber}, prints READY, WARM and the result line; returns the status. */
    private static int worker(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try {
            DeltaSubscriber.Spec spec = new DeltaSubscriber.Spec(
                    args[1],
                    Boolean.parseBoolean(args[2]),
                    Integer.parseInt(args[3]),
                    args[4],
                    args[5],
                    Long.parseLong(args[6]),
                    Integer.parseInt(args[7]),
                    Integer.parseInt(args[8]),
                    Integer.parseInt(args[9]));
            Map<String, Object> r = DeltaSubscriber.run(
                    spec, () -> out.println(SideBySide.READY), () -> out.println(SideBySide.WARM), false);
            out.println(ResultLine.format(r));
            return 0;
        } catch (Exception | Error e) { // report any failure to the driver, then exit non-zero
            System.err.println("delta worker failed: " + e);
            e.printStackTrace(System.err);
            return 1;
        }
    }

    /**
     * The Markdown table of the medians over the rounds: one row per metric, one column per SDK and mode, then the
     * ratios ably4j / ably-java (per mode) and delta / no delta (per SDK).
     */
    static String render(List<Map<String, String>> results, List<String> sdks) {
        Map<String, Map<String, List<Double>>> byVariant = new LinkedHashMap<>();
        for (Map<String, String> r : results) {
            String variant = r.get("sdk") + ("true".equals(r.get("delta")) ? " delta" : " no delta");
            Map<String, List<Double>> m = byVariant.computeIfAbsent(variant, k -> new LinkedHashMap<>());
            for (String key : METRICS) {
                String v = r.get(key);
                if (v != null) {
                    m.computeIfAbsent(key, k -> new ArrayList<>()).add(Double.parseDouble(v));
                }
            }
        }
        List<String> variants = new ArrayList<>();
        for (String sdk : sdks) {
            variants.add(sdk + " no delta");
            variants.add(sdk + " delta");
        }
        StringBuilder sb = new StringBuilder("| metric |");
        variants.forEach(v -> sb.append(' ').append(v).append(" |"));
        boolean pair = sdks.contains(Report.SUBJECT) && sdks.contains(Report.BASELINE);
        if (pair) {
            sb.append(" ably4j / ably-java, no delta | ably4j / ably-java, delta |");
        }
        for (String sdk : sdks) {
            sb.append(" delta / no delta, ").append(sdk).append(" |");
        }
        sb.append("\n|---|")
                .append("---:|".repeat(variants.size() + (pair ? 2 : 0) + sdks.size()))
                .append('\n');
        for (String key : METRICS) {
            sb.append("| ").append(LABELS.get(key)).append(" |");
            for (String v : variants) {
                sb.append(' ').append(Report.cell(values(byVariant, v, key))).append(" |");
            }
            if (pair) {
                for (String mode : List.of(" no delta", " delta")) {
                    sb.append(' ')
                            .append(ratio(byVariant, Report.SUBJECT + mode, Report.BASELINE + mode, key))
                            .append(" |");
                }
            }
            for (String sdk : sdks) {
                sb.append(' ')
                        .append(ratio(byVariant, sdk + " delta", sdk + " no delta", key))
                        .append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static List<Double> values(Map<String, Map<String, List<Double>>> byVariant, String variant, String key) {
        return byVariant.getOrDefault(variant, Map.of()).getOrDefault(key, List.of());
    }

    private static String ratio(
            Map<String, Map<String, List<Double>>> byVariant, String top, String bottom, String key) {
        double a = Report.median(values(byVariant, top, key));
        double b = Report.median(values(byVariant, bottom, key));
        return Double.isNaN(a) || Double.isNaN(b) || b == 0 ? "–" : String.format(Locale.ROOT, "%.3f", a / b);
    }
}
