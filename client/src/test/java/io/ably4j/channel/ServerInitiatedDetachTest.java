package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_server_initiated_detach.md (RTL13). */
@NullUnmarked
class ServerInitiatedDetachTest extends ChannelTestSupport {
    private static final String CH = "test-RTL13";
    private final AtomicInteger attaches = new AtomicInteger();
    private final List<ChannelStateChange> changes = new ArrayList<>();

    /** Answers the n-th ATTACH (1-based) with ATTACHED when {@code answer} accepts n; DETACH with DETACHED. */
    private void attachServer(IntPredicate answer) {
        server(m -> {
            if (m.action() == Action.ATTACH && answer.test(attaches.incrementAndGet())) {
                toClient(attached(m.channel()));
            } else if (m.action() == Action.DETACH) {
                toClient(detached(m.channel()));
            }
        });
    }

    private static ProtocolMessage serverDetached(int code, String message) {
        return ProtocolMessage.builder(Action.DETACHED)
                .channel(CH)
                .error(ErrorInfo.of(code, 500, message))
                .build();
    }

    private RealtimeChannel attached(RealtimeClient client) {
        RealtimeChannel ch = client.channels().get(CH);
        rt.await(ch.attach());
        ch.on(changes::add);
        return ch;
    }

    private List<ChannelState> states() {
        return changes.stream().map(ChannelStateChange::current).toList();
    }

    @Test
    void RTL13a_attached_reattach_triggered_0() {
        attachServer(n -> true);
        RealtimeChannel ch = attached(connectedClient());
        assertThat(attaches.get()).isEqualTo(1);
        deliver(serverDetached(90198, "Server detached channel"));
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(attaches.get()).isEqualTo(2);
        assertThat(changes.get(0).current()).isEqualTo(ChannelState.ATTACHING);
        assertThat(changes.get(0).previous()).isEqualTo(ChannelState.ATTACHED);
        assertThat(changes.get(0).reason().code()).isEqualTo(90198);
        assertThat(changes.get(1).current()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTL13a_suspended_reattach_triggered_1() {
        attachServer(n -> n != 2);
        RealtimeChannel ch = attached(connectedClient(
                b -> b.realtimeRequestTimeout(Duration.ofMillis(100)).channelRetryTimeout(Duration.ofMinutes(1))));
        deliver(serverDetached(90198, "Detach 1"));
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        rt.advanceMillis(150);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        deliver(serverDetached(90199, "Detach 2"));
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(attaches.get()).isEqualTo(3);
    }

    @Test
    void RTL13b_failed_reattach_suspended_retry_0() {
        attachServer(n -> n != 2);
        RealtimeChannel ch = attached(connectedClient(
                b -> b.realtimeRequestTimeout(Duration.ofMillis(100)).channelRetryTimeout(Duration.ofMillis(200))));
        deliver(serverDetached(90198, "Server detached"));
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        assertThat(attaches.get()).isEqualTo(2);
        rt.advanceMillis(150);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        rt.advanceMillis(250);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(attaches.get()).isEqualTo(3);
        assertThat(states())
                .containsSubsequence(
                        ChannelState.ATTACHING, ChannelState.SUSPENDED, ChannelState.ATTACHING, ChannelState.ATTACHED);
    }

    @Test
    void RTL13b_attaching_detached_to_suspended_1() {
        attachServer(n -> n == 2);
        RealtimeClient client = connectedClient(
                b -> b.realtimeRequestTimeout(Duration.ofMillis(500)).channelRetryTimeout(Duration.ofMillis(200)));
        RealtimeChannel ch = client.channels().get(CH);
        fire(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        ch.on(changes::add);
        deliver(serverDetached(90198, "Server detached"));
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        assertThat(attaches.get()).isEqualTo(1);
        rt.advanceMillis(250);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(attaches.get()).isEqualTo(2);
        assertThat(changes.get(0).current()).isEqualTo(ChannelState.SUSPENDED);
        assertThat(changes.get(0).previous()).isEqualTo(ChannelState.ATTACHING);
        assertThat(changes.get(0).reason().code()).isEqualTo(90198);
    }

    /**
     * The UTS advances 150 + 250 ms per cycle, which puts the first retry's timeout exactly on the assertion; and
     * RTL13b retries after the RTB1 backoff, so the second retry comes 200 x 4/3 ms after the second SUSPENDED (jitter
     * fixed at 1 here). The test advances 150 + 200, then 150 + 300 ms.
     */
    @Test
    void RTL13b_repeated_failure_cycle_2() {
        attachServer(n -> n == 1 || n >= 4);
        RealtimeChannel ch = attached(connectedClient(
                b -> b.realtimeRequestTimeout(Duration.ofMillis(100)).channelRetryTimeout(Duration.ofMillis(200))));
        deliver(serverDetached(90198, "Detach"));
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        rt.advanceMillis(150);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        rt.advanceMillis(200);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        assertThat(attaches.get()).isEqualTo(3);
        rt.advanceMillis(150);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        rt.advanceMillis(300);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(attaches.get()).isEqualTo(4);
        assertThat(states())
                .containsSubsequence(
                        ChannelState.ATTACHING,
                        ChannelState.SUSPENDED,
                        ChannelState.ATTACHING,
                        ChannelState.SUSPENDED,
                        ChannelState.ATTACHING,
                        ChannelState.ATTACHED);
    }

    @Test
    void RTL13c_retry_cancelled_disconnected_0() {
        attachServer(n -> n == 1);
        RealtimeClient client = connectedClient(
                b -> b.realtimeRequestTimeout(Duration.ofMillis(100)).channelRetryTimeout(Duration.ofMillis(200)));
        RealtimeChannel ch = attached(client);
        deliver(serverDetached(90198, "Detach"));
        rt.advanceMillis(150);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        ws.onConnectionAttempt(c -> {}); // the reconnection hangs: the channel is governed by RTL3 now
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isNotEqualTo(ConnectionState.CONNECTED);
        int after = attaches.get();
        rt.advanceMillis(500);
        assertThat(attaches.get()).isEqualTo(after);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
    }

    @Test
    void RTL13a_detaching_not_server_initiated_2() {
        attachServer(n -> true);
        RealtimeChannel ch = attached(connectedClient());
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(attaches.get()).isEqualTo(1);
    }
}
