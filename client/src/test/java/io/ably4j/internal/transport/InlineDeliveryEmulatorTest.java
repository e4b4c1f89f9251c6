package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import io.ably4j.emulator.Emulator;
import io.ably4j.testing.EmulatorOptions;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 14 §2, the default mode (callbacks on the shared pool) with {@link InlineDelivery} against the in-process
 * emulator: when messages come fast the NIO loop runs the listeners itself, in order; a listener that blocks, or
 * waits for a publish, has the loop handed to a new thread, so the I/O of other clients goes on and the wait ends; from
 * then on listeners run on the pool again.
 */
@NullUnmarked
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InlineDeliveryEmulatorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).key(Emulator.DEFAULT_KEY).build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    @AfterEach
    void freshInlineState() {
        NioLoop.get().inline().reset(); // process-wide: what one test leaves must not decide where the next one runs
    }

    private static RealtimeClient client() {
        return new RealtimeClient(EmulatorOptions.builder(emulator)
                .webSocketEngine(WebSocketEngine.NIO)
                .build());
    }

    /**
     * Publishes {@code n} messages numbered from 0, each once the previous one is acknowledged: so they reach the
     * subscriber one per read, a callback hand-off each, as a steady stream does.
     */
    private static void publish(RealtimeChannel out, int n) {
        for (int i = 0; i < n; i++) {
            out.publish("m", Integer.toString(i)).await(DEADLINE);
        }
    }

    @Test
    void fastMessagesAreDeliveredByTheLoopItselfInOrder() throws Exception {
        int n = 3000;
        try (RealtimeClient subscriber = client();
                RealtimeClient publisher = client()) {
            RealtimeChannel in = subscriber.channels().get("inline-order");
            List<String> threads = Collections.synchronizedList(new ArrayList<>());
            List<Integer> received = Collections.synchronizedList(new ArrayList<>());
            CountDownLatch all = new CountDownLatch(n);
            in.subscribe(m -> {
                threads.add(Thread.currentThread().getName());
                received.add(Integer.parseInt((String) m.data()));
                all.countDown();
            });
            in.attach().await(DEADLINE);
            long takeovers = NioLoop.get().inline().takeovers();
            publish(publisher.channels().get("inline-order"), n);
            assertThat(all.await(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                expected.add(i);
            }
            assertThat(received).containsExactlyElementsOf(expected);
            // The first ones went to the pool; once they came fast, the loop kept them.
            assertThat(threads).contains("ably4j-nio");
            assertThat(threads.get(0)).startsWith("ably4j-callback-");
            assertThat(NioLoop.get().inline().takeovers()).isEqualTo(takeovers);
        }
    }

    @Test
    void aListenerThatBlocksHasTheLoopTakenOverAndOtherClientsKeepReceiving() throws Exception {
        try (RealtimeClient slow = client();
                RealtimeClient other = client();
                RealtimeClient publisher = client()) {
            RealtimeChannel slowIn = slow.channels().get("inline-slow");
            RealtimeChannel otherIn = other.channels().get("inline-other");
            CountDownLatch release = new CountDownLatch(1);
            BlockingQueue<String> slowSeen = new LinkedBlockingQueue<>();
            BlockingQueue<String> otherSeen = new LinkedBlockingQueue<>();
            slowIn.subscribe(m -> {
                slowSeen.add(m.data() + "@" + Thread.currentThread().getName());
                if ("block".equals(m.data())) {
                    try {
                        release.await(); // a listener stuck on something of its own, as long as the test wants
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            otherIn.subscribe(m -> otherSeen.add((String) m.data()));
            slowIn.attach().await(DEADLINE);
            otherIn.attach().await(DEADLINE);
            InlineDelivery inline = NioLoop.get().inline();
            long before = inline.takeovers();
            try {
                blockedListenerScenario(publisher, inline, before, release, slowSeen, otherSeen);
            } finally {
                release.countDown(); // else closing the client would wait for its listener
            }
        }
    }

    private static void blockedListenerScenario(
            RealtimeClient publisher,
            InlineDelivery inline,
            long before,
            CountDownLatch release,
            BlockingQueue<String> slowSeen,
            BlockingQueue<String> otherSeen)
            throws InterruptedException {
        {
            inline.forceHot();
            publisher.channels().get("inline-slow").publish("m", "block").await(DEADLINE);
            assertThat(slowSeen.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("block@ably4j-nio");

            // The loop thread is stuck in that listener: the watchdog gives the I/O to another thread.
            publisher
                    .channels()
                    .get("inline-other")
                    .publish("m", "while-blocked")
                    .await(DEADLINE);
            assertThat(otherSeen.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("while-blocked");
            assertThat(inline.takeovers()).isEqualTo(before + 1);
            assertThat(inline.hot()).isFalse();

            // Messages for the blocked client wait behind its listener, in order, and flow once it returns.
            publisher.channels().get("inline-slow").publish("m", "after").await(DEADLINE);
            assertThat(slowSeen.poll(200, TimeUnit.MILLISECONDS)).isNull();
            release.countDown();
            String after = slowSeen.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            assertThat(after).startsWith("after@");
        }
    }

    @Test
    void aBlockingWaitForAPublishInAnInlineListenerHandsTheLoopOverAtOnce() throws Exception {
        try (RealtimeClient client = client();
                RealtimeClient publisher = client()) {
            RealtimeChannel in = client.channels().get("inline-wait-in");
            RealtimeChannel out = client.channels().get("inline-wait-out");
            BlockingQueue<Object> results = new LinkedBlockingQueue<>();
            in.subscribe(m -> {
                results.add(Thread.currentThread().getName());
                try {
                    results.add(out.publish("reply", "x").get(DEADLINE.toSeconds(), TimeUnit.SECONDS));
                } catch (Exception e) {
                    results.add(e);
                }
            });
            in.attach().await(DEADLINE);
            InlineDelivery inline = NioLoop.get().inline();
            long before = inline.takeovers();
            inline.forceHot();
            // Published by another client: the subscriber's own serial executor stays idle, so the loop dispatches.
            publisher.channels().get("inline-wait-in").publish("go", "now").await(DEADLINE);
            assertThat(results.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ably4j-nio");
            // Not the 40000 of direct mode: the loop went to another thread, which read the ACK.
            assertThat(results.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(PublishResult.class);
            assertThat(inline.takeovers()).isEqualTo(before + 1);
            assertThat(out.publish("after", "y").await(DEADLINE)).isNotNull();
        }
    }

    @Test
    void repeatedTakeoversReuseTheSpareLoopThread() throws Exception {
        try (RealtimeClient client = client()) {
            RealtimeChannel in = client.channels().get("inline-repeat");
            BlockingQueue<String> done = new LinkedBlockingQueue<>();
            in.subscribe(m -> {
                String thread = Thread.currentThread().getName();
                try {
                    client.channels().get("inline-repeat-out").publish("r", "x").get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    done.add("failed: " + e);
                    return;
                }
                done.add(thread);
            });
            in.attach().await(DEADLINE);
            InlineDelivery inline = NioLoop.get().inline();
            long before = inline.takeovers();
            // A listener run inline that waits is taken over; one that finds the client's callbacks still draining on
            // the pool (after the previous takeover) just runs there. Go on until three takeovers happened.
            for (int i = 0; i < 50 && inline.takeovers() - before < 3; i++) {
                inline.forceHot();
                in.publish("go", Integer.toString(i)).await(DEADLINE);
                assertThat(done.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).doesNotStartWith("failed");
            }
            assertThat(inline.takeovers() - before).isEqualTo(3);
            // Each takeover woke the spare (the previous loop thread) instead of starting a thread: the owner and the
            // spare remain, once the last former owner has finished its listener.
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (loopThreads() > 2 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(loopThreads()).isLessThanOrEqualTo(2);
        }
    }

    private static long loopThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ably4j-nio"))
                .count();
    }

    @Test
    void aFormerLoopThreadReturningLateDoesNotBlindTheWatchdogToTheNextStuckOne() throws Exception {
        try (RealtimeClient first = client();
                RealtimeClient second = client();
                RealtimeClient other = client();
                RealtimeClient publisher = client()) {
            CountDownLatch releaseFirst = new CountDownLatch(1);
            CountDownLatch releaseSecond = new CountDownLatch(1);
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            RealtimeChannel a = first.channels().get("inline-late-a");
            RealtimeChannel b = second.channels().get("inline-late-b");
            RealtimeChannel c = other.channels().get("inline-late-c");
            a.subscribe(m -> {
                seen.add("a@" + Thread.currentThread().getName());
                awaitQuietly(releaseFirst);
            });
            b.subscribe(m -> {
                seen.add("b@" + Thread.currentThread().getName());
                // Let the first stuck thread return now, while this one runs inline, and wait until it has (it then
                // waits as the spare), so that it returns before the watchdog's first look at this one.
                releaseFirst.countDown();
                long until = System.nanoTime() + DEADLINE.toNanos();
                while (!spareExists() && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                awaitQuietly(releaseSecond);
            });
            c.subscribe(m -> seen.add("c:" + m.data()));
            a.attach().await(DEADLINE);
            b.attach().await(DEADLINE);
            c.attach().await(DEADLINE);
            InlineDelivery inline = NioLoop.get().inline();
            long before = inline.takeovers();
            try {
                inline.forceHot();
                publisher.channels().get("inline-late-a").publish("m", "1").await(DEADLINE);
                assertThat(seen.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("a@ably4j-nio");
                publisher.channels().get("inline-late-c").publish("m", "1").await(DEADLINE);
                assertThat(seen.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("c:1"); // first takeover
                assertThat(inline.takeovers()).isEqualTo(before + 1);

                inline.forceHot();
                publisher.channels().get("inline-late-b").publish("m", "1").await(DEADLINE);
                assertThat(seen.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("b@ably4j-nio");

                // The watchdog still sees the new owner stuck: a third client's message gets through.
                publisher.channels().get("inline-late-c").publish("m", "2").await(DEADLINE);
                assertThat(seen.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("c:2");
                assertThat(inline.takeovers()).isEqualTo(before + 2);
            } finally {
                releaseFirst.countDown();
                releaseSecond.countDown();
            }
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean spareExists() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("ably4j-nio-spare"));
    }
}
