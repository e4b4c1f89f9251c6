package io.ably4j.emulator.internal;

import org.jspecify.annotations.Nullable;

/**
 * The replies to a connection's last {@code capacity} publishes, by msgSerial, to answer a duplicate with the same
 * reply. A ring in insertion order: adding is O(1) with no allocation (the common path, once per publish); a lookup
 * scans it (only for a duplicate msgSerial, which is rare). Each msgSerial is added at most once. Confined to the
 * engine thread.
 */
final class ReplyLog {
    private final long[] serials;
    private final Session.@Nullable Reply[] replies;
    private int next;
    private int size;
    private long forgottenUpTo = -1;

    ReplyLog(int capacity) {
        this.serials = new long[capacity];
        this.replies = new Session.Reply[capacity];
    }

    /** Adds the reply to {@code msgSerial}, evicting the oldest one when full. */
    void put(long msgSerial, Session.Reply reply) {
        if (size == serials.length) {
            forgottenUpTo = Math.max(forgottenUpTo, serials[next]);
        } else {
            size++;
        }
        serials[next] = msgSerial;
        replies[next] = reply;
        next = next + 1 == serials.length ? 0 : next + 1;
    }

    /** The reply to {@code msgSerial}, or null if none is kept. */
    Session.@Nullable Reply get(long msgSerial) {
        for (int n = 0, i = next; n < size; n++) {
            i = i == 0 ? serials.length - 1 : i - 1; // newest first: a duplicate is most often recent
            if (serials[i] == msgSerial) {
                return replies[i];
            }
        }
        return null;
    }

    /** The highest msgSerial whose reply was evicted; -1 while none was. */
    long forgottenUpTo() {
        return forgottenUpTo;
    }

    int size() {
        return size;
    }
}
