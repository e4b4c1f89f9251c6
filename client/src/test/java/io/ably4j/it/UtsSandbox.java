package io.ably4j.it;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.AblyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The "Ably sandbox" of the UTS realtime integration specs, mapped onto an in-process {@link Emulator}: the app that
 * the specs provision from {@code ably-common/test-resources/test-app-setup.json} becomes emulator keys with the same
 * capabilities ({@link #API_KEY} is {@code keys[0]}, {@link #SUBSCRIBE_ONLY_KEY} is {@code keys[3]}), and the
 * {@code endpoint: "nonprod:sandbox"} option becomes the emulator's host and port over plain WebSockets.
 *
 * <p>Start one per test class ({@code @BeforeAll}), create clients with {@link #client}, and call {@link
 * #closeClients()} after each test (the specs' {@code CLOSE_CLIENT}). Every wait is bounded by {@link #DEADLINE}.
 */
final class UtsSandbox implements AutoCloseable {
    /** The bound of every wait; the specs allow 10 s for CONNECTED and 5 s for CLOSED. */
    static final Duration DEADLINE = Duration.ofSeconds(10);
    /** {@code keys[0]} of the test app: capability {@code {"*":["*"]}}. */
    static final String API_KEY = "utsapp.key0:key0-secret";
    /** {@code keys[3]} of the test app: capability {@code {"*":["subscribe"]}}. */
    static final String SUBSCRIBE_ONLY_KEY = "utsapp.key3:key3-secret";

    /** The wire format variants of the specs ({@code PROTOCOL} = json or msgpack). */
    enum Protocol {
        JSON,
        MSGPACK;

        boolean binary() {
            return this == MSGPACK;
        }
    }

    private final Emulator emulator;
    private final List<RealtimeClient> clients = new ArrayList<>();

    private UtsSandbox(Emulator emulator) {
        this.emulator = emulator;
    }

    static UtsSandbox start() {
        return new UtsSandbox(Emulator.builder()
                .port(0)
                .key(API_KEY, "{\"*\":[\"*\"]}")
                .key(SUBSCRIBE_ONLY_KEY, "{\"*\":[\"subscribe\"]}")
                .build());
    }

    /** The emulator's port. */
    int port() {
        return emulator.port();
    }

    /** A fresh suffix for channel names ({@code random_id()}). */
    static String randomId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A client of the sandbox with {@code key} and {@code protocol}, {@code autoConnect: false} (as most specs set it),
     * then {@code more} applied; closed by {@link #closeClients()}.
     */
    RealtimeClient client(String key, Protocol protocol, Consumer<ClientOptions.Builder> more) {
        ClientOptions.Builder b = ClientOptions.builder()
                .key(key)
                .endpoint("localhost")
                .port(emulator.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .autoConnect(false)
                .useBinaryProtocol(protocol.binary());
        more.accept(b);
        RealtimeClient c = new RealtimeClient(b.build());
        clients.add(c);
        return c;
    }

    RealtimeClient client(String key, Protocol protocol) {
        return client(key, protocol, b -> {});
    }

    /** {@code CLOSE_CLIENT} for every client made since the last call: closes it and waits for CLOSED (or FAILED). */
    void closeClients() throws Exception {
        try {
            for (RealtimeClient c : clients) {
                c.close();
            }
            for (RealtimeClient c : clients) {
                await(CompletableFuture.anyOf(
                        c.connection().whenState(ConnectionState.CLOSED),
                        c.connection().whenState(ConnectionState.FAILED)));
            }
        } finally {
            clients.clear();
        }
    }

    @Override
    public void close() {
        emulator.close();
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The {@link AblyException} {@code f} fails with within the deadline; an assertion error if it succeeds. */
    static AblyException awaitFailure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AblyException ably) {
                return ably;
            }
            throw new AssertionError("expected an AblyException", e.getCause());
        }
        throw new AssertionError("expected " + f + " to fail");
    }

    /** Takes the next element, failing if none arrives within the deadline. */
    static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T next = queue.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (next == null) {
            throw new AssertionError("nothing arrived within " + DEADLINE);
        }
        return next;
    }

    /** Takes {@code n} elements in arrival order, failing if they do not all arrive within the deadline. */
    static <T> List<T> poll(BlockingQueue<T> queue, int n) throws InterruptedException {
        long end = System.nanoTime() + DEADLINE.toNanos();
        List<T> taken = new ArrayList<>(n);
        while (taken.size() < n) {
            T next = queue.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null) {
                throw new AssertionError(n + " elements expected within " + DEADLINE + ", got " + taken);
            }
            taken.add(next);
        }
        return taken;
    }

    /** Records every connection state change of a client from the moment it is made, for {@code AWAIT_STATE}. */
    static final class StateLog {
        private final BlockingQueue<ConnectionStateChange> changes = new LinkedBlockingQueue<>();
        private final List<ConnectionState> seen = new ArrayList<>();

        StateLog(RealtimeClient client) {
            client.connection().on(changes::add);
        }

        /**
         * {@code AWAIT_STATE state}: consumes the recorded changes up to the first that enters {@code state}, failing
         * if none does within the deadline; the consumed states stay in {@link #seen()}.
         */
        ConnectionStateChange await(ConnectionState state) throws InterruptedException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (true) {
                ConnectionStateChange next = changes.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new AssertionError("no change to " + state + " within " + DEADLINE + "; saw " + seen);
                }
                seen.add(next.current());
                if (next.current() == state) {
                    return next;
                }
            }
        }

        /** Every state entered so far, in order (UPDATE events repeat the current state). */
        List<ConnectionState> seen() {
            return seen;
        }
    }
}
