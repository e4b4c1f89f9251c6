package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.AblyFuture;
import io.ably4j.ChannelEvent;
import io.ably4j.ChannelState;
import io.ably4j.ConnectionEvent;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 13 §0: a listener blocking on a future the library returned ({@code publish(...).get()}, the ably-java habit)
 * gets its result, although the listener holds the callback executor the future completes on; a wait that could never
 * end (a derived stage) fails fast. The test thread and a helper thread both drain the {@link
 * io.ably4j.testing.ManualExecutor}, as the client's worker and callback threads would: the listener blocks one of
 * them, the other processes the ACK meanwhile.
 */
@NullUnmarked
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regression would hang a listener for good
class BlockingInListenerTest extends ChannelTestSupport {
    private static final Duration LIMIT = Duration.ofSeconds(5);

    /** The three blocking waits of a future. */
    enum Wait {
        GET {
            @Override
            Object on(CompletableFuture<?> f) {
                try {
                    return f.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    return e; // the test expects a result: this fails it
                }
            }
        },
        JOIN {
            @Override
            Object on(CompletableFuture<?> f) {
                return f.join();
            }
        },
        AWAIT {
            @Override
            Object on(CompletableFuture<?> f) {
                return ((AblyFuture<?>) f).await(LIMIT);
            }
        };

        abstract Object on(CompletableFuture<?> f);
    }

    /**
     * Drains the executor on a helper thread and on the test thread until {@code done} counts down (or the limit
     * passes), after the test thread runs {@code trigger}: the listener blocks whichever thread runs it.
     */
    private void withHelperDraining(CountDownLatch done, Runnable trigger) throws InterruptedException {
        AtomicBoolean stop = new AtomicBoolean();
        Thread helper = new Thread(
                () -> {
                    while (!stop.get()) {
                        rt.executor.drain();
                        LockSupport.parkNanos(100_000);
                    }
                },
                "test-drainer");
        helper.setDaemon(true);
        helper.start();
        try {
            trigger.run();
            // Either thread may end up running the listener (and block in it): both drain until it has finished.
            long deadline = System.nanoTime() + LIMIT.toNanos() * 2;
            while (done.getCount() > 0 && System.nanoTime() < deadline) {
                rt.drain();
                LockSupport.parkNanos(100_000);
            }
            assertThat(done.getCount()).as("listener finished").isZero();
        } finally {
            stop.set(true);
            helper.join(LIMIT.toMillis());
        }
        rt.drain();
    }

    private static ProtocolMessage message(String channel, String name) {
        return ProtocolMessage.builder(Action.MESSAGE)
                .channel(channel)
                .messages(List.of(Message.of(name, "x")))
                .build();
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void RTL6_publishWaitInsideMessageListenerCompletes(Wait wait) throws InterruptedException {
        autoAckServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "blocking");
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ch.subscribe("trigger", m -> {
            try {
                outcome.set(wait.on(ch.publish("reply", "in listener")));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
            done.countDown();
        });

        withHelperDraining(done, () -> toClient(message("blocking", "trigger")));

        assertThat(outcome.get()).isInstanceOf(PublishResult.class);
        assertThat(sent(Action.MESSAGE)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void RTL4_attachWaitInsideChannelStateListenerCompletes(Wait wait) throws InterruptedException {
        autoAckServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel first = attachedChannel(client, "first");
        RealtimeChannel second = client.channels().get("second");
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        first.on(ChannelEvent.DETACHED, change -> {
            try {
                Object attached = wait.on(second.attach());
                outcome.set(attached instanceof Exception ? attached : wait.on(second.publish("after", "attach")));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
            done.countDown();
        });

        withHelperDraining(done, () -> fire(first.detach()));

        assertThat(outcome.get()).isInstanceOf(PublishResult.class);
        assertThat(second.state()).isEqualTo(ChannelState.ATTACHED);
    }

    @ParameterizedTest
    @EnumSource(Wait.class)
    void RTN4_publishWaitInsideConnectionStateListenerCompletes(Wait wait) throws InterruptedException {
        autoAckServer();
        RealtimeClient client = client();
        RealtimeChannel ch = client.channels().get("on-connected");
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        client.connection().on(ConnectionEvent.CONNECTED, change -> {
            try {
                outcome.set(wait.on(ch.publish("hello", "connected")));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
            done.countDown();
        });

        withHelperDraining(done, client::connect);

        assertThat(outcome.get()).isInstanceOf(PublishResult.class);
    }

    @Test
    void RTL6_waitForDerivedStageInsideListenerFailsFast() throws InterruptedException {
        autoAckServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "derived");
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ch.subscribe("trigger", m -> {
            try {
                outcome.set(ch.publish("reply", "x").thenApply(r -> r).get(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                outcome.set(e);
            }
            done.countDown();
        });

        withHelperDraining(done, () -> toClient(message("derived", "trigger")));

        assertThat(outcome.get()).isInstanceOf(AblyException.class);
        AblyException e = (AblyException) outcome.get();
        assertThat(e.errorInfo().code()).isEqualTo(Errors.BLOCKING_WAIT_ON_CALLBACK_EXECUTOR);
        assertThat(e.getMessage()).contains("callback executor");
    }

    @Test
    void RTL6_publishWaitInsideListenerSeesNack() throws InterruptedException {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            } else if (m.action() == Action.MESSAGE) {
                toClient(nack(m.msgSerial(), 1, io.ably4j.types.ErrorInfo.of(40160, 401, "denied")));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "nacked");
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        ch.subscribe("trigger", m -> {
            try {
                outcome.set(ch.publish("reply", "x").await(LIMIT));
            } catch (RuntimeException e) {
                outcome.set(e);
            }
            done.countDown();
        });

        withHelperDraining(done, () -> toClient(message("nacked", "trigger")));

        assertThat(outcome.get()).isInstanceOf(AblyException.class);
        assertThat(((AblyException) outcome.get()).errorInfo().code()).isEqualTo(40160);
    }

    @Test
    void userCancellingTheFutureAListenerWaitsOnWakesIt() throws InterruptedException {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            } // MESSAGE never ACKed
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "cancelled");
        AtomicReference<AblyFuture<PublishResult>> published = new AtomicReference<>();
        AtomicReference<Object> outcome = new AtomicReference<>();
        CountDownLatch waiting = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        ch.subscribe("trigger", m -> {
            AblyFuture<PublishResult> f = ch.publish("reply", "x");
            published.set(f);
            waiting.countDown();
            try {
                outcome.set(f.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (Exception e) {
                outcome.set(e);
            }
            done.countDown();
        });
        Thread canceller = new Thread(() -> {
            try {
                if (waiting.await(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                    published.get().cancel(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        canceller.start();

        withHelperDraining(done, () -> toClient(message("cancelled", "trigger")));
        canceller.join();

        assertThat(outcome.get()).isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> published.get().join()).isInstanceOf(CancellationException.class);
        // cancelling the user's future changed nothing inside: the message is still in flight, ACKed in order
        deliver(ack(0L, 1));
        AblyFuture<PublishResult> next = ch.publish("next", "y");
        rt.drain();
        deliver(ack(1L, 1));
        assertThat(rt.await(next)).isNotNull();
        assertThat(sent(Action.MESSAGE)).extracting(ProtocolMessage::msgSerial).containsExactly(0L, 1L);
    }
}
