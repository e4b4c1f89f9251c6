package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.AblyException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RTC16, RTN12: {@link RealtimeClient#closeAsync()} and the threading contract of a close (issue 13 §4). No UTS unit
 * file covers these; named by spec ID.
 */
@NullUnmarked // tests read nullable results on purpose
class CloseContractTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient connected() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = rt.client(b -> b.autoConnect(false).realtimeRequestTimeout(Duration.ofSeconds(2)));
        client.connection().on(c -> seen.add(c.current().name()));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    @Test
    void RTC16_closeAsync_completesOnClosed_afterTheClosedListeners() {
        RealtimeClient client = connected();
        AblyFuture<Void> done = client.closeAsync();
        CompletableFuture<Void> marked = done.thenRun(() -> seen.add("done"));
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        assertThat(done).isNotDone();
        rt.ws.activeConnection().sendToClient(Fixtures.closed());
        rt.drain();
        assertThat(done).isCompleted();
        assertThat(marked).isCompleted();
        assertThat(seen).containsExactly("CONNECTING", "CONNECTED", "CLOSING", "CLOSED", "done");
    }

    @Test
    void RTC16_closeAsync_whenNeverConnected_completesAtOnce() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        AblyFuture<Void> done = client.closeAsync();
        rt.drain();
        assertThat(done).isCompleted();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        AblyFuture<Void> again = client.closeAsync(); // already CLOSED
        rt.drain();
        assertThat(again).isCompleted();
    }

    @Test
    void RTN12b_closeAsync_completesWhenNoClosedArrivesWithinTheTimeout() {
        RealtimeClient client = connected();
        AblyFuture<Void> done = client.closeAsync();
        rt.advanceMillis(1900);
        assertThat(done).isNotDone();
        rt.advanceMillis(200);
        assertThat(done).isCompleted();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void RTN11b_connectBeforeClosed_failsTheCloseWith80017() {
        RealtimeClient client = connected();
        AblyFuture<Void> done = client.closeAsync();
        rt.drain();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        Throwable failure = rt.awaitError(done);
        assertThat(failure).isInstanceOf(AblyException.class);
        assertThat(((AblyException) failure).errorInfo().code()).isEqualTo(80017);
    }

    @Test
    void RTN12_afterClose_noTimerRemains_andNoListenerIsCalled() {
        RealtimeClient client = connected();
        client.channels().get("ch").on(c -> seen.add("channel " + c.current()));
        AblyFuture<Void> done = client.closeAsync();
        rt.drain();
        rt.ws.activeConnection().sendToClient(Fixtures.closed());
        rt.drain();
        assertThat(done).isCompleted();
        assertThat(rt.scheduler.pending()).isZero();
        int calls = seen.size();
        rt.advance(Duration.ofHours(1));
        assertThat(seen).hasSize(calls);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void RTN12_tenThousandClientsOpenedAndClosed_leaveNoTimerAndNoThread() {
        int baselineThreads = ManagementFactory.getThreadMXBean().getThreadCount();
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        for (int i = 0; i < 10_000; i++) {
            RealtimeClient client = rt.client(b -> b.autoConnect(false));
            client.connect();
            rt.drain();
            assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
            AblyFuture<Void> done = client.closeAsync();
            rt.drain();
            rt.ws.activeConnection().sendToClient(Fixtures.closed());
            rt.drain();
            assertThat(done).isCompleted();
        }
        assertThat(rt.scheduler.pending()).isZero();
        assertThat(ManagementFactory.getThreadMXBean().getThreadCount()).isLessThanOrEqualTo(baselineThreads);
    }
}
