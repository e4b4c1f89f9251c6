package io.ably4j.emulator.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One channel: its serial sequence, a retained log of delivered MESSAGE/PRESENCE frames (for replay
 * on re-attach and for history), the attached connections and the presence set. Confined to the
 * engine thread.
 *
 * <p>Channel serials look like {@code <instance>@<20-digit sequence>}; the instance id changes when
 * the channel state is discarded and recreated, so a serial from a previous instance is detected.
 */
final class ChannelState {
    static final int MAX_LOG = 10_000;

    /** A retained frame. */
    record Entry(long seq, long time, Frame frame) {}

    final String name;
    /** How long messages are kept for replay and history (longer in a {@code persisted} namespace). */
    final long retentionMillis;

    final String instance = Auth.randomId(8).replace('-', 'x').replace('_', 'y');
    private long seq;
    final ArrayDeque<Entry> log = new ArrayDeque<>();
    final Set<Session> subscribers = new LinkedHashSet<>();
    /** The connections attached under a qualified name ({@code [filter=...]name}). */
    final DerivedSubscribers derived = new DerivedSubscribers();
    /** Inband occupancy events to attachments with {@code occupancy=metrics}. */
    final Occupancy occupancy = new Occupancy();
    /** A message published with a client-supplied id: its serial and when (idempotent publishing, RSL1k). */
    record Published(String serial, long time) {}

    /** Client-supplied message ids published within the retention, oldest first. */
    final LinkedHashMap<String, Published> publishedIds = new LinkedHashMap<>();
    /** The versions of the messages updated, deleted or appended to. */
    final MessageVersions versions = new MessageVersions();
    /** Members keyed {@code connectionId:clientId}, values are PRESENT items with original ids. */
    final LinkedHashMap<String, Map<String, Object>> members = new LinkedHashMap<>();

    ChannelState(String name, long retentionMillis) {
        this.name = name;
        this.retentionMillis = retentionMillis;
    }

    /** The last serial {@link #nextSerialPreview()} made, for {@link #nextSerial()} to reuse. */
    private @Nullable String preview;

    private long previewSeq = -1;

    /** Allocates the next serial. */
    String nextSerial() {
        String s = nextSerialPreview();
        seq++;
        return s;
    }

    /** The serial the next {@link #nextSerial()} will return. */
    String nextSerialPreview() {
        String s = preview;
        if (s == null || previewSeq != seq + 1) {
            s = serial(seq + 1);
            preview = s;
            previewSeq = seq + 1;
        }
        return s;
    }

    long seq() {
        return seq;
    }

    /** The latest serial (never empty, also for a channel without messages). */
    String latestSerial() {
        return serial(seq);
    }

    private String serial(long n) {
        if (n < 0) {
            return instance + "@" + zeroPad(n, 20);
        }
        int prefix = instance.length();
        char[] out = new char[prefix + 21]; // a long has at most 19 digits
        instance.getChars(0, prefix, out, 0);
        out[prefix] = '@';
        putDigits(out, prefix + 1, out.length, n);
        return new String(out);
    }

    /** {@code n} in decimal, left-padded with zeros to {@code width} (String.format is slow on the fan-out path). */
    static String zeroPad(long n, int width) {
        if (n < 0) {
            String digits = Long.toString(n);
            return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
        }
        char[] out = new char[Math.max(width, digitCount(n))];
        putDigits(out, 0, out.length, n);
        return new String(out);
    }

    /** Writes {@code n >= 0} in decimal into {@code out[from..to)}, right-aligned and left-padded with zeros. */
    private static void putDigits(char[] out, int from, int to, long n) {
        long v = n;
        for (int i = to - 1; i >= from; i--) {
            out[i] = (char) ('0' + (v % 10));
            v /= 10;
        }
    }

    private static int digitCount(long n) {
        int d = 1;
        for (long v = n / 10; v > 0; v /= 10) {
            d++;
        }
        return d;
    }

    void append(Frame frame, long now) {
        log.addLast(new Entry(seq, now, frame));
        prune(now);
    }

    void prune(long now) {
        while (!log.isEmpty() && (log.size() > MAX_LOG || log.peekFirst().time() < now - retentionMillis)) {
            log.removeFirst();
        }
        for (Iterator<Published> it = publishedIds.values().iterator(); it.hasNext(); ) {
            Published p = it.next();
            if (publishedIds.size() <= MAX_LOG && p.time() >= now - retentionMillis) {
                break;
            }
            it.remove();
        }
        versions.prune(now - retentionMillis);
    }

    /**
     * Frames after {@code channelSerial}, or null when the serial is not from this instance or older
     * than what is retained (continuity lost).
     */
    @Nullable
    List<Frame> after(String channelSerial) {
        int at = channelSerial.indexOf('@');
        if (at < 0 || !channelSerial.substring(0, at).equals(instance)) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(channelSerial.substring(at + 1));
        } catch (NumberFormatException e) {
            return null;
        }
        if (n > seq) {
            return null;
        }
        long oldestKept = log.isEmpty() ? seq + 1 : log.peekFirst().seq();
        if (n + 1 < oldestKept && n < seq) {
            return null;
        }
        List<Frame> out = new ArrayList<>();
        for (Entry e : log) {
            if (e.seq() > n) {
                out.add(e.frame());
            }
        }
        return out;
    }

    /** Removes and returns the members entered by a connection. */
    List<Map<String, Object>> removeMembersOf(String connectionId) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, Map<String, Object>>> it =
                        members.entrySet().iterator();
                it.hasNext(); ) {
            Map.Entry<String, Map<String, Object>> e = it.next();
            if (e.getKey().startsWith(connectionId + ":")) {
                out.add(e.getValue());
                it.remove();
            }
        }
        return out;
    }

    boolean idle() {
        return subscribers.isEmpty()
                && derived.isEmpty()
                && members.isEmpty()
                && log.isEmpty()
                && publishedIds.isEmpty()
                && versions.isEmpty();
    }

    static String memberKey(String connectionId, String clientId) {
        return connectionId + ":" + clientId;
    }

    /** Copy of a member map. */
    static Map<String, Object> copy(Map<String, Object> item) {
        return new LinkedHashMap<>(item);
    }
}
