package io.ably4j.bench.sdk;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scenario with one SDK, in its own JVM, started by {@link SideBySide}. Prints progress to stderr and exactly one
 * {@link ResultLine} to stdout (plus {@code READY} and {@code WARM} for the {@code cpu} and {@code saturation} scenarios, which differ only in
 * the driver's publishing rate), then exits.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ably4j.bench.sdk.Worker --sdk ably4j|ably4j-nio|ably-java \
 *     --scenario throughput|latency|cpu|saturation|footprint|rest|presence-sync --port N [--key K] [scenario options]
 * </pre>
 *
 * Options (defaults in brackets): {@code --warmup S} [8] and {@code --duration S} [10] (throughput, latency, rest);
 * {@code --size B} [100]; {@code --window N} [100] (throughput; rest: requests in flight); {@code --rate N} [1000] and {@code --burst N} [20000] (latency: msgs/s, warm-up burst);
 * {@code --channel NAME}, {@code --messages N} [100000] and {@code --warmup-messages N} [30000] (cpu);
 * {@code --frame-messages K} [1] (cpu, saturation: messages per frame the publishers send, for the raw reader);
 * {@code --skip-messages N} [0] (cpu, saturation: the first N of the measured messages are received but not measured,
 * e.g. the start of a saturation drain, while the JIT still compiles the paths of many frames per read);
 * {@code --drains D} [1] (saturation: the listener holds after the warm-up and after each of the first D - 1 drains
 * of {@code --messages} until the driver's next {@code GO}; only the last drain is measured);
 * {@code --channel NAME} and {@code --members N} [10000] (presence-sync: the driver has entered N members on NAME and
 * on NAME-warmup);
 * {@code --clients N} [1000] and {@code --in-flight N} [100] (footprint); {@code --emulator-pid P} [none] to report
 * the emulator's CPU time over the measured interval as well (throughput, cpu, rest); {@code --hold S} [0] keeps the
 * footprint clients open S seconds after measuring, for inspection (e.g. {@code jcmd PID GC.class_histogram}).
 */
public final class Worker {
    private Worker() {}

    /** Parsed options. */
    record Options(
            String sdk,
            String scenario,
            int port,
            String key,
            int warmupSeconds,
            int durationSeconds,
            int size,
            int window,
            int rate,
            String channel,
            int messages,
            int warmupMessages,
            int clients,
            int inFlight,
            long emulatorPid,
            int holdSeconds,
            int burst,
            int members,
            int frameMessages,
            int skipMessages,
            int drains) {

        static Options parse(String[] args) {
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value, got " + args[i]);
                }
                m.put(args[i].substring(2), args[i + 1]);
            }
            Options o = new Options(
                    required(m, "sdk"),
                    required(m, "scenario"),
                    Integer.parseInt(required(m, "port")),
                    m.getOrDefault("key", SideBySide.KEY),
                    intOption(m, "warmup", 8),
                    intOption(m, "duration", 10),
                    intOption(m, "size", 100),
                    intOption(m, "window", 100),
                    intOption(m, "rate", 1000),
                    m.getOrDefault("channel", "cpu"),
                    intOption(m, "messages", 100_000),
                    intOption(m, "warmup-messages", 30_000),
                    intOption(m, "clients", 1000),
                    intOption(m, "in-flight", 100),
                    Long.parseLong(m.getOrDefault("emulator-pid", "0")),
                    intOption(m, "hold", 0),
                    intOption(m, "burst", 20_000),
                    intOption(m, "members", 10_000),
                    intOption(m, "frame-messages", 1),
                    intOption(m, "skip-messages", 0),
                    intOption(m, "drains", 1));
            m.keySet()
                    .removeAll(java.util.Set.of(
                            "sdk",
                            "scenario",
                            "port",
                            "key",
                            "warmup",
                            "duration",
                            "size",
                            "window",
                            "rate",
                            "channel",
                            "messages",
                            "warmup-messages",
                            "clients",
                            "in-flight",
                            "emulator-pid",
                            "hold",
                            "burst",
                            "members",
                            "frame-messages",
                            "skip-messages",
                            "drains"));
            if (!m.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + m.keySet());
            }
            return o;
        }

        SdkClient.Config config(boolean echo) {
            return new SdkClient.Config(port, key, echo);
        }

        private static String required(Map<String, String> m, String name) {
            String v = m.get(name);
            if (v == null) {
                throw new IllegalArgumentException("--" + name + " is required");
            }
            return v;
        }

        private static int intOption(Map<String, String> m, String name, int fallback) {
            String v = m.get(name);
            return v == null ? fallback : Integer.parseInt(v);
        }
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int status = 0;
        try {
            Options o = Options.parse(args);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("sdk", o.sdk());
            result.put("scenario", o.scenario());
            result.putAll(
                    switch (o.scenario()) {
                        case "throughput" -> Scenarios.throughput(o);
                        case "latency" -> Scenarios.latency(o);
                        case "cpu", "saturation" -> Scenarios.subscriberCpu(o, out);
                        case "footprint" -> Scenarios.footprint(o);
                        case "rest" -> RestPresenceScenarios.rest(o);
                        case "presence-sync" -> RestPresenceScenarios.presenceSync(o);
                        default -> throw new IllegalArgumentException("unknown scenario " + o.scenario());
                    });
            out.println(ResultLine.format(result));
        } catch (Exception | Error e) { // report any failure to the driver, then exit non-zero
            System.err.println("worker failed: " + e);
            e.printStackTrace(System.err);
            status = 1;
        }
        out.flush();
        // Exit now: the SDKs' non-daemon threads (ably-java) must not keep the JVM alive; shutdown hooks (JFR) run.
        System.exit(status);
    }

    /** CPU time of the emulator process so far in nanoseconds (10 ms resolution), or 0 if its pid is not known. */
    static long emulatorCpuNanos(Options o) {
        if (o.emulatorPid() <= 0) {
            return 0;
        }
        return ProcessHandle.of(o.emulatorPid())
                .flatMap(p -> p.info().totalCpuDuration())
                .map(java.time.Duration::toNanos)
                .orElse(0L);
    }

    /**
     * CPU time of this JVM's JIT compiler threads so far, in nanoseconds, from {@code /proc/self/task/}*{@code
     * /schedstat} (Linux; 0 elsewhere). Subtracted from the process CPU time it gives the steady-state cost without
     * the one-off compilation that a short run cannot avoid.
     */
    static long jitCpuNanos() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return 0;
        }
        long total = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                try {
                    String comm = Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII);
                    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                        String schedstat = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
                        total += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile, or no schedstat: skip it
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /**
     * Bytes allocated so far by the live threads of this JVM, summed from {@link
     * com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])} (exact per thread; a thread that has ended no
     * longer counts, so take both readings while the client's threads live).
     */
    static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t) {
            long sum = 0;
            for (long a : t.getThreadAllocatedBytes(t.getAllThreadIds())) {
                if (a > 0) {
                    sum += a;
                }
            }
            return sum;
        }
        throw new IllegalStateException("thread allocation counters are not available on this JVM");
    }

    /** CPU time of this process so far (all threads, including GC and JIT), in nanoseconds. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("process CPU time is not available on this JVM");
    }
}
