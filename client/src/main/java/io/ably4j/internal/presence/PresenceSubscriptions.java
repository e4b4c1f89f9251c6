package io.ably4j.internal.presence;

import io.ably4j.Subscription;
import io.ably4j.internal.util.Log;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The presence listeners of one channel (RTP6, RTP7). Registration and removal are thread-safe. {@link #deliver} is
 * called on the serial executor; it fixes the listeners of each batch of events and runs them on the callback
 * executor, in order, catching and logging what they throw.
 */
final class PresenceSubscriptions {
    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();
    private final Executor callbacks;
    private final Log log;

    PresenceSubscriptions(Executor callbacks, Log log) {
        this.callbacks = callbacks;
        this.log = log;
    }

    /** Registers {@code listener} for events with one of {@code actions}, or for all when null. */
    Subscription add(@Nullable Set<PresenceAction> actions, Consumer<PresenceMessage> listener) {
        Entry e = new Entry(actions == null ? null : EnumSet.copyOf(actions), listener);
        entries.add(e);
        return e;
    }

    /** RTP7a: removes every registration of {@code listener}. */
    void remove(Consumer<PresenceMessage> listener) {
        entries.removeIf(e -> e.listener == listener);
    }

    /**
     * RTP7b: removes {@code action} from the registrations of {@code listener}; a registration left without actions
     * goes. A registration for all events becomes one for every other action.
     */
    synchronized void remove(PresenceAction action, Consumer<PresenceMessage> listener) {
        for (Entry e : entries) {
            if (e.listener != listener) {
                continue;
            }
            Set<PresenceAction> current = e.actions;
            EnumSet<PresenceAction> rest =
                    current == null ? EnumSet.allOf(PresenceAction.class) : EnumSet.copyOf(current);
            rest.remove(action);
            if (rest.isEmpty()) {
                entries.remove(e);
            } else {
                e.actions = rest;
            }
        }
    }

    /** RTP7c. */
    void clear() {
        entries.clear();
    }

    /** Delivers {@code events} in order to the listeners registered now (RTP2d1, RTP2h1a, RTP6). */
    void deliver(List<PresenceMessage> events) {
        if (entries.isEmpty() || events.isEmpty()) {
            return;
        }
        List<Entry> snapshot = new ArrayList<>(entries);
        List<PresenceMessage> batch = List.copyOf(events);
        callbacks.execute(() -> {
            for (PresenceMessage m : batch) {
                for (Entry e : snapshot) {
                    e.accept(m);
                }
            }
        });
    }

    private final class Entry implements Subscription {
        /** The actions listened to, or null for all; narrowed by {@link #remove(PresenceAction, Consumer)}. */
        volatile @Nullable Set<PresenceAction> actions;

        final Consumer<PresenceMessage> listener;

        Entry(@Nullable Set<PresenceAction> actions, Consumer<PresenceMessage> listener) {
            this.actions = actions;
            this.listener = listener;
        }

        void accept(PresenceMessage m) {
            Set<PresenceAction> a = actions;
            if (a != null) {
                PresenceAction action = m.action();
                if (action == null || !a.contains(action)) {
                    return;
                }
            }
            try {
                listener.accept(m);
            } catch (RuntimeException ex) {
                log.error("A presence listener threw; the exception was ignored", ex);
            }
        }

        @Override
        public void close() {
            entries.remove(this);
        }
    }
}
