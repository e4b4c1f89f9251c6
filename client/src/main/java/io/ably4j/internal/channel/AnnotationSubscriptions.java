package io.ably4j.internal.channel;

import io.ably4j.Subscription;
import io.ably4j.internal.util.Log;
import io.ably4j.types.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The annotation listeners of one channel (RTAN4, RTAN5), filtered by annotation type. Registration and removal may
 * be called from any thread and hold this object's monitor; {@link #deliver} runs on the serial executor without a
 * lock, and hands the registrations of the moment to the callback executor, where a registration removed in between
 * receives nothing more. A listener that throws is logged and ignored.
 */
final class AnnotationSubscriptions {
    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();
    private final Executor callbacks;
    private final Log log;

    AnnotationSubscriptions(Executor callbacks, Log log) {
        this.callbacks = callbacks;
        this.log = log;
    }

    /** Registers {@code listener} for the annotations with one of {@code types}, or for all when null (RTAN4a/c). */
    synchronized Subscription add(@Nullable Set<String> types, Consumer<Annotation> listener) {
        Entry e = new Entry(types, listener);
        entries.add(e);
        return e;
    }

    /** RTAN5a: removes every registration of {@code listener}. */
    synchronized void remove(Consumer<Annotation> listener) {
        for (Entry e : entries) {
            if (e.listener == listener) {
                e.unregister();
            }
        }
    }

    /** RTAN5a: removes {@code type} from the typed registrations of {@code listener}; one left without types goes. */
    synchronized void remove(String type, Consumer<Annotation> listener) {
        for (Entry e : entries) {
            Set<String> types = e.types;
            if (e.listener == listener && types != null && types.contains(type)) {
                if (types.size() > 1) {
                    Set<String> rest = new LinkedHashSet<>(types);
                    rest.remove(type);
                    e.types = Set.copyOf(rest);
                } else {
                    e.unregister();
                }
            }
        }
    }

    /** RTAN5a: removes every registration. */
    synchronized void clear() {
        for (Entry e : entries) {
            e.removed = true;
        }
        entries.clear();
    }

    /** Delivers {@code annotations} in order to the listeners registered now (RTAN4b). */
    void deliver(List<Annotation> annotations) {
        if (entries.isEmpty() || annotations.isEmpty()) {
            return;
        }
        List<Entry> snapshot = new ArrayList<>(entries);
        callbacks.execute(() -> {
            for (Annotation a : annotations) {
                for (Entry e : snapshot) {
                    e.accept(a);
                }
            }
        });
    }

    private final class Entry implements Subscription {
        /** The types listened to, or null for all; narrowed by {@link #remove(String, Consumer)}, never widened. */
        volatile @Nullable Set<String> types;

        final Consumer<Annotation> listener;
        volatile boolean removed;

        Entry(@Nullable Set<String> types, Consumer<Annotation> listener) {
            this.types = types;
            this.listener = listener;
        }

        void accept(Annotation a) {
            if (removed) {
                return;
            }
            Set<String> t = types;
            if (t != null) {
                String type = a.type();
                if (type == null || !t.contains(type)) { // RTAN4c: exact match
                    return;
                }
            }
            try {
                listener.accept(a);
            } catch (RuntimeException ex) {
                log.error("An annotation listener threw; the exception was ignored", ex);
            }
        }

        /** Removes this registration; the caller holds the subscriptions' monitor. */
        void unregister() {
            removed = true;
            entries.remove(this);
        }

        @Override
        public void close() {
            synchronized (AnnotationSubscriptions.this) {
                unregister();
            }
        }
    }
}
