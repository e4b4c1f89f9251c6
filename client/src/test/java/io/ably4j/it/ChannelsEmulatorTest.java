package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import io.ably4j.types.PublishResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Channels and publishing against the in-process emulator over real WebSockets, in JSON and msgpack: connect, ping,
 * attach, subscribe, publish with ACK, NACK, detach, release, close, and 50+ concurrent clients (RTN5). Waits are
 * bounded by deadlines; nothing sleeps.
 */
@NullUnmarked
class ChannelsEmulatorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final String LIMITED_KEY = "emulator.limited:limited-secret";
    private static Emulator emulator;
    private final List<RealtimeClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        emulator = Emulator.builder()
                .port(0)
                .key(Emulator.DEFAULT_KEY)
                .key(LIMITED_KEY, "{\"open:*\":[\"publish\",\"subscribe\"],\"readonly:*\":[\"subscribe\"]}")
                .maxMessageSize(2048)
                .build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (RealtimeClient c : clients) {
            c.close();
        }
        for (RealtimeClient c : clients) {
            await(c.connection().whenState(ConnectionState.CLOSED));
        }
    }

    private RealtimeClient client(boolean binary, String key) {
        RealtimeClient c = new RealtimeClient(ClientOptions.builder()
                .key(key)
                .endpoint("localhost")
                .tls(false)
                .port(emulator.port())
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .useBinaryProtocol(binary)
                .build());
        clients.add(c);
        return c;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static AblyException awaitFailure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(AblyException.class);
            return (AblyException) e.getCause();
        }
        throw new AssertionError("expected failure");
    }

    private static Message poll(LinkedBlockingQueue<Message> q) throws InterruptedException, TimeoutException {
        Message m = q.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            throw new TimeoutException("no message within " + DEADLINE);
        }
        return m;
    }

    @ParameterizedTest(name = "binary={0}")
    @ValueSource(booleans = {false, true})
    void RTL4_RTL7_RTL6_attachSubscribePublishDetachRelease(boolean binary) throws Exception {
        RealtimeClient a = client(binary, Emulator.DEFAULT_KEY);
        RealtimeClient b = client(binary, Emulator.DEFAULT_KEY);
        await(a.connection().whenState(ConnectionState.CONNECTED));
        assertThat(await(a.connection().ping())).isNotNull();

        String name = "it-basic-" + binary;
        RealtimeChannel sub = b.channels().get(name);
        LinkedBlockingQueue<Message> all = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Message> named = new LinkedBlockingQueue<>();
        sub.subscribe(all::add);
        sub.subscribe("greeting", named::add);
        await(sub.whenState(ChannelState.ATTACHED)); // implicit attach (RTL7g)

        RealtimeChannel pub = a.channels().get(name);
        await(pub.attach());
        assertThat(pub.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(pub.properties().attachSerial()).isNotNull();

        PublishResult r1 = await(pub.publish("other", "x"));
        PublishResult r2 = await(pub.publish("greeting", "hello"));
        PublishResult r3 = await(pub.publish(Message.of("bin", new byte[] {1, 2, 3})));
        assertThat(r1.serials()).hasSize(1);
        assertThat(r2.serials()).hasSize(1);
        assertThat(r3.serials()).hasSize(1);

        Message m1 = poll(all);
        Message m2 = poll(all);
        Message m3 = poll(all);
        assertThat(m1.name()).isEqualTo("other");
        assertThat(m2.data()).isEqualTo("hello");
        assertThat((byte[]) m3.data()).containsExactly(1, 2, 3);
        assertThat(m1.connectionId()).isEqualTo(a.connection().id());
        assertThat(m1.id()).isNotNull();
        assertThat(m1.timestamp()).isNotNull();
        assertThat(poll(named).name()).isEqualTo("greeting");
        assertThat(named).isEmpty();

        await(sub.detach());
        assertThat(sub.state()).isEqualTo(ChannelState.DETACHED);
        await(b.channels().release(name));
        assertThat(b.channels().exists(name)).isFalse();
    }

    @ParameterizedTest(name = "binary={0}")
    @ValueSource(booleans = {false, true})
    void RTL6j_nackSurfacedForMissingCapability(boolean binary) throws Exception {
        RealtimeClient c = client(binary, LIMITED_KEY);
        RealtimeChannel readonly = c.channels().get("readonly:x");
        await(readonly.attach());
        AblyException e = awaitFailure(readonly.publish("n", "d"));
        assertThat(e.errorInfo().code()).isEqualTo(40160);
        // the connection and channel stay usable
        assertThat(c.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        RealtimeChannel open = c.channels().get("open:x");
        await(open.attach());
        assertThat(await(open.publish("n", "d")).serials()).hasSize(1);
    }

    @ParameterizedTest(name = "binary={0}")
    @ValueSource(booleans = {false, true})
    void RTL14_attachWithoutCapabilityFails(boolean binary) throws Exception {
        RealtimeClient c = client(binary, LIMITED_KEY);
        RealtimeChannel ch = c.channels().get("forbidden");
        AblyException e = awaitFailure(ch.attach());
        assertThat(e.errorInfo().code()).isEqualTo(40160);
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(c.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @ParameterizedTest(name = "binary={0}")
    @ValueSource(booleans = {false, true})
    void RSL1i_maxMessageSizeFromConnectionDetails(boolean binary) throws Exception {
        RealtimeClient c = client(binary, Emulator.DEFAULT_KEY);
        await(c.connection().whenState(ConnectionState.CONNECTED));
        RealtimeChannel ch = c.channels().get("it-size-" + binary);
        await(ch.attach());
        AblyException e = awaitFailure(ch.publish("big", "x".repeat(4096)));
        assertThat(e.errorInfo().code()).isEqualTo(40009);
        assertThat(await(ch.publish("small", "x".repeat(100))).serials()).hasSize(1);
    }

    @ParameterizedTest(name = "binary={0}")
    @ValueSource(booleans = {false, true})
    void RTN5_fiftyConcurrentClientsEachReceive(boolean binary) throws Exception {
        int n = 52;
        String name = "it-fanout-" + binary;
        CountDownLatch received = new CountDownLatch(n);
        List<CompletableFuture<?>> attached = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RealtimeClient c = client(binary, Emulator.DEFAULT_KEY);
            RealtimeChannel ch = c.channels().get(name);
            ch.subscribe("ping", m -> received.countDown());
            attached.add(ch.whenState(ChannelState.ATTACHED));
        }
        await(CompletableFuture.allOf(attached.toArray(new CompletableFuture<?>[0])));
        RealtimeClient publisher = client(binary, Emulator.DEFAULT_KEY);
        await(publisher.channels().get(name).publish("ping", "hello all"));
        assertThat(received.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    }

    @ParameterizedTest(name = "binary={0}")
    @ValueSource(booleans = {false, true})
    void RTL3b_closeDetachesChannels(boolean binary) throws Exception {
        RealtimeClient c = client(binary, Emulator.DEFAULT_KEY);
        RealtimeChannel ch = c.channels().get("it-close-" + binary);
        await(ch.attach());
        c.close();
        await(c.connection().whenState(ConnectionState.CLOSED));
        await(ch.whenState(ChannelState.DETACHED));
        assertThatThrownBy(() -> await(ch.attach())).hasCauseInstanceOf(AblyException.class);
    }
}
