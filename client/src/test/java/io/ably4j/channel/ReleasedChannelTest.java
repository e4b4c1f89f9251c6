package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.Message;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * RTS4a: a channel released from {@code channels()} is inert. Its publish, attach and presence operations fail at once
 * with 90001 (channel operation failed: invalid channel state, as its attach already did) and send nothing.
 */
@NullUnmarked
class ReleasedChannelTest extends ChannelTestSupport {

    private RealtimeChannel releasedAfterDetach(RealtimeClient client, String name) {
        RealtimeChannel ch = attachedChannel(client, name);
        rt.await(client.channels().release(name));
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        fromClient.clear();
        return ch;
    }

    @Test
    void RTS4a_releasedChannel_publishFailsAtOnce_andSendsNothing() {
        autoAckServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = releasedAfterDetach(client, "released-publish");
        CompletableFuture<?> publish =
                ch.publish(Message.builder().name("n").data("d").build());
        rt.drain();
        assertThat(errorOf(publish).code()).isEqualTo(Errors.CHANNEL_INVALID_STATE);
        assertThat(fromClient).isEmpty();
    }

    @Test
    void RTS4a_releasedChannel_attachAndPresenceFailAtOnce_andSendNothing() {
        autoAckServer();
        RealtimeClient client = connectedClient(b -> b.clientId("me"));
        RealtimeChannel ch = releasedAfterDetach(client, "released-presence");
        CompletableFuture<Void> attach = ch.attach();
        CompletableFuture<Void> enter = ch.presence().enter("x");
        rt.drain();
        assertThat(errorOf(attach).code()).isEqualTo(Errors.CHANNEL_INVALID_STATE);
        assertThat(errorOf(enter).code()).isEqualTo(Errors.CHANNEL_INVALID_STATE);
        assertThat(fromClient).isEmpty();
    }

    /** The release's detach failed, so the released instance is still ATTACHED: it must still send nothing. */
    @Test
    void RTS4a_releasedWhileStillAttached_publishAndPresenceFail_andSendNothing() {
        autoAttachServer();
        RealtimeClient client = connectedClient(b -> b.clientId("me"));
        RealtimeChannel ch = attachedChannel(client, "released-attached");
        server(m -> {}); // the DETACH is never answered: RTL5f returns the channel to ATTACHED

        CompletableFuture<Void> released = client.channels().release("released-attached");
        rt.drain();
        rt.advanceMillis(20_000);
        assertThat(released).isDone();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(client.channels().exists("released-attached")).isFalse();
        fromClient.clear();
        server(m -> {});
        CompletableFuture<?> publish =
                ch.publish(Message.builder().name("n").data("d").build());
        CompletableFuture<Void> enter = ch.presence().enter("x");
        rt.drain();
        assertThat(errorOf(publish).code()).isEqualTo(Errors.CHANNEL_INVALID_STATE);
        assertThat(errorOf(enter).code()).isEqualTo(Errors.CHANNEL_INVALID_STATE);
        assertThat(fromClient).isEmpty();
    }
}
