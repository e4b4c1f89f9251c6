package io.ably4j.emulator;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A bounded, thread-safe log of what the emulator saw and did: transports opened and closed, every
 * protocol message in and out, fault actions and REST requests. When full, the oldest events are
 * discarded. Listeners (the web console's live stream) see every event as it is added, whatever the capacity.
 */
public final class EventLog {
    private final int capacity;
    private final ArrayDeque<EmulatorEvent> events = new ArrayDeque<>();
    private final List<Consumer<EmulatorEvent>> listeners = new CopyOnWriteArrayList<>();
    /** Threads in {@link #await}, guarded by {@link #events}: without any, adding an event notifies no one. */
    private int waiters;

    EventLog(int capacity) {
        this.capacity = capacity;
    }

    /** Appends an event (called by the emulator). */
    void add(EmulatorEvent e) {
        if (capacity <= 0 && listeners.isEmpty()) {
            return;
        }
        synchronized (events) {
            for (Consumer<EmulatorEvent> l : listeners) {
                l.accept(e);
            }
            if (capacity <= 0) {
                return;
            }
            if (events.size() >= capacity) {
                events.removeFirst();
            }
            events.addLast(e);
            if (waiters > 0) {
                events.notifyAll();
            }
        }
    }

    /**
     * Calls {@code listener} with the last {@code backlog} retained events, then with every event added from now on,
     * none missed or repeated in between. It is called on the thread that adds the event (the engine thread or a
     * Netty I/O thread) while the log is locked, so it must only hand the event over and return; it must not throw.
     * Returns the action that removes it.
     */
    Runnable addListener(Consumer<EmulatorEvent> listener, int backlog) {
        synchronized (events) {
            int skip = Math.max(0, events.size() - backlog);
            for (EmulatorEvent e : events) {
                if (skip-- <= 0) {
                    listener.accept(e);
                }
            }
            listeners.add(listener);
        }
        return () -> listeners.remove(listener);
    }

    /** The number of listeners (for leak checks). */
    int listenerCount() {
        return listeners.size();
    }

    /** {@return a snapshot of all retained events, oldest first} */
    public List<EmulatorEvent> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    /**
     * Retained events matching a predicate, oldest first.
     *
     * @param filter the condition events must meet
     * @return the matching events, oldest first
     */
    public List<EmulatorEvent> events(Predicate<EmulatorEvent> filter) {
        List<EmulatorEvent> out = new ArrayList<>();
        for (EmulatorEvent e : events()) {
            if (filter.test(e)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Discards all retained events. */
    public void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    /**
     * Waits until a retained event matches (including one already logged) and returns the first such.
     *
     * @param filter the condition to wait for
     * @param timeout the longest time to wait
     * @return the first matching event
     * @throws TimeoutException if none matched within {@code timeout}
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    public EmulatorEvent await(Predicate<EmulatorEvent> filter, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (EmulatorEvent e : events) {
                    if (filter.test(e)) {
                        return e;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no matching emulator event within " + timeout);
                }
                waiters++;
                try {
                    events.wait(Math.max(1, left / 1_000_000));
                } finally {
                    waiters--;
                }
            }
        }
    }

    /**
     * Predicate: a frame with this action in the given direction (true = sent to the client).
     *
     * @param toClient true for frames sent to the client, false for frames received from it
     * @param action the protocol message action number
     * @return the predicate
     */
    public static Predicate<EmulatorEvent> frame(boolean toClient, int action) {
        EmulatorEvent.Type t = toClient ? EmulatorEvent.Type.FRAME_OUT : EmulatorEvent.Type.FRAME_IN;
        return e -> e.type() == t && e.action() == action;
    }
}
