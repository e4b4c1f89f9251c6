package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Frames through the shared codec pool: correct per format, safe under concurrency, bounded. */
class FrameCodecTest {
    private static ProtocolMessage message(String channel, long serial, String data) {
        return ProtocolMessage.builder(ProtocolMessage.Action.MESSAGE)
                .channel(channel)
                .msgSerial(serial)
                .messages(List.of(Message.builder().name("m").data(data).build()))
                .build();
    }

    @Test
    void msgpack_roundTripsAsBinaryFrames() {
        FrameCodec codec = new FrameCodec(WireFormat.MSGPACK);
        Object frame = codec.encode(message("ch", 7, "hello"));
        assertThat(frame).isInstanceOf(byte[].class);
        ProtocolMessage back = codec.decodeBinary((byte[]) frame);
        assertThat(back.channel()).isEqualTo("ch");
        assertThat(back.msgSerial()).isEqualTo(7L);
        assertThat(back.messages().get(0).data()).isEqualTo("hello");
    }

    @Test
    void json_roundTripsAsTextFrames_andAcceptsBinaryUtf8Json() {
        FrameCodec codec = new FrameCodec(WireFormat.JSON);
        Object frame = codec.encode(message("ch", 3, "hi"));
        assertThat(frame).isInstanceOf(String.class);
        assertThat(codec.decodeText((String) frame).msgSerial()).isEqualTo(3L);
        ProtocolMessage fromBinary = codec.decodeBinary(((String) frame).getBytes(StandardCharsets.UTF_8));
        assertThat(fromBinary.messages().get(0).data()).isEqualTo("hi");
    }

    @Test
    void textFrameOnAMsgpackConnection_isRejectedWith40000() {
        FrameCodec codec = new FrameCodec(WireFormat.MSGPACK);
        assertThatThrownBy(() -> codec.decodeText("{}"))
                .isInstanceOf(AblyException.class)
                .satisfies(
                        e -> assertThat(((AblyException) e).errorInfo().code()).isEqualTo(40000));
    }

    @Test
    void malformedFrame_failsWith40000_andLeavesTheCodecUsable() {
        FrameCodec codec = new FrameCodec(WireFormat.MSGPACK);
        assertThatThrownBy(() -> codec.decodeBinary(new byte[] {(byte) 0xc1}))
                .isInstanceOf(AblyException.class)
                .satisfies(
                        e -> assertThat(((AblyException) e).errorInfo().code()).isEqualTo(40000));
        Object frame = codec.encode(message("ok", 1, "x"));
        assertThat(codec.decodeBinary((byte[]) frame).channel()).isEqualTo("ok");
    }

    @Test
    void concurrentConnections_shareThePoolWithoutMixingFrames() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    FrameCodec codec = new FrameCodec(WireFormat.MSGPACK); // one per connection, as transports do
                    for (int i = 0; i < 2_000; i++) {
                        String data = "conn" + id + "-" + i;
                        ProtocolMessage back = codec.decodeBinary((byte[]) codec.encode(message("c" + id, i, data)));
                        assertThat(back.channel()).isEqualTo("c" + id);
                        assertThat(back.msgSerial()).isEqualTo((long) i);
                        assertThat(back.messages().get(0).data()).isEqualTo(data);
                    }
                    return null;
                }));
            }
            for (Future<?> f : results) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(FrameCodec.idleCodecs(WireFormat.MSGPACK)).isBetween(1, FrameCodec.MAX_POOLED);
    }
}
