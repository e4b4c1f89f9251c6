package io.ably4j.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.LogLevel;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.SerialExecutor;
import io.ably4j.testing.ManualExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * Per-read batching in {@link InboundBacklog}: what one read delivered is dispatched as one serial task and its
 * callbacks run as one callback task, in order, each isolated, with the backlog counting every message of the batch.
 */
class InboundBatchingTest {
    private static final Log LOG = new Log(LogLevel.NONE, null, "test");

    private final ManualExecutor pool = new ManualExecutor();
    private final SerialExecutor serial = new SerialExecutor(pool, LOG);
    private final ManualExecutor userCallbacks = new ManualExecutor();
    private final InboundBacklogTest.FakeReader reader = new InboundBacklogTest.FakeReader();
    private final List<Boolean> idle = new CopyOnWriteArrayList<>();

    private InboundBacklog backlog(int maxFrames, long maxBytes) {
        return new InboundBacklog(serial, maxFrames, maxBytes, idle::add, LOG);
    }

    @Test
    void theCallbacksOfAllMessagesOfOneReadRunAsOneTaskInOrder() {
        InboundBacklog backlog = backlog(100, 1 << 20);
        Executor callbacks = backlog.callbacks(userCallbacks);
        List<String> ran = new ArrayList<>();
        backlog.arrived(reader, 3, 300);
        serial.execute(() -> backlog.dispatch(3, 300, () -> {
            for (int m = 1; m <= 3; m++) {
                int msg = m;
                callbacks.execute(() -> ran.add("m" + msg + " listener a"));
                callbacks.execute(() -> ran.add("m" + msg + " listener b"));
            }
        }));
        pool.drain();
        assertThat(ran).isEmpty();
        assertThat(backlog.frames()).isEqualTo(3);

        assertThat(userCallbacks.drain()).isEqualTo(1); // one callback task for the whole read
        assertThat(ran)
                .containsExactly(
                        "m1 listener a",
                        "m1 listener b",
                        "m2 listener a",
                        "m2 listener b",
                        "m3 listener a",
                        "m3 listener b");
        assertThat(backlog.frames()).isZero();
        assertThat(backlog.bytes()).isZero();
    }

    @Test
    void aThrowingCallbackDoesNotStopTheOthersOfItsBatch() {
        InboundBacklog backlog = backlog(100, 1 << 20);
        Executor callbacks = backlog.callbacks(userCallbacks);
        List<String> ran = new ArrayList<>();
        backlog.arrived(reader, 2, 200);
        serial.execute(() -> backlog.dispatch(2, 200, () -> {
            callbacks.execute(() -> ran.add("first"));
            callbacks.execute(() -> {
                throw new IllegalStateException("listener bug");
            });
            callbacks.execute(() -> ran.add("after the throw"));
        }));
        pool.drain();
        userCallbacks.drain();
        assertThat(ran).containsExactly("first", "after the throw");
        assertThat(backlog.frames()).isZero();
    }

    @Test
    void anErrorInACallbackRequeuesTheRestOfItsBatchAndReleasesIt() {
        InboundBacklog backlog = backlog(100, 1 << 20);
        Executor callbacks = backlog.callbacks(userCallbacks);
        List<String> ran = new ArrayList<>();
        backlog.arrived(reader, 1, 100);
        serial.execute(() -> backlog.dispatch(1, 100, () -> {
            callbacks.execute(() -> {
                throw new AssertionError("fatal");
            });
            callbacks.execute(() -> ran.add("behind the error"));
        }));
        pool.drain();
        try {
            userCallbacks.drain();
        } catch (AssertionError expected) {
            // rethrown to the thread, as the callback executor would see it
        }
        assertThat(backlog.frames()).isZero();
        userCallbacks.drain();
        assertThat(ran).containsExactly("behind the error");
    }

    @Test
    void aBatchThatQueuedNoCallbackIsUncountedAtTheEndOfItsDispatch() {
        InboundBacklog backlog = backlog(100, 1 << 20);
        backlog.callbacks(userCallbacks);
        backlog.arrived(reader, 4, 400);
        assertThat(backlog.frames()).isEqualTo(4);
        assertThat(backlog.bytes()).isEqualTo(400);
        serial.execute(() -> backlog.dispatch(4, 400, () -> {}));
        pool.drain();
        assertThat(backlog.frames()).isZero();
        assertThat(backlog.bytes()).isZero();
        assertThat(userCallbacks.isIdle()).isTrue();
    }

    @Test
    void callbacksQueuedOutsideADispatchPassThroughUncounted() {
        InboundBacklog backlog = backlog(100, 1 << 20);
        Executor callbacks = backlog.callbacks(userCallbacks);
        List<String> ran = new ArrayList<>();
        callbacks.execute(() -> ran.add("from a user thread"));
        serial.execute(() -> callbacks.execute(() -> ran.add("from a timer")));
        pool.drain();
        assertThat(userCallbacks.drain()).isEqualTo(2);
        assertThat(ran).containsExactly("from a user thread", "from a timer");
        assertThat(backlog.frames()).isZero();
    }

    @Test
    void batchesCountEveryMessage_andPauseAndResumeStayBounded() {
        InboundBacklog backlog = backlog(10, 1 << 20);
        Executor callbacks = backlog.callbacks(userCallbacks);
        backlog.arrived(reader, 6, 600);
        assertThat(reader.calls).isEmpty();
        backlog.arrived(reader, 6, 600); // 12 messages: over the high watermark (10) by part of one read
        assertThat(reader.calls).containsExactly(true);
        assertThat(backlog.frames()).isEqualTo(12);
        assertThat(backlog.peakFrames()).isEqualTo(12);
        assertThat(idle).containsExactly(true);

        serial.execute(() -> backlog.dispatch(6, 600, () -> callbacks.execute(() -> {})));
        pool.drain();
        assertThat(backlog.frames()).isEqualTo(12); // dispatched, listeners not run: still counted
        userCallbacks.drain();
        assertThat(backlog.frames()).isEqualTo(6); // not below the low watermark (5)
        assertThat(reader.calls).containsExactly(true);

        serial.execute(() -> backlog.dispatch(6, 600, () -> callbacks.execute(() -> {})));
        pool.drain();
        userCallbacks.drain();
        assertThat(backlog.frames()).isZero();
        assertThat(backlog.bytes()).isZero();
        assertThat(reader.calls).containsExactly(true, false);
        assertThat(idle).containsExactly(true, false);
        assertThat(backlog.pauses()).isEqualTo(1);
    }

    @Test
    void tasksQueuedStraightOnTheCallbackExecutorDuringADispatchKeepTheirPlace() {
        ManualExecutor callbackPool = new ManualExecutor();
        SerialExecutor clientCallbacks = new SerialExecutor(callbackPool, LOG);
        InboundBacklog backlog = backlog(100, 1 << 20);
        Executor counted = backlog.callbacks(clientCallbacks);
        List<String> ran = new ArrayList<>();
        backlog.arrived(reader, 2, 200);
        serial.execute(() -> backlog.dispatch(2, 200, () -> {
            counted.execute(() -> ran.add("connection UPDATE event"));
            clientCallbacks.execute(() -> ran.add("authorize() future")); // e.g. the auth manager's own completions
            counted.execute(() -> ran.add("listener of message 2"));
        }));
        pool.drain();
        assertThat(ran).isEmpty();
        assertThat(backlog.frames()).isEqualTo(2);

        callbackPool.drain();
        assertThat(ran).containsExactly("connection UPDATE event", "authorize() future", "listener of message 2");
        assertThat(backlog.frames()).isZero();

        clientCallbacks.execute(() -> ran.add("after the dispatch")); // collection ended with it
        callbackPool.drain();
        assertThat(ran).endsWith("after the dispatch");
    }
}
