package io.ably4j.internal.connection;

import io.ably4j.ClientOptions;
import io.ably4j.internal.http.HttpTransport;
import io.ably4j.internal.http.JdkHttpTransport;
import io.ably4j.internal.transport.JdkWebSocketTransport;
import io.ably4j.internal.transport.NioWebSocketTransport;
import io.ably4j.internal.transport.TransportFactory;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.Scheduler;
import io.ably4j.internal.util.SharedResources;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What a client runs on: the executor behind its serial executors, the scheduler (clock and timers), the transport
 * factory and the random source for retry jitter. Production clients use {@link #shared}; unit tests inject fakes.
 */
public final class ClientRuntime {
    private final Executor executor;
    private final Executor callbackExecutor;
    private final Scheduler scheduler;
    private final TransportFactory transports;
    private final DoubleSupplier jitter;
    private final HttpTransport http;

    /**
     * A runtime whose one executor backs both the client's serial state executor and its callbacks (unit tests).
     *
     * @param executor backs the client's serial executors (and its callbacks, unless the options name an executor)
     * @param scheduler timers and clock
     * @param transports opens transports
     * @param jitter uniform random numbers in [0, 1) for RTB1b retry jitter
     */
    public ClientRuntime(Executor executor, Scheduler scheduler, TransportFactory transports, DoubleSupplier jitter) {
        this(executor, executor, scheduler, transports, jitter, NO_HTTP);
    }

    /** An {@link HttpTransport} that fails every request as unreachable (unit tests that do not expect HTTP). */
    public static final HttpTransport NO_HTTP = call ->
            CompletableFuture.failedFuture(new java.net.ConnectException("no HTTP transport in this runtime: " + call));

    /**
     * @param executor backs the client's serial state executor
     * @param callbackExecutor backs the client's callbacks unless the options name an executor
     * @param scheduler timers and clock
     * @param transports opens transports
     * @param jitter uniform random numbers in [0, 1) for RTB1b retry jitter and the order of fallback hosts
     * @param http sends HTTP requests (the connectivity check, and later REST)
     */
    public ClientRuntime(
            Executor executor,
            Executor callbackExecutor,
            Scheduler scheduler,
            TransportFactory transports,
            DoubleSupplier jitter,
            HttpTransport http) {
        this.http = http;
        this.executor = executor;
        this.callbackExecutor = callbackExecutor;
        this.scheduler = scheduler;
        this.transports = transports;
        this.jitter = jitter;
    }

    /**
     * The production runtime: shared threads, the shared timer and WebSocket transports of the options' {@link
     * ClientOptions#webSocketEngine() engine}. State machines and default callbacks run on separate shared pools, so
     * listeners that block cannot delay any client's timers or protocol handling.
     */
    public static ClientRuntime shared(ClientOptions options, Log log) {
        TransportFactory transports = switch (options.webSocketEngine()) {
            case JDK -> JdkWebSocketTransport.factory(options.sslContext(), options.realtimeRequestTimeout(), log);
            case NIO -> NioWebSocketTransport.factory(options.sslContext(), options.realtimeRequestTimeout(), log);
        };
        return new ClientRuntime(
                SharedResources.workers(),
                SharedResources.callbacks(),
                SharedResources.scheduler(),
                transports,
                () -> ThreadLocalRandom.current().nextDouble(),
                JdkHttpTransport.create(options.sslContext(), options.httpOpenTimeout()));
    }

    public Executor executor() {
        return executor;
    }

    /** Backs the client's callbacks when the options name no executor. */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public TransportFactory transports() {
        return transports;
    }

    public DoubleSupplier jitter() {
        return jitter;
    }

    /** Sends HTTP requests. */
    public HttpTransport http() {
        return http;
    }
}
