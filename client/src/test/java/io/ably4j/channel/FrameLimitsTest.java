package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.util.Errors;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * Frames over the server's limits (CD2c maxMessageSize, CD2d maxFrameSize) and invalid channel names (40010): the one
 * operation fails before anything is sent, and the connection stays up.
 */
@NullUnmarked
class FrameLimitsTest extends ChannelTestSupport {
    private static final int MAX_FRAME = 1024;

    FrameLimitsTest() {
        ws.respondToEveryAttemptWith(ProtocolMessage.builder(Action.CONNECTED)
                .connectionId("id")
                .connectionKey("key")
                .connectionDetails(
                        Fixtures.details("key").maxFrameSize(MAX_FRAME).build())
                .build());
    }

    private static int codeOf(Runnable r) {
        try {
            r.run();
        } catch (AblyException e) {
            return e.errorInfo().code();
        }
        throw new AssertionError("no AblyException");
    }

    @Test
    void RTS3_unpairedSurrogateInChannelName_failsAtOnceWith40010() {
        RealtimeClient client = client();
        assertThat(codeOf(() -> client.channels().get("a\uD800b"))).isEqualTo(Errors.INVALID_CHANNEL_NAME);
        assertThat(codeOf(() -> client.channels().get("\uDC00"))).isEqualTo(Errors.INVALID_CHANNEL_NAME);
        assertThat(codeOf(() -> client.channels().get("end\uD83D"))).isEqualTo(Errors.INVALID_CHANNEL_NAME);
        assertThat(codeOf(() -> client.channels().get(""))).isEqualTo(Errors.INVALID_CHANNEL_NAME);
        assertThatThrownBy(() -> client.channels().get(null)).isInstanceOf(AblyException.class);
        assertThat(client.channels().get("smile\uD83D\uDE00").name()).isEqualTo("smile\uD83D\uDE00");
        assertThat(client.channels().names()).containsExactly("smile\uD83D\uDE00");
    }

    @Test
    void CD2d_channelNameOverMaxFrameSize_attachFailsWith40010_connectionStaysUp() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel huge = client.channels().get("x".repeat(2 * MAX_FRAME));
        CompletableFuture<Void> attach = huge.attach();
        rt.drain();
        assertThat(errorOf(attach).code()).isEqualTo(Errors.INVALID_CHANNEL_NAME);
        assertThat(sent(Action.ATTACH)).isEmpty();
        assertThat(huge.state()).isEqualTo(ChannelState.FAILED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        RealtimeChannel ok = attachedChannel(client, "small");
        assertThat(ok.state()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void CD2d_publishOverMaxFrameSize_failsWith40009_andSendsNothing() {
        autoAckServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "frames");
        CompletableFuture<?> big = ch.publish(
                Message.builder().name("n").data("d".repeat(MAX_FRAME)).build());
        rt.drain();
        assertThat(errorOf(big).code()).isEqualTo(Errors.MAX_MESSAGE_SIZE_EXCEEDED);
        assertThat(sent(Action.MESSAGE)).isEmpty();
        CompletableFuture<?> small =
                ch.publish(Message.builder().name("n").data("d").build());
        rt.drain();
        rt.await(small);
        assertThat(sent(Action.MESSAGE)).hasSize(1);
    }

    @Test
    void CD2d_presenceOverMaxFrameSize_failsWith40009_andSendsNothing() {
        autoAckServer();
        RealtimeClient client = connectedClient(b -> b.clientId("me"));
        RealtimeChannel ch = attachedChannel(client, "frames-presence");
        CompletableFuture<Void> enter = ch.presence().enter("d".repeat(MAX_FRAME));
        rt.drain();
        assertThat(errorOf(enter).code()).isEqualTo(Errors.MAX_MESSAGE_SIZE_EXCEEDED);
        assertThat(sent(Action.PRESENCE)).isEmpty();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }
}
