package io.ably4j.internal.channel;

import io.ably4j.MessageFilter;
import io.ably4j.Subscription;
import io.ably4j.internal.util.Log;
import io.ably4j.types.Message;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The message listeners of one channel (RTL7, RTL8). Registration and removal may be called from any thread: they
 * hold this object's monitor, all of them, so they apply one at a time. {@link #deliver} is called on the serial
 * executor and takes no lock: it takes the registrations of the moment and runs them on the callback executor,
 * catching and logging what they throw (RTE6). A registration removed after that (even by a listener, between two
 * messages of one batch) receives nothing more: each checks that it is still registered before each message.
 */
final class MessageSubscriptions {
    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();
    /** The registrations now, as an array replaced on each change (under the monitor): {@link #deliver} copies none. */
    private volatile Entry[] snapshot = new Entry[0];

    private final Executor callbacks;
    private final Log log;

    MessageSubscriptions(Executor callbacks, Log log) {
        this.callbacks = callbacks;
        this.log = log;
    }

    /** Registers {@code listener} for the messages with one of {@code names}, or for all when null. */
    synchronized Subscription add(@Nullable Set<String> names, Consumer<Message> listener) {
        Entry e = new Entry(names, listener);
        entries.add(e);
        changed();
        return e;
    }

    /** RTL22: registers {@code listener} for the messages that {@code filter} accepts. */
    synchronized Subscription add(MessageFilterMatch filter, Consumer<Message> listener) {
        Entry e = new Entry(null, listener);
        e.filter = filter;
        entries.add(e);
        changed();
        return e;
    }

    /** RTL22: removes the registrations of {@code listener} made with a filter equal to {@code filter}. */
    synchronized void remove(MessageFilter filter, Consumer<Message> listener) {
        for (Entry e : entries) {
            MessageFilterMatch f = e.filter;
            if (e.listener == listener && f != null && f.filter().equals(filter)) {
                e.unregister();
            }
        }
    }

    /** RTL8a: removes every registration of {@code listener}. */
    synchronized void remove(Consumer<Message> listener) {
        for (Entry e : entries) {
            if (e.listener == listener) {
                e.unregister();
            }
        }
    }

    /**
     * RTL8b: removes {@code name} from the registrations of {@code listener}; a registration left without names goes.
     * A registration for all messages is unaffected. A registration keeps its place and its {@link Subscription}.
     */
    synchronized void remove(String name, Consumer<Message> listener) {
        for (Entry e : entries) {
            Set<String> names = e.names;
            if (e.listener == listener && names != null && names.contains(name)) {
                if (names.size() > 1) {
                    Set<String> rest = new LinkedHashSet<>(names);
                    rest.remove(name);
                    e.names = Set.copyOf(rest);
                } else {
                    e.unregister();
                }
            }
        }
    }

    /** RTL8c. */
    synchronized void clear() {
        for (Entry e : entries) {
            e.removed = true;
        }
        entries.clear();
        changed();
    }

    /** Takes a new {@link #snapshot}; the caller holds the monitor. */
    private void changed() {
        snapshot = entries.toArray(new Entry[0]);
    }

    int size() {
        return entries.size();
    }

    /** Delivers {@code messages} in order to the listeners registered now (RTL7a, RTL7b). */
    void deliver(List<Message> messages) {
        Entry[] now = snapshot;
        if (now.length == 0 || messages.isEmpty()) {
            return;
        }
        callbacks.execute(() -> {
            for (int i = 0, n = messages.size(); i < n; i++) {
                Message m = messages.get(i);
                for (Entry e : now) {
                    e.accept(m);
                }
            }
        });
    }

    private final class Entry implements Subscription {
        /** The names listened to, or null for all; narrowed by {@link #remove(String, Consumer)}, never widened. */
        volatile @Nullable Set<String> names;

        final Consumer<Message> listener;
        /** The RTL22 filter of a registration made with one, else null; set before it is published. */
        @Nullable
        MessageFilterMatch filter;

        /** Set once the registration is removed; checked before each message delivered to it. */
        volatile boolean removed;

        Entry(@Nullable Set<String> names, Consumer<Message> listener) {
            this.names = names;
            this.listener = listener;
        }

        void accept(Message m) {
            if (removed) {
                return;
            }
            Set<String> n = names;
            if (n != null) {
                String name = m.name();
                if (name == null || !n.contains(name)) {
                    return;
                }
            }
            MessageFilterMatch f = filter;
            if (f != null && !f.test(m)) {
                return;
            }
            try {
                listener.accept(m);
            } catch (RuntimeException ex) {
                log.error("A message listener threw; the exception was ignored", ex);
            }
        }

        /** Removes this registration; the caller holds the subscriptions' monitor. */
        void unregister() {
            removed = true;
            entries.remove(this);
            changed();
        }

        @Override
        public void close() {
            synchronized (MessageSubscriptions.this) {
                unregister();
            }
        }
    }
}
