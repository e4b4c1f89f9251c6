package io.ably4j.testing;

import io.ably4j.ClientOptions;
import io.ably4j.RealtimeClient;
import io.ably4j.RestClient;
import io.ably4j.internal.connection.ClientAccess;
import io.ably4j.internal.connection.ClientRuntime;
import io.ably4j.internal.connection.ConnectionManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Everything a unit test needs to drive clients deterministically: a {@link ManualExecutor} standing in for all
 * threads (client state, callbacks and mock I/O), a {@link FakeScheduler} and a {@link MockWebSocket}. Nothing runs
 * until the test calls {@link #drain()} or {@link #advance}; no sockets, no sleeps.
 */
public final class FakeRuntime implements AutoCloseable {
    public final ManualExecutor executor = new ManualExecutor();
    public final FakeScheduler scheduler = new FakeScheduler(executor);
    public final MockWebSocket ws = new MockWebSocket(executor);
    /** HTTP (the connectivity check); by default every request fails as unreachable. */
    public final MockHttp http = new MockHttp();

    private final List<RealtimeClient> clients = new ArrayList<>();
    /** The value in [0, 1] fed to RTB1b jitter; 1.0 makes retry delays exactly initial x backoff coefficient. */
    public volatile double jitter = 1.0;

    public ClientRuntime runtime() {
        return new ClientRuntime(executor, executor, scheduler, ws, () -> jitter, http);
    }

    /** A client on this runtime; pending work (e.g. autoConnect) is drained before returning. */
    public RealtimeClient client(ClientOptions options) {
        RealtimeClient c = ClientAccess.get().newClient(options, runtime());
        clients.add(c);
        drain();
        return c;
    }

    /** A client with key {@code appId.keyId:keySecret} plus {@code customiser}'s options. */
    public RealtimeClient client(Consumer<ClientOptions.Builder> customiser) {
        ClientOptions.Builder b = ClientOptions.builder().key("appId.keyId:keySecret");
        customiser.accept(b);
        return client(b.build());
    }

    /** A REST client on this runtime (its requests go to {@link #http}). */
    public RestClient restClient(ClientOptions options) {
        RestClient c = ClientAccess.get().newRestClient(options, runtime());
        drain();
        return c;
    }

    /** A REST client with key {@code appId.keyId:keySecret} plus {@code customiser}'s options. */
    public RestClient restClient(Consumer<ClientOptions.Builder> customiser) {
        ClientOptions.Builder b = ClientOptions.builder().key("appId.keyId:keySecret");
        customiser.accept(b);
        return restClient(b.build());
    }

    /** The client's internal manager, for tests of the channel seams. */
    public static ConnectionManager manager(RealtimeClient client) {
        return ClientAccess.get().manager(client);
    }

    /** Runs all pending work (UTS {@code process_pending_events()}). */
    public void drain() {
        executor.drain();
    }

    /** UTS {@code ADVANCE_TIME}. */
    public void advance(Duration d) {
        scheduler.advance(d);
    }

    public void advanceMillis(long millis) {
        scheduler.advanceMillis(millis);
    }

    /** Drains, then returns the future's value; fails if it has not completed (no blocking in unit tests). */
    public <T> T await(CompletableFuture<T> f) {
        drain();
        if (!f.isDone()) {
            throw new AssertionError("future not completed");
        }
        return f.join();
    }

    /** Drains, then returns the future's exception cause; fails unless it completed exceptionally. */
    public Throwable awaitError(CompletableFuture<?> f) {
        drain();
        if (!f.isCompletedExceptionally()) {
            throw new AssertionError("future not completed exceptionally: done=" + f.isDone());
        }
        try {
            f.get();
            throw new AssertionError("unreachable");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            return cause != null ? cause : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** UTS CLOSE_CLIENT for every client made here, then drains, leaving no work behind. */
    @Override
    public void close() {
        clients.forEach(RealtimeClient::close);
        drain();
    }
}
