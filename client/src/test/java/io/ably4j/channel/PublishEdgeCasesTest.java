package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** Publish rules without UTS cases: ACK/NACK ranges (RTN7a, protocol.md), RSL1i, RTL6g3, RSL4a, RTN11d. */
@NullUnmarked
class PublishEdgeCasesTest extends ChannelTestSupport {
    private RealtimeChannel channel(RealtimeClient client) {
        return client.channels().get("edge");
    }

    @Test
    void RTN7a_ackRangeCompletesSeveralPublishes_andDuplicateAckIsIgnored() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client);
        CompletableFuture<PublishResult> f0 = ch.publish("a", "1");
        CompletableFuture<PublishResult> f1 = ch.publish("b", "2");
        rt.drain();
        deliver(ProtocolMessage.builder(Action.ACK)
                .msgSerial(0L)
                .count(2)
                .res(List.of(PublishResult.of(List.of("s0")), PublishResult.of(List.of("s1"))))
                .build());
        assertThat(rt.await(f0).serials()).containsExactly("s0");
        assertThat(rt.await(f1).serials()).containsExactly("s1");
        deliver(nack(0L, 2, ErrorInfo.of(50000, 500, "late"))); // covers acknowledged serials: ignored
        assertThat(f0).isCompletedWithValueMatching(r -> r.serials().equals(List.of("s0")));
    }

    @Test
    void RTN7a_serialsSkippedByALaterAckAreNacked() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client);
        CompletableFuture<PublishResult> f0 = ch.publish("a", "1");
        CompletableFuture<PublishResult> f1 = ch.publish("b", "2");
        rt.drain();
        deliver(ack(1L, 1));
        assertThat(errorOf(f0).code()).isEqualTo(50000);
        assertThat(rt.await(f1)).isNotNull();
    }

    @Test
    void RSL1i_tooLargeFailsWith40009_withoutSending() {
        ws.respondToEveryAttemptWith(Fixtures.connected().toBuilder()
                .connectionDetails(Fixtures.details("test-connection-key")
                        .maxMessageSize(100)
                        .build())
                .build());
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client);
        assertThat(errorOf(ch.publish("n", "x".repeat(200))).code()).isEqualTo(40009);
        assertThat(sent(Action.MESSAGE)).isEmpty();
        CompletableFuture<PublishResult> ok = ch.publish("n", "x".repeat(50));
        rt.drain();
        assertThat(sent(Action.MESSAGE)).hasSize(1);
        fire(ok);
    }

    @Test
    void RSL1i_defaultMaxMessageSizeIs64KiB() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client);
        assertThat(errorOf(ch.publish("n", "x".repeat(65537))).code()).isEqualTo(40009);
        fire(ch.publish(null, "x".repeat(65536)));
        rt.drain();
        assertThat(sent(Action.MESSAGE)).hasSize(1);
    }

    @Test
    void RTL6g3_mismatchedClientIdFailsWith40012_andChannelStaysUsable() {
        RealtimeClient client = connectedClient(b -> b.clientId("alice"));
        RealtimeChannel ch = channel(client);
        ErrorInfo e = errorOf(ch.publish(Message.of("n", "d", "bob")));
        assertThat(e.code()).isEqualTo(40012);
        assertThat(sent(Action.MESSAGE)).isEmpty();
        fire(ch.publish(Message.of("n", "d", "alice")));
        fire(ch.publish(Message.of("n", "d")));
        rt.drain();
        assertThat(sent(Action.MESSAGE)).hasSize(2);
    }

    @Test
    void RSL4a_unsupportedDataFailsWith40013() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client);
        assertThat(errorOf(ch.publish("n", 42)).code()).isEqualTo(40013);
        assertThat(sent(Action.MESSAGE)).isEmpty();
    }

    @Test
    void RTN11d_msgSerialRestartsAfterReconnectFromClosed() {
        ws.onMessageFromClient(m -> {
            fromClient.add(m);
            if (m.action() == Action.CLOSE) {
                ws.activeConnection().sendToClient(Fixtures.closed());
            } else if (m.action() == Action.MESSAGE) {
                ws.activeConnection().sendToClient(ack(m.msgSerial(), 1));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client);
        rt.await(ch.publish("a", "1"));
        rt.await(ch.publish("b", "2"));
        client.close();
        rt.drain();
        client.connect();
        rt.drain();
        rt.await(ch.publish("c", "3"));
        assertThat(sent(Action.MESSAGE)).extracting(ProtocolMessage::msgSerial).containsExactly(0L, 1L, 0L);
    }
}
