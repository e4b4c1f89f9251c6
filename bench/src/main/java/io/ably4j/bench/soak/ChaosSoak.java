package io.ably4j.bench.soak;

import io.ably4j.WebSocketEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The chaos soak: N clients × M channels publish numbered messages through an in-process emulator for a set duration
 * while faults from a seeded schedule are injected, then checks delivery, order, publish completion, recovery,
 * presence and resources, and prints a Markdown table (one column per WebSocket engine). Exit status 1 if any check
 * failed.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ably4j.bench.soak.ChaosSoak \
 *     --clients 6 --channels 4 --duration 5m --seed 42 --engine BOTH --rate 2
 * </pre>
 *
 * Options: see {@link SoakConfig#parse}. The run's fault log goes to standard error, the table to standard output.
 */
public final class ChaosSoak {
    private ChaosSoak() {}

    public static void main(String[] args) throws InterruptedException {
        SoakConfig config = SoakConfig.parse(args);
        List<SoakResult> results = run(config, line -> System.err.println(line));
        System.out.print(SoakTable.render(results));
        boolean failed = results.stream().anyMatch(r -> !r.allFailures().isEmpty());
        System.exit(failed ? 1 : 0);
    }

    /** Runs {@code config} on each of its engines in turn; {@code log} receives one line per fault. */
    public static List<SoakResult> run(SoakConfig config, Consumer<String> log) throws InterruptedException {
        List<SoakResult> results = new ArrayList<>();
        for (WebSocketEngine engine : config.engines()) {
            log.accept("soak: " + engine + " " + config.withEngine(engine));
            results.add(new SoakRun(config, engine, line -> log.accept(engine + " " + line)).run());
        }
        return results;
    }

    /** The Markdown report of {@code results}. */
    public static String table(List<SoakResult> results) {
        return SoakTable.render(results);
    }
}
