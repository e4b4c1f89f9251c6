package io.ably4j.bench.emulator;

import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Emulator load program: fan-out throughput (1 publisher, N subscribers on one channel, msgpack) and connection
 * capacity, against the standalone emulator jar in a child JVM.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ably4j.bench.emulator.EmulatorLoad \
 *     --jar emulator/target/ably4j-emulator.jar [--subscribers 10] [--size 100] [--window 100] \
 *     [--batches 1,10] [--warmup 5] [--duration 15] [--connections 2000] [--emulator-jvm-arg ARG]...
 * </pre>
 *
 * <p>The publisher keeps at most {@code window} ProtocolMessages un-ACKed; each carries {@code batch} messages of
 * {@code size} bytes. Delivered messages are counted at the subscribers (frames fully decoded) over the measured
 * interval, after a warm-up.
 */
public final class EmulatorLoad {
    private static final String KEY = "bench.key:bench-secret";

    private EmulatorLoad() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("emulator/target/ably4j-emulator.jar");
        int subscribers = 10;
        int size = 100;
        int window = 100;
        List<Integer> batches = List.of(1, 10);
        int warmup = 5;
        int duration = 15;
        int connections = 2000;
        List<String> jvmArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--jar" -> jar = Path.of(v);
                case "--subscribers" -> subscribers = Integer.parseInt(v);
                case "--size" -> size = Integer.parseInt(v);
                case "--window" -> window = Integer.parseInt(v);
                case "--batches" -> batches = "none".equals(v) ? List.of() : parseList(v);
                case "--warmup" -> warmup = Integer.parseInt(v);
                case "--duration" -> duration = Integer.parseInt(v);
                case "--connections" -> connections = Integer.parseInt(v);
                case "--emulator-jvm-arg" -> jvmArgs.add(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "cores=%d java=%s loadavg=%s%n",
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                loadAverage());
        HttpClient client = HttpClient.newHttpClient();
        for (int batch : batches) {
            try (EmulatorProcess emu = EmulatorProcess.start(jar, KEY, jvmArgs)) {
                fanOut(client, emu, subscribers, size, window, batch, warmup, duration);
            }
        }
        if (connections > 0) {
            try (EmulatorProcess emu = EmulatorProcess.start(jar, KEY, jvmArgs)) {
                capacity(client, emu, connections);
            }
        }
        System.out.printf(Locale.ROOT, "loadavg at end=%s%n", loadAverage());
        System.exit(0); // the JDK HttpClient's selector thread is not a daemon until the client is collected
    }

    private static List<Integer> parseList(String v) {
        List<Integer> out = new ArrayList<>();
        for (String s : java.util.regex.Pattern.compile(",").splitAsStream(v).toList()) {
            out.add(Integer.parseInt(s.trim()));
        }
        return out;
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII)
                    .trim();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static URI uri(EmulatorProcess emu) {
        return URI.create("ws://127.0.0.1:" + emu.port + "/");
    }

    /** 1 publisher, {@code subscribers} subscribers on one channel; prints delivered msgs/s and emulator CPU. */
    static void fanOut(
            HttpClient client,
            EmulatorProcess emu,
            int subscribers,
            int size,
            int window,
            int batch,
            int warmupSeconds,
            int durationSeconds)
            throws Exception {
        String channel = "fanout";
        LongAdder delivered = new LongAdder();
        List<RawConnection> subs = new ArrayList<>();
        List<CompletableFuture<ProtocolMessage>> attached = new ArrayList<>();
        for (int i = 0; i < subscribers; i++) {
            CompletableFuture<ProtocolMessage> att = new CompletableFuture<>();
            attached.add(att);
            RawConnection c = RawConnection.open(client, uri(emu), KEY, m -> {
                        if (m.action() == ProtocolMessage.Action.MESSAGE) {
                            delivered.add(m.messages().size());
                        } else if (m.action() == ProtocolMessage.Action.ATTACHED) {
                            att.complete(m);
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            c.connected.get(30, TimeUnit.SECONDS);
            c.send(ProtocolMessage.builder(ProtocolMessage.Action.ATTACH)
                    .channel(channel)
                    .build());
            subs.add(c);
        }
        for (CompletableFuture<ProtocolMessage> a : attached) {
            a.get(30, TimeUnit.SECONDS);
        }
        Semaphore credits = new Semaphore(window);
        AtomicLong acked = new AtomicLong();
        AtomicLong nacked = new AtomicLong();
        RawConnection pub = RawConnection.open(client, uri(emu), KEY, m -> {
                    if (m.action() == ProtocolMessage.Action.ACK || m.action() == ProtocolMessage.Action.NACK) {
                        Integer count = m.count();
                        int n = count == null ? 1 : count;
                        (m.action() == ProtocolMessage.Action.ACK ? acked : nacked).addAndGet(n);
                        credits.release(n);
                    }
                })
                .get(30, TimeUnit.SECONDS);
        pub.connected.get(30, TimeUnit.SECONDS);
        List<Message> messages = new ArrayList<>();
        String data = "x".repeat(size);
        for (int i = 0; i < batch; i++) {
            messages.add(Message.builder().name("m").data(data).build());
        }

        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(durationSeconds);
        long serial = 0;
        long delivered0 = -1;
        Duration cpu0 = Duration.ZERO;
        long[] ticks0 = {0, 0};
        long client0 = 0;
        long sent0 = 0;
        while (true) {
            long now = System.nanoTime();
            if (delivered0 < 0 && now >= measureFrom) {
                delivered0 = delivered.sum();
                cpu0 = emu.cpu();
                ticks0 = emu.userSystemTicks();
                client0 = clientCpuNanos();
                sent0 = serial;
            }
            if (now >= end) {
                break;
            }
            if (!credits.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            pub.send(ProtocolMessage.builder(ProtocolMessage.Action.MESSAGE)
                    .channel(channel)
                    .msgSerial(serial++)
                    .messages(messages)
                    .build());
        }
        long deliveredN = delivered.sum() - delivered0;
        double cpu = emu.cpu().minus(cpu0).toNanos() / 1e9;
        long[] ticks = emu.userSystemTicks();
        double clientCpu = (clientCpuNanos() - client0) / 1e9;
        long published = (serial - sent0) * batch;
        System.out.printf(
                Locale.ROOT,
                "fan-out: subscribers=%d size=%dB batch=%d window=%d: published %.0f msgs/s (%.0f frames/s),"
                        + " delivered %.0f msgs/s; emulator CPU %.2f cores (user %d, sys %d ticks), load generator CPU %.2f cores;"
                        + " nacked=%d closed subscribers=%d; loadavg=%s%n",
                subscribers,
                size,
                batch,
                window,
                published / (double) durationSeconds,
                (serial - sent0) / (double) durationSeconds,
                deliveredN / (double) durationSeconds,
                cpu / durationSeconds,
                ticks[0] - ticks0[0],
                ticks[1] - ticks0[1],
                clientCpu / durationSeconds,
                nacked.get(),
                subs.stream().filter(c -> c.closed.isDone()).count(),
                loadAverage());
        pub.abort();
        for (RawConnection c : subs) {
            c.abort();
        }
    }

    /** Opens {@code n} connections (100 handshakes in flight), then reports time, threads, RSS and heap. */
    static void capacity(HttpClient client, EmulatorProcess emu, int n) throws Exception {
        String heap0 = heapUsed(emu);
        Duration cpu0 = emu.cpu();
        String rss0 = emu.status("VmRSS");
        long start = System.nanoTime();
        List<RawConnection> open = new ArrayList<>();
        int inFlight = 100;
        for (int i = 0; i < n; i += inFlight) {
            List<CompletableFuture<RawConnection>> step = new ArrayList<>();
            for (int j = i; j < Math.min(n, i + inFlight); j++) {
                step.add(RawConnection.open(client, uri(emu), KEY, m -> {}));
            }
            for (CompletableFuture<RawConnection> f : step) {
                RawConnection c = f.get(60, TimeUnit.SECONDS);
                c.connected.get(60, TimeUnit.SECONDS);
                open.add(c);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = emu.cpu().minus(cpu0).toNanos() / 1e9;
        long stillOpen = open.stream().filter(c -> !c.closed.isDone()).count();
        String heap = heapUsed(emu);
        System.out.printf(
                Locale.ROOT,
                "capacity: %d connections CONNECTED in %.2f s (%.0f/s), %d still open; emulator CPU %.2f s;"
                        + " emulator threads=%s RSS %s -> %s; heap in use after GC: %s -> %s; loadavg=%s%n",
                n,
                seconds,
                n / seconds,
                stillOpen,
                cpu,
                emu.status("Threads"),
                rss0,
                emu.status("VmRSS"),
                heap0,
                heap,
                loadAverage());
        for (RawConnection c : open) {
            c.abort();
        }
    }

    /** Heap in use after a full GC (the "used" figure of {@code jcmd GC.heap_info}). */
    private static String heapUsed(EmulatorProcess emu) {
        emu.jcmd("GC.run");
        String line = emu.jcmd("GC.heap_info")
                .lines()
                .filter(l -> l.contains("used"))
                .findFirst()
                .orElse("?");
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("used (\\d+K)").matcher(line);
        return m.find() ? m.group(1) : line.trim();
    }

    private static long clientCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}
