package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import io.ably4j.emulator.Emulator;
import io.ably4j.testing.EmulatorOptions;
import io.ably4j.types.AblyException;
import io.ably4j.types.PublishResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14 §2, direct mode ({@code callbackExecutor(Runnable::run)}) against the in-process emulator: listeners run on
 * the thread that delivered the message (the NIO engine's I/O thread, not a pool thread), in order; a publish future is
 * awaited from a non-listener thread; a blocking wait inside a direct-mode listener fails fast instead of hanging the
 * receive thread.
 */
@NullUnmarked
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a regression would hang the receive thread
class DirectModeEmulatorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).key(Emulator.DEFAULT_KEY).build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static RealtimeClient client(boolean direct) {
        ClientOptions.Builder b = EmulatorOptions.builder(emulator).webSocketEngine(WebSocketEngine.NIO);
        if (direct) {
            b.callbackExecutor(Runnable::run);
        }
        return new RealtimeClient(b.build());
    }

    @Test
    void directModeListenersRunOnTheDeliveringThreadInOrder() throws Exception {
        int n = 200;
        try (RealtimeClient subscriber = client(true);
                RealtimeClient publisher = client(false)) {
            RealtimeChannel in = subscriber.channels().get("direct-order");
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            List<Integer> received = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch all = new CountDownLatch(n);
            in.subscribe(m -> {
                threads.add(Thread.currentThread().getName());
                received.add(Integer.parseInt((String) m.data()));
                all.countDown();
            });
            in.attach().await(DEADLINE);
            RealtimeChannel out = publisher.channels().get("direct-order");
            for (int i = 0; i < n; i++) {
                var unused = out.publish("m", Integer.toString(i));
            }
            assertThat(all.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i);
            }
            assertThat(received).containsExactlyElementsOf(expected);
            // The NIO engine's I/O thread delivered every message and ran its listener: no hand-off to a pool.
            assertThat(threads).containsOnly("ably4j-nio");
        }
    }

    @Test
    void directModePublishFutureAwaitedFromAnotherThread() throws Exception {
        try (RealtimeClient client = client(true)) {
            RealtimeChannel ch = client.channels().get("direct-publish");
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            ch.subscribe(m -> seen.add((String) m.data()));
            ch.attach().await(DEADLINE);
            PublishResult r = ch.publish("m", "hello").await(DEADLINE);
            assertThat(r).isNotNull();
            assertThat(seen.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("hello");
        }
    }

    @Test
    void directModeBlockingWaitInAListenerFailsFast() throws Exception {
        try (RealtimeClient client = client(true)) {
            RealtimeChannel in = client.channels().get("direct-blocking-in");
            RealtimeChannel out = client.channels().get("direct-blocking-out");
            BlockingQueue<Object> results = new LinkedBlockingQueue<>();
            in.subscribe("go", m -> {
                try {
                    results.add(out.publish("reply", "x").get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                } catch (AblyException e) {
                    results.add(e.errorInfo().code());
                } catch (Exception e) {
                    results.add(e);
                }
            });
            in.attach().await(DEADLINE);
            in.publish("go", "now").await(DEADLINE);
            assertThat(results.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(40000);
            // The receive thread is free: the client goes on working.
            assertThat(out.publish("after", "y").await(DEADLINE)).isNotNull();
        }
    }
}
