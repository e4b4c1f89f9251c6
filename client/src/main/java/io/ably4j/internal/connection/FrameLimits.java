package io.ably4j.internal.connection;

import io.ably4j.ChannelOptions;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Outbound frames against the server's advertised {@code maxFrameSize} (CD2d). A frame over it would make the server
 * fail the whole connection, so the one operation that would send it fails instead, before anything is sent. Sizes are
 * estimates from above of the encoded frame: the UTF-8 length of every string plus a fixed envelope. No check is made
 * while the server advertised no {@code maxFrameSize}. Called on the serial executor.
 */
public final class FrameLimits {
    /** Room for the envelope of a frame: action, flags, msgSerial, field names and punctuation. */
    static final int ENVELOPE = 256;

    private FrameLimits() {}

    /** The server's {@code maxFrameSize}, or 0 when it advertised none. */
    public static int maxFrameSize(ConnectionManager manager) {
        ConnectionDetails d = manager.connectionDetails();
        Integer max = d == null ? null : d.maxFrameSize();
        return max != null && max > 0 ? max : 0;
    }

    /** The number of bytes of {@code s} in UTF-8, without encoding it. */
    public static long utf8Length(@Nullable String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++; // the low surrogate of the pair
            } else {
                n += 3;
            }
        }
        return n;
    }

    /**
     * 40010 if the ATTACH of channel {@code name} with {@code options} and {@code channelSerial} would exceed the
     * server's {@code maxFrameSize}: the name is the part that can grow without bound, and Ably refuses invalid channel
     * names with 40010, so the channel fails as if the server had refused it, and the connection is spared.
     */
    public static @Nullable ErrorInfo checkAttach(
            ConnectionManager manager, String name, ChannelOptions options, @Nullable String channelSerial) {
        int max = maxFrameSize(manager);
        if (max == 0) {
            return null;
        }
        long size = ENVELOPE + utf8Length(name) + utf8Length(channelSerial);
        for (Map.Entry<String, String> p : options.params().entrySet()) {
            size += utf8Length(p.getKey()) + utf8Length(p.getValue()) + 6;
        }
        if (size <= max) {
            return null;
        }
        return ErrorInfo.of(
                Errors.INVALID_CHANNEL_NAME,
                400,
                "Channel name too long: its ATTACH (about " + size + " bytes) exceeds the server's maxFrameSize of "
                        + max + " bytes");
    }

    /**
     * 40009 if a MESSAGE or PRESENCE frame for channel {@code channel} carrying {@code payloadSize} bytes (TM6 size)
     * would exceed the server's {@code maxFrameSize}.
     */
    public static @Nullable ErrorInfo checkPublish(ConnectionManager manager, String channel, long payloadSize) {
        int max = maxFrameSize(manager);
        if (max == 0) {
            return null;
        }
        long size = ENVELOPE + utf8Length(channel) + payloadSize;
        if (size <= max) {
            return null;
        }
        return ErrorInfo.of(
                Errors.MAX_MESSAGE_SIZE_EXCEEDED,
                400,
                "Message frame of about " + size + " bytes exceeds the server's maxFrameSize of " + max + " bytes");
    }
}
