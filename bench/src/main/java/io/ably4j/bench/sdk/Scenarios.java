package io.ably4j.bench.sdk;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/** The four measurements, written once against {@link SdkClient}. Each returns the values of its result line. */
final class Scenarios {
    private static final long TIMEOUT_SECONDS = 60;

    private Scenarios() {}

    /**
     * Publish-with-ACK throughput: one connection (no echo), one attached channel, {@code window} publishes awaiting
     * ACK at most; ACKed messages are counted over {@code duration} seconds after {@code warmup} seconds.
     */
    static Map<String, Object> throughput(Worker.Options o) throws Exception {
        SdkClient client = SdkClient.create(o.sdk(), o.config(false));
        String channel = "tp-" + UUID.randomUUID();
        client.connect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client.attach(channel).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        String data = "x".repeat(o.size());
        Semaphore credits = new Semaphore(o.window());
        AtomicLong acked = new AtomicLong();
        AtomicLong nacked = new AtomicLong();
        SdkClient.AckListener onAck = ok -> {
            (ok ? acked : nacked).incrementAndGet();
            credits.release();
        };
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        long end = measureFrom + TimeUnit.SECONDS.toNanos(o.durationSeconds());
        long acked0 = -1;
        long cpu0 = 0;
        long alloc0 = 0;
        long jit0 = 0;
        long emu0 = 0;
        long t0 = 0;
        long now;
        while (true) {
            now = System.nanoTime();
            if (acked0 < 0 && now >= measureFrom) {
                acked0 = acked.get();
                cpu0 = Worker.processCpuNanos();
                alloc0 = Worker.allocatedBytes();
                jit0 = Worker.jitCpuNanos();
                emu0 = Worker.emulatorCpuNanos(o);
                t0 = now;
            }
            if (now >= end) {
                break;
            }
            if (credits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                client.publish(channel, data, onAck);
            }
        }
        long n = acked.get() - acked0;
        long cpu = Worker.processCpuNanos() - cpu0;
        long alloc = Worker.allocatedBytes() - alloc0;
        long jit = Worker.jitCpuNanos() - jit0;
        long emu = Worker.emulatorCpuNanos(o) - emu0;
        double seconds = (now - t0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("msgsPerSec", n / seconds);
        r.put("cpuCores", cpu / 1e9 / seconds);
        r.put("cpuUsPerMsg", n == 0 ? 0.0 : cpu / 1e3 / n);
        r.put("cpuUsPerMsgExclJit", n == 0 ? 0.0 : (cpu - jit) / 1e3 / n);
        r.put("emulatorUsPerMsg", n == 0 ? 0.0 : emu / 1e3 / n);
        r.put("allocBytesPerPublish", n == 0 ? 0.0 : (double) alloc / n);
        r.put("window", o.window());
        r.put("nacked", nacked.get());
        return r; // no close: the worker exits right after (closing made ably-java log an EOF error)
    }

    /**
     * Publish→deliver latency: a publisher (no echo) and a subscriber connection of the same SDK in this JVM, one
     * channel; the publisher sends {@code rate} messages/s on a fixed schedule, each carrying {@link System#nanoTime()}
     * taken just before the publish call; the subscriber records {@code nanoTime - sent} for messages sent after the
     * warm-up. Before the paced phase, a burst of {@code burst} messages warms up the JIT.
     */
    static Map<String, Object> latency(Worker.Options o) throws Exception {
        SdkClient publisher = SdkClient.create(o.sdk(), o.config(false));
        SdkClient subscriber = SdkClient.create(o.sdk(), o.config(true));
        String channel = "lat-" + UUID.randomUUID();
        CompletableFuture.allOf(publisher.connect(), subscriber.connect()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        CompletableFuture.allOf(publisher.attach(channel), subscriber.attach(channel))
                .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        AtomicLong received = new AtomicLong();
        AtomicLong malformed = new AtomicLong();
        // Set before the paced phase, read by the listener.
        AtomicReference<@Nullable LatencyRecorder> active = new AtomicReference<>();
        AtomicLong measureFromRef = new AtomicLong(Long.MAX_VALUE);
        subscriber.subscribe(channel, data -> {
            long now = System.nanoTime();
            long sent = Payloads.sentNanos(data);
            LatencyRecorder rec = active.get();
            if (sent == Long.MIN_VALUE) {
                malformed.incrementAndGet();
            } else if (rec != null && sent >= measureFromRef.get()) {
                rec.record(now - sent);
            }
            received.incrementAndGet();
        });
        burst(publisher, channel, o, received);

        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmupSeconds());
        long end = measureFrom + TimeUnit.SECONDS.toNanos(o.durationSeconds());
        int expected = (int) Math.min(Integer.MAX_VALUE - 8, (long) o.rate() * o.durationSeconds() + o.rate());
        LatencyRecorder recorder = new LatencyRecorder(expected);
        measureFromRef.set(measureFrom);
        active.set(recorder);
        long received0 = received.get();

        AtomicLong nacked = new AtomicLong();
        SdkClient.AckListener onAck = ok -> {
            if (!ok) {
                nacked.incrementAndGet();
            }
        };
        long period = 1_000_000_000L / o.rate();
        long sentTotal = 0;
        long sentMeasured = 0;
        long late = 0;
        for (long i = 0; ; i++) {
            long target = start + i * period;
            if (target >= end) {
                break;
            }
            long now = System.nanoTime();
            while (now < target) {
                LockSupport.parkNanos(target - now);
                now = System.nanoTime();
            }
            if (now - target > period) {
                late++;
            }
            publisher.publish(channel, Payloads.stamped(now, o.size()), onAck);
            sentTotal++;
            if (now >= measureFrom) {
                sentMeasured++;
            }
        }
        // Let the last deliveries arrive (bounded).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (received.get() - received0 < sentTotal && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        long[] sorted = recorder.sorted();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("p50Us", LatencyRecorder.percentile(sorted, 50) / 1e3);
        r.put("p99Us", LatencyRecorder.percentile(sorted, 99) / 1e3);
        r.put("p999Us", LatencyRecorder.percentile(sorted, 99.9) / 1e3);
        r.put("maxUs", sorted.length == 0 ? 0.0 : sorted[sorted.length - 1] / 1e3);
        r.put("samples", sorted.length);
        r.put("sent", sentMeasured);
        r.put("lost", Math.max(0, sentMeasured - sorted.length));
        r.put("late", late);
        r.put("rate", o.rate());
        r.put("nacked", nacked.get());
        r.put("malformed", malformed.get());
        return r; // no close: the worker exits right after (closing made ably-java log an EOF error)
    }

    /**
     * JIT warm-up before a paced phase: {@code burst} messages as fast as a window of 100 un-ACKed publishes allows,
     * then waits (bounded) until the subscriber has received them.
     */
    private static void burst(SdkClient publisher, String channel, Worker.Options o, AtomicLong received)
            throws InterruptedException {
        Semaphore credits = new Semaphore(100);
        SdkClient.AckListener onAck = ok -> credits.release();
        long target = received.get() + o.burst();
        String data = Payloads.stamped(0, o.size());
        for (int i = 0; i < o.burst(); i++) {
            if (!credits.tryAcquire(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("warm-up burst: no ACK within " + TIMEOUT_SECONDS + " s");
            }
            publisher.publish(channel, data, onAck);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (received.get() < target && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /**
     * Subscriber CPU: one subscriber on {@code channel}; the publisher runs in the driver's JVM. Protocol: this prints
     * {@code READY} once attached; the driver publishes {@code warmupMessages} at a higher fixed rate (JIT warm-up);
     * this prints {@code WARM} when it has received them all; the driver then publishes {@code messages} at the
     * measured fixed rate. Process CPU time is taken at the first of those and at the last. For {@code saturation}
     * the listener holds the last warm-up message until the driver, having published a drain's messages as fast as it
     * can (queued at the emulator), sends {@code GO} on stdin; it holds again, and this prints {@code WARM} again, at
     * the last message of each drain but the last ({@code --drains}), so that the measured part is a drain of a
     * backlog by code the JIT has already compiled for it.
     */
    private static void awaitGo(CountDownLatch go) {
        try {
            if (!go.await(TIMEOUT_SECONDS * 10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no GO from the driver");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Map<String, Object> subscriberCpu(Worker.Options o, PrintStream out) throws Exception {
        SdkClient subscriber = SdkClient.create(o.sdk(), o.config(true));
        if (subscriber instanceof RawReaderClient raw) {
            raw.messagesPerFrame(o.frameMessages()); // it counts frames without decoding them
        }
        subscriber.connect().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        subscriber.attach(o.channel()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long warm = o.warmupMessages();
        if (o.skipMessages() < 0 || o.skipMessages() >= o.messages() - 1) {
            throw new IllegalArgumentException("--skip-messages must be in [0, messages - 1)");
        }
        boolean saturation = o.scenario().equals("saturation");
        int drains = saturation ? o.drains() : 1;
        if (drains < 1) {
            throw new IllegalArgumentException("--drains must be at least 1");
        }
        long perDrain = o.messages();
        long first = warm + (drains - 1) * perDrain + 1 + o.skipMessages();
        long last = warm + drains * perDrain;
        long measured = last - first; // intervals between the first and the last measured message
        AtomicLong count = new AtomicLong();
        // cpu0, t0, cpu1, t1, emu0, emu1, jit0, jit1, alloc0, alloc1; written by the listener before the latch opens
        long[] marks = new long[10];
        // hold k (k = 0 after the warm-up, k > 0 after the k-th unmeasured drain) is at message warm + k * perDrain
        CountDownLatch[] held = new CountDownLatch[drains];
        // saturation: at each hold the listener waits until the driver has queued the next drain's messages at the
        // emulator (GO on stdin), so the subscriber then reads a backlog as fast as it can, whatever the publishers'
        // speed; reading is held meanwhile by the SDK's own flow control and TCP.
        CountDownLatch[] go = new CountDownLatch[drains];
        for (int k = 0; k < drains; k++) {
            held[k] = new CountDownLatch(1);
            go[k] = new CountDownLatch(saturation ? 1 : 0);
        }
        CountDownLatch done = new CountDownLatch(1);
        // the next hold: its number and its message; one comparison per message, the same for every SDK and the raw
        // reader (a division per message would weigh on the reader's few nanoseconds). Listener calls are sequential.
        int firstHold = warm > 0 ? 0 : 1; // no warm-up: no hold before the first drain
        long[] nextHold = {firstHold, warm + firstHold * perDrain};
        subscriber.subscribe(o.channel(), data -> {
            long n = count.incrementAndGet();
            if (n == nextHold[1] && nextHold[0] < drains) {
                int k = (int) nextHold[0]++;
                nextHold[1] += perDrain;
                held[k].countDown();
                awaitGo(go[k]);
            } else if (n == first) {
                marks[8] = Worker.allocatedBytes();
                marks[0] = Worker.processCpuNanos();
                marks[1] = System.nanoTime();
                marks[4] = Worker.emulatorCpuNanos(o);
                marks[6] = Worker.jitCpuNanos();
            }
            if (n == last) {
                marks[2] = Worker.processCpuNanos();
                marks[3] = System.nanoTime();
                marks[5] = Worker.emulatorCpuNanos(o);
                marks[7] = Worker.jitCpuNanos();
                marks[9] = Worker.allocatedBytes();
                done.countDown();
            }
        });
        out.println(SideBySide.READY);
        java.io.BufferedReader in = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        for (int k = 0; k < drains; k++) {
            long at = warm + k * perDrain;
            if (at > 0) { // without a warm-up the first drain is read as it comes, with no hold before it
                long timeout = TIMEOUT_SECONDS + (k == 0 ? warm : perDrain) / 1000; // at >= 1000 msgs/s
                if (!held[k].await(timeout, TimeUnit.SECONDS)) {
                    throw new IllegalStateException(
                            "received " + count.get() + " of " + at + " messages in " + timeout + " s");
                }
                out.println(SideBySide.WARM);
            }
            if (saturation) { // one GO per drain, also for one read without a hold, so each GO meets its drain
                String line = in.readLine();
                if (!SideBySide.GO.equals(line)) {
                    throw new IllegalStateException("expected GO from the driver, got " + line);
                }
                go[k].countDown();
            }
        }
        long timeout = TIMEOUT_SECONDS + o.messages() / 500; // at >= 500 msgs/s
        if (!done.await(timeout, TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                    "received " + count.get() + " of " + last + " messages in " + timeout + " s");
        }
        double cpuMs = (marks[2] - marks[0]) / 1e6;
        double jitMs = (marks[7] - marks[6]) / 1e6;
        double wallMs = (marks[3] - marks[1]) / 1e6;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("cpuMsPer100k", cpuMs * 100_000.0 / measured);
        r.put("cpuMsPer100kExclJit", (cpuMs - jitMs) * 100_000.0 / measured);
        r.put("wallMs", wallMs);
        r.put("msgsPerSec", measured / (wallMs / 1e3));
        r.put("cpuCores", cpuMs / wallMs);
        r.put("allocBytesPerMsg", (double) (marks[9] - marks[8]) / measured);
        r.put("emulatorCpuMsPer100k", (marks[5] - marks[4]) / 1e6 * 100_000.0 / measured);
        r.put("messages", o.messages());
        r.put("skipped", o.skipMessages());
        r.put("drains", drains);
        r.put("received", count.get());
        return r; // no close: the worker exits right after (closing made ably-java log an EOF error)
    }

    /**
     * Footprint: opens {@code clients} clients, each connected and attached to its own channel ({@code in-flight}
     * handshakes at a time), and reports live threads and heap in use after full GCs at 1, 10, 100 and all clients,
     * against a baseline taken before the first client.
     */
    static Map<String, Object> footprint(Worker.Options o) throws Exception {
        TreeSet<Integer> checkpoints = new TreeSet<>(List.of(1, 10, 100, o.clients()));
        checkpoints.removeIf(c -> c > o.clients());
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> r = new LinkedHashMap<>();
        long heap0 = heapAfterGc();
        r.put("threads0", threadCount());
        r.put("heap0KiB", heap0 / 1024.0);
        List<SdkClient> clients = new ArrayList<>();
        long start = System.nanoTime();
        long heapAt100 = -1;
        int threadsAt1 = -1;
        for (int checkpoint : checkpoints) {
            while (clients.size() < checkpoint) {
                int wave = Math.min(o.inFlight(), checkpoint - clients.size());
                List<SdkClient> batch = new ArrayList<>();
                List<CompletableFuture<Void>> steps = new ArrayList<>();
                for (int i = 0; i < wave; i++) {
                    SdkClient c = SdkClient.create(o.sdk(), o.config(true));
                    batch.add(c);
                    steps.add(c.connect());
                }
                CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0]))
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                steps.clear();
                for (int i = 0; i < wave; i++) {
                    steps.add(batch.get(i).attach("fp-" + run + "-" + (clients.size() + i)));
                }
                CompletableFuture.allOf(steps.toArray(new CompletableFuture<?>[0]))
                        .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                clients.addAll(batch);
            }
            if (checkpoint == o.clients()) {
                r.put("setupSeconds", (System.nanoTime() - start) / 1e9);
            }
            // Settle: let transient threads (e.g. per-operation timers) end before counting.
            Thread.sleep(1000);
            long heap = heapAfterGc();
            int threads = threadCount();
            r.put("threads" + checkpoint, threads);
            if (checkpoint == 1) {
                threadsAt1 = threads;
            }
            r.put("heap" + checkpoint + "KiB", heap / 1024.0);
            if (checkpoint == 100) {
                heapAt100 = heap;
            }
            if (checkpoint == o.clients()) {
                r.put("threadsN", threads);
                r.put("threadGrowth", threads - threadsAt1);
                r.put("heapPerClientKiB", (heap - heap0) / 1024.0 / o.clients());
                if (heapAt100 >= 0 && o.clients() > 100) {
                    r.put("marginalHeapPerClientKiB", (heap - heapAt100) / 1024.0 / (o.clients() - 100));
                }
            }
        }
        r.put("clients", o.clients());
        if (o.holdSeconds() > 0) {
            System.err.println("[" + o.sdk() + " footprint] holding " + clients.size() + " clients for "
                    + o.holdSeconds() + " s (pid " + ProcessHandle.current().pid() + ")");
            Thread.sleep(TimeUnit.SECONDS.toMillis(o.holdSeconds()));
        }
        System.err.println(
                "[" + o.sdk() + " footprint] threads at " + o.clients() + " clients by name: " + threadGroups());
        return r;
    }

    private static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Heap in use after full GCs (a few, with pauses for reference processing and cleaners). */
    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Live threads grouped by name with digits replaced by '#', most frequent first. */
    private static String threadGroups() {
        Map<String, Integer> groups = new TreeMap<>();
        for (ThreadInfo t : ManagementFactory.getThreadMXBean()
                .getThreadInfo(ManagementFactory.getThreadMXBean().getAllThreadIds())) {
            if (t != null) {
                groups.merge(t.getThreadName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder();
        groups.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> sb.append(e.getValue())
                        .append(" × '")
                        .append(e.getKey())
                        .append("'; "));
        return sb.toString();
    }
}
