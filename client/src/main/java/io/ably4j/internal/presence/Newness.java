package io.ably4j.internal.presence;

import io.ably4j.types.PresenceMessage;
import org.jspecify.annotations.Nullable;

/** The newness rules of RTP2b, shared by both presence maps. Stateless. */
final class Newness {
    private Newness() {}

    /**
     * True if {@code message} is a synthesized leave or otherwise not published by its connection (RTP2b1): its
     * connectionId is not an initial substring of its id. A message without an id or connectionId counts as one.
     */
    static boolean isSynthesized(PresenceMessage message) {
        String id = message.id();
        String connectionId = message.connectionId();
        return id == null || connectionId == null || !id.startsWith(connectionId);
    }

    /**
     * RTP2b: true if {@code incoming} is newer than {@code existing}. By timestamp when either is synthesized (RTP2b1;
     * equal timestamps favour the incoming message, RTP2b1a), otherwise by the msgSerial and then the index parsed
     * from the ids (RTP2b2). An id that cannot be parsed falls back to the timestamps.
     */
    static boolean isNewer(PresenceMessage incoming, PresenceMessage existing) {
        if (!isSynthesized(incoming) && !isSynthesized(existing)) {
            long[] in = serialAndIndex(incoming);
            long[] ex = serialAndIndex(existing);
            if (in != null && ex != null) {
                if (in[0] != ex[0]) {
                    return in[0] > ex[0];
                }
                return in[1] > ex[1];
            }
        }
        return timestamp(incoming) >= timestamp(existing);
    }

    private static long timestamp(PresenceMessage m) {
        Long t = m.timestamp();
        return t == null ? 0L : t;
    }

    /** {@code [msgSerial, index]} from an id {@code connId:msgSerial:index}, or null if it has no such suffix. */
    private static long @Nullable [] serialAndIndex(PresenceMessage m) {
        String id = m.id();
        String connectionId = m.connectionId();
        if (id == null || connectionId == null || id.length() <= connectionId.length()) {
            return null;
        }
        String rest = id.substring(connectionId.length());
        if (rest.charAt(0) != ':') {
            return null;
        }
        int sep = rest.indexOf(':', 1);
        if (sep < 0) {
            return null;
        }
        try {
            return new long[] {Long.parseLong(rest.substring(1, sep)), Long.parseLong(rest.substring(sep + 1))};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
