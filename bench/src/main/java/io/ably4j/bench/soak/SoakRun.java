package io.ably4j.bench.soak;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import io.ably4j.emulator.PresenceMember;
import io.ably4j.internal.util.SharedResources;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One soak run on one WebSocket engine: baseline, clients, the fault phase with publishing, recovery, final
 * deliveries, presence convergence, close, and the resource check. See {@code docs/reliability.md}.
 */
final class SoakRun {
    /** How long recovery may take once faults stop (reconnect backoff, re-attach, token renewal). */
    static final Duration RECOVERY_DEADLINE = Duration.ofSeconds(90);

    static final Duration CHECK_DEADLINE = Duration.ofSeconds(30);

    private final SoakConfig config;
    private final WebSocketEngine engine;
    private final Consumer<String> log;
    private final SoakResult result = new SoakResult();

    SoakRun(SoakConfig config, WebSocketEngine engine, Consumer<String> log) {
        this.config = config;
        this.engine = engine;
        this.log = log;
    }

    static String channelName(int ch) {
        return "soak-" + ch;
    }

    SoakResult run() throws InterruptedException {
        result.engine = engine.name();
        result.config = config.withEngine(engine);
        try (EmulatorHost warm = new EmulatorHost(config.tokenTtl())) {
            warmUp(warm);
        }
        // The baseline: no emulator, no client; the library's shared pools started by the warm-up.
        ThreadCounts before = ThreadCounts.now();
        result.threadsBefore = before.total;
        result.ably4jThreadsBefore = before.ably4j;
        result.heapBeforeBytes = heapAfterGc();
        List<WeakReference<RealtimeClient>> closed;
        try (EmulatorHost host = new EmulatorHost(config.tokenTtl())) {
            Ledger ledger = new Ledger(config.clients(), config.channels());
            AtomicLong tokenRequests = new AtomicLong();
            List<SoakClient> clients = new ArrayList<>();
            for (int i = 0; i < config.clients(); i++) {
                clients.add(new SoakClient(i, config, engine, host.port(), ledger, tokenRequests));
            }
            clients.forEach(SoakClient::start);
            if (!await(Duration.ofSeconds(30), () -> allSettled(clients))) {
                result.failures.add("clients did not connect and attach at the start: " + unsettled(clients));
            }

            faultPhase(host, clients);
            checkAfterFaults(host, clients, ledger);
            result.delivery = ledger.analyse();
            result.connectionIdChanges =
                    clients.stream().mapToLong(SoakClient::connectionIdChanges).sum();
            result.presenceOperations =
                    clients.stream().mapToLong(SoakClient::presenceOperations).sum();
            result.presenceOperationFailures =
                    clients.stream().mapToLong(SoakClient::presenceFailures).sum();
            result.tokenRequests = tokenRequests.get();
            closed = closeClients(clients);
        }
        checkResources(closed, before);
        return result;
    }

    /** Creates, connects and closes one client per auth kind, so that the library's shared threads are in the baseline. */
    private void warmUp(EmulatorHost host) throws InterruptedException {
        Ledger scratch = new Ledger(2, 1);
        SoakConfig one = new SoakConfig(
                2, 1, Duration.ZERO, 0, List.of(engine), 1, 1, 1, Duration.ofSeconds(1), config.tokenTtl());
        List<SoakClient> warm = List.of(
                new SoakClient(0, one, engine, host.port(), scratch, new AtomicLong()),
                new SoakClient(1, one, engine, host.port(), scratch, new AtomicLong()));
        warm.forEach(SoakClient::start);
        await(Duration.ofSeconds(30), () -> allSettled(warm));
        warm.forEach(SoakClient::close);
    }

    private void faultPhase(EmulatorHost host, List<SoakClient> clients) throws InterruptedException {
        ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "soak-publisher");
            t.setDaemon(true);
            return t;
        });
        long periodMicros = (long) (1_000_000 / config.rate());
        ScheduledFuture<?> publishing = publisher.scheduleAtFixedRate(
                () -> {
                    for (SoakClient c : clients) {
                        for (int ch = 0; ch < config.channels(); ch++) {
                            c.publish(ch);
                        }
                    }
                },
                0,
                periodMicros,
                TimeUnit.MICROSECONDS);
        FaultInjector faults = new FaultInjector(config, host, clients);
        long end = System.nanoTime() + config.duration().toNanos();
        try {
            while (true) {
                long wait = faults.nextInterval().toNanos();
                if (System.nanoTime() + wait - end >= 0) {
                    break;
                }
                TimeUnit.NANOSECONDS.sleep(wait); // the fault schedule's pacing
                log.accept(faults.injectNext());
            }
            long rest = end - System.nanoTime();
            if (rest > 0) {
                TimeUnit.NANOSECONDS.sleep(rest);
            }
        } finally {
            faults.stopAll();
            result.faults.putAll(faults.applied());
            result.faultsSkipped = faults.skipped();
            // Publishing goes on during recovery: queued, then sent once reconnected.
            long recoveryStart = System.nanoTime();
            boolean recovered = await(RECOVERY_DEADLINE, () -> allSettled(clients));
            result.recoverySeconds = (System.nanoTime() - recoveryStart) / 1e9;
            if (publishing.isDone()) { // a periodic task is done only if it threw
                result.failures.add("the publishing task failed: " + publishing);
            }
            publisher.shutdown();
            publisher.awaitTermination(10, TimeUnit.SECONDS);
            if (!recovered) {
                result.failures.add("not recovered " + RECOVERY_DEADLINE.toSeconds() + " s after the faults stopped: "
                        + unsettled(clients));
            }
        }
    }

    private void checkAfterFaults(EmulatorHost host, List<SoakClient> clients, Ledger ledger)
            throws InterruptedException {
        // Presence: send every member's wanted state again (a call may have failed during the faults).
        List<CompletableFuture<?>> presence = new ArrayList<>();
        for (SoakClient c : clients) {
            if (c.isPresenceMember()) {
                for (int ch = 0; ch < config.presenceChannels(); ch++) {
                    presence.add(c.applyPresence(ch).exceptionally(e -> null));
                }
            }
        }
        // Final messages: after recovery no fault remains, so every subscriber must receive every one of them.
        List<CompletableFuture<?>> acks = new ArrayList<>();
        int[][] finals = new int[clients.size()][config.channels()];
        for (SoakClient c : clients) {
            for (int ch = 0; ch < config.channels(); ch++) {
                finals[c.index][ch] = c.publishFinal(ch, acks);
            }
        }
        if (!await(CHECK_DEADLINE, () -> acks.stream().allMatch(CompletableFuture::isDone))) {
            result.failures.add("final publishes not completed within " + CHECK_DEADLINE.toSeconds() + " s");
        }
        long failedFinals = acks.stream()
                .filter(CompletableFuture::isCompletedExceptionally)
                .count();
        if (failedFinals > 0) {
            result.failures.add(failedFinals + " final publishes failed after recovery");
        }
        boolean delivered = await(
                CHECK_DEADLINE, () -> missingFinals(clients, ledger, finals).isEmpty());
        if (!delivered) {
            result.failures.add("final messages not delivered: " + missingFinals(clients, ledger, finals));
        }
        if (!await(CHECK_DEADLINE, () -> presence.stream().allMatch(CompletableFuture::isDone))) {
            result.failures.add("presence calls not completed within " + CHECK_DEADLINE.toSeconds() + " s");
        }
        for (int ch = 0; ch < config.presenceChannels(); ch++) {
            int chIndex = ch;
            Set<String> expected = new TreeSet<>();
            for (SoakClient c : clients) {
                if (c.isPresenceMember() && c.presenceWanted(ch)) {
                    expected.add(String.valueOf(c.clientId()));
                }
            }
            if (!await(
                    CHECK_DEADLINE,
                    () -> presenceDiff(host, clients, chIndex, expected).isEmpty())) {
                result.failures.add("presence on " + channelName(ch) + " not converged to " + expected + ": "
                        + presenceDiff(host, clients, ch, expected));
            }
        }
        // Every publish future must be complete by now: ACK or a clear error.
        await(CHECK_DEADLINE, () -> ledger.analyse().pending == 0);
    }

    private static List<String> missingFinals(List<SoakClient> clients, Ledger ledger, int[][] finals) {
        List<String> missing = new ArrayList<>();
        for (SoakClient sub : clients) {
            for (int ch = 0; ch < finals[0].length; ch++) {
                for (SoakClient pub : clients) {
                    if (!ledger.hasReceived(sub.index, ch, pub.index, finals[pub.index][ch])) {
                        missing.add("client " + sub.index + " " + channelName(ch) + " from " + pub.index);
                    }
                }
            }
        }
        return missing;
    }

    private static List<String> presenceDiff(
            EmulatorHost host, List<SoakClient> clients, int ch, Set<String> expected) {
        List<String> diff = new ArrayList<>();
        Set<String> server = new TreeSet<>();
        for (PresenceMember m : host.current().presenceMembers(channelName(ch))) {
            server.add(m.clientId());
        }
        if (!server.equals(expected)
                || host.current().presenceMembers(channelName(ch)).size() != expected.size()) {
            diff.add("emulator "
                    + host.current().presenceMembers(channelName(ch)).size() + " members " + server);
        }
        for (SoakClient c : clients) {
            Set<String> seen = c.presentClientIds(ch, Duration.ofSeconds(5));
            if (!expected.equals(seen)) {
                diff.add("client " + c.index + " " + seen);
            }
        }
        return diff;
    }

    /** Closes every client, checking each reaches CLOSED; returns weak references to them for the leak check. */
    private List<WeakReference<RealtimeClient>> closeClients(List<SoakClient> clients) {
        List<WeakReference<RealtimeClient>> refs = new ArrayList<>();
        for (SoakClient c : clients) {
            RealtimeClient rc = c.client();
            refs.add(new WeakReference<>(rc));
            c.close();
            if (rc.connection().state() != ConnectionState.CLOSED) {
                result.failures.add("client " + c.index + " " + rc.connection().state() + " after close()");
            }
        }
        clients.clear();
        return refs;
    }

    /**
     * After the clients and the emulator are closed: every client must become unreachable, no library timer may be
     * left, and the threads must return to the baseline (the shared pools aside), within 20 s.
     */
    private void checkResources(List<WeakReference<RealtimeClient>> refs, ThreadCounts before)
            throws InterruptedException {
        boolean released = await(Duration.ofSeconds(20), () -> {
            System.gc();
            return refs.stream().allMatch(r -> r.get() == null)
                    && SharedResources.pendingTimers() == 0
                    && ThreadCounts.now().owned() <= before.owned();
        });
        ThreadCounts after = ThreadCounts.now();
        result.threadsAfter = after.total;
        result.ably4jThreadsAfter = after.ably4j;
        result.heapAfterBytes = heapAfterGc();
        result.pendingTimersAfter = SharedResources.pendingTimers();
        result.clientsRetainedAfterClose =
                (int) refs.stream().filter(r -> r.get() != null).count();
        if (!released && after.owned() > before.owned()) {
            result.failures.add("threads above the baseline after close: " + ThreadCounts.ownedNames());
        }
    }

    /**
     * The heap in use right after a full collection: the sum of the heap pools' usage as the last GC left it (the
     * current usage would also count what other threads allocated since).
     */
    private static long heapAfterGc() {
        System.gc();
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage u = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            if (u != null) {
                used += u.getUsed();
            }
        }
        return used;
    }

    private static boolean allSettled(List<SoakClient> clients) {
        return unsettled(clients).isEmpty();
    }

    /** Clients not CONNECTED and channels not ATTACHED, as text. */
    private static List<String> unsettled(List<SoakClient> clients) {
        List<String> out = new ArrayList<>();
        for (SoakClient c : clients) {
            RealtimeClient rc = c.client();
            if (rc.connection().state() != ConnectionState.CONNECTED) {
                out.add("client " + c.index + " " + rc.connection().state() + " "
                        + rc.connection().errorReason());
            }
            for (RealtimeChannel ch : c.channels()) {
                if (ch.state() != ChannelState.ATTACHED) {
                    out.add("client " + c.index + " " + ch.name() + " " + ch.state() + " " + ch.errorReason());
                }
            }
        }
        return out;
    }

    /** Polls {@code condition} every 100 ms until it holds or {@code deadline} passes. */
    static boolean await(Duration deadline, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() - end > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(100); // polling live clients for a state; bounded by the deadline
        }
    }

    /**
     * Live threads: all of them, the library's ({@code ably4j-*}), and those a leak would add ({@link #owned()}:
     * every thread except the library's and the JDK's bounded shared pools, which outlive clients by design).
     */
    private record ThreadCounts(long total, long ably4j, long shared) {
        private static final List<String> SHARED_PREFIXES = List.of(
                "ably4j-worker",
                "ably4j-callback",
                "ably4j-timer",
                "ably4j-http",
                "ably4j-nio",
                "HttpClient-",
                "ForkJoinPool",
                "soak-publisher");

        static ThreadCounts now() {
            long total = 0;
            long ably4j = 0;
            long shared = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                total++;
                if (t.getName().startsWith("ably4j")) {
                    ably4j++;
                }
                if (isShared(t.getName())) {
                    shared++;
                }
            }
            return new ThreadCounts(total, ably4j, shared);
        }

        private static boolean isShared(String name) {
            if (name.startsWith("HttpClient-") && name.endsWith("SelectorManager")) {
                return false; // one per HttpClient: a new one means a leaked client
            }
            return SHARED_PREFIXES.stream().anyMatch(name::startsWith);
        }

        long owned() {
            return total - shared;
        }

        static List<String> ownedNames() {
            List<String> names = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (!isShared(t.getName())) {
                    names.add(t.getName());
                }
            }
            names.sort(null);
            return names;
        }
    }
}
