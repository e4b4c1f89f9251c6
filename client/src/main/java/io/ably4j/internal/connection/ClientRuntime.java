package io.ably4j.internal.connection;

import io.ably4j.ClientOptions;
import io.ably4j.internal.transport.JdkWebSocketTransport;
import io.ably4j.internal.transport.TransportFactory;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.Scheduler;
import io.ably4j.internal.util.SharedResources;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * What a client runs on: the executor behind its serial executors, the scheduler (clock and timers), the transport
 * factory and the random source for retry jitter. Production clients use {@link #shared}; unit tests inject fakes.
 */
public final class ClientRuntime {
    private final Executor executor;
    private final Scheduler scheduler;
    private final TransportFactory transports;
    private final DoubleSupplier jitter;

    /**
     * @param executor backs the client's serial executors (and its callbacks, unless the options name an executor)
     * @param scheduler timers and clock
     * @param transports opens transports
     * @param jitter uniform random numbers in [0, 1) for RTB1b retry jitter
     */
    public ClientRuntime(Executor executor, Scheduler scheduler, TransportFactory transports, DoubleSupplier jitter) {
        this.executor = executor;
        this.scheduler = scheduler;
        this.transports = transports;
        this.jitter = jitter;
    }

    /** The production runtime: shared threads, the shared timer and JDK WebSocket transports. */
    public static ClientRuntime shared(ClientOptions options, Log log) {
        return new ClientRuntime(
                SharedResources.workers(),
                SharedResources.scheduler(),
                JdkWebSocketTransport.factory(options.sslContext(), options.realtimeRequestTimeout(), log),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    public Executor executor() {
        return executor;
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
}
