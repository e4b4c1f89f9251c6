package io.ably4j.bench.sdk;

import io.ably4j.bench.emulator.EmulatorProcess;
import io.ably4j.bench.emulator.RawConnection;
import io.ably4j.types.ProtocolMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Side-by-side benchmark of ably4j and ably-java 1.5.0: starts one standalone emulator in its own JVM, then runs
 * every scenario with each SDK in a fresh {@link Worker} JVM with identical JVM flags, for a number of rounds,
 * rotating which SDK goes first (A B C, then B C A, ...). The SDKs are ably4j with its default JDK WebSocket engine
 * ({@code ably4j}), ably4j with its NIO engine ({@code ably4j-nio}), ably4j with its NIO engine in direct mode
 * ({@code ably4j-direct}, listeners inline on the I/O thread; not in the default list) and ably-java; {@code raw}, a
 * bare WebSocket reader ({@link RawReaderClient}), is the reference of the receive scenarios ({@code cpu},
 * {@code saturation}: the subscriber of {@code cpu}; after its warm-up its listener holds until the driver's
 * publishers, several connections as fast as their windows allow, have queued every measured message at the emulator,
 * then it drains that backlog as fast as it can; {@code --saturation-drains} backlogs are queued and drained in turn,
 * and only the last is measured, after its first {@code --saturation-skip} messages, so that the JIT has compiled
 * the paths that many frames per read take). Prints each worker's result as it comes, then a Markdown
 * table of the medians, the ratios ably4j / ably-java and the goals.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ably4j.bench.sdk.SideBySide [--rounds 3] [--scenarios
 *     throughput,latency,cpu,saturation,footprint,rest,presence-sync] [--sdks ably4j,ably4j-nio,ably4j-direct,raw,ably-java] [--warmup 8]
 *     [--duration 10] [--window 100] [--rate 1000] [--burst 20000] [--size 100] [--cpu-messages 100000]
 *     [--cpu-warmup-messages 30000] [--cpu-rate 5000] [--cpu-warmup-rate 10000] [--saturation-window 200] [--saturation-publishers 4] [--saturation-batch 1] [--saturation-messages 1000000] [--saturation-skip min(200000, messages / 5)] [--saturation-drains 2] [--clients 1000] [--rest-window 10]
 *     [--members 10000] [--member-size 20] [--emulator-warmup 20000]
 *     [--emulator-jar emulator/target/ably4j-emulator.jar] [--worker-jvm-arg ARG]... [--emulator-jvm-arg ARG]...
 * </pre>
 *
 * <p>{@code --worker-jvm-arg} replaces the default worker flags ({@link #DEFAULT_WORKER_FLAGS}) on first use; the
 * strings {@code {sdk}}, {@code {scenario}} and {@code {round}} in it are substituted (e.g. for per-worker JFR files).
 * {@code --emulator-jvm-arg} likewise replaces {@link #DEFAULT_EMULATOR_FLAGS}.
 */
public final class SideBySide {
    static final String KEY = "bench.key:bench-secret";
    static final String READY = "READY";
    static final String WARM = "WARM";
    static final String GO = "GO";
    static final List<String> DEFAULT_SCENARIOS =
            List.of("throughput", "latency", "cpu", "footprint", "rest", "presence-sync");
    static final List<String> DEFAULT_WORKER_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-XX:+AlwaysPreTouch");
    /**
     * The emulator's JVM flags unless {@code --emulator-jvm-arg} is given: a fixed, pre-touched heap, since with the
     * default one (a quarter of RAM) G1 grows it during a run and zeroing the new pages showed up as up to 40 % of the
     * engine thread's profile, which made the emulator-bound figures (publish throughput) vary by 2x between runs.
     */
    static final List<String> DEFAULT_EMULATOR_FLAGS = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

    private final Settings settings;
    private final EmulatorProcess emulator;
    private final Report report = new Report();
    private final HttpClient http = HttpClient.newHttpClient();
    /** The members of the current round's presence-sync channel, entered at its first presence-sync worker. */
    private @Nullable PresencePopulator populator;

    private @Nullable String presenceChannel;
    private int presenceRound;

    /** The driver's options. */
    record Settings(
            int rounds,
            List<String> scenarios,
            List<String> sdks,
            int warmup,
            int duration,
            int window,
            int rate,
            int size,
            int cpuMessages,
            int cpuWarmupMessages,
            int cpuRate,
            int cpuWarmupRate,
            int saturationWindow,
            int saturationPublishers,
            int saturationBatch,
            int saturationMessages,
            int saturationSkip,
            int saturationDrains,
            int burst,
            int clients,
            int restWindow,
            int members,
            int memberSize,
            int emulatorWarmup,
            Path emulatorJar,
            List<String> workerFlags,
            List<String> emulatorFlags) {

        static Settings parse(String[] args) {
            int rounds = 3;
            List<String> scenarios = DEFAULT_SCENARIOS;
            List<String> sdks = List.of(Report.SUBJECT, Report.NIO_SUBJECT, Report.BASELINE);
            int warmup = 8;
            int duration = 10;
            int window = 100;
            int rate = 1000;
            int size = 100;
            int cpuMessages = 100_000;
            int cpuWarmup = 30_000;
            int cpuRate = 5_000;
            int cpuWarmupRate = 10_000;
            int saturationWindow = 200;
            int saturationPublishers = 4;
            int saturationBatch = 1;
            int saturationMessages = 1_000_000;
            int saturationSkip = -1; // default: min(200,000, a fifth of the messages)
            int saturationDrains = 2;
            int burst = 20_000;
            int clients = 1000;
            int restWindow = 10;
            int members = 10_000;
            int memberSize = 20;
            int emulatorWarmup = 20_000;
            Path jar = Path.of("emulator/target/ably4j-emulator.jar");
            List<String> workerFlags = new ArrayList<>(DEFAULT_WORKER_FLAGS);
            boolean workerFlagsGiven = false;
            List<String> emulatorFlags = new ArrayList<>(DEFAULT_EMULATOR_FLAGS);
            boolean emulatorFlagsGiven = false;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + args[i]);
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--scenarios" -> scenarios = List.of(v.split(",", -1));
                    case "--sdks" -> sdks = List.of(v.split(",", -1));
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--duration" -> duration = Integer.parseInt(v);
                    case "--window" -> window = Integer.parseInt(v);
                    case "--rate" -> rate = Integer.parseInt(v);
                    case "--size" -> size = Integer.parseInt(v);
                    case "--cpu-messages" -> cpuMessages = Integer.parseInt(v);
                    case "--cpu-warmup-messages" -> cpuWarmup = Integer.parseInt(v);
                    case "--cpu-rate" -> cpuRate = Integer.parseInt(v);
                    case "--cpu-warmup-rate" -> cpuWarmupRate = Integer.parseInt(v);
                    case "--saturation-window" -> saturationWindow = Integer.parseInt(v);
                    case "--saturation-publishers" -> saturationPublishers = Integer.parseInt(v);
                    case "--saturation-batch" -> saturationBatch = Integer.parseInt(v);
                    case "--saturation-messages" -> saturationMessages = Integer.parseInt(v);
                    case "--saturation-skip" -> saturationSkip = Integer.parseInt(v);
                    case "--saturation-drains" -> saturationDrains = Integer.parseInt(v);
                    case "--burst" -> burst = Integer.parseInt(v);
                    case "--clients" -> clients = Integer.parseInt(v);
                    case "--rest-window" -> restWindow = Integer.parseInt(v);
                    case "--members" -> members = Integer.parseInt(v);
                    case "--member-size" -> memberSize = Integer.parseInt(v);
                    case "--emulator-warmup" -> emulatorWarmup = Integer.parseInt(v);
                    case "--emulator-jar" -> jar = Path.of(v);
                    case "--worker-jvm-arg" -> {
                        if (!workerFlagsGiven) {
                            workerFlags.clear();
                            workerFlagsGiven = true;
                        }
                        workerFlags.add(v);
                    }
                    case "--emulator-jvm-arg" -> {
                        if (!emulatorFlagsGiven) {
                            emulatorFlags.clear(); // the first one replaces the defaults, as for the workers
                            emulatorFlagsGiven = true;
                        }
                        emulatorFlags.add(v);
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (saturationSkip < 0) {
                saturationSkip = Math.min(200_000, saturationMessages / 5);
            }
            if (saturationSkip >= saturationMessages - 1) {
                throw new IllegalArgumentException("--saturation-skip must be below --saturation-messages - 1");
            }
            if (saturationDrains < 1) {
                throw new IllegalArgumentException("--saturation-drains must be at least 1");
            }
            return new Settings(
                    rounds,
                    scenarios,
                    sdks,
                    warmup,
                    duration,
                    window,
                    rate,
                    size,
                    cpuMessages,
                    cpuWarmup,
                    cpuRate,
                    cpuWarmupRate,
                    saturationWindow,
                    saturationPublishers,
                    saturationBatch,
                    saturationMessages,
                    saturationSkip,
                    saturationDrains,
                    burst,
                    clients,
                    restWindow,
                    members,
                    memberSize,
                    emulatorWarmup,
                    jar,
                    List.copyOf(workerFlags),
                    List.copyOf(emulatorFlags));
        }
    }

    private SideBySide(Settings settings, EmulatorProcess emulator) {
        this.settings = settings;
        this.emulator = emulator;
    }

    public static void main(String[] args) throws Exception {
        Settings s = Settings.parse(args);
        System.out.println(
                "command: java -cp " + classPath() + " " + SideBySide.class.getName() + " " + String.join(" ", args));
        System.out.printf(
                Locale.ROOT,
                "cores=%d java=%s os=%s loadavg=%s%nworker JVM flags (both SDKs): %s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                loadAverage(),
                String.join(" ", s.workerFlags()));
        long start = System.nanoTime();
        try (EmulatorProcess emu = EmulatorProcess.start(s.emulatorJar(), KEY, s.emulatorFlags())) {
            System.out.println("emulator pid " + emu.pid() + " port " + emu.port + ", log " + emu.log);
            SideBySide bench = new SideBySide(s, emu);
            bench.warmUpEmulator();
            for (int round = 1; round <= s.rounds(); round++) {
                List<String> order = new ArrayList<>(s.sdks());
                // A B C, then B C A, then C A B: each SDK takes each place in turn (order effects: warm emulator,
                // page cache); with two SDKs this alternates A B, B A.
                Collections.rotate(order, -(round - 1));
                for (String scenario : s.scenarios()) {
                    for (String sdk : order) {
                        bench.run(round, scenario, sdk);
                    }
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "%ndone in %.0f s; loadavg at end=%s%n%n",
                    (System.nanoTime() - start) / 1e9,
                    loadAverage());
            System.out.println(bench.report.render());
            bench.closePopulator();
        }
        System.exit(0); // the JDK HttpClient's selector thread is not a daemon until the client is collected
    }

    /**
     * Warms up the emulator's JIT before the first round, so that the SDK that goes first is not measured against a
     * cold emulator: one raw subscriber attached to a channel, and {@code emulatorWarmup} messages published to it
     * as fast as a window of 100 un-ACKed publishes allows (20,000 frames stay below the emulator's 4 MiB
     * slow-consumer limit even if the subscriber lags).
     */
    private void warmUpEmulator() throws Exception {
        int n = settings.emulatorWarmup();
        if (n <= 0) {
            return;
        }
        long start = System.nanoTime();
        String channel = "warmup-" + UUID.randomUUID();
        AtomicLong received = new AtomicLong();
        CompletableFuture<Void> attached = new CompletableFuture<>();
        RawConnection sub = RawConnection.open(http, URI.create("ws://127.0.0.1:" + emulator.port + "/"), KEY, m -> {
                    if (m.action() == ProtocolMessage.Action.ATTACHED) {
                        attached.complete(null);
                    } else if (m.action() == ProtocolMessage.Action.MESSAGE) {
                        received.addAndGet(m.messages().size());
                    }
                })
                .get(30, TimeUnit.SECONDS);
        try {
            sub.connected.get(30, TimeUnit.SECONDS);
            sub.send(ProtocolMessage.builder(ProtocolMessage.Action.ATTACH)
                    .channel(channel)
                    .build());
            attached.get(30, TimeUnit.SECONDS);
            try (CpuPublisher pub = CpuPublisher.open(http, emulator.port, KEY, channel, settings.size())) {
                pub.publish(n, 0, () -> true);
            }
        } finally {
            sub.abort();
        }
        System.out.printf(
                Locale.ROOT,
                "emulator warm-up: %d messages published, %d delivered, in %.1f s%n",
                n,
                received.get(),
                (System.nanoTime() - start) / 1e9);
    }

    /**
     * The channel of {@code round}'s presence-sync workers: on the round's first call, aborts the previous round's
     * populator and enters the members on a new channel and its warm-up twin.
     */
    private String presenceChannel(int round) throws Exception {
        String channel = presenceChannel;
        if (channel != null && presenceRound == round) {
            return channel;
        }
        closePopulator();
        channel = "presence-" + UUID.randomUUID();
        PresencePopulator p = PresencePopulator.open(http, emulator.port, KEY);
        populator = p;
        p.enter(channel + "-warmup", settings.members(), settings.memberSize());
        p.enter(channel, settings.members(), settings.memberSize());
        presenceChannel = channel;
        presenceRound = round;
        return channel;
    }

    private void closePopulator() {
        PresencePopulator p = populator;
        if (p != null) {
            p.close();
        }
        populator = null;
        presenceChannel = null;
    }

    /** Runs one worker and records its result; a failed worker is reported and skipped. */
    private void run(int round, String scenario, String sdk) throws Exception {
        String tag = "[round " + round + " " + scenario + " " + sdk + "]";
        if (Report.ENGINE_INDEPENDENT.contains(scenario) && sdk.equals(Report.NIO_SUBJECT)) {
            System.out.println(tag + " skipped: the WebSocket engine plays no part in this scenario");
            return;
        }
        if (sdk.equals(Report.RAW) && !Report.RECEIVE_SCENARIOS.contains(scenario)) {
            System.out.println(tag + " skipped: the raw reader only subscribes");
            return;
        }
        String channel = "cpu-" + UUID.randomUUID();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : settings.workerFlags()) {
            cmd.add(flag.replace("{sdk}", sdk)
                    .replace("{scenario}", scenario)
                    .replace("{round}", Integer.toString(round)));
        }
        cmd.addAll(List.of("-cp", classPath(), Worker.class.getName()));
        cmd.addAll(List.of("--sdk", sdk, "--scenario", scenario, "--port", Integer.toString(emulator.port)));
        cmd.addAll(List.of("--key", KEY, "--size", Integer.toString(settings.size())));
        cmd.addAll(List.of("--emulator-pid", Long.toString(emulator.pid())));
        long limitSeconds = 120;
        switch (scenario) {
            case "throughput" -> {
                cmd.addAll(timed());
                cmd.addAll(List.of("--window", Integer.toString(settings.window())));
                limitSeconds += settings.warmup() + settings.duration();
            }
            case "latency" -> {
                cmd.addAll(timed());
                cmd.addAll(List.of("--rate", Integer.toString(settings.rate())));
                cmd.addAll(List.of("--burst", Integer.toString(settings.burst())));
                limitSeconds += settings.warmup() + settings.duration();
            }
            case "cpu", "saturation" -> {
                int messages = scenario.equals("cpu") ? settings.cpuMessages() : settings.saturationMessages();
                cmd.addAll(List.of("--channel", channel, "--messages", Integer.toString(messages)));
                cmd.addAll(List.of("--warmup-messages", Integer.toString(settings.cpuWarmupMessages())));
                if (scenario.equals("saturation")) {
                    cmd.addAll(List.of("--frame-messages", Integer.toString(settings.saturationBatch())));
                    cmd.addAll(List.of("--skip-messages", Integer.toString(settings.saturationSkip())));
                    cmd.addAll(List.of("--drains", Integer.toString(settings.saturationDrains())));
                }
                int drains = scenario.equals("cpu") ? 1 : settings.saturationDrains();
                limitSeconds += 2L * messages * drains / settings.cpuRate() + settings.cpuWarmupMessages() / 1000;
            }
            case "footprint" -> {
                cmd.addAll(List.of("--clients", Integer.toString(settings.clients())));
                limitSeconds += settings.clients() / 10;
            }
            case "rest" -> {
                cmd.addAll(timed());
                cmd.addAll(List.of("--window", Integer.toString(settings.restWindow())));
                limitSeconds += settings.warmup() + settings.duration();
            }
            case "presence-sync" -> {
                String presence;
                try {
                    presence = presenceChannel(round);
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) { // the members could not be entered: no measurement this round
                    closePopulator();
                    System.out.println(tag + " FAILED: entering the members: " + e);
                    return;
                }
                cmd.addAll(List.of("--channel", presence));
                cmd.addAll(List.of("--members", Integer.toString(settings.members())));
                limitSeconds += settings.members() / 100;
            }
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        }
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        // one WARM per hold of the subscriber's listener (after the warm-up, then after each unmeasured drain); false
        // when the worker's output ends
        java.util.concurrent.BlockingQueue<Boolean> warm = new java.util.concurrent.LinkedBlockingQueue<>();
        CompletableFuture<@Nullable ResultLine> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(p, tag, ready, warm, result), "worker-output");
        reader.setDaemon(true);
        reader.start();
        String extra = "";
        try {
            if (Report.RECEIVE_SCENARIOS.contains(scenario)) {
                // saturation: as fast as the publisher's window of un-ACKed publishes allows
                int measuredRate = scenario.equals("cpu") ? settings.cpuRate() : 0;
                ready.get(limitSeconds, TimeUnit.SECONDS);
                int window = scenario.equals("cpu") ? CpuPublisher.WINDOW : settings.saturationWindow();
                int batch = scenario.equals("cpu") ? 1 : settings.saturationBatch();
                try (CpuPublisher pub =
                        CpuPublisher.open(http, emulator.port, KEY, channel, settings.size(), window, batch)) {
                    if (settings.cpuWarmupMessages() > 0) {
                        // Paced too: a subscriber more than 4 MiB behind is disconnected by the emulator.
                        pub.publish(settings.cpuWarmupMessages(), settings.cpuWarmupRate(), p::isAlive);
                        awaitWarm(warm, limitSeconds);
                    }
                    double rate;
                    if (scenario.equals("cpu")) {
                        rate = pub.publish(settings.cpuMessages(), measuredRate, p::isAlive);
                    } else { // each drain: queue every message at the emulator, then let the subscriber drain them
                        rate = 0;
                        for (int drain = 1; drain <= settings.saturationDrains(); drain++) {
                            if (drain > 1) {
                                awaitWarm(warm, limitSeconds); // it holds again at the last of the previous drain
                            }
                            rate = CpuPublisher.saturate(
                                    http,
                                    emulator.port,
                                    KEY,
                                    channel,
                                    settings.size(),
                                    window,
                                    settings.saturationPublishers(),
                                    batch,
                                    settings.saturationMessages(),
                                    p::isAlive);
                            java.io.OutputStream stdin = p.getOutputStream();
                            stdin.write((GO + "\n").getBytes(StandardCharsets.UTF_8));
                            stdin.flush();
                        }
                    }
                    extra = String.format(Locale.ROOT, " publisherRate=%.0f publisherNacked=%d", rate, pub.nacked());
                }
            }
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                System.out.println(tag + " FAILED: no result within " + limitSeconds + " s");
                return;
            }
            ResultLine line = result.get(10, TimeUnit.SECONDS);
            if (line == null || p.exitValue() != 0) {
                System.out.println(tag + " FAILED: exit " + p.exitValue());
                return;
            }
            report.add(line);
            System.out.printf(Locale.ROOT, "%s %s%s loadavg=%s%n", tag, line.values(), extra, loadAverage());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            System.out.println(tag + " FAILED: " + e);
        }
    }

    private List<String> timed() {
        return List.of(
                "--warmup", Integer.toString(settings.warmup()), "--duration", Integer.toString(settings.duration()));
    }

    /** Reads the worker's stdout: READY, WARM, the result line, and anything else echoed with the tag. */
    private static void readOutput(
            Process p,
            String tag,
            CompletableFuture<Void> ready,
            java.util.concurrent.BlockingQueue<Boolean> warm,
            CompletableFuture<@Nullable ResultLine> result) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals(READY)) {
                    ready.complete(null);
                } else if (line.equals(WARM)) {
                    warm.add(true);
                } else if (ResultLine.isResult(line)) {
                    result.complete(ResultLine.parse(line));
                } else {
                    System.out.println(tag + " " + line);
                }
            }
        } catch (IOException | RuntimeException e) {
            System.out.println(tag + " reading output failed: " + e);
        } finally {
            ready.completeExceptionally(new IllegalStateException("worker ended before READY"));
            warm.add(false);
            result.complete(null);
        }
    }

    private static void awaitWarm(java.util.concurrent.BlockingQueue<Boolean> warm, long limitSeconds)
            throws InterruptedException, java.util.concurrent.ExecutionException,
                    java.util.concurrent.TimeoutException {
        Boolean held = warm.poll(limitSeconds, TimeUnit.SECONDS);
        if (held == null) {
            throw new java.util.concurrent.TimeoutException("no WARM from the worker in " + limitSeconds + " s");
        }
        if (!held) {
            throw new java.util.concurrent.ExecutionException(new IllegalStateException("worker ended before WARM"));
        }
    }

    private static String classPath() {
        return System.getProperty("java.class.path");
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
                    .trim();
        } catch (IOException e) {
            return "?";
        }
    }
}
