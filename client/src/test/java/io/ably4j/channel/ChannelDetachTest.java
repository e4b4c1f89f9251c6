package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelEvent;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_detach.md (RTL5). */
@NullUnmarked
class ChannelDetachTest extends ChannelTestSupport {

    @Test
    void RTL5a_detach_initialized_noop_0() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL5a");
        List<ChannelStateChange> changes = new ArrayList<>();
        ch.on(changes::add);
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(changes).isEmpty();
        assertThat(sent(Action.DETACH)).isEmpty();
    }

    @Test
    void RTL5a_detach_already_detached_noop_1() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL5a-detached");
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(sent(Action.DETACH)).hasSize(1);
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(sent(Action.DETACH)).hasSize(1);
    }

    @Test
    void RTL5i_detach_while_detaching_0() {
        String name = "test-RTL5i";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(name));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, name);
        CompletableFuture<Void> d1 = ch.detach();
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHING);
        CompletableFuture<Void> d2 = ch.detach();
        deliver(detached(name));
        rt.await(d1);
        rt.await(d2);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(sent(Action.DETACH)).hasSize(1);
    }

    @Test
    void RTL5i_detach_while_attaching_1() {
        String name = "test-RTL5i-attaching";
        server(m -> {
            if (m.action() == Action.DETACH) {
                toClient(detached(name));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        CompletableFuture<Void> attach = ch.attach();
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        CompletableFuture<Void> detach = ch.detach();
        deliver(attached(name));
        rt.await(attach);
        rt.await(detach);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(fromClient).extracting(ProtocolMessage::action).containsExactly(Action.ATTACH, Action.DETACH);
    }

    @Test
    void RTL5b_detach_failed_errors_0() {
        String name = "test-RTL5b";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(channelError(name, 40160, "Not permitted"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        errorOf(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        ErrorInfo e = errorOf(ch.detach());
        assertThat(e.code()).isEqualTo(90001);
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
    }

    @Test
    void RTL5j_detach_suspended_to_detached_0() {
        RealtimeClient client = connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100)));
        RealtimeChannel ch = client.channels().get("test-RTL5j");
        CompletableFuture<Void> attach = ch.attach();
        rt.drain();
        rt.advanceMillis(150);
        errorOf(attach);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(sent(Action.DETACH)).isEmpty();
    }

    @Test
    void RTL5l_detach_not_connected_immediate_0() {
        ws.onConnectionAttempt(c -> {});
        RealtimeClient client = client();
        RealtimeChannel ch = client.channels().get("test-RTL5l");
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        CompletableFuture<Void> attach = ch.attach();
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(sent(Action.DETACH)).isEmpty();
        assertThat(attach).isCompletedExceptionally();
    }

    @Test
    void RTL5l_detach_attached_when_disconnected_1() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-channel");
        ws.onConnectionAttempt(c -> {}); // stay DISCONNECTED/CONNECTING
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isIn(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING);
        fromClient.clear();
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(sent(Action.DETACH)).isEmpty();
    }

    @Test
    void RTL5d_normal_detach_flow_0() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL5d");
        AtomicReference<ChannelState> during = new AtomicReference<>();
        ch.on(ChannelEvent.DETACHING, c -> during.set(c.current()));
        rt.await(ch.detach());
        assertThat(during.get()).isEqualTo(ChannelState.DETACHING);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        ProtocolMessage detach = sent(Action.DETACH).get(0);
        assertThat(detach.channel()).isEqualTo("test-RTL5d");
    }

    @Test
    void RTL5f_timeout_returns_previous_state_0() {
        String name = "test-RTL5f";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(name));
            }
        });
        RealtimeClient client = connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100)));
        RealtimeChannel ch = attachedChannel(client, name);
        CompletableFuture<Void> detach = ch.detach();
        rt.drain();
        rt.advanceMillis(150);
        ErrorInfo e = errorOf(detach);
        assertThat(e.code()).isEqualTo(90007);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTL5k_attached_while_detaching_0() {
        String name = "test-RTL5k";
        AtomicInteger detaches = new AtomicInteger();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(name));
            } else if (m.action() == Action.DETACH) {
                toClient(detaches.incrementAndGet() == 1 ? attached(name) : detached(name));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, name);
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(detaches.get()).isEqualTo(2);
    }

    @Test
    void RTL5k_attached_while_detached_1() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL5k-detached");
        rt.await(ch.detach());
        assertThat(sent(Action.DETACH)).hasSize(1);
        deliver(attached("test-RTL5k-detached"));
        assertThat(sent(Action.DETACH)).hasSize(2);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
    }

    @Test
    void RTL5_detach_state_change_events_0() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL5");
        List<ChannelStateChange> changes = new ArrayList<>();
        ch.on(changes::add);
        rt.await(ch.attach());
        changes.clear();
        rt.await(ch.detach());
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).current()).isEqualTo(ChannelState.DETACHING);
        assertThat(changes.get(0).previous()).isEqualTo(ChannelState.ATTACHED);
        assertThat(changes.get(0).event()).isEqualTo(ChannelEvent.DETACHING);
        assertThat(changes.get(1).current()).isEqualTo(ChannelState.DETACHED);
        assertThat(changes.get(1).previous()).isEqualTo(ChannelState.DETACHING);
        assertThat(changes.get(1).event()).isEqualTo(ChannelEvent.DETACHED);
    }

    @Test
    void RTL5k_RTL5f_detachTimeoutAfterUnexpectedAttached_returnsToDetached() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            } else if (m.action() == Action.DETACH && sent(Action.DETACH).size() == 1) {
                toClient(detached(m.channel())); // only the first DETACH is answered
            }
        });
        RealtimeClient client = connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100)));
        RealtimeChannel ch = attachedChannel(client, "test-RTL5k-RTL5f");
        rt.await(ch.detach());
        deliver(attached("test-RTL5k-RTL5f")); // RTL5k: DETACHING, a new DETACH is sent
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHING);
        assertThat(sent(Action.DETACH)).hasSize(2);
        rt.advanceMillis(150); // RTL5f: the channel returns to its previous state, DETACHED
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
    }
}
