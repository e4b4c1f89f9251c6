package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Coalesces the ACKs of one transport's inbound batch (the frames of one socket read): the ACKs of consecutive
 * msgSerials go out as one ACK with {@code count} N and one {@code res} entry per message, as Ably does (RTN7a, RTN7b;
 * TR4c). Anything else the transport sends in between first sends the ACK gathered so far, so the order of what a
 * client receives is unchanged. Confined to the engine thread.
 */
final class AckCoalescer {
    /**
     * The most ACKs held back within one batch: a run this long is sent and flushed at once, so a client with many
     * publishes in flight gets its first ACKs while the rest of a long read is still being processed (publisher and
     * emulator then work in parallel rather than by turns: 205k → 295k ACKed publishes/s for ably4j with 100 in flight,
     * SideBySide throughput; 16 and 64 did worse).
     */
    static final int MAX_HELD = 32;

    private boolean active;
    private long first;
    private int count;
    /** Whether the gathered ACKs carry {@code res} (publish results); a run never mixes both. */
    private boolean withRes;

    private @Nullable List<Object> res;

    /** From now until {@link #end} ACKs are gathered. */
    void begin() {
        active = true;
    }

    /**
     * Adds the ACK of {@code msgSerial}; false when not gathering (the caller sends the ACK itself). An ACK that does
     * not continue the current run (not the next msgSerial, or with res where the run has none or the reverse) sends
     * the run first through {@code sink}.
     */
    boolean add(long msgSerial, @Nullable List<Object> serials, Transport sink) {
        if (!active) {
            return false;
        }
        boolean hasRes = serials != null;
        if (count > 0 && (msgSerial != first + count || hasRes != withRes)) {
            flush(sink);
        }
        if (count == 0) {
            first = msgSerial;
            withRes = hasRes;
            res = hasRes ? new ArrayList<>() : null;
        }
        if (serials != null && res != null) {
            res.add(Map.of("serials", serials));
        }
        count++;
        if (count >= MAX_HELD) {
            flush(sink);
            sink.flushWrites();
        }
        return true;
    }

    /** Whether ACKs are gathered and not yet sent. */
    boolean pending() {
        return count > 0;
    }

    /** Sends the gathered ACKs, if any, as one ACK frame. */
    void flush(Transport sink) {
        if (count == 0) {
            return;
        }
        Frame ack = Frame.of(Frame.ACK).put("msgSerial", first).put("count", (long) count);
        if (res != null) {
            ack.put("res", res);
        }
        count = 0;
        res = null;
        sink.sendNow(ack);
    }

    /** Sends what was gathered and stops gathering. */
    void end(Transport sink) {
        active = false;
        flush(sink);
    }
}
