package io.ably4j.bench.leak;

import io.ably4j.ClientOptions;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import io.ably4j.bench.emulator.EmulatorProcess;
import io.ably4j.internal.util.SharedResources;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Opens and closes many real clients against the emulator (a child JVM, so that its heap is not counted) and reports
 * the threads and the heap of this JVM before and after: the figures behind docs/reliability.md's "open/close"
 * table.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ably4j.bench.leak.OpenCloseLeak \
 *     --jar emulator/target/ably4j-emulator.jar [--clients 10000] [--engine JDK|NIO] [--parallel 16]
 * </pre>
 *
 * <p>Each client connects, attaches a channel, subscribes, publishes one message and waits for its ACK, then closes
 * with {@link RealtimeClient#close()}, which waits (bounded) for CLOSED. {@code parallel} clients are in flight at a
 * time. The program exits with status 1 when a client did not reach CLOSED, a thread named by ably4j outlives the
 * clients' shared pools' idle timeout, or the retained heap grew by more than 16 MiB.
 */
public final class OpenCloseLeak {
    private static final String KEY = "leak.key:leak-secret";
    private static final long HEAP_GROWTH_LIMIT = 16L << 20;

    private OpenCloseLeak() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("emulator/target/ably4j-emulator.jar");
        int clients = 10_000;
        int parallel = 16;
        WebSocketEngine engine = WebSocketEngine.JDK;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[i + 1]);
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--parallel" -> parallel = Integer.parseInt(args[i + 1]);
                case "--engine" -> engine = WebSocketEngine.valueOf(args[i + 1].toUpperCase(Locale.ROOT));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Result r = run(jar, clients, parallel, engine, true);
        System.out.print(r.table());
        System.out.println(r.ok() ? "PASS" : "FAIL");
        System.exit(r.ok() ? 0 : 1);
    }

    /** What one run measured; {@code idle} equals {@code after} when the run did not wait for the pools' timeout. */
    public record Result(
            WebSocketEngine engine,
            int clients,
            double seconds,
            int failures,
            Snapshot before,
            Snapshot after,
            Snapshot idle) {
        /** No failed client, no ably4j thread left over, retained heap grown by at most 16 MiB. */
        public boolean ok() {
            return failures == 0
                    && idle.ablyThreads <= before.ablyThreads
                    && after.timers <= before.timers
                    && heapGrowth() <= HEAP_GROWTH_LIMIT;
        }

        /** Retained heap after the run minus before it, in bytes (negative when it shrank). */
        public long heapGrowth() {
            return idle.heap - before.heap;
        }

        /** The result as a Markdown table with a header. */
        public String table() {
            return String.format(
                    Locale.ROOT,
                    "| engine | clients | seconds | failed | threads before/after/idle | ably4j threads before/after/idle"
                            + " | timers before/after | heap before/after (MiB) |%n|---|---|---|---|---|---|---|---|%n"
                            + "| %s | %d | %.1f | %d | %d / %d / %d | %d / %d / %d | %d / %d | %.1f / %.1f |%n",
                    engine,
                    clients,
                    seconds,
                    failures,
                    before.threads,
                    after.threads,
                    idle.threads,
                    before.ablyThreads,
                    after.ablyThreads,
                    idle.ablyThreads,
                    before.timers,
                    after.timers,
                    before.heap / 1048576.0,
                    idle.heap / 1048576.0);
        }
    }

    /**
     * Runs the emulator jar in a child JVM, warms up with 200 clients, then opens and closes {@code clients} more.
     *
     * @param waitIdle whether to wait 65 s for the shared pools' idle timeout before the last snapshot
     */
    public static Result run(Path jar, int clients, int parallel, WebSocketEngine engine, boolean waitIdle)
            throws Exception {
        try (EmulatorProcess emulator = EmulatorProcess.start(jar, KEY, List.of("-Xmx1g"))) {
            ClientOptions options = ClientOptions.builder()
                    .key(KEY)
                    .endpoint("localhost")
                    .port(emulator.port)
                    .tls(false)
                    .allowInsecureBasicAuthForLocalDevelopment(true)
                    .webSocketEngine(engine)
                    .logLevel(LogLevel.ERROR)
                    .build();
            // Warm up: load classes and start the shared pools, so the baseline includes them.
            cycle(options, 0, 200, parallel);
            Snapshot before = Snapshot.take();
            long start = System.nanoTime();
            int failures = cycle(options, 200, 200 + clients, parallel);
            double seconds = (System.nanoTime() - start) / 1e9;
            Snapshot after = Snapshot.take();
            Snapshot idle = after;
            if (waitIdle) {
                System.err.printf(Locale.ROOT, "after the clients closed: heap %.1f MiB%n", after.heap / 1048576.0);
                // Shared pools shrink after their idle timeout: wait for that to show what is left for good.
                Thread.sleep(Duration.ofSeconds(65).toMillis()); // a measuring program, not a test: waits for idle
                idle = Snapshot.take();
            }
            return new Result(engine, clients, seconds, failures, before, after, idle);
        }
    }

    private static int cycle(ClientOptions options, int from, int to, int parallel) {
        int failures = 0;
        for (int base = from; base < to; base += parallel) {
            List<RealtimeClient> batch = new ArrayList<>();
            List<CompletableFuture<?>> acks = new ArrayList<>();
            for (int i = base; i < Math.min(to, base + parallel); i++) {
                RealtimeClient client = new RealtimeClient(options);
                batch.add(client);
                RealtimeChannel channel = client.channels().get("leak-" + (i % 64));
                channel.subscribe(m -> {});
                acks.add(channel.publish("n", Integer.toString(i)));
            }
            for (CompletableFuture<?> ack : acks) {
                try {
                    ack.get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    if (failures++ == 0) {
                        System.err.println("first failure: " + e);
                    }
                }
            }
            for (RealtimeClient client : batch) {
                client.close();
                if (client.connection().state() != io.ably4j.ConnectionState.CLOSED) {
                    if (failures++ == 0) {
                        System.err.println("first failure: closed in state "
                                + client.connection().state() + ", "
                                + client.connection().errorReason());
                    }
                }
            }
        }
        return failures;
    }

    /** Thread count, threads named ably4j*, and heap used after a full GC. */
    public record Snapshot(int threads, int ablyThreads, int timers, long heap) {
        static Snapshot take() {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            int ably = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("ably4j")) {
                    ably++;
                }
            }
            return new Snapshot(
                    ManagementFactory.getThreadMXBean().getThreadCount(),
                    ably,
                    SharedResources.pendingTimers(),
                    memory.getHeapMemoryUsage().getUsed());
        }
    }
}
