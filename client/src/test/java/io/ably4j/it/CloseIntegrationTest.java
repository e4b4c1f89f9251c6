package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ConnectionState;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.util.SharedResources;
import io.ably4j.it.UtsSandbox.Protocol;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RTC16, RTN12: close() waits, bounded, for CLOSED on real threads, except on the callback executor (issue 13 §4). */
class CloseIntegrationTest {
    private static UtsSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = UtsSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        sandbox.closeClients();
    }

    private static RealtimeClient connected(RealtimeClient client) throws Exception {
        client.connect();
        UtsSandbox.await(client.connection().whenState(ConnectionState.CONNECTED));
        return client;
    }

    @Test
    void RTC16_close_returnsOnceClosed() throws Exception {
        RealtimeClient client = connected(sandbox.client(UtsSandbox.API_KEY, Protocol.JSON));
        client.close();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void RTC16_close_fromAListener_doesNotWait() throws Exception {
        RealtimeClient client =
                sandbox.client(UtsSandbox.API_KEY, Protocol.JSON, b -> b.realtimeRequestTimeout(Duration.ofSeconds(5)));
        CompletableFuture<Long> closeNanos = new CompletableFuture<>();
        client.connection().on(c -> {
            if (c.current() == ConnectionState.CONNECTED) {
                long start = System.nanoTime();
                client.close(); // waiting here would block the thread that completes the close
                closeNanos.complete(System.nanoTime() - start);
            }
        });
        client.connect();
        long nanos = UtsSandbox.await(closeNanos);
        assertThat(Duration.ofNanos(nanos)).isLessThan(Duration.ofSeconds(2));
        UtsSandbox.await(client.connection().whenState(ConnectionState.CLOSED));
        UtsSandbox.await(client.closeAsync());
    }

    @Test
    void RTN12_fiveHundredClientsOpenedAndClosed_leaveNoThreadAndNoTimer() throws Exception {
        for (int i = 0; i < 20; i++) { // warm up the shared pools and the transport's threads
            connected(sandbox.client(UtsSandbox.API_KEY, Protocol.JSON)).close();
        }
        sandbox.closeClients();
        int threads = threadCount();
        int timers = SharedResources.pendingTimers();
        List<RealtimeClient> clients = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            RealtimeClient c = sandbox.client(UtsSandbox.API_KEY, Protocol.JSON);
            c.connect();
            clients.add(c);
        }
        // 500 connects at once share two cores with the emulator (and, in CI, other jobs): a deadline for all of
        // them rather than 10 s for each.
        CompletableFuture.allOf(clients.stream()
                        .map(c -> c.connection().whenState(ConnectionState.CONNECTED))
                        .toArray(CompletableFuture<?>[]::new))
                .get(120, TimeUnit.SECONDS);
        assertThat(SharedResources.pendingTimers()).isGreaterThan(timers); // the check below can fail
        for (RealtimeClient c : clients) {
            c.close();
            assertThat(c.connection().state()).isEqualTo(ConnectionState.CLOSED);
        }
        awaitAtMost(SharedResources::pendingTimers, timers);
        awaitAtMost(CloseIntegrationTest::threadCount, threads);
    }

    private static int threadCount() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Waits, up to the sandbox deadline, for {@code value} to be at most {@code max}; asserts it is. */
    private static void awaitAtMost(IntSupplier value, int max) throws InterruptedException {
        long deadline = System.nanoTime() + UtsSandbox.DEADLINE.toNanos();
        while (value.getAsInt() > max && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20); // polling a count, not waiting for a state
        }
        assertThat(value.getAsInt()).isLessThanOrEqualTo(max);
    }
}
