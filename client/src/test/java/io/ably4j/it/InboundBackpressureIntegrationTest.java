package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import io.ably4j.emulator.Emulator;
import io.ably4j.internal.connection.ClientAccess;
import io.ably4j.internal.connection.InboundBacklog;
import io.ably4j.types.PublishResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The inbound backlog bound against the emulator, once per WebSocket engine (and NIO over TLS): a subscriber whose
 * listener blocks while 20,000 messages are published. The client's backlog gauge never passes the bound (plus, for
 * the NIO engine, the one socket read that was in progress), the transport stops reading so the rest waits in TCP
 * buffers and at the emulator, the connection stays CONNECTED (no DISCONNECTED) for several idle timeouts
 * (maxIdleInterval + realtimeRequestTimeout, RTN23a) while paused, and after the listener is released every message
 * arrives exactly once, in order.
 *
 * <p>The emulator's slow-consumer limit ({@code outboundQueueLimit}, 4 MiB by default) is raised so that it holds
 * what the paused client does not read; with the default it would drop the connection, as Ably does with consumers
 * that stay too slow for too long (see docs/transport.md).
 */
class InboundBackpressureIntegrationTest {
    private static final String KEY = "backpressure.key:secret";
    private static final int MESSAGES = 20_000;
    private static final String PADDING = "x".repeat(200);
    private static final Duration MAX_IDLE = Duration.ofMillis(300);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(1500);
    /** The idle timeout the client would apply: maxIdleInterval + realtimeRequestTimeout. */
    private static final Duration IDLE_TIMEOUT = MAX_IDLE.plus(REQUEST_TIMEOUT);
    /** What the NIO engine may deliver after the pause: the rest of the socket read in progress. */
    private static final int NIO_READ_SLACK = 64 * 1024;

    static Stream<Arguments> engines() {
        return Stream.of(
                Arguments.of(WebSocketEngine.JDK, false),
                Arguments.of(WebSocketEngine.NIO, false),
                Arguments.of(WebSocketEngine.NIO, true));
    }

    private static ClientOptions.Builder options(Emulator emulator, WebSocketEngine engine, boolean tls) {
        ClientOptions.Builder b = ClientOptions.builder()
                .key(KEY)
                .endpoint("localhost")
                .webSocketEngine(engine)
                .realtimeRequestTimeout(REQUEST_TIMEOUT)
                // the short request timeout (for a short idle timeout) can expire on a loaded machine: retry soon
                .disconnectedRetryTimeout(Duration.ofMillis(200))
                .channelRetryTimeout(Duration.ofMillis(200))
                .autoConnect(false)
                .tls(tls);
        if (tls) {
            b.tlsPort(emulator.port()).sslContext(emulator.clientSslContext());
        } else {
            b.port(emulator.port()).allowInsecureBasicAuthForLocalDevelopment(true);
        }
        return b;
    }

    @ParameterizedTest(name = "{0} tls={1}")
    @MethodSource("engines")
    void slowListener_backlogBounded_readingPaused_connectionKept_allDeliveredInOrder(
            WebSocketEngine engine, boolean tls) throws Exception {
        long deadline = 3 * UtsSandbox.DEADLINE.toMillis();
        try (Emulator emulator = Emulator.builder()
                        .port(0)
                        .key(KEY)
                        .tls(tls)
                        .maxIdleInterval(MAX_IDLE)
                        .outboundQueueLimit(256 << 20)
                        .build();
                RealtimeClient subscriber =
                        new RealtimeClient(options(emulator, engine, tls).build());
                RealtimeClient publisher = new RealtimeClient(options(emulator, engine, tls)
                        .webSocketEngine(WebSocketEngine.JDK)
                        .build())) {
            InboundBacklog backlog = ClientAccess.get().manager(subscriber).backlog();
            List<ConnectionState> changes = new CopyOnWriteArrayList<>();
            subscriber.connection().on(c -> changes.add(c.current()));
            subscriber.connect();
            publisher.connect();
            subscriber.connection().whenState(ConnectionState.CONNECTED).get(deadline, TimeUnit.MILLISECONDS);

            CountDownLatch release = new CountDownLatch(1);
            AtomicBoolean blocked = new AtomicBoolean();
            List<String> received = new CopyOnWriteArrayList<>();
            RealtimeChannel channel = subscriber.channels().get("slow");
            channel.subscribe(m -> {
                if (blocked.compareAndSet(false, true)) {
                    try {
                        release.await(); // a listener that cannot keep up
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                received.add(String.valueOf(m.data()));
            });
            channel.whenState(ChannelState.ATTACHED).get(deadline, TimeUnit.MILLISECONDS);

            RealtimeChannel out = publisher.channels().get("slow");
            List<CompletableFuture<PublishResult>> acks = new ArrayList<>(MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                acks.add(out.publish("m", i + ":" + PADDING));
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadline);
            while (!backlog.readingPaused() && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(backlog.readingPaused()).as("reading paused").isTrue();

            // Paused for three idle timeouts: the emulator's pings wait unread, yet the connection stays up.
            long holdUntil = System.nanoTime() + 3 * IDLE_TIMEOUT.toNanos();
            while (System.nanoTime() < holdUntil) {
                assertThat(subscriber.connection().state()).isEqualTo(ConnectionState.CONNECTED);
                assertThat(backlog.readingPaused()).isTrue();
                Thread.sleep(50); // sampling the state over a fixed period, not waiting for a state
            }
            assertThat(received).isEmpty();
            assertThat(backlog.frames()).isLessThan(MESSAGES / 2);

            release.countDown();
            until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadline);
            while (received.size() < MESSAGES && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            List<String> expected = new ArrayList<>(MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                expected.add(i + ":" + PADDING);
            }
            assertThat(received).hasSize(MESSAGES).isEqualTo(expected); // exactly once, in order

            int frameSlack = engine == WebSocketEngine.NIO ? NIO_READ_SLACK / PADDING.length() + 1 : 0;
            long byteSlack = engine == WebSocketEngine.NIO ? NIO_READ_SLACK : 0;
            assertThat(backlog.peakFrames()).isGreaterThanOrEqualTo(Math.min(backlog.maxFrames(), 1000));
            assertThat(backlog.peakFrames()).isLessThanOrEqualTo(backlog.maxFrames() + frameSlack);
            assertThat(backlog.peakBytes()).isLessThanOrEqualTo(backlog.maxBytes() + byteSlack);
            assertThat(backlog.pauses()).isGreaterThanOrEqualTo(1);
            assertThat(subscriber.connection().state()).isEqualTo(ConnectionState.CONNECTED);
            assertThat(changes).doesNotContain(ConnectionState.DISCONNECTED, ConnectionState.SUSPENDED);
        }
    }
}
