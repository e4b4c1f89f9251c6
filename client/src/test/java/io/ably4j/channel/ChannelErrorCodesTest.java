package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * The errors the channels raise themselves carry the code and the one status code of the error taxonomy (a status is
 * never derived from the code's digits): regression tests for each path that makes one.
 */
@NullUnmarked
class ChannelErrorCodesTest extends ChannelTestSupport {

    private static void assertError(ErrorInfo e, int code, int statusCode) {
        assertThat(e).isNotNull();
        assertThat(e.code()).as("code of " + e).isEqualTo(code);
        assertThat(e.statusCode()).as("statusCode of " + e).isEqualTo(statusCode);
    }

    /** A server that answers CLOSE with CLOSED and ignores ATTACH. */
    private void closingServer() {
        server(m -> {
            if (m.action() == Action.CLOSE) {
                toClient(Fixtures.closed());
            }
        });
    }

    private RealtimeChannel attaching(RealtimeClient client, String name, List<CompletableFuture<Void>> attach) {
        RealtimeChannel ch = client.channels().get(name);
        attach.add(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        return ch;
    }

    @Test
    void RTL3b_closeWhileAttaching_failsAttachWith80017_400() {
        closingServer();
        RealtimeClient client = connectedClient();
        List<CompletableFuture<Void>> attach = new ArrayList<>();
        RealtimeChannel ch = attaching(client, "codes-close", attach);
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertError(errorOf(attach.get(0)), 80017, 400);
    }

    @Test
    void RTL3c_connectionSuspendedWhileAttaching_failsAttachWith80002_503() {
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isIn(ConnectionState.CONNECTING, ConnectionState.DISCONNECTED);
        List<CompletableFuture<Void>> attach = new ArrayList<>();
        RealtimeChannel ch = attaching(client, "codes-suspended", attach);
        advanceUntil(client, ConnectionState.SUSPENDED, 5000, 40);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        assertError(errorOf(attach.get(0)), 80002, 503);
        assertError(ch.errorReason(), 80002, 503);
    }

    @Test
    void RTL4b_attachRefusedWhileSuspended_80002_503() {
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        RealtimeClient client = client();
        client.connect();
        advanceUntil(client, ConnectionState.SUSPENDED, 5000, 40);
        RealtimeChannel ch = client.channels().get("codes-refused-suspended");
        assertError(errorOf(ch.attach()), 80002, 503);
    }

    @Test
    void RTL4b_attachRefusedWhileClosed_80017_400() {
        closingServer();
        RealtimeClient client = connectedClient();
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        RealtimeChannel ch = client.channels().get("codes-refused-closed");
        assertError(errorOf(ch.attach()), 80017, 400);
    }

    @Test
    void RTL4b_attachRefusedWhileClosing_80017_400() {
        RealtimeClient client = connectedClient(); // the server never answers CLOSE
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        RealtimeChannel ch = client.channels().get("codes-refused-closing");
        assertError(errorOf(ch.attach()), 80017, 400);
    }

    @Test
    void RTN11b_connectWhileClosing_failsPendingAttachWith80017_400() {
        RealtimeClient client = connectedClient(); // the server answers neither ATTACH nor CLOSE
        List<CompletableFuture<Void>> attach = new ArrayList<>();
        RealtimeChannel ch = attaching(client, "codes-reset", attach);
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        client.connect();
        rt.drain();
        assertError(errorOf(attach.get(0)), 80017, 400);
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
    }

    @Test
    void RTL4f_attachTimeout_90007_408() {
        RealtimeClient client = connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100)));
        List<CompletableFuture<Void>> attach = new ArrayList<>();
        RealtimeChannel ch = attaching(client, "codes-attach-timeout", attach);
        rt.advanceMillis(150);
        assertError(errorOf(attach.get(0)), 90007, 408);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
    }

    @Test
    void RTL5f_detachTimeout_90007_408() {
        String name = "codes-detach-timeout";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(name));
            }
        });
        RealtimeClient client = connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100)));
        RealtimeChannel ch = client.channels().get(name);
        rt.await(ch.attach());
        CompletableFuture<Void> detach = ch.detach();
        rt.drain();
        rt.advanceMillis(150);
        assertError(errorOf(detach), 90007, 408);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTL13a_serverDetachWithoutError_90198_500() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "codes-server-detach");
        List<ChannelStateChange> changes = new ArrayList<>();
        ch.on(changes::add);
        server(null); // the re-attach stays pending
        deliver(detached("codes-server-detach"));
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        assertThat(changes).hasSize(1);
        assertError(changes.get(0).reason(), 90198, 500);
    }

    @Test
    void RTL14_channelErrorWithoutError_90000_400() {
        String name = "codes-bare-error";
        RealtimeClient client = connectedClient();
        List<CompletableFuture<Void>> attach = new ArrayList<>();
        RealtimeChannel ch = attaching(client, name, attach);
        deliver(ProtocolMessage.builder(Action.ERROR).channel(name).build());
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertError(errorOf(attach.get(0)), 90000, 400);
        assertError(ch.errorReason(), 90000, 400);
    }

    @Test
    void RTL5b_detachWhileFailed_90001_400() {
        String name = "codes-detach-failed";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(channelError(name, 40160, "Denied"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        errorOf(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertError(errorOf(ch.detach()), 90001, 400);
    }

    @Test
    void RTS4a_attachAfterRelease_90001_400() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("codes-released");
        rt.await(client.channels().release("codes-released"));
        assertError(errorOf(ch.attach()), 90001, 400);
    }

    @Test
    void RTL5l_attachSupersededByDetach_90000_400() {
        ws.onConnectionAttempt(c -> {}); // stays CONNECTING: the ATTACH is not on the wire (RTL4i)
        RealtimeClient client = client();
        client.connect();
        rt.drain();
        List<CompletableFuture<Void>> attach = new ArrayList<>();
        RealtimeChannel ch = attaching(client, "codes-superseded", attach);
        rt.await(ch.detach());
        assertError(errorOf(attach.get(0)), 90000, 400);
    }

    @Test
    void RTN7e_closeFailsPublishAwaitingAckWith80017_400() {
        closingServer(); // never ACKs
        RealtimeClient client = connectedClient();
        CompletableFuture<PublishResult> publish =
                client.channels().get("codes-publish").publish("n", "d");
        rt.drain();
        assertThat(sent(Action.MESSAGE)).hasSize(1);
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertError(errorOf(publish), 80017, 400);
    }

    @Test
    void RTN7a_nackWithoutError_50000_500() {
        RealtimeClient client = connectedClient();
        CompletableFuture<PublishResult> publish =
                client.channels().get("codes-nack").publish("n", "d");
        rt.drain();
        deliver(ProtocolMessage.builder(Action.NACK).msgSerial(0L).count(1).build());
        assertError(errorOf(publish), 50000, 500);
    }

    @Test
    void RTL6c4_publishWhileChannelFailed_90001_400_withCause() {
        String name = "codes-publish-failed";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(channelError(name, 40160, "Denied"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        errorOf(ch.attach());
        ErrorInfo e = errorOf(ch.publish("n", "d"));
        assertError(e, 90001, 400);
        assertThat(e.cause().code()).isEqualTo(40160);
    }
}
