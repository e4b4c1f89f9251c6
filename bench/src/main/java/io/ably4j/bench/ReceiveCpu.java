package io.ably4j.bench;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.JsonProtocolCodec;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.ReceivedDefaults;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@link ReceiveBenchmark#receive} measured as the thread's CPU time rather than wall time, so that time spent
 * descheduled on a shared machine does not count (nor does the GC's work on its own threads). Prints the CPU ns per
 * message of rounds 4 to 8 of {@code count} messages each.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.ably4j.bench.ReceiveCpu MSGPACK DERIVED 300000}
 */
public final class ReceiveCpu {
    private static volatile Object sink = "";

    private ReceiveCpu() {}

    public static void main(String[] args) {
        WireFormat format = WireFormat.valueOf(args[0]);
        ReceiveBenchmark.Shape shape = ReceiveBenchmark.Shape.valueOf(args[1]);
        int count = Integer.parseInt(args[2]);
        ProtocolCodec codec = ProtocolCodec.create(format);
        byte[] frame = codec.encode(ReceiveBenchmark.sampleMessage(shape, 100));
        String text = new String(frame, StandardCharsets.UTF_8);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        StringBuilder out = new StringBuilder(format + " " + shape + " CPU ns/message:");
        for (int round = 0; round < 8; round++) {
            long start = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < count; i++) {
                ProtocolMessage pm = codec instanceof JsonProtocolCodec json ? json.decode(text) : codec.decode(frame);
                for (Message m : ReceivedDefaults.messages(pm)) {
                    sink = DataEncoding.decode(m, null).value();
                }
            }
            long cpu = threads.getCurrentThreadCpuTime() - start;
            if (round >= 3) {
                out.append(String.format(Locale.ROOT, " %.0f", cpu / (double) count));
            }
        }
        if (sink == null) { // read, so the decoded values count as used
            throw new AssertionError("nothing decoded");
        }
        System.out.println(out);
    }
}
