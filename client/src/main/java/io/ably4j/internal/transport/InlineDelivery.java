package io.ably4j.internal.transport;

import io.ably4j.internal.util.CallbackPool;
import io.ably4j.internal.util.Scheduler;
import io.ably4j.internal.util.SharedResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Lets the {@link NioLoop} thread run the default callback executor's tasks itself, between two turns of the loop,
 * when messages arrive so often that waking a callback thread for each read would cost more than the message (a
 * wake-up is about as much CPU as decoding and dispatching a small message several times over). A listener that runs
 * long or blocks still cannot hold the I/O: a watchdog gives the loop to a fresh thread.
 *
 * <ul>
 *   <li><b>When.</b> Off at first: callbacks go to the pool ({@code ably4j-callback}), one wake-up per read. Once the
 *       loop has handed over {@value #HOT_HANDOFFS} tasks within {@value #WINDOW_MS} ms, the loop keeps the tasks it
 *       submits and runs them after the sockets of the turn are served, in submission order (each client's callback
 *       executor is serial: whichever thread drains it, its callbacks keep their order). It stops when fewer than
 *       {@value #HOT_HANDOFFS} tasks came in the last {@value #WINDOW_MS} ms. Only tasks submitted <em>on the loop
 *       thread</em> to the default pool are kept; a user's own callback executor is never involved.
 *   <li><b>Watchdog.</b> While inline delivery is on, a check runs on the shared timer every {@value #TICK_MS} ms. If
 *       the callbacks of one turn have run for more than {@value #STUCK_MS} ms in all, another thread takes over the
 *       selector, the callbacks still waiting in that turn go to the pool, and the stuck thread finishes its current
 *       callback (and the rest of that client's queue, in order) as a plain callback thread; the I/O of every
 *       connection was delayed by about {@value #STUCK_MS} to {@value #STUCK_MS} + {@value #TICK_MS} ms. A thread
 *       that is about to block on a client future (a listener calling {@code publish(...).get()}) hands the loop over
 *       at once ({@link #beforeBlocking}). Waits that bypass the client's futures (a user's own locks or futures)
 *       rely on the watchdog.
 *   <li><b>After a takeover</b> inline delivery stays off for {@value #COOLDOWN_MS} ms, and only comes back if
 *       hand-offs come fast again. The old loop thread, once its callbacks are done, waits as the spare that the next
 *       takeover wakes, so a program whose listeners often block starts no thread per takeover, and at most two loop
 *       threads exist besides those still inside a blocked listener.
 *   <li><b>What the loop touches meanwhile.</b> Nothing of the loop's own state: {@link NioLoop#inLoop} is false while
 *       callbacks run, so whatever they do to a connection is queued as a loop task, and a takeover can only happen
 *       while a callback runs (under this object's lock).
 * </ul>
 */
final class InlineDelivery implements CallbackPool.InlineRunner {
    private static final System.Logger LOG = System.getLogger("io.ably4j");
    static final int HOT_HANDOFFS = 32;
    static final int WINDOW_MS = 100;
    static final int TICK_MS = 10;
    static final int STUCK_MS = 20;
    static final int COOLDOWN_MS = 1000;

    private static final long WINDOW = WINDOW_MS * 1_000_000L;
    private static final long STUCK = STUCK_MS * 1_000_000L;
    private static final long COOLDOWN = COOLDOWN_MS * 1_000_000L;
    private static final int TICKS_PER_WINDOW = WINDOW_MS / TICK_MS;

    private final NioLoop loop;
    private final Scheduler timer;
    private final Runnable tick = this::tick;

    // Loop-thread state (the current owner's; a takeover replaces the lists, under the lock, for the new owner).
    private ArrayList<Runnable> deferred = new ArrayList<>();
    private ArrayList<Runnable> emptyList = new ArrayList<>();
    private int handoffs;
    private long windowStart;
    /**
     * The thread running callbacks in {@link #runDeferred} now, or null. A thread compares it with itself, so a former
     * owner still inside a callback after a takeover never passes for the new owner, nor the new owner for it.
     */
    private volatile @Nullable Thread runningThread;

    // Shared with the watchdog and with threads about to block.
    private volatile boolean hot;
    /** After a takeover, inline delivery stays off until then ({@link System#nanoTime}); 0 if it never happened. */
    private volatile long offUntil;
    /** Tasks are waiting in {@link #deferred} (the watchdog keeps watching until they have run). */
    private volatile boolean pending;
    /** When the callback running now began (never 0 while one runs), or 0; written under this object's lock. */
    private long runningSince;
    /** The thread running that callback; written under the lock. */
    private @Nullable Thread runner;
    /** The batch {@link #runDeferred} runs, and the index of its next task; under the lock. */
    private @Nullable ArrayList<Runnable> current;

    private int next;
    /** Set by {@link #forceHot} (tests): inline delivery stays on whatever the rate, until a takeover. */
    private volatile boolean forced;

    private final AtomicLong offers = new AtomicLong();
    private final AtomicBoolean watching = new AtomicBoolean();
    private final AtomicLong takeovers = new AtomicLong();

    // Watchdog state (timer thread only).
    private int ticks;
    private long offersAtWindowStart;

    InlineDelivery(NioLoop loop, Scheduler timer) {
        this.loop = loop;
        this.timer = timer;
    }

    static InlineDelivery create(NioLoop loop) {
        return new InlineDelivery(loop, SharedResources.scheduler());
    }

    /** Whether the calling thread is running callbacks kept by the loop ({@link #runDeferred}) now. Any thread. */
    boolean runningHere() {
        return runningThread == Thread.currentThread();
    }

    /** Whether tasks wait to be run by {@link #runDeferred}. Loop thread. */
    boolean hasDeferred() {
        return !deferred.isEmpty();
    }

    /** How many times a new loop thread took over (for tests). */
    long takeovers() {
        return takeovers.get();
    }

    /** Forgets a takeover and the rate seen so far (for tests: the state is process-wide). Any thread. */
    void reset() {
        offUntil = 0;
        forced = false;
        hot = false;
    }

    /** Turns inline delivery on now, as a fast stream of hand-offs would (for tests). Any thread. */
    void forceHot() {
        offUntil = 0;
        forced = true;
        hot = true;
    }

    /** Whether callbacks are kept on the loop now (for tests). */
    boolean hot() {
        return hot;
    }

    @Override
    public boolean offer(Runnable task) {
        Thread self = Thread.currentThread();
        if (runningThread == self || !loop.isOwner(self)) {
            return false;
        }
        if (!hot) {
            countHandoff();
            return false;
        }
        deferred.add(task);
        offers.incrementAndGet();
        pending = true; // before reading watching: see tick()
        if (!watching.get() && watching.compareAndSet(false, true)) {
            timer.schedule(Duration.ofMillis(TICK_MS), tick);
        }
        return true;
    }

    /** Counts a hand-off to the pool; turns inline delivery on when they come fast. Loop thread. */
    private void countHandoff() {
        if (++handoffs < HOT_HANDOFFS) {
            return;
        }
        long now = System.nanoTime();
        long off = offUntil;
        if (now - windowStart <= WINDOW && (off == 0 || now - off >= 0)) {
            hot = true;
        }
        handoffs = 0;
        windowStart = now;
    }

    /**
     * Runs the tasks kept since the last call, in order; stops if a takeover made {@code self} a former loop thread
     * (the rest go to the pool). Loop thread, between turns, holding none of the loop's state.
     */
    void runDeferred(Thread self) {
        if (deferred.isEmpty()) {
            return;
        }
        ArrayList<Runnable> batch = deferred;
        deferred = emptyList;
        runningThread = self;
        long phaseStart = System.nanoTime() | 1; // never 0: the watchdog bounds the whole phase, not each task
        try {
            while (true) {
                Runnable task;
                synchronized (this) {
                    if (next >= batch.size()) {
                        break;
                    }
                    task = batch.get(next++);
                    current = batch;
                    runningSince = phaseStart;
                    runner = self;
                }
                try {
                    task.run();
                } catch (Throwable e) { // as a pool thread would: report it, go on with the next
                    Thread.UncaughtExceptionHandler h = self.getUncaughtExceptionHandler();
                    if (h != null) {
                        h.uncaughtException(self, e);
                    }
                }
                synchronized (this) {
                    if (runner == self) { // else a takeover cleared it (and another owner may have set it since)
                        runningSince = 0;
                        runner = null;
                    }
                    if (!loop.isOwner(self)) {
                        return; // taken over: the new owner has the loop, the pool has the rest of the batch
                    }
                }
            }
        } finally {
            synchronized (this) {
                if (loop.isOwner(self)) {
                    runningThread = null;
                    current = null;
                    next = 0;
                    batch.clear();
                    emptyList = batch;
                    pending = !deferred.isEmpty();
                }
            }
        }
    }

    @Override
    public void beforeBlocking() {
        Thread self = Thread.currentThread();
        if (loop.isOwner(self)) {
            takeover(self, 0); // a wait inside a callback run inline: hand the I/O over now
        }
    }

    /** The watchdog: on the shared timer thread, every {@value #TICK_MS} ms while inline delivery is on. */
    private void tick() {
        long now = System.nanoTime();
        Thread stuck;
        synchronized (this) {
            stuck = runningSince != 0 && now - runningSince > STUCK ? runner : null;
        }
        if (stuck != null) {
            try {
                takeover(stuck, STUCK);
            } catch (RuntimeException | Error e) { // e.g. no thread could be started: keep watching, try again
                LOG.log(System.Logger.Level.ERROR, "ably4j-nio: taking over a stuck loop failed", e);
            }
        }
        if (++ticks >= TICKS_PER_WINDOW) {
            long n = offers.get();
            if (n - offersAtWindowStart < HOT_HANDOFFS && !forced) {
                hot = false;
            }
            offersAtWindowStart = n;
            ticks = 0;
        }
        if (hot || pending || busy()) {
            timer.schedule(Duration.ofMillis(TICK_MS), tick);
            return;
        }
        watching.set(false); // before reading pending: an offer in between either sees this or is seen below
        if ((pending || busy()) && watching.compareAndSet(false, true)) {
            timer.schedule(Duration.ofMillis(TICK_MS), tick);
        }
    }

    private synchronized boolean busy() {
        return runningSince != 0;
    }

    /**
     * Gives the loop to a new thread if {@code thread} is running a callback inline (for at least {@code minNanos}
     * nanoseconds) and still owns the loop. From then on inline delivery is off. Any thread.
     */
    private void takeover(Thread thread, long minNanos) {
        ArrayList<Runnable> rest = new ArrayList<>();
        synchronized (this) {
            if (runner != thread || runningSince == 0 || System.nanoTime() - runningSince < minNanos) {
                return;
            }
            if (!loop.isOwner(thread)) {
                return;
            }
            offUntil = System.nanoTime() + COOLDOWN;
            hot = false;
            forced = false;
            pending = false; // nothing was kept meanwhile (offers are refused while callbacks run), and none will be
            runningSince = 0; // the stuck thread no longer runs callbacks of the loop: the watchdog forgets it
            runner = null;
            // The callbacks behind the stuck one (other clients' among them) must not wait for it: the pool runs them.
            ArrayList<Runnable> c = current;
            if (c != null) {
                while (next < c.size()) {
                    rest.add(c.get(next++));
                }
            }
            // The new owner starts clean; the old thread keeps its batch and touches these no more. runningThread
            // stays the old thread's until it returns: compared by identity, it does not concern the new owner.
            current = null;
            next = 0;
            deferred = new ArrayList<>();
            emptyList = new ArrayList<>();
            takeovers.incrementAndGet();
            loop.replaceOwner(thread);
        }
        for (Runnable task : rest) {
            SharedResources.callbacks().execute(task); // no longer on the loop: goes to the pool
        }
    }
}
