package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.LogLevel;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Log;
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

    /**
     * A frame decoded where it lies in a reused buffer: the message shares nothing with the buffer, so overwriting it
     * for the next read changes nothing; a malformed range is dropped (null, with a warning) and leaves the codec
     * usable.
     */
    @Test
    void binaryFrameDecodedInPlace_sharesNothingWithTheBuffer() {
        FrameCodec codec = new FrameCodec(WireFormat.MSGPACK);
        byte[] payload = {1, 2, 3, 4};
        byte[] frame = (byte[]) codec.encode(ProtocolMessage.builder(ProtocolMessage.Action.MESSAGE)
                .channel("ch")
                .id("pm:1")
                .messages(List.of(Message.builder().name("n").data(payload).build()))
                .build());
        byte[] buffer = new byte[frame.length + 9];
        System.arraycopy(frame, 0, buffer, 4, frame.length);
        List<String> warnings = new ArrayList<>();
        Log log = new Log(LogLevel.WARN, (level, m, t) -> warnings.add(m), "");
        ProtocolMessage pm = java.util.Objects.requireNonNull(codec.decodeBinaryOrDrop(buffer, 4, frame.length, log));
        java.util.Arrays.fill(buffer, (byte) 0x7f);
        assertThat(pm.channel()).isEqualTo("ch");
        assertThat(pm.id()).isEqualTo("pm:1");
        assertThat(pm.messages().get(0).name()).isEqualTo("n");
        assertThat((byte[]) pm.messages().get(0).data()).containsExactly(1, 2, 3, 4);
        assertThat(codec.decodeBinaryOrDrop(buffer, 4, frame.length, log)).isNull();
        assertThat(warnings).singleElement().asString().contains("40000");
        System.arraycopy(frame, 0, buffer, 0, frame.length);
        ProtocolMessage again =
                java.util.Objects.requireNonNull(codec.decodeBinaryOrDrop(buffer, 0, frame.length, log));
        assertThat(again.channel()).isEqualTo("ch");
    }
}
