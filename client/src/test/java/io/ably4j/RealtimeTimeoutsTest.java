package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.AblyException;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/client/realtime_timeouts.md} (RTC7). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class RealtimeTimeoutsTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    /** A connected client with realtimeRequestTimeout 500 ms; {@code server} sees every message the client sends. */
    private RealtimeClient connectedWith500msRequestTimeout(Consumer<ProtocolMessage> server) {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("connection-id", "connection-key"));
        rt.ws.onMessageFromClient(server);
        RealtimeClient client = rt.client(b -> b.autoConnect(false).realtimeRequestTimeout(Duration.ofMillis(500)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    @Test
    void RTC7_attach_request_timeout_0() {
        String name = "test-RTC7-attach";
        RealtimeClient client = connectedWith500msRequestTimeout(m -> {}); // ATTACH is never answered
        RealtimeChannel channel = client.channels().get(name);
        CompletableFuture<Void> attach = channel.attach();
        rt.drain();
        assertThat(rt.ws.sent(Action.ATTACH)).hasSize(1);
        rt.advanceMillis(499);
        assertThat(attach).isNotDone(); // not before the configured 500 ms
        rt.advanceMillis(101);
        Throwable error = rt.awaitError(attach);
        assertThat(error).isInstanceOf(AblyException.class);
        assertThat(channel.state()).isEqualTo(ChannelState.SUSPENDED); // RTL4f
    }

    @Test
    void RTC7_detach_request_timeout_1() {
        String name = "test-RTC7-detach";
        AtomicBoolean ignoreDetach = new AtomicBoolean();
        RealtimeClient client = connectedWith500msRequestTimeout(m -> {
            if (m.action() == Action.ATTACH) {
                rt.ws.activeConnection()
                        .sendToClient(ProtocolMessage.builder(Action.ATTACHED)
                                .channel(name)
                                .build());
            } else if (m.action() == Action.DETACH && !ignoreDetach.get()) {
                rt.ws.activeConnection()
                        .sendToClient(ProtocolMessage.builder(Action.DETACHED)
                                .channel(name)
                                .build());
            }
        });
        RealtimeChannel channel = client.channels().get(name);
        rt.await(channel.attach());
        ignoreDetach.set(true);
        CompletableFuture<Void> detach = channel.detach();
        rt.drain();
        assertThat(rt.ws.sent(Action.DETACH)).hasSize(1);
        assertThat(channel.state()).isEqualTo(ChannelState.DETACHING);
        rt.advanceMillis(499);
        assertThat(detach).isNotDone(); // not before the configured 500 ms
        rt.advanceMillis(101);
        Throwable error = rt.awaitError(detach);
        assertThat(error).isInstanceOf(AblyException.class);
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED); // RTL5f
    }

    @Test
    void RTC7_disconnected_retry_timeout_2() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithSuccess();
                c.sendToClient(ProtocolMessage.builder(Action.CONNECTED)
                        .connectionId("connection-id")
                        .connectionDetails(ConnectionDetails.builder()
                                .connectionKey("connection-key")
                                .maxIdleInterval(0L)
                                .connectionStateTtl(120_000L)
                                .build())
                        .build());
            } else {
                c.respondWithRefused();
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofSeconds(2)));
        client.connect();
        rt.drain();
        assertThat(attempts).hasValue(1);
        rt.ws.activeConnection().closeFromServer();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        int afterImmediate = attempts.get();
        assertThat(afterImmediate).isEqualTo(2); // RTN15a: the first retry is immediate
        rt.advanceMillis(1500);
        assertThat(attempts).hasValue(afterImmediate);
        rt.advanceMillis(1500);
        assertThat(attempts.get()).isGreaterThan(afterImmediate);
    }

    /** Adapted: HTTP timeouts (TO3l3, TO3l4) belong to REST (M3) and are not options yet. */
    @Test
    void RTC7_default_timeouts_applied_3() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        assertThat(client.options().realtimeRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(client.options().disconnectedRetryTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(client.options().suspendedRetryTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
