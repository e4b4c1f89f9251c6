package io.ably4j.internal.connection;

import io.ably4j.internal.util.OrderedExecutor;
import io.ably4j.internal.util.SerialExecutor;
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
 * <p><b>Policy.</b> When the backlog reaches {@link #MAX_FRAMES} messages or {@link #MAX_BYTES} bytes of frames (the
 * high watermark), the transport that delivered the message is asked to stop reading ({@link
 * io.ably4j.internal.transport.Transport#pauseReading}); TCP flow control then holds the rest at the server. Reading resumes once the backlog is
 * below half of both limits (the low watermark). Nothing is dropped or reordered. A transport reads no more after it is
 * paused, except what it had already read from the socket (at most one read: the JDK engine one frame, the NIO engine
 * 64 KiB), so the backlog can exceed the high watermark by that much. A transport opened while the backlog is above
 * the low watermark is paused after its first message (the CONNECTED), so a reconnection does not read past the
 * bound either. While reading is paused the connection's idle timer (RTN23a) is suspended ({@link PauseListener}). While a
 * listener is blocked waiting for a client future ({@code publish(...).get()} in a listener), reading is not paused:
 * the reply it waits for may be behind the pause, and the listener holds the thread that would drain the backlog; the
 * bound then does not hold until the wait ends.
 *
 * <p><b>Threading.</b> {@link #arrived} runs on transport I/O threads, releases on the serial and callback executors;
 * the counters are atomic, the watermark transitions are serialised by this object's lock and are made only when a
 * lock-free check says a watermark was crossed. The {@link PauseListener} is called under that lock, in order.
 */
public final class InboundBacklog {
    /** The high watermark in messages (protocol messages, i.e. frames). */
    public static final int MAX_FRAMES = 4096;

    /** The high watermark in bytes of frames. */
    public static final long MAX_BYTES = 4L << 20;

    /** What delivers messages and can stop reading: one transport ({@link ActiveTransport}). */
    interface Reader {
        /** Stops or resumes reading; any thread, never blocks (see {@link io.ably4j.internal.transport.Transport#pauseReading}). */
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
     * The message being dispatched on the serial executor, to which callback tasks queued meanwhile are attributed.
     * Only read and written on the serial executor ({@link #serial}).
     */
    private @Nullable Item current;

    private final SerialExecutor serial;

    InboundBacklog(SerialExecutor serial, PauseListener listener) {
        this(serial, MAX_FRAMES, MAX_BYTES, listener);
    }

    InboundBacklog(SerialExecutor serial, int maxFrames, long maxBytes, PauseListener listener) {
        if (maxFrames < 2 || maxBytes < 2) {
            throw new IllegalArgumentException("watermarks too small");
        }
        this.serial = serial;
        this.maxFrames = maxFrames;
        this.maxBytes = maxBytes;
        this.lowFrames = maxFrames / 2;
        this.lowBytes = maxBytes / 2;
        this.listener = listener;
    }

    /**
     * One counted message: held by its dispatch and by each callback task attributed to it; uncounted when the last
     * holder releases it.
     */
    final class Item {
        private final int size;
        private final AtomicInteger holders = new AtomicInteger(1);

        Item(int size) {
            this.size = size;
        }

        /** Runs {@code dispatch} with this message current (see {@link #callbacks}), then releases the dispatch hold. */
        void dispatch(Runnable dispatch) {
            current = this;
            try {
                dispatch.run();
            } finally {
                current = null;
                release();
            }
        }

        void retain() {
            holders.incrementAndGet();
        }

        void release() {
            if (holders.decrementAndGet() == 0) {
                released(size);
            }
        }
    }

    /**
     * A message of {@code frameBytes} arrived on {@code from} (any thread; before it is handed to the serial executor).
     * Pauses {@code from} if the backlog is now at the high watermark, or if another transport is paused (a new
     * transport inherits the pause after its first message).
     */
    Item arrived(Reader from, int frameBytes) {
        int size = Math.max(0, frameBytes);
        int f = frames.incrementAndGet();
        long b = bytes.addAndGet(size);
        if (f > peakFrames.get()) {
            peakFrames.accumulateAndGet(f, Math::max);
        }
        if (b > peakBytes.get()) {
            peakBytes.accumulateAndGet(b, Math::max);
        }
        Reader p = paused;
        if (p != from && (p != null || f >= maxFrames || b >= maxBytes)) {
            reevaluate(from);
        }
        return new Item(size);
    }

    private void released(int size) {
        int f = frames.decrementAndGet();
        long b = bytes.addAndGet(-size);
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
                // transport
                // still delivering (e.g. reading its close frame) cannot take the pause over and leave the current one
                // paused for good; if it delivers again while over the bound, it is paused again.
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
     * An executor over {@code callbacks} that attributes each task queued while a message is dispatched to that
     * message, so the message stays counted until its listeners have run. Tasks queued at other times (from user
     * threads, timers) pass through uncounted.
     */
    OrderedExecutor callbacks(Executor callbacks) {
        return new CountingCallbacks(callbacks);
    }

    /** See {@link #callbacks}. */
    private final class CountingCallbacks implements OrderedExecutor {
        private final Executor callbacks;

        CountingCallbacks(Executor callbacks) {
            this.callbacks = callbacks;
        }

        @Override
        public void execute(Runnable task) {
            Item item = serial.inExecutor() ? current : null;
            if (item == null) {
                callbacks.execute(task);
                return;
            }
            item.retain();
            callbacks.execute(() -> {
                try {
                    task.run();
                } finally {
                    item.release();
                }
            });
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
