package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_connection_state.md (RTL3). */
@NullUnmarked
class ChannelConnectionStateTest extends ChannelTestSupport {
    private final List<ChannelStateChange> changes = new ArrayList<>();

    private ChannelStateChange change(ChannelState to) {
        return changes.stream()
                .filter(c -> c.current() == to)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no change to " + to + " in " + changes));
    }

    private void failConnection() {
        ws.activeConnection().sendToClientAndClose(Fixtures.error(40198, 400, "Fatal"));
        rt.drain();
    }

    private RealtimeChannel attaching(RealtimeClient client, String name) {
        RealtimeChannel ch = client.channels().get(name);
        fire(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        return ch;
    }

    @Test
    void RTL3e_disconnected_attached_noop_0() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL3e");
        ch.on(changes::add);
        ws.onConnectionAttempt(c -> {}); // the reconnection hangs
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isNotEqualTo(ConnectionState.CONNECTED);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(changes).isEmpty();
    }

    @Test
    void RTL3e_disconnected_attaching_noop_1() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attaching(client, "test-RTL3e-attaching");
        ch.on(changes::add);
        ws.onConnectionAttempt(c -> {});
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        assertThat(changes).isEmpty();
    }

    @Test
    void RTL3a_failed_attached_to_failed_0() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL3a");
        ch.on(changes::add);
        failConnection();
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(ch.errorReason().code()).isEqualTo(40198);
        ChannelStateChange failed = change(ChannelState.FAILED);
        assertThat(failed.previous()).isEqualTo(ChannelState.ATTACHED);
        assertThat(failed.reason().code()).isEqualTo(40198);
    }

    @Test
    void RTL3a_failed_attaching_to_failed_1() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attaching(client, "test-RTL3a-attaching");
        ch.on(changes::add);
        failConnection();
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(ch.errorReason()).isNotNull();
        assertThat(change(ChannelState.FAILED).previous()).isEqualTo(ChannelState.ATTACHING);
    }

    @Test
    void RTL3a_other_states_unaffected_2() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel initialized = client.channels().get("test-RTL3a-init");
        RealtimeChannel detachedCh = attachedChannel(client, "test-RTL3a-detached");
        rt.await(detachedCh.detach());
        List<ChannelStateChange> initChanges = new ArrayList<>();
        initialized.on(initChanges::add);
        detachedCh.on(changes::add);
        failConnection();
        assertThat(initialized.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(detachedCh.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(initChanges).isEmpty();
        assertThat(changes).isEmpty();
    }

    @Test
    void RTL3b_closed_attached_to_detached_0() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL3b");
        ch.on(changes::add);
        ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(change(ChannelState.DETACHED).previous()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTL3b_closed_attaching_to_detached_1() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attaching(client, "test-RTL3b-attaching");
        ch.on(changes::add);
        ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        client.close();
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(change(ChannelState.DETACHED).previous()).isEqualTo(ChannelState.ATTACHING);
    }

    @Test
    void RTL3c_suspended_attached_to_suspended_0() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL3c");
        ch.on(changes::add);
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        ws.activeConnection().simulateDisconnect(null);
        advanceUntil(client, ConnectionState.SUSPENDED, 5000, 40);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        assertThat(change(ChannelState.SUSPENDED).previous()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTL3c_suspended_attaching_to_suspended_1() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL3c-attaching");
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        fire(ch.attach()); // RTL4i: ATTACHING while DISCONNECTED
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        ch.on(changes::add);
        advanceUntil(client, ConnectionState.SUSPENDED, 5000, 40);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        assertThat(change(ChannelState.SUSPENDED).previous()).isEqualTo(ChannelState.ATTACHING);
    }

    @Test
    void RTL3d_reattach_attached_with_serial_0() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(ProtocolMessage.builder(Action.ATTACHED)
                        .channel(m.channel())
                        .channelSerial("serial-001")
                        .build());
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL3d");
        assertThat(sent(Action.ATTACH)).hasSize(1);
        ch.on(changes::add);
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(sent(Action.ATTACH)).hasSize(2);
        assertThat(sent(Action.ATTACH).get(1).channelSerial()).isEqualTo("serial-001");
        assertThat(changes)
                .extracting(ChannelStateChange::current)
                .containsSubsequence(ChannelState.ATTACHING, ChannelState.ATTACHED);
    }

    @Test
    void RTL3d_reattach_suspended_channels_1() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL3d-suspended");
        ch.on(changes::add);
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        ws.activeConnection().simulateDisconnect(null);
        advanceUntil(client, ConnectionState.SUSPENDED, 5000, 40);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        ws.respondToEveryAttemptWith(Fixtures.connected());
        advanceUntil(client, ConnectionState.CONNECTED, 2500, 20);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(sent(Action.ATTACH).size()).isGreaterThanOrEqualTo(2);
        assertThat(changes)
                .extracting(ChannelStateChange::current)
                .containsSubsequence(ChannelState.SUSPENDED, ChannelState.ATTACHING, ChannelState.ATTACHED);
    }

    @Test
    void RTL3d_init_detached_not_reattached_2() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel initialized = client.channels().get("test-RTL3d-init");
        RealtimeChannel detachedCh = attachedChannel(client, "test-RTL3d-detached");
        rt.await(detachedCh.detach());
        List<ChannelStateChange> initChanges = new ArrayList<>();
        initialized.on(initChanges::add);
        detachedCh.on(changes::add);
        fromClient.clear();
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(initialized.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(detachedCh.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(initChanges).isEmpty();
        assertThat(changes).isEmpty();
        assertThat(sent(Action.ATTACH)).isEmpty();
    }

    @Test
    void RTL3d_multiple_channels_reattached_3() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch1 = attachedChannel(client, "test-RTL3d-1");
        RealtimeChannel ch2 = attachedChannel(client, "test-RTL3d-2");
        fromClient.clear();
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(ch1.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(ch2.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(sent(Action.ATTACH))
                .extracting(ProtocolMessage::channel)
                .containsExactlyInAnyOrder("test-RTL3d-1", "test-RTL3d-2");
    }
}
