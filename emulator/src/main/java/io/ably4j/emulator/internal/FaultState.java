package io.ably4j.emulator.internal;

import io.ably4j.emulator.FrameRule;
import io.ably4j.emulator.RefuseMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** Fault switches and frame rules. Thread-safe (read by I/O threads and the engine). */
public final class FaultState {
    private final Object lock = new Object();
    private final List<Registered> rules = new ArrayList<>();
    private volatile @Nullable RefuseMode refuse;
    private volatile boolean heartbeatsSuppressed;
    private final AtomicInteger deltaMismatches = new AtomicInteger();

    /** A rule with its remaining firings. */
    public static final class Registered {
        final FrameRule rule;
        int remaining;

        Registered(FrameRule rule) {
            this.rule = rule;
            this.remaining = rule.times();
        }

        public FrameRule rule() {
            return rule;
        }
    }

    public @Nullable RefuseMode refuse() {
        return refuse;
    }

    public void refuse(@Nullable RefuseMode mode) {
        this.refuse = mode;
    }

    public boolean heartbeatsSuppressed() {
        return heartbeatsSuppressed;
    }

    public void heartbeatsSuppressed(boolean suppressed) {
        this.heartbeatsSuppressed = suppressed;
    }

    /** The next {@code count} deltas sent name a base message that does not exist (RTL20); 0 cancels. */
    public void mismatchDeltas(int count) {
        deltaMismatches.set(count);
    }

    /** Whether the delta being sent must name a wrong base message; counts it. */
    public boolean takeDeltaMismatch() {
        return deltaMismatches.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    public Registered add(FrameRule rule) {
        Registered r = new Registered(rule);
        synchronized (lock) {
            rules.add(r);
        }
        return r;
    }

    public boolean remove(Registered r) {
        synchronized (lock) {
            return rules.remove(r);
        }
    }

    public void clearRules() {
        synchronized (lock) {
            rules.clear();
        }
    }

    public List<FrameRule> rules() {
        synchronized (lock) {
            List<FrameRule> out = new ArrayList<>();
            rules.forEach(r -> out.add(r.rule));
            return out;
        }
    }

    /** Finds the first matching rule, counts the firing and removes exhausted rules. */
    public @Nullable FrameRule fire(
            FrameRule.Direction dir, int action, @Nullable String channel, @Nullable String connectionId) {
        synchronized (lock) {
            for (int i = 0; i < rules.size(); i++) {
                Registered r = rules.get(i);
                if (r.rule.matches(dir, action, channel, connectionId)) {
                    if (r.remaining > 0 && --r.remaining == 0) {
                        rules.remove(i);
                    }
                    return r.rule;
                }
            }
            return null;
        }
    }
}
