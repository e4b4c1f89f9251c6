package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** ACK and NACK messages whose {@code count} is far larger than the messages awaiting acknowledgement (RTN7a). */
@NullUnmarked
class MalformedAckTest extends ChannelTestSupport {

    @Test
    void RTN7a_ackWithHugeCount_completesPendingPublishesPromptly() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-ack");
        CompletableFuture<PublishResult> f = ch.publish("a", "1");
        rt.drain();
        assertThat(sent(Action.MESSAGE)).hasSize(1);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> deliver(ack(0L, Integer.MAX_VALUE)));
        assertThat(rt.await(f)).isNotNull();
        // the client is still usable and numbering continues
        CompletableFuture<PublishResult> g = ch.publish("b", "2");
        rt.drain();
        deliver(ack(1L, 1));
        assertThat(rt.await(g)).isNotNull();
    }

    @Test
    void RTN7a_nackWithHugeCount_failsPendingPublishesPromptly() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-nack");
        CompletableFuture<PublishResult> f = ch.publish("a", "1");
        rt.drain();
        assertTimeoutPreemptively(
                Duration.ofSeconds(5),
                () -> deliver(nack(0L, Integer.MAX_VALUE, ErrorInfo.of(40000, 400, "Rejected"))));
        assertThat(errorOf(f).code()).isEqualTo(40000);
    }
}
