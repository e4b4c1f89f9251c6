package io.ably4j.internal.connection;

import io.ably4j.ConnectionState;
import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** {@code Connection#ping()} (RTN13). Confined to the client's serial executor. */
final class PingTracker {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConnectionManager manager;
    private final Executor callbacks;
    private final List<CompletableFuture<Duration>> deferred = new ArrayList<>();
    private final Map<String, InFlight> inFlight = new HashMap<>();

    PingTracker(ConnectionManager manager, Executor callbacks) {
        this.manager = manager;
        this.callbacks = callbacks;
    }

    void ping(CompletableFuture<Duration> result, ConnectionState state) {
        switch (state) {
            case CONNECTED -> send(result);
            case CONNECTING, DISCONNECTED -> deferred.add(result); // RTN13d
            default -> fail(result, stateError(state)); // RTN13b
        }
    }

    /** Called on every state change, before listeners are notified. */
    void onStateChange(ConnectionState state) {
        switch (state) {
            case CONNECTED -> {
                List<CompletableFuture<Duration>> ready = new ArrayList<>(deferred);
                deferred.clear();
                ready.forEach(this::send);
            }
            case CONNECTING, DISCONNECTED -> {}
            default -> { // RTN13b: INITIALIZED, SUSPENDED, CLOSING, CLOSED, FAILED
                ErrorInfo error = stateError(state);
                deferred.forEach(f -> fail(f, error));
                deferred.clear();
                inFlight.values().forEach(p -> {
                    p.timer.cancel();
                    fail(p.result, error);
                });
                inFlight.clear();
            }
        }
    }

    /** A HEARTBEAT arrived; only one whose id matches a pending ping answers it (RTN13e). */
    void onHeartbeat(@Nullable String id) {
        InFlight p = id == null ? null : inFlight.remove(id);
        if (p != null) {
            p.timer.cancel();
            Duration rtt = Duration.ofNanos(Math.max(0, manager.nanoTime() - p.sentAt));
            ClientFuture.settle(callbacks, p.result, rtt);
        }
    }

    private void send(CompletableFuture<Duration> result) {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Duration timeout = manager.options().realtimeRequestTimeout();
        Cancellable timer = manager.schedule(timeout, () -> {
            InFlight p = inFlight.remove(id);
            if (p != null) { // RTN13c
                fail(
                        p.result,
                        ErrorInfo.of(
                                Errors.TIMEOUT_ERROR,
                                500,
                                "Ping timeout: no HEARTBEAT reply within " + timeout.toMillis() + " ms"));
            }
        });
        inFlight.put(id, new InFlight(result, manager.nanoTime(), timer));
        manager.send(ProtocolMessage.builder(Action.HEARTBEAT).id(id).build());
    }

    private void fail(CompletableFuture<Duration> result, ErrorInfo error) {
        ClientFuture.fail(callbacks, result, new AblyException(error));
    }

    static ErrorInfo stateError(ConnectionState state) {
        return Errors.forConnectionState(state, null, "ping");
    }

    private static final class InFlight {
        final CompletableFuture<Duration> result;
        final long sentAt;
        final Cancellable timer;

        InFlight(CompletableFuture<Duration> result, long sentAt, Cancellable timer) {
            this.result = result;
            this.sentAt = sentAt;
            this.timer = timer;
        }
    }
}
