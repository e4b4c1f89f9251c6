package io.ably4j.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PooledCodec}, the REST codecs of {@link RestCore#codec()}: a codec is lent to one caller at a time, reused
 * afterwards instead of being built per request, and the pool of idle codecs is bounded.
 */
class PooledCodecTest {
    private static final long DEADLINE_S = 10;

    private final AtomicInteger created = new AtomicInteger();
    private final PooledCodec pool = new PooledCodec(WireFormat.MSGPACK, () -> {
        created.incrementAndGet();
        return ProtocolCodec.create(WireFormat.MSGPACK);
    });
    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    private static List<Message> messages(String data) {
        return List.of(Message.builder().name("m").data(data).build());
    }

    @Test
    void twoThreadsAtOnce_getTwoDifferentCodecs() throws Exception {
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Future<ProtocolCodec> first = threads.submit(() -> pool.use(c -> {
            firstHolds.countDown();
            await(releaseFirst);
            return c;
        }));
        assertThat(firstHolds.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();

        ProtocolCodec second = threads.submit(() -> pool.use(c -> c)).get(DEADLINE_S, TimeUnit.SECONDS);
        releaseFirst.countDown();

        assertThat(second).isNotSameAs(first.get(DEADLINE_S, TimeUnit.SECONDS));
        assertThat(created).hasValue(2);
    }

    @Test
    void concurrentCallers_neverShareACodec_andReuseTheFewThatExist() throws Exception {
        Map<ProtocolCodec, Thread> inUse = new ConcurrentHashMap<>();
        AtomicInteger shared = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            callers.add(threads.submit(() -> {
                await(start);
                for (int i = 0; i < 2_000; i++) {
                    String data = Thread.currentThread().getName() + "-" + i;
                    byte[] encoded = pool.use(c -> {
                        if (inUse.putIfAbsent(c, Thread.currentThread()) != null) {
                            shared.incrementAndGet(); // another caller holds this codec right now
                        }
                        try {
                            return c.encodeMessages(messages(data));
                        } finally {
                            inUse.remove(c);
                        }
                    });
                    assertThat(pool.decodeMessages(encoded).get(0).data()).isEqualTo(data);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : callers) {
            f.get(DEADLINE_S * 3, TimeUnit.SECONDS);
        }

        assertThat(shared)
                .as("calls that found their codec in use by another thread")
                .hasValue(0);
        assertThat(created.get())
                .as("codecs built for 32,000 calls from 8 threads")
                .isBetween(1, 8);
    }

    @Test
    void sequentialCalls_buildOneCodec() {
        Set<ProtocolCodec> seen = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 100; i++) {
            String data = "d" + i;
            byte[] body = pool.use(c -> {
                seen.add(c);
                return c.encodeMessages(messages(data));
            });
            assertThat(body).isEqualTo(ProtocolCodec.create(WireFormat.MSGPACK).encodeMessages(messages(data)));
        }
        assertThat(seen).hasSize(1);
        assertThat(created).hasValue(1);
    }

    @Test
    void aCallThatFailed_leavesItsCodecUsable() {
        assertThatThrownBy(() -> pool.decodeMessages(new byte[] {(byte) 0xc1})).isInstanceOf(AblyException.class);

        byte[] body = pool.encodeMessages(messages("after"));
        assertThat(pool.decodeMessages(body).get(0).data()).isEqualTo("after");
        assertThat(created).hasValue(1);
    }

    @Test
    void idleCodecs_areBoundedByMaxIdle() throws Exception {
        int callers = PooledCodec.MAX_IDLE + 4;
        ExecutorService many = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch allHold = new CountDownLatch(callers);
            CountDownLatch release = new CountDownLatch(1);
            List<Future<?>> held = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                held.add(many.submit(() -> pool.use(c -> {
                    allHold.countDown();
                    await(release);
                    return c;
                })));
            }
            assertThat(allHold.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
            release.countDown();
            for (Future<?> f : held) {
                f.get(DEADLINE_S, TimeUnit.SECONDS);
            }
        } finally {
            many.shutdownNow();
        }

        assertThat(created).hasValue(PooledCodec.MAX_IDLE + 4);
        assertThat(pool.idle()).isEqualTo(PooledCodec.MAX_IDLE);
    }

    @Test
    void restCoreCodec_isTheSharedPoolOfItsFormat() {
        assertThat(PooledCodec.of(WireFormat.MSGPACK).format()).isEqualTo(WireFormat.MSGPACK);
        assertThat(PooledCodec.of(WireFormat.JSON).format()).isEqualTo(WireFormat.JSON);
        assertThat(PooledCodec.of(WireFormat.JSON)).isSameAs(PooledCodec.of(WireFormat.JSON));
        byte[] json = PooledCodec.of(WireFormat.JSON).encodeMessages(messages("x"));
        assertThat(PooledCodec.of(WireFormat.JSON).decodeMessages(json).get(0).data())
                .isEqualTo("x");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(DEADLINE_S, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released within " + DEADLINE_S + " s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
