package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * Attach and detach requests made while another request is pending (RTL4h, RTL5i), and what becomes of them when the
 * pending request ends some other way than by the server's reply: every future completes, and requests run in call
 * order.
 */
@NullUnmarked
class ChannelOperationOrderTest extends ChannelTestSupport {
    private static final String CH = "test-order";

    /** A server that answers DETACH but never ATTACH. */
    private void silentAttachServer() {
        server(m -> {
            if (m.action() == Action.DETACH) {
                toClient(detached(m.channel()));
            }
        });
    }

    private RealtimeChannel attaching(RealtimeClient client) {
        RealtimeChannel ch = client.channels().get(CH);
        fire(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        return ch;
    }

    @Test
    void RTL5i_detachQueuedBehindAttach_runsWhenChannelFails() {
        silentAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attaching(client);
        CompletableFuture<Void> detach = ch.detach();
        rt.drain();
        assertThat(detach).isNotDone();
        deliver(channelError(CH, 40160, "Not permitted")); // RTL14: the pending attach ends in FAILED
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        // RTL5i then RTL5b: the queued detach runs after the attach ended, and fails on a FAILED channel
        assertThat(errorOf(detach).code()).isEqualTo(90001);
    }

    @Test
    void RTL4h_attachQueuedBehindDetach_runsWhenChannelFails() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, CH);
        fire(ch.detach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHING);
        CompletableFuture<Void> attach = ch.attach();
        rt.drain();
        deliver(channelError(CH, 90000, "Channel error")); // RTL14 while DETACHING
        // RTL4h then RTL4g: the queued attach runs after the detach ended: from FAILED it attaches again
        rt.await(attach);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(sent(Action.ATTACH)).hasSize(2);
    }

    @Test
    void RTL5i_detachQueuedBehindAttach_runsWhenConnectionSuspends() {
        silentAttachServer();
        // a long request timeout, so the attach is still pending when the connection becomes SUSPENDED (RTL3c)
        RealtimeClient client = connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMinutes(10)));
        RealtimeChannel ch = attaching(client);
        CompletableFuture<Void> detach = ch.detach();
        rt.drain();
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        ws.activeConnection().simulateDisconnect(null);
        advanceUntil(client, ConnectionState.SUSPENDED, 5000, 40);
        // RTL3c ends the attach; RTL5i then RTL5j: the queued detach moves the SUSPENDED channel to DETACHED
        rt.await(detach);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
    }

    @Test
    void RTL5i_detachQueuedBehindAttach_completesWhenConnectionIsReset() {
        silentAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attaching(client);
        CompletableFuture<Void> detach = ch.detach();
        rt.drain();
        client.close(); // the server never answers CLOSE: CLOSING
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        client.connect(); // RTN11b: the channel goes DETACHED then INITIALIZED
        rt.drain();
        rt.await(detach);
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
    }

    @Test
    void RTL4h_RTL5i_attachDetachAttach_whileAttaching_endsAttached() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH);
        CompletableFuture<Void> a1 = ch.attach();
        CompletableFuture<Void> d = ch.detach();
        CompletableFuture<Void> a2 = ch.attach();
        rt.drain();
        rt.await(a1);
        rt.await(d);
        rt.await(a2);
        // the requests ran in call order: the last one was attach
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(fromClient)
                .filteredOn(m -> m.action() == Action.ATTACH || m.action() == Action.DETACH)
                .extracting(ProtocolMessage::action)
                .containsExactly(Action.ATTACH, Action.DETACH, Action.ATTACH);
    }

    @Test
    void RTL4h_RTL5i_detachAttachDetach_whileDetaching_endsDetached() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, CH);
        CompletableFuture<Void> d1 = ch.detach();
        CompletableFuture<Void> a = ch.attach();
        CompletableFuture<Void> d2 = ch.detach();
        rt.drain();
        rt.await(d1);
        rt.await(a);
        rt.await(d2);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
    }

    @Test
    void RTL5i_RTL5l_detachWhileDisconnected_queuesBehindRequestsAlreadyQueued() {
        silentAttachServer();
        RealtimeClient client = connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100)));
        RealtimeChannel ch = attaching(client);
        CompletableFuture<Void> d1 = ch.detach(); // queued behind the attach (CONNECTED)
        rt.drain();
        ws.onConnectionAttempt(c -> {}); // the reconnection hangs
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        CompletableFuture<Void> a2 = ch.attach(); // queued behind d1
        CompletableFuture<Void> d2 = ch.detach(); // must not overtake a2
        rt.drain();
        rt.advanceMillis(150); // RTL4f ends the pending attach; the queued requests then run in call order
        rt.await(d1);
        assertThat(a2).isDone();
        rt.await(d2);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
    }
}
