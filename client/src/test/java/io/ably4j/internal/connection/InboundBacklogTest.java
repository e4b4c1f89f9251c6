package io.ably4j.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.LogLevel;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.SerialExecutor;
import io.ably4j.testing.ManualExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The watermark logic of {@link InboundBacklog}, against fake readers that record what they are told. */
class InboundBacklogTest {
    /** A transport stand-in: records its pause and resume calls. */
    static final class FakeReader implements InboundBacklog.Reader {
        final List<Boolean> calls = new CopyOnWriteArrayList<>();

        @Override
        public void pauseReading(boolean paused) {
            calls.add(paused);
        }
    }

    private static final Log LOG = new Log(LogLevel.NONE, null, "test");

    private final ManualExecutor pool = new ManualExecutor();
    private final SerialExecutor serial = new SerialExecutor(pool, new Log(LogLevel.NONE, null, "test"));
    private final List<Boolean> idle = new CopyOnWriteArrayList<>();
    private final FakeReader a = new FakeReader();
    private final FakeReader b = new FakeReader();

    private InboundBacklog backlog(int maxFrames, long maxBytes) {
        return new InboundBacklog(serial, maxFrames, maxBytes, idle::add, LOG);
    }

    /** {@code n} messages of {@code size} bytes arriving one read each. */
    private static void arrive(InboundBacklog backlog, InboundBacklog.Reader from, int n, int size) {
        for (int i = 0; i < n; i++) {
            backlog.arrived(from, 1, size);
        }
    }

    @Test
    void defaultsAreAFewThousandMessagesAndAFewMebibytes() {
        InboundBacklog backlog = new InboundBacklog(serial, idle::add, LOG);
        assertThat(backlog.maxFrames()).isEqualTo(InboundBacklog.MAX_FRAMES).isBetween(1000, 10_000);
        assertThat(backlog.maxBytes()).isEqualTo(InboundBacklog.MAX_BYTES).isBetween(1L << 20, 16L << 20);
    }

    @Test
    void pausesOnceAtTheHighWatermarkInMessages() {
        InboundBacklog backlog = backlog(10, 1 << 20);
        arrive(backlog, a, 9, 100);
        assertThat(a.calls).isEmpty();
        assertThat(backlog.readingPaused()).isFalse();

        arrive(backlog, a, 1, 100);
        assertThat(a.calls).containsExactly(true);
        assertThat(idle).containsExactly(true);
        assertThat(backlog.readingPaused()).isTrue();

        arrive(backlog, a, 3, 100); // what the transport had already read: counted, no second pause
        assertThat(a.calls).containsExactly(true);
        assertThat(backlog.frames()).isEqualTo(13);
        assertThat(backlog.peakFrames()).isEqualTo(13);
        assertThat(backlog.pauses()).isEqualTo(1);
    }

    @Test
    void RTL6_aListenerBlockedOnAFutureLiftsThePause_untilItsWaitEnds() {
        InboundBacklog backlog = backlog(10, 1 << 20);
        Executor callbacks = backlog.callbacks(new SerialExecutor(pool, new Log(LogLevel.NONE, null, "cb")));
        io.ably4j.internal.util.OrderedExecutor ordered = (io.ably4j.internal.util.OrderedExecutor) callbacks;
        arrive(backlog, a, 10, 100);
        assertThat(a.calls).containsExactly(true);

        ordered.blockingWait(true); // publish(...).get() in a listener: the ACK may be behind the pause
        assertThat(a.calls).containsExactly(true, false);
        assertThat(backlog.readingPaused()).isFalse();
        arrive(backlog, a, 5, 100); // still over the bound, but the waiter keeps reading on
        assertThat(a.calls).containsExactly(true, false);

        ordered.blockingWait(false);
        arrive(backlog, a, 1, 100); // the next arrival over the bound pauses again
        assertThat(a.calls).containsExactly(true, false, true);
    }

    @Test
    void aStaleTransportDeliveringAfterTheNewOneCannotLeaveTheNewOnePaused() {
        InboundBacklog backlog = backlog(10, 1 << 20);
        arrive(backlog, a, 10, 100); // a paused
        arrive(backlog, b, 1, 100); // new transport b inherits the pause; a is released
        assertThat(b.calls).containsExactly(true);
        arrive(backlog, a, 1, 100); // the stale a still delivers (its close frame): it takes the pause back
        assertThat(b.calls).containsExactly(true, false);
        assertThat(backlog.readingPaused()).isTrue();
    }

    @Test
    void pausesAtTheHighWatermarkInBytes() {
        InboundBacklog backlog = backlog(1000, 10_000);
        arrive(backlog, a, 2, 4_999);
        assertThat(a.calls).isEmpty();
        arrive(backlog, a, 1, 2);
        assertThat(a.calls).containsExactly(true);
        assertThat(backlog.bytes()).isEqualTo(10_000);
    }

    @Test
    void resumesOnlyBelowTheLowWatermark() {
        InboundBacklog backlog = backlog(10, 1 << 20);
        arrive(backlog, a, 10, 100);
        backlog.release(5, 500); // 5 left: not below the low watermark (5)
        assertThat(a.calls).containsExactly(true);
        backlog.release(1, 100); // 4 left
        assertThat(a.calls).containsExactly(true, false);
        assertThat(idle).containsExactly(true, false);
        assertThat(backlog.readingPaused()).isFalse();

        arrive(backlog, a, 5, 100); // 9: reading until the high watermark again
        assertThat(a.calls).containsExactly(true, false);
        arrive(backlog, a, 1, 100);
        assertThat(a.calls).containsExactly(true, false, true);
    }

    @Test
    void resumeNeedsBothCountsBelowTheLowWatermark() {
        InboundBacklog backlog = backlog(10, 1000);
        backlog.arrived(a, 1, 1000); // the byte bound pauses
        arrive(backlog, a, 3, 0);
        assertThat(a.calls).containsExactly(true);
        backlog.release(3, 0); // one message left, but 1000 bytes
        assertThat(a.calls).containsExactly(true);
        backlog.release(1, 1000);
        assertThat(a.calls).containsExactly(true, false);
        assertThat(backlog.frames()).isZero();
        assertThat(backlog.bytes()).isZero();
    }

    @Test
    void aNewTransportInheritsThePauseAfterItsFirstMessage() {
        InboundBacklog backlog = backlog(10, 1 << 20);
        arrive(backlog, a, 10, 100);
        assertThat(a.calls).containsExactly(true);

        backlog.arrived(b, 1, 100); // the reconnection's CONNECTED
        assertThat(b.calls).containsExactly(true);
        assertThat(idle).containsExactly(true); // still paused: no change for the idle timer
        backlog.release(1, 100);

        backlog.release(10, 1000);
        assertThat(b.calls).containsExactly(true, false); // the new transport resumes
        // the old one was released when the pause moved (a stale transport must not keep the pause; see
        // aStaleTransportDeliveringAfterTheNewOneCannotLeaveTheNewOnePaused), and is not told again
        assertThat(a.calls).containsExactly(true, false);
        assertThat(idle).containsExactly(true, false);
    }

    @Test
    void callbackTasksQueuedDuringDispatchKeepTheMessageCounted() {
        InboundBacklog backlog = backlog(10, 1 << 20);
        ManualExecutor userCallbacks = new ManualExecutor();
        Executor callbacks = backlog.callbacks(userCallbacks);
        List<String> ran = new ArrayList<>();

        backlog.arrived(a, 1, 100);
        serial.execute(() -> backlog.dispatch(1, 100, () -> {
            callbacks.execute(() -> ran.add("listener 1"));
            callbacks.execute(() -> ran.add("listener 2"));
        }));
        pool.drain();
        assertThat(backlog.frames()).isEqualTo(1); // dispatched, but its listeners have not run
        assertThat(backlog.bytes()).isEqualTo(100);

        callbacks.execute(() -> ran.add("unrelated")); // not during a dispatch: not attributed
        userCallbacks.drain();
        assertThat(ran).containsExactly("listener 1", "listener 2", "unrelated");
        assertThat(backlog.frames()).isZero();
        assertThat(backlog.bytes()).isZero();
    }

    @Test
    void aThrowingListenerStillReleasesItsMessage() {
        InboundBacklog backlog = backlog(10, 1 << 20);
        ManualExecutor userCallbacks = new ManualExecutor();
        Executor callbacks = backlog.callbacks(userCallbacks);
        backlog.arrived(a, 1, 100);
        serial.execute(() -> backlog.dispatch(
                1,
                100,
                () -> callbacks.execute(() -> {
                    throw new IllegalStateException("listener bug");
                })));
        pool.drain();
        userCallbacks.drain(); // the batch task isolates (logs) what a callback throws
        assertThat(backlog.frames()).isZero();
    }

    /** Arrivals on one thread, releases on another, crossing both watermarks many times: never left paused. */
    @Test
    void concurrentArrivalsAndReleasesNeverLeaveReadingPausedWhenDrained() throws Exception {
        for (int round = 0; round < 20; round++) {
            InboundBacklog backlog = backlog(8, 1 << 20);
            ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
            int total = 20_000;
            CountDownLatch done = new CountDownLatch(1);
            Thread releaser = new Thread(() -> {
                int released = 0;
                while (released < total) {
                    Integer i = queue.poll();
                    if (i != null) {
                        backlog.release(1, i);
                        released++;
                    } else {
                        Thread.onSpinWait();
                    }
                }
                done.countDown();
            });
            releaser.start();
            for (int i = 0; i < total; i++) {
                int size = ThreadLocalRandom.current().nextInt(10);
                backlog.arrived(a, 1, size);
                queue.add(size);
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
            releaser.join();
            assertThat(backlog.frames()).isZero();
            assertThat(backlog.readingPaused()).as("round %d", round).isFalse();
            assertThat(a.calls.isEmpty() || !a.calls.get(a.calls.size() - 1)).isTrue();
            a.calls.clear();
        }
    }
}
