package io.ably4j.internal.connection;

import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.OrderedExecutor;
import io.ably4j.internal.util.SerialExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The client's inbound backlog and its backpressure on the transport.
 *
 * <p><b>What is counted.</b> Every protocol message a transport delivers is counted, with the size of its WebSocket
 * frame, from its arrival until it is fully handled: dispatched on the serial executor <em>and</em> every callback
 * task that dispatch queued on the callback executor ({@link #callbacks}: listeners, future completions) has run. So
 * the gauge covers what waits for the serial executor and what waits for slow listeners, which is where an unbounded
 * backlog would otherwise pile up.
 *
 * <p><b>Batches.</b> A transport hands over what one socket read produced as one batch ({@link #arrived}), which is
 * dispatched on the serial executor as one task ({@link #dispatch}). The callback tasks that dispatch queues are not
 * handed to the callback executor one by one: they are collected and handed over as <em>one</em> task at the end of
 * the dispatch, which runs them in order (each isolated: one that throws is logged and the next runs) and then
 * uncounts the whole batch at once. The callback executor is FIFO, so the order of callbacks is the order in which
 * they were queued, as without batching; a batch that queued no callback is uncounted at the end of its dispatch.
 *
 * <p><b>Policy.</b> When the backlog reaches {@link #MAX_FRAMES} messages or {@link #MAX_BYTES} bytes of frames (the
 * high watermark), the transport that delivered the message is asked to stop reading ({@link
 * io.ably4j.internal.transport.Transport#pauseReading}); TCP flow control then holds the rest at the server. Reading
 * resumes once the backlog is below half of both limits (the low watermark). Nothing is dropped or reordered. A
 * transport reads no more after it is paused, except what it had already read from the socket (at most one read: the
 * JDK engine one frame, the NIO engine 64 KiB), so the backlog can exceed the high watermark by that much. A transport
 * opened while the backlog is above the low watermark is paused after its first message (the CONNECTED), so a
 * reconnection does not read past the bound either. While reading is paused the connection's idle timer (RTN23a) is
 * suspended ({@link PauseListener}). While a listener is blocked waiting for a client future ({@code
 * publish(...).get()} in a listener), reading is not paused: the reply it waits for may be behind the pause, and the
 * listener holds the thread that would drain the backlog; the bound then does not hold until the wait ends.
 *
 * <p><b>Threading.</b> {@link #arrived} runs on transport I/O threads, {@link #dispatch} on the serial executor,
 * releases on the serial or callback executor; the counters are atomic, the watermark transitions are serialised by
 * this object's lock and are made only when a lock-free check says a watermark was crossed. The {@link PauseListener}
 * is called under that lock, in order.
 */
public final class InboundBacklog {
    /** The high watermark in messages (protocol messages, i.e. frames). */
    public static final int MAX_FRAMES = 4096;

    /** The high watermark in bytes of frames. */
    public static final long MAX_BYTES = 4L << 20;

    /** What delivers messages and can stop reading: one transport ({@link ActiveTransport}). */
    interface Reader {
        /**
         * Stops or resumes reading; any thread, never blocks (see {@link
         * io.ably4j.internal.transport.Transport#pauseReading}).
         */
        void pauseReading(boolean paused);
    }

    /** Told when reading pauses and resumes (the idle timer follows it). Called under the backlog's lock. */
    interface PauseListener {
        void readingPaused(boolean paused);
    }

    private final int maxFrames;
    private final long maxBytes;
    private final int lowFrames;
    private final long lowBytes;
    private final PauseListener listener;
    private final Log log;
    private final AtomicInteger frames = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger peakFrames = new AtomicInteger();
    private final AtomicLong peakBytes = new AtomicLong();
    private final AtomicLong pauses = new AtomicLong();
    /** Listeners blocked waiting for a client future: while any is, reading is not paused (it would deadlock). */
    private final AtomicInteger waiters = new AtomicInteger();
    /** The transport told to stop reading, or null while reading; written under the lock. */
    private volatile @Nullable Reader paused;

    /**
     * The batch being dispatched on the serial executor, which collects the callback tasks queued meanwhile. Only read
     * and written on the serial executor ({@link #serial}).
     */
    private @Nullable Batch current;

    private final SerialExecutor serial;

    InboundBacklog(SerialExecutor serial, PauseListener listener, Log log) {
        this(serial, MAX_FRAMES, MAX_BYTES, listener, log);
    }

    InboundBacklog(SerialExecutor serial, int maxFrames, long maxBytes, PauseListener listener, Log log) {
        if (maxFrames < 2 || maxBytes < 2) {
            throw new IllegalArgumentException("watermarks too small");
        }
        this.serial = serial;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.lowFrames = maxFrames / 2;
        this.lowBytes = maxBytes / 2;
        this.listener = listener;
        this.log = log;
    }

    /**
     * {@code messages} messages in frames of {@code frameBytes} bytes in all arrived on {@code from} (any thread;
     * before they are handed to the serial executor). Pauses {@code from} if the backlog is now at the high watermark,
     * or if another transport is paused (a new transport inherits the pause after its first message). The caller then
     * dispatches them with {@link #dispatch}, or uncounts them with {@link #release}.
     */
    void arrived(Reader from, int messages, long frameBytes) {
        long size = Math.max(0, frameBytes);
        int f = frames.addAndGet(messages);
        long b = bytes.addAndGet(size);
        // Peaks: one plain read each on the common path (no new peak), a CAS loop only when one is set.
        if (f > peakFrames.getPlain()) {
            peakFrames.accumulateAndGet(f, Math::max);
        }
        if (b > peakBytes.getPlain()) {
            peakBytes.accumulateAndGet(b, Math::max);
        }
        Reader p = paused;
        if (p != from && (p != null || f >= maxFrames || b >= maxBytes)) {
            reevaluate(from);
        }
    }

    /**
     * Runs {@code dispatch} on the serial executor (the caller's thread, which must be that executor's) for a batch
     * counted by {@link #arrived}: the callback tasks it queues through {@link #callbacks} are collected and handed to
     * the callback executor as one task, and the batch is uncounted once that task has run (or at once if none was
     * queued).
     */
    void dispatch(int messages, long frameBytes, Runnable dispatch) {
        Batch b = beginDispatch(messages, frameBytes);
        try {
            dispatch.run();
        } finally {
            endDispatch(b);
        }
    }

    /** {@link #dispatch} in two halves, for a caller that dispatches inline: call {@link #endDispatch} in a finally. */
    Batch beginDispatch(int messages, long frameBytes) {
        Batch b = new Batch(Math.max(0, frameBytes), messages, current);
        current = b;
        SerialExecutor c = collecting;
        if (c != null && b.outer == null) {
            c.beginCollect(); // every task queued on the callback executor meanwhile, through any view of it
        }
        return b;
    }

    /** Ends the dispatch {@link #beginDispatch} began. Serial executor only. */
    void endDispatch(Batch b) {
        current = b.outer;
        SerialExecutor c = collecting;
        if (c != null && b.outer == null) {
            for (Runnable task : c.endCollect()) {
                b.add(task, c);
            }
        }
        b.close();
    }

    /** Uncounts {@code messages} messages of {@code frameBytes} bytes in all. Any thread. */
    void release(int messages, long frameBytes) {
        int f = frames.addAndGet(-messages);
        long b = bytes.addAndGet(-Math.max(0, frameBytes));
        if (paused != null && f < lowFrames && b < lowBytes) {
            reevaluate(null);
        }
    }

    /**
     * Moves between reading and paused until the state matches the counters. The loop re-reads the counters after a
     * change, so a release that raced with a pause (and saw no transport paused yet) cannot leave reading paused.
     */
    private synchronized void reevaluate(@Nullable Reader arriving) {
        while (true) {
            int f = frames.get();
            long b = bytes.get();
            Reader p = paused;
            if (p == null) {
                if (arriving == null || (f < maxFrames && b < maxBytes) || waiters.get() > 0) {
                    return;
                }
                paused = arriving;
                pauses.incrementAndGet();
                arriving.pauseReading(true);
                listener.readingPaused(true);
            } else if ((f < lowFrames && b < lowBytes) || waiters.get() > 0) {
                paused = null;
                p.pauseReading(false);
                listener.readingPaused(false);
            } else if (arriving != null && arriving != p) {
                // A new transport while paused: it inherits the pause. The old one is released, so that a stale
                // transport still delivering (e.g. reading its close frame) cannot take the pause over and leave the
                // current one paused for good; if it delivers again while over the bound, it is paused again.
                paused = arriving;
                arriving.pauseReading(true);
                p.pauseReading(false);
                return;
            } else {
                return;
            }
        }
    }

    /**
     * An executor over {@code callbacks} that collects each task queued while a batch is dispatched into that batch's
     * one callback task, so the batch stays counted until its listeners have run. Tasks queued at other times (from
     * user threads, timers) pass through uncounted. {@code callbacks} must run tasks in the order they are queued.
     */
    OrderedExecutor callbacks(Executor callbacks) {
        if (callbacks instanceof SerialExecutor s) {
            collecting = s;
        }
        return new CountingCallbacks(callbacks);
    }

    /**
     * The client's callback executor when it is a {@link SerialExecutor} (always, in a client): a dispatch collects
     * there, so that tasks queued on it directly (e.g. completions of auth futures) keep their order with the tasks
     * queued through {@link #callbacks}. Set before the first dispatch; serial executor only after that.
     */
    private @Nullable SerialExecutor collecting;

    /**
     * One dispatched batch: its size, and the callback tasks its dispatch queued (the first in a field, so that the
     * common batch of one message with one listener task allocates no list). Filled on the serial executor, then run
     * once on the callback executor.
     */
    final class Batch implements Runnable {
        private final long size;
        private final int messages;
        private final @Nullable Batch outer;
        private @Nullable Runnable first;
        private @Nullable ArrayList<Runnable> more;
        private @Nullable Executor target;

        Batch(long size, int messages, @Nullable Batch outer) {
            this.size = size;
            this.messages = messages;
            this.outer = outer;
        }

        void add(Runnable task, Executor to) {
            if (first == null) {
                first = task;
                target = to;
            } else if (to != target) { // another callback executor (not the case in a client): not collected
                to.execute(task);
            } else {
                ArrayList<Runnable> m = more;
                if (m == null) {
                    m = new ArrayList<>(4);
                    more = m;
                }
                m.add(task);
            }
        }

        /** The dispatch is over: hands the collected tasks over as one, or uncounts the batch if there are none. */
        void close() {
            Executor to = target;
            if (to == null) {
                release(messages, size);
                return;
            }
            try {
                to.execute(this);
            } catch (RuntimeException e) { // rejected: the tasks will never run
                release(messages, size);
                throw e;
            }
        }

        @Override
        public void run() {
            Runnable f = first;
            List<Runnable> m = more != null ? more : List.of();
            int n = m.size();
            int next = 0; // index in more of the next task to run
            try {
                if (f != null) {
                    runIsolated(f);
                }
                while (next < n) {
                    Runnable task = m.get(next++);
                    runIsolated(task);
                }
            } catch (Error e) { // keep the tasks behind it: queue them on their own, then let the thread see it
                Executor to = target;
                if (to != null) {
                    while (next < n) {
                        to.execute(m.get(next++));
                    }
                }
                throw e;
            } finally {
                release(messages, size);
            }
        }

        private void runIsolated(Runnable task) {
            try {
                task.run();
            } catch (RuntimeException e) { // one failing callback must not stop the others of the batch
                log.error("Unexpected exception in a callback", e);
            }
        }
    }

    /** See {@link #callbacks}. */
    private final class CountingCallbacks implements OrderedExecutor {
        private final Executor callbacks;

        CountingCallbacks(Executor callbacks) {
            this.callbacks = callbacks;
        }

        @Override
        public void execute(Runnable task) {
            Batch b = serial.inExecutor() ? current : null;
            if (b == null || callbacks == collecting) { // the latter collects it itself while a batch is dispatched
                callbacks.execute(task);
            } else {
                b.add(task, callbacks);
            }
        }

        @Override
        public boolean inExecutor() {
            return callbacks instanceof OrderedExecutor o && o.inExecutor();
        }

        @Override
        public boolean holdsSettlingThread() {
            return inExecutor() && serial.inExecutor();
        }

        @Override
        public void blockingWait(boolean waiting) {
            if (waiting) {
                waiters.incrementAndGet();
                if (paused != null) {
                    reevaluate(null); // resume: the reply the listener waits for may be behind the pause
                }
            } else {
                waiters.decrementAndGet(); // the next arrival over the bound pauses reading again
            }
        }
    }

    /** Messages counted now. Any thread. */
    public int frames() {
        return frames.get();
    }

    /** Bytes of frames counted now. Any thread. */
    public long bytes() {
        return bytes.get();
    }

    /** The most messages counted at once since the client was created (for tests and diagnostics). */
    public int peakFrames() {
        return peakFrames.get();
    }

    /** The most bytes counted at once since the client was created (for tests and diagnostics). */
    public long peakBytes() {
        return peakBytes.get();
    }

    /** Whether a transport is paused now. */
    public boolean readingPaused() {
        return paused != null;
    }

    /** How many times reading was paused since the client was created. */
    public long pauses() {
        return pauses.get();
    }

    /** The high watermark in messages. */
    public int maxFrames() {
        return maxFrames;
    }

    /** The high watermark in bytes. */
    public long maxBytes() {
        return maxBytes;
    }
}
