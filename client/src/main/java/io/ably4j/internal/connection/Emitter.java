package io.ably4j.internal.connection;

import io.ably4j.Subscription;
import io.ably4j.internal.util.Log;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A listener registry for one event type (RTE1-RTE6). Registration and removal are thread-safe. {@link #emit} is called
 * by the owner's serial executor; it fixes the set of listeners for that emit (RTE6a) and hands each invocation to the
 * callback executor, where an exception thrown by a listener is caught and logged (RTE6). Listeners never run on the
 * caller of {@code emit}, so a slow listener cannot stall the client.
 *
 * @param <E> the event type
 * @param <T> the payload passed to listeners
 */
public final class Emitter<E, T> {
    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();
    private final Executor callbacks;
    private final Log log;

    public Emitter(Executor callbacks, Log log) {
        this.callbacks = callbacks;
        this.log = log;
    }

    /**
     * Registers {@code listener} for {@code event}, or for every event when {@code event} is null. Registering the same
     * listener twice registers it twice (RTE3, RTE4).
     */
    public Subscription on(@Nullable E event, Consumer<? super T> listener, boolean once) {
        if (listener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        Entry entry = new Entry(event, listener, once);
        entries.add(entry);
        return entry;
    }

    /** Emits {@code payload} for {@code event}. Must be called from the owner's serial executor. */
    public void emit(E event, T payload) {
        for (Entry e : entries) { // iterates a snapshot (RTE6a)
            if (e.event != null && !e.event.equals(event)) {
                continue;
            }
            if (e.once && !e.fired.compareAndSet(false, true)) {
                continue;
            }
            if (e.once) {
                entries.remove(e);
            }
            callbacks.execute(() -> e.invoke(payload));
        }
    }

    /** The number of registered listeners (for tests and diagnostics). */
    public int size() {
        return entries.size();
    }

    private final class Entry implements Subscription {
        final @Nullable E event;
        final Consumer<? super T> listener;
        final boolean once;
        final AtomicBoolean fired = new AtomicBoolean();

        Entry(@Nullable E event, Consumer<? super T> listener, boolean once) {
            this.event = event;
            this.listener = listener;
            this.once = once;
        }

        void invoke(T payload) {
            // No check of closed here: an emit that already included this listener still calls it, even if an
            // earlier listener of the same emit removed it (RTE6a).
            try {
                listener.accept(payload);
            } catch (RuntimeException ex) {
                log.error("A listener threw; the exception was ignored", ex);
            }
        }

        @Override
        public void close() {
            entries.remove(this);
        }
    }
}
