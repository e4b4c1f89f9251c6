package io.ably4j.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.LogLevel;
import io.ably4j.Subscription;
import io.ably4j.internal.util.Log;
import io.ably4j.testing.ManualExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** RTE3-RTE6a: the event emitter behind Connection#on/once. */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class EmitterTest {
    private final ManualExecutor callbacks = new ManualExecutor();
    private final List<String> logged = new ArrayList<>();
    private final Log log = new Log(LogLevel.ERROR, (l, m, t) -> logged.add(m), "");
    private final Emitter<String, String> emitter = new Emitter<>(callbacks, log);
    private final List<String> calls = new ArrayList<>();

    @Test
    void RTE3_onForAllOrOneEvent_andDuplicatesFireTwice() {
        Consumer<String> l = p -> calls.add("all:" + p);
        emitter.on(null, l, false);
        emitter.on(null, l, false);
        emitter.on("a", p -> calls.add("a:" + p), false);
        emitter.emit("a", "1");
        emitter.emit("b", "2");
        callbacks.drain();
        assertThat(calls).containsExactly("all:1", "all:1", "a:1", "all:2", "all:2");
    }

    @Test
    void RTE4_onceFiresOnlyOnce() {
        emitter.on(null, p -> calls.add("once-any:" + p), true);
        emitter.on("b", p -> calls.add("once-b:" + p), true);
        emitter.emit("a", "1");
        emitter.emit("b", "2");
        emitter.emit("b", "3");
        callbacks.drain();
        assertThat(calls).containsExactly("once-any:1", "once-b:2");
        assertThat(emitter.size()).isZero();
    }

    @Test
    void RTE5_closingTheSubscriptionRemovesTheListener_idempotently() {
        Subscription s = emitter.on(null, p -> calls.add(p), false);
        emitter.emit("a", "1");
        s.close();
        s.close();
        emitter.emit("a", "2");
        callbacks.drain();
        assertThat(calls).containsExactly("1"); // emitted before the close, so still delivered (RTE6a)
        assertThat(emitter.size()).isZero();
    }

    @Test
    void RTE6_listenerExceptionIsCaughtLoggedAndDoesNotStopOthers() {
        emitter.on(
                null,
                p -> {
                    throw new IllegalStateException("boom");
                },
                false);
        emitter.on(null, p -> calls.add(p), false);
        emitter.emit("a", "1");
        callbacks.drain();
        assertThat(calls).containsExactly("1");
        assertThat(logged).anyMatch(m -> m.contains("listener threw"));
    }

    @Test
    void RTE6a_listenerAddedDuringEmitIsNotCalledByThatEmit() {
        emitter.on(null, p -> emitter.on(null, q -> calls.add("late:" + q), false), true);
        emitter.emit("a", "1");
        callbacks.drain();
        assertThat(calls).isEmpty();
        emitter.emit("a", "2");
        callbacks.drain();
        assertThat(calls).containsExactly("late:2");
    }

    @Test
    void RTE6a_listenerRemovedByAnEarlierListenerIsStillCalledByThatEmit() {
        // The set of listeners is fixed when emit runs (on the state executor); invocations happen later.
        List<Subscription> subs = new ArrayList<>();
        emitter.on(
                null,
                p -> {
                    calls.add("first:" + p);
                    subs.forEach(Subscription::close);
                },
                false);
        subs.add(emitter.on(null, p -> calls.add("second:" + p), false));
        emitter.emit("a", "1");
        callbacks.drain();
        assertThat(calls).containsExactly("first:1", "second:1");
        emitter.emit("a", "2");
        callbacks.drain();
        assertThat(calls).containsExactly("first:1", "second:1", "first:2");
    }
}
