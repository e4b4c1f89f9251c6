package io.ably4j.emulator;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** One entry of the emulator's event log. Immutable; {@link #detail()} is rendered on first use. */
public final class EmulatorEvent {
    /** Kinds of events. */
    public enum Type {
        /** A WebSocket upgrade completed (detail: query string and agent). */
        WS_OPEN,
        /** The WebSocket transport ended (detail: reason). */
        WS_CLOSE,
        /** A protocol message received from a client (detail: JSON). */
        FRAME_IN,
        /** A protocol message sent to a client (detail: JSON). */
        FRAME_OUT,
        /** A frame was suppressed by a rule (detail: JSON). */
        FRAME_SUPPRESSED,
        /** A frame was delayed by a rule (detail: JSON). */
        FRAME_DELAYED,
        /** A REST request (detail: method, path and status). */
        HTTP,
        /** A fault action was applied (detail: what). */
        FAULT
    }

    private final long timestamp;
    private final Type type;
    private final @Nullable String connectionId;
    private final int action;
    private final @Nullable String channel;
    private @Nullable Supplier<String> detailSupplier;
    private @Nullable String detail;

    /**
     * An event; {@code detail} is called at most once, when {@link #detail()} is first read.
     *
     *
     * @param timestamp emulator clock time of the event, in ms since the epoch
     * @param type what happened
     * @param connectionId the connection concerned, or null
     * @param action the protocol message action of a frame event, or -1
     * @param channel the channel concerned, or null
     * @param detail supplies the human-readable detail
     */
    public EmulatorEvent(
            long timestamp,
            Type type,
            @Nullable String connectionId,
            int action,
            @Nullable String channel,
            Supplier<String> detail) {
        this.timestamp = timestamp;
        this.type = type;
        this.connectionId = connectionId;
        this.action = action;
        this.channel = channel;
        this.detailSupplier = detail;
    }

    /** {@return emulator clock time of the event} */
    public long timestamp() {
        return timestamp;
    }

    /** {@return what happened} */
    public Type type() {
        return type;
    }

    /** {@return the connection concerned, or null if none} */
    public @Nullable String connectionId() {
        return connectionId;
    }

    /** {@return the protocol action for frame events, -1 otherwise} */
    public int action() {
        return action;
    }

    /** {@return the frame's channel, or null if none} */
    public @Nullable String channel() {
        return channel;
    }

    /** {@return the human- and machine-readable detail (JSON for frame events)} */
    public synchronized String detail() {
        Supplier<String> s = detailSupplier;
        if (s != null) {
            detail = s.get();
            detailSupplier = null;
        }
        return String.valueOf(detail);
    }

    @Override
    public String toString() {
        return timestamp + " " + type + " " + connectionId + " " + detail();
    }
}
