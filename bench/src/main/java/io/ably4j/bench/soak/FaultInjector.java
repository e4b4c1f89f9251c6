package io.ably4j.bench.soak;

import io.ably4j.emulator.DropMode;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.Faults;
import io.ably4j.emulator.FrameRule;
import io.ably4j.emulator.RefuseMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Chooses and applies the faults of a soak run from a seeded {@link Random}: the kind, the target client and the
 * parameters of each fault are drawn from it whatever happens, so a seed always gives the same schedule. Faults that
 * last (refused connections, suppressed heartbeats, frame delays) are undone when due or by {@link #stopAll()}.
 *
 * <p>Not thread-safe: one driver thread calls it.
 */
final class FaultInjector {
    /** Kinds of faults with their weights. */
    enum Kind {
        DROP_CLEAN(3),
        DROP_FIN(3),
        DROP_RST(3),
        DELAY_TO_CLIENT(2),
        DELAY_TO_SERVER(1),
        SUPPRESS_HEARTBEATS(1),
        REFUSE_CONNECTIONS(1),
        RESTART_EMULATOR(1),
        EXPIRE_TOKEN(1),
        EXPIRE_RESUME_STATE(1),
        DETACH_CHANNEL(1),
        LEAVE_PRESENCE(1),
        PRESENCE_ENTER_LEAVE(4);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    private record Undo(long dueNanos, String what, Runnable action) {}

    private static final int MESSAGE_ACTION = 15;
    private static final List<RefuseMode> REFUSE_MODES =
            List.of(RefuseMode.RESET, RefuseMode.HTTP_503, RefuseMode.HOLD);
    private final Random random;
    private final EmulatorHost host;
    private final List<SoakClient> clients;
    private final SoakConfig config;
    private final List<Undo> undos = new ArrayList<>();
    private final Map<String, Integer> applied = new TreeMap<>();
    private int skipped;

    FaultInjector(SoakConfig config, EmulatorHost host, List<SoakClient> clients) {
        this.random = new Random(config.seed());
        this.config = config;
        this.host = host;
        this.clients = clients;
    }

    /** The delay before the next fault: uniform in [0.5, 1.5] times the mean interval. */
    Duration nextInterval() {
        long mean = config.meanFaultInterval().toMillis();
        return Duration.ofMillis(mean / 2 + (long) (random.nextDouble() * mean));
    }

    /** Draws one fault and applies it; returns what was done, for the log. */
    String injectNext() throws InterruptedException {
        runDueUndos(false);
        Kind kind = draw();
        int target = random.nextInt(clients.size());
        int param = random.nextInt(1000);
        String what = kind + " client " + target;
        try {
            if (apply(kind, clients.get(target), param)) {
                applied.merge(kind.name(), 1, Integer::sum);
            } else {
                skipped++;
                what += " (skipped)";
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            // The target connection is gone (e.g. replaced or the emulator restarted meanwhile).
            skipped++;
            what += " (skipped: " + e.getMessage() + ")";
        }
        return what;
    }

    private Kind draw() {
        int total = 0;
        for (Kind k : Kind.values()) {
            total += k.weight;
        }
        int r = random.nextInt(total);
        for (Kind k : Kind.values()) {
            r -= k.weight;
            if (r < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    private boolean apply(Kind kind, SoakClient client, int param) throws InterruptedException {
        Emulator emu = host.current();
        Faults faults = emu.faults();
        @Nullable String id = client.connectionId();
        switch (kind) {
            case RESTART_EMULATOR -> {
                host.restart(Duration.ofMillis(200 + param * 2L));
                return true;
            }
            case REFUSE_CONNECTIONS -> {
                RefuseMode mode = REFUSE_MODES.get(param % REFUSE_MODES.size());
                faults.refuseConnections(mode);
                if (id != null) {
                    faults.drop(id, DropMode.RST);
                }
                later(
                        Duration.ofMillis(1000 + param * 3L),
                        "accept connections",
                        () -> host.current().faults().acceptConnections());
                return true;
            }
            case DETACH_CHANNEL -> {
                faults.detachChannel(SoakRun.channelName(param % config.channels()), 90198, 500, "soak: detached");
                return true;
            }
            case PRESENCE_ENTER_LEAVE -> {
                if (!client.isPresenceMember() || config.presenceChannels() == 0) {
                    return false;
                }
                client.togglePresence(param % config.presenceChannels());
                return true;
            }
            default -> {
                // every other fault targets the client's current connection
            }
        }
        if (id == null || emu.connection(id).isEmpty()) {
            return false;
        }
        switch (kind) {
            case DROP_CLEAN -> faults.drop(id, DropMode.CLEAN);
            case DROP_FIN -> faults.drop(id, DropMode.FIN);
            case DROP_RST -> faults.drop(id, DropMode.RST);
            case DELAY_TO_CLIENT, DELAY_TO_SERVER -> {
                FrameRule.Builder b = kind == Kind.DELAY_TO_CLIENT ? FrameRule.toClient() : FrameRule.toServer();
                Faults.Registration reg = faults.addRule(b.action(MESSAGE_ACTION)
                        .connectionId(id)
                        .times(1 + param % 20)
                        .delay(Duration.ofMillis(100 + param)));
                later(Duration.ofSeconds(5), "remove delay rule", reg::remove);
            }
            case SUPPRESS_HEARTBEATS -> {
                faults.suppressHeartbeats(id, true);
                later(
                        Duration.ofMillis(4000 + param * 6L),
                        "heartbeats on",
                        () -> host.current().faults().suppressHeartbeats(id, false));
            }
            case EXPIRE_TOKEN -> {
                if (!client.isPresenceMember()) {
                    return false; // only token clients have tokens
                }
                faults.expireToken(id);
            }
            case EXPIRE_RESUME_STATE -> faults.expireResumeState(id);
            case LEAVE_PRESENCE -> faults.leavePresence(id);
            default -> throw new AssertionError(kind);
        }
        return true;
    }

    private void later(Duration delay, String what, Runnable action) {
        undos.add(new Undo(System.nanoTime() + delay.toNanos(), what, action));
    }

    /** Runs the undo actions that are due, or all of them. */
    private void runDueUndos(boolean all) {
        long now = System.nanoTime();
        List<Undo> due = new ArrayList<>();
        for (Undo u : undos) {
            if (all || u.dueNanos() - now <= 0) {
                due.add(u);
            }
        }
        undos.removeAll(due);
        for (Undo u : due) {
            try {
                u.action().run();
            } catch (IllegalArgumentException | IllegalStateException e) {
                // the connection is gone, or the emulator was replaced (which undid the fault)
            }
        }
    }

    /** Ends every lasting fault: undo actions, frame rules, refused connections, suppressed heartbeats. */
    void stopAll() {
        runDueUndos(true);
        Faults f = host.current().faults();
        f.clearRules();
        f.acceptConnections();
        f.suppressHeartbeats(false);
    }

    Map<String, Integer> applied() {
        return applied;
    }

    int skipped() {
        return skipped;
    }
}
