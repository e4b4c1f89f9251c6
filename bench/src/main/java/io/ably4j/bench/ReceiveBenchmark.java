package io.ably4j.bench;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.JsonProtocolCodec;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.ReceivedDefaults;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a subscriber pays per inbound MESSAGE frame carrying one message, as the client does it: the codec's decode
 * (on the transport's thread), then the received defaults (TM2a/c/f, TM2s, TM2u) and the data decoding of each
 * message (on the serial executor, {@code ChannelInbound}). One codec instance is reused, as one connection does;
 * JSON is decoded from a text frame's String, msgpack from a binary frame's bytes, as by {@code FrameCodec}.
 *
 * <p>{@code shape}: {@code DERIVED} messages carry no id, connectionId or timestamp (the defaults fill them from the
 * protocol message, as Ably sends them); {@code STAMPED} messages carry them.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar ReceiveBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ReceiveBenchmark {
    /** The shape of the message in the frame. */
    public enum Shape {
        DERIVED,
        STAMPED
    }

    @Param({"JSON", "MSGPACK"})
    public WireFormat format = WireFormat.MSGPACK;

    @Param({"DERIVED", "STAMPED"})
    public Shape shape = Shape.DERIVED;

    @Param({"100"})
    public int payloadSize = 100;

    private ProtocolCodec codec = ProtocolCodec.create(WireFormat.MSGPACK);
    private byte[] frame = new byte[0];
    private String text = "";
    private ProtocolMessage decoded = ProtocolMessage.of(ProtocolMessage.Action.HEARTBEAT);

    @Setup
    public void setUp() {
        codec = ProtocolCodec.create(format);
        frame = codec.encode(sampleMessage(shape, payloadSize));
        text = new String(frame, StandardCharsets.UTF_8);
        decoded = decodeFrame();
    }

    static ProtocolMessage sampleMessage(Shape shape, int payloadSize) {
        StringBuilder data = new StringBuilder(payloadSize);
        for (int i = 0; i < payloadSize; i++) {
            data.append((char) ('a' + i % 26));
        }
        Message.Builder m = Message.builder()
                .name("greeting")
                .clientId("alice")
                .serial("01763769600000-000@a7Zk0Pq1:000")
                .data(data.toString());
        if (shape == Shape.STAMPED) {
            m.id("Wm5AHEJ5tr:0:0").connectionId("Wm5AHEJ5tr").timestamp(1_763_769_600_000L);
        }
        return ProtocolMessage.builder(ProtocolMessage.Action.MESSAGE)
                .id("Wm5AHEJ5tr:0")
                .channel("bench-channel")
                .channelSerial("a7Zk0Pq1:12")
                .connectionId("Wm5AHEJ5tr")
                .timestamp(1_763_769_600_000L)
                .addMessage(m.build())
                .build();
    }

    /** As the client's {@code FrameCodec}: JSON arrives in text frames, msgpack in binary ones. */
    private ProtocolMessage decodeFrame() {
        return codec instanceof JsonProtocolCodec json ? json.decode(text) : codec.decode(frame);
    }

    /** Decode, then received defaults and data decoding: the whole per-frame cost. */
    @Benchmark
    public void receive(Blackhole bh) {
        deliver(decodeFrame(), bh);
    }

    /** The codec's decode alone: the transport thread's share. */
    @Benchmark
    public ProtocolMessage decode() {
        return decodeFrame();
    }

    /** Received defaults and data decoding of a decoded frame: the serial executor's share. */
    @Benchmark
    public void defaults(Blackhole bh) {
        deliver(decoded, bh);
    }

    /** As {@code ChannelInbound.onMessage}. */
    private static void deliver(ProtocolMessage pm, Blackhole bh) {
        for (Message m : ReceivedDefaults.messages(pm)) {
            bh.consume(DataEncoding.decode(m, null).value());
        }
        bh.consume(pm.channelSerial());
    }
}
