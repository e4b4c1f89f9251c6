package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ChannelMode;
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
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_attach.md (RTL4). */
@NullUnmarked
class ChannelAttachTest extends ChannelTestSupport {

    @Test
    void RTL4a_already_attached_noop_0() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL4a");
        rt.await(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(sent(Action.ATTACH)).hasSize(1);
        rt.await(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(sent(Action.ATTACH)).hasSize(1);
    }

    @Test
    void RTL4h_attach_while_attaching_0() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL4h");
        CompletableFuture<Void> f1 = ch.attach();
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        CompletableFuture<Void> f2 = ch.attach();
        deliver(attached("test-RTL4h"));
        rt.await(f1);
        rt.await(f2);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(sent(Action.ATTACH)).hasSize(1);
    }

    @Test
    void RTL4h_attach_while_detaching_1() {
        String name = "test-RTL4h-detaching";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(name));
            } // DETACH: answered by the test
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        rt.await(ch.attach());
        CompletableFuture<Void> detach = ch.detach();
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHING);
        CompletableFuture<Void> attach = ch.attach();
        rt.drain();
        assertThat(sent(Action.ATTACH)).hasSize(1); // waits for the detach
        deliver(detached(name));
        rt.await(detach);
        rt.await(attach);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(fromClient)
                .extracting(ProtocolMessage::action)
                .containsExactly(Action.ATTACH, Action.DETACH, Action.ATTACH);
    }

    @Test
    void RTL4g_attach_from_failed_0() {
        String name = "test-RTL4g";
        AtomicInteger attaches = new AtomicInteger();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                if (attaches.incrementAndGet() == 1) {
                    toClient(channelError(name, 40160, "Denied"));
                } else {
                    toClient(attached(name));
                }
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        ErrorInfo e = errorOf(ch.attach());
        assertThat(e.code()).isEqualTo(40160);
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(ch.errorReason()).isNotNull();
        rt.await(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(ch.errorReason()).isNull();
    }

    @Test
    void RTL4c_clears_error_reason_0() {
        autoAttachServer();
        RealtimeClient client = connectedClient(b -> b.suspendedRetryTimeout(Duration.ofSeconds(2)));
        RealtimeChannel ch = client.channels().get("test-RTL4c-error-clear");
        rt.await(ch.attach());
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        ws.activeConnection().simulateDisconnect(null);
        advanceUntil(client, ConnectionState.SUSPENDED, 5000, 30);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        assertThat(ch.errorReason()).isNotNull();
        ws.respondToEveryAttemptWith(Fixtures.connected());
        advanceUntil(client, ConnectionState.CONNECTED, 2500, 10);
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(ch.errorReason()).isNull();
    }

    @Test
    void RTL4b_fails_connection_closed_0() {
        ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL4b");
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        ErrorInfo e = errorOf(ch.attach());
        assertThat(e.code()).isEqualTo(80017);
        assertThat(ch.state()).isNotEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTL4b_fails_connection_failed_1() {
        ws.onConnectionAttempt(c -> {
            c.respondWithSuccess(Fixtures.connected());
            c.sendToClientAndClose(Fixtures.error(80000, "Fatal error"));
        });
        RealtimeClient client = client();
        RealtimeChannel ch = client.channels().get("test-RTL4b-failed");
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        ErrorInfo e = errorOf(ch.attach());
        assertThat(e.code()).isEqualTo(80000);
        assertThat(ch.state()).isNotEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTL4b_fails_connection_suspended_2() {
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        RealtimeClient client = client(b -> b.channelRetryTimeout(Duration.ofMillis(100)));
        RealtimeChannel ch = client.channels().get("test-RTL4b-suspended");
        client.connect();
        advanceUntil(client, ConnectionState.SUSPENDED, 5000, 40);
        ErrorInfo e = errorOf(ch.attach());
        assertThat(e.code()).isEqualTo(80002);
        assertThat(ch.state()).isNotEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTL4i_queued_while_connecting_0() {
        ws.onConnectionAttempt(c -> {}); // no response
        RealtimeClient client = client();
        RealtimeChannel ch = client.channels().get("test-RTL4i");
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        CompletableFuture<Void> f = ch.attach();
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        assertThat(f).isNotDone();
        assertThat(sent(Action.ATTACH)).isEmpty();
    }

    @Test
    void RTL4i_completes_on_connected_1() {
        ws.onConnectionAttempt(c -> {});
        autoAttachServer();
        RealtimeClient client = client();
        RealtimeChannel ch = client.channels().get("test-RTL4i-connected");
        client.connect();
        rt.drain();
        CompletableFuture<Void> f = ch.attach();
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        assertThat(sent(Action.ATTACH)).isEmpty();
        ws.lastAttempt().respondWithSuccess(Fixtures.connected());
        rt.await(f);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(sent(Action.ATTACH)).hasSize(1);
    }

    @Test
    void RTL4c_sends_attach_message_1() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL4c");
        AtomicReference<ChannelState> during = new AtomicReference<>();
        ch.on(ChannelEvent.ATTACHING, c -> during.set(c.current()));
        rt.await(ch.attach());
        assertThat(during.get()).isEqualTo(ChannelState.ATTACHING);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        ProtocolMessage attach = sent(Action.ATTACH).get(0);
        assertThat(attach.channel()).isEqualTo("test-RTL4c");
    }

    @Test
    void RTL4c1_includes_channel_serial_0() {
        String name = "test-RTL4c1";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(ProtocolMessage.builder(Action.ATTACHED)
                        .channel(name)
                        .channelSerial("serial-from-server-1")
                        .build());
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        rt.await(ch.attach());
        rt.await(ch.setOptions(
                ChannelOptions.builder().modes(ChannelMode.SUBSCRIBE).build()));
        List<ProtocolMessage> attaches = sent(Action.ATTACH);
        assertThat(attaches).hasSize(2);
        assertThat(attaches.get(0).channelSerial()).isNull();
        assertThat(attaches.get(1).channelSerial()).isEqualTo("serial-from-server-1");
    }

    @Test
    void RTL4f_timeout_to_suspended_0() {
        RealtimeClient client = connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100)));
        RealtimeChannel ch = client.channels().get("test-RTL4f");
        CompletableFuture<Void> f = ch.attach();
        rt.drain();
        assertThat(f).isNotDone();
        rt.advanceMillis(150);
        ErrorInfo e = errorOf(f);
        assertThat(e.code()).isEqualTo(90007);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
    }

    @Test
    void RTL4k_includes_channel_params_0() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels()
                .get(
                        "test-RTL4k",
                        ChannelOptions.builder()
                                .param("rewind", "1")
                                .param("delta", "vcdiff")
                                .build());
        rt.await(ch.attach());
        ProtocolMessage attach = sent(Action.ATTACH).get(0);
        assertThat(attach.params()).containsEntry("rewind", "1").containsEntry("delta", "vcdiff");
    }

    @Test
    void RTL4l_modes_encoded_as_flags_0() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels()
                .get(
                        "test-RTL4l",
                        ChannelOptions.builder()
                                .modes(ChannelMode.PUBLISH, ChannelMode.SUBSCRIBE)
                                .build());
        rt.await(ch.attach());
        long flags = sent(Action.ATTACH).get(0).flags();
        assertThat(flags & 131072L).isNotZero();
        assertThat(flags & 262144L).isNotZero();
    }

    @Test
    void RTL4m_modes_from_attached_0() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(ProtocolMessage.builder(Action.ATTACHED)
                        .channel("test-RTL4m")
                        .flags(393216L)
                        .build());
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL4m");
        rt.await(ch.attach());
        assertThat(ch.modes()).contains(ChannelMode.PUBLISH, ChannelMode.SUBSCRIBE);
    }

    @Test
    @Disabled("contradicts spec 6.1.1: RTL4j and the ATTACH_RESUME flag were deleted in 6.1.0 (TR3f deprecated)")
    void RTL4j_attach_resume_flag_0() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL4j");
        rt.await(ch.attach());
        rt.await(ch.setOptions(ChannelOptions.builder().param("rewind", "1").build()));
        List<ProtocolMessage> attaches = new ArrayList<>(sent(Action.ATTACH));
        assertThat(attaches.get(1).flags() & 32).isNotZero();
    }

    /** Bad input never corrupts state: an ERROR without error info still fails the channel with a code. */
    @Test
    void RTL14_errorWithoutErrorInfo() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(ProtocolMessage.builder(Action.ERROR).channel("x").build());
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("x");
        assertThat(errorOf(ch.attach()).code()).isEqualTo(90000);
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
    }
}
