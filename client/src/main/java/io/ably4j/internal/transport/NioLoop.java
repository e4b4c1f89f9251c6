package io.ably4j.internal.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The one selector thread ({@code ably4j-nio}, a daemon started on first use) that performs the I/O of every {@link
 * NioWebSocketTransport} in the process, and the buffers it does that I/O with.
 *
 * <p>Other threads hand work to the loop with {@link #execute}. Wakeups are coalesced: {@link Selector#wakeup()} is
 * called only by the first task submitted after the loop last decided to block, so a burst of sends from many threads
 * costs one wakeup per selector cycle, not one per message; tasks submitted while the loop is busy just wait in the
 * queue, which the loop drains before it selects again.
 *
 * <p>Each turn runs only the tasks submitted before the turn began; tasks submitted meanwhile (such as the next flush
 * of a connection whose sender never stops) wait for the next turn, after the loop has polled the sockets, so neither
 * a busy connection nor a task that keeps resubmitting itself can starve the I/O of the others.
 *
 * <p>The read, write and TLS buffers belong to the loop and are lent to one connection at a time (only this thread
 * uses them): connections keep no I/O buffers of their own between events, only the bytes of an unfinished frame or TLS
 * record, or output the socket could not take yet.
 */
final class NioLoop {
    private static final System.Logger LOG = System.getLogger("io.ably4j");
    /** Plaintext output batch; at most one TLS record's worth of plaintext (16 KiB) times two. */
    private static final int PLAIN_OUT = 32 * 1024;
    /** Socket read size (plain connections). */
    private static final int READ = 64 * 1024;

    /** Called on the loop thread when a registered channel is ready. */
    interface Handler {
        void ready(int readyOps);
    }

    private static final class Holder {
        static final NioLoop LOOP = start();
    }

    private final Selector selector;
    /** The thread running the loop; replaced only by {@link InlineDelivery}'s takeover. */
    private volatile Thread owner;

    private final InlineDelivery inline;
    /** A former loop thread, parked, that the next takeover makes the owner again (no thread started then). */
    private @Nullable Thread spare;

    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** True while the loop is awake (or a wakeup was requested): submitters need not wake it. */
    private final AtomicBoolean awake = new AtomicBoolean(true);
    /** Tasks submitted and not yet run (counted after they are queued, so it never exceeds the queue's length). */
    private final AtomicInteger pending = new AtomicInteger();

    private final AtomicLong wakeups = new AtomicLong();

    // Loop-thread state from here on.
    /** The socket reads into this (direct: the JDK would otherwise read through a temporary direct buffer). */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ);
    /**
     * What a read brought, copied in one bulk copy so that frames are decoded where they lie in its array (no copy
     * per frame). The loop's own, not the JDK's per-thread temporary buffer, so a setting such as {@code
     * jdk.nio.maxCachedBufferSize} does not turn each read into a direct allocation.
     */
    private final ByteBuffer readArray = ByteBuffer.allocate(READ);

    private final ByteBuffer plainOut = ByteBuffer.allocate(PLAIN_OUT);
    private ByteBuffer netIn = ByteBuffer.allocateDirect(0);
    private ByteBuffer netOut = ByteBuffer.allocateDirect(0);
    private ByteBuffer appIn = ByteBuffer.allocate(0);
    private final SecureRandom random = maskRandom();
    private final byte[] randomBytes = new byte[256];
    private int randomPos = randomBytes.length;

    /** {@link #selected}, allocated once. */
    private final java.util.function.Consumer<SelectionKey> onSelected;

    private NioLoop(Selector selector) {
        this.selector = selector;
        this.onSelected = this::selected;
        this.owner = newThread();
        this.inline = InlineDelivery.create(this);
    }

    private Thread newThread() {
        Thread t = new Thread(this::run, "ably4j-nio");
        t.setDaemon(true);
        return t;
    }

    /** The process-wide loop, started on first use. */
    static NioLoop get() {
        return Holder.LOOP;
    }

    private static NioLoop start() {
        try {
            NioLoop loop = new NioLoop(Selector.open());
            loop.owner.start();
            io.ably4j.internal.util.CallbackPool.register(loop.inline);
            return loop;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    private static SecureRandom maskRandom() {
        try {
            return SecureRandom.getInstance("DRBG"); // no global lock, unlike NativePRNG
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** Runs {@code task} on the loop thread, after the tasks submitted before it. Any thread. */
    void execute(Runnable task) {
        tasks.add(task);
        pending.incrementAndGet();
        if (!awake.getAndSet(true)) {
            wakeups.incrementAndGet();
            selector.wakeup();
        }
    }

    /** The number of {@link Selector#wakeup()} calls so far (for tests of the coalescing). */
    long wakeups() {
        return wakeups.get();
    }

    /**
     * Whether the calling thread is the loop thread, between callbacks: while the loop runs callbacks ({@link
     * InlineDelivery}) it is not, so that what they do to a connection is queued as a loop task.
     */
    boolean inLoop() {
        return Thread.currentThread() == owner && !inline.runningHere();
    }

    /** Whether {@code t} runs the loop now (callbacks included). */
    boolean isOwner(Thread t) {
        return owner == t;
    }

    /**
     * Starts a new loop thread in place of {@code old}, which is running a callback and so holds none of the loop's
     * state; {@code old} ends once its callbacks are done. Called by {@link InlineDelivery} under its lock.
     */
    synchronized void replaceOwner(Thread old) {
        if (owner != old) {
            return;
        }
        Thread s = spare;
        if (s != null) {
            spare = null;
            owner = s;
            LockSupport.unpark(s);
        } else {
            Thread t = newThread();
            owner = t;
            try {
                t.start();
            } catch (RuntimeException | Error e) { // no thread: the old one keeps the loop when its callback returns
                owner = old;
                throw e;
            }
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "ably4j-nio: a callback run on the I/O loop took long or blocked; another thread took over the loop");
    }

    /** Keeps {@code self}, a former loop thread, as the spare for the next takeover, unless there is one already. */
    private synchronized boolean becomeSpare(Thread self) {
        if (spare != null || owner == self) {
            return owner == self;
        }
        spare = self;
        return true;
    }

    /** The inline delivery of callbacks (for tests). */
    InlineDelivery inline() {
        return inline;
    }

    /** Registers {@code channel}; loop thread only. */
    SelectionKey register(SocketChannel channel, int ops, Handler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /** The socket read buffer (direct), cleared. Loop thread only; valid until the current event returns. */
    ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    /**
     * The remaining bytes of {@code read} (the flipped {@link #readBuffer()}) in the loop's heap buffer, ready to read;
     * {@code read} is left empty. Loop thread only; valid until the current event returns.
     */
    ByteBuffer onHeap(ByteBuffer read) {
        return readArray.clear().put(read).flip();
    }

    /** The plaintext output buffer (heap), cleared. */
    ByteBuffer plainOut() {
        return plainOut.clear();
    }

    /** The encrypted input buffer (direct), cleared, holding at least {@code minimum} bytes. */
    ByteBuffer netIn(int minimum) {
        if (netIn.capacity() < minimum) {
            netIn = ByteBuffer.allocateDirect(Math.max(minimum, READ));
        }
        return netIn.clear();
    }

    /** The encrypted output buffer (direct), cleared, holding at least {@code minimum} bytes. */
    ByteBuffer netOut(int minimum) {
        if (netOut.capacity() < minimum) {
            netOut = ByteBuffer.allocateDirect(minimum);
        }
        return netOut.clear();
    }

    /** The decrypted input buffer (heap), cleared, holding at least {@code minimum} bytes. */
    ByteBuffer appIn(int minimum) {
        if (appIn.capacity() < minimum) {
            appIn = ByteBuffer.allocate(minimum);
        }
        return appIn.clear();
    }

    /** A frame mask key from a cryptographically strong source (RFC 6455 section 5.3). Loop thread only. */
    int nextMask() {
        if (randomPos == randomBytes.length) {
            random.nextBytes(randomBytes);
            randomPos = 0;
        }
        int m = ((randomBytes[randomPos] & 0xff) << 24)
                | ((randomBytes[randomPos + 1] & 0xff) << 16)
                | ((randomBytes[randomPos + 2] & 0xff) << 8)
                | (randomBytes[randomPos + 3] & 0xff);
        randomPos += 4;
        return m;
    }

    private void run() {
        Thread self = Thread.currentThread();
        while (true) {
            serve(self);
            // A takeover gave the loop to another thread while this one ran a callback: wait as the spare, or end.
            if (!becomeSpare(self)) {
                return;
            }
            self.setName("ably4j-nio-spare");
            while (owner != self) {
                LockSupport.park(this);
            }
            self.setName("ably4j-nio");
        }
    }

    /** Runs the loop while {@code self} owns it. */
    private void serve(Thread self) {
        while (owner == self) {
            turn(self);
        }
    }

    /**
     * One turn of the loop: tasks, one selection, the callbacks kept for after it. A method of its own so that the JIT
     * compiles it after a few thousand turns: a loop compiled only by on-stack replacement ran interpreted for tens of
     * thousands of turns (seconds at a few thousand messages a second).
     */
    private void turn(Thread self) {
        try {
            runTasks();
            awake.set(false);
            // The Consumer forms: no selected-key set, no iterator per turn.
            if (tasks.isEmpty() && !inline.hasDeferred()) {
                selector.select(onSelected);
            } else {
                selector.selectNow(onSelected);
            }
            awake.set(true);
            inline.runDeferred(self); // callbacks kept by the loop, after the sockets (may end this thread's turn)
        } catch (Throwable e) { // the loop serves every NIO connection of the process: it must outlive any failure
            LOG.log(System.Logger.Level.ERROR, "ably4j-nio loop error", e);
        }
    }

    /** Dispatches one selected key, awake (so that tasks the handler submits wake nothing). Loop thread. */
    private void selected(SelectionKey key) {
        awake.set(true);
        dispatch(key);
    }

    private static void dispatch(SelectionKey key) {
        try {
            if (key.isValid()) {
                ((Handler) key.attachment()).ready(key.readyOps());
            }
        } catch (Throwable e) { // handlers report their own failures; this is a last resort that keeps the loop alive
            LOG.log(System.Logger.Level.ERROR, "ably4j-nio handler error", e);
        }
    }

    /** Runs the tasks submitted before this turn (see the class comment); later ones wait for the next turn. */
    private void runTasks() {
        int limit = pending.get();
        int ran = 0;
        Runnable task;
        while (ran < limit && (task = tasks.poll()) != null) {
            ran++;
            try {
                task.run();
            } catch (Throwable e) { // see run()
                LOG.log(System.Logger.Level.ERROR, "ably4j-nio task error", e);
            }
        }
        pending.addAndGet(-ran);
    }
}
