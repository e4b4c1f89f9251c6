package io.ably4j.bench;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
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

/**
 * Encode + decode of one inbound MESSAGE {@link ProtocolMessage} carrying one message, as a connection does
 * per frame. One codec instance is reused across operations, as one connection reuses it.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar CodecBenchmark -prof gc}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class CodecBenchmark {
    @Param({"JSON", "MSGPACK"})
    public WireFormat format = WireFormat.MSGPACK;

    @Param({"100", "2048"})
    public int payloadSize = 100;

    private ProtocolCodec codec = ProtocolCodec.create(WireFormat.MSGPACK);
    private ProtocolMessage message = ProtocolMessage.of(ProtocolMessage.Action.HEARTBEAT);
    private byte[] frame = new byte[0];

    @Setup
    public void setUp() {
        codec = ProtocolCodec.create(format);
        message = sampleMessage(payloadSize);
        frame = codec.encode(message);
    }

    /** A MESSAGE frame shaped like what Ably delivers to a subscriber. */
    static ProtocolMessage sampleMessage(int payloadSize) {
        StringBuilder data = new StringBuilder(payloadSize);
        for (int i = 0; i < payloadSize; i++) {
            data.append((char) ('a' + i % 26));
        }
        Message m = Message.builder()
                .id("Wm5AHEJ5tr:0:0")
                .name("greeting")
                .clientId("alice")
                .connectionId("Wm5AHEJ5tr")
                .timestamp(1_763_769_600_000L)
                .data(data.toString())
                .build();
        return ProtocolMessage.builder(ProtocolMessage.Action.MESSAGE)
                .id("Wm5AHEJ5tr:0")
                .channel("bench-channel")
                .channelSerial("a7Zk0Pq1:12")
                .connectionId("Wm5AHEJ5tr")
                .timestamp(1_763_769_600_000L)
                .addMessage(m)
                .build();
    }

    @Benchmark
    public ProtocolMessage encodeDecode() {
        return codec.decode(codec.encode(message));
    }

    /** Encoding alone, as on publish. */
    @Benchmark
    public byte[] encode() {
        return codec.encode(message);
    }

    /** Decoding alone, as on receive. */
    @Benchmark
    public ProtocolMessage decode() {
        return codec.decode(frame);
    }
}
