package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The versions of a channel's edited messages (update, delete, append), by message serial: the original as published,
 * then each version as a whole message (the latest state after the operation, with its {@code action} and {@code
 * version}). Messages never edited are not held here: their only version is in the channel's log. Confined to the
 * engine thread, like its {@link ChannelState}.
 */
final class MessageVersions {
    /** One edited message: its versions, oldest first, and when the last one was made. */
    private static final class Edited {
        final List<Map<String, Object>> versions = new ArrayList<>();
        long lastTime;
    }

    private final LinkedHashMap<String, Edited> bySerial = new LinkedHashMap<>();

    /** The versions of the message with {@code serial}, oldest first; null if it was never edited. */
    @Nullable
    List<Map<String, Object>> versions(String serial) {
        Edited e = bySerial.get(serial);
        return e == null ? null : List.copyOf(e.versions);
    }

    /** The latest version of the message with {@code serial}; null if it was never edited. */
    @Nullable
    Map<String, Object> latest(String serial) {
        Edited e = bySerial.get(serial);
        return e == null ? null : e.versions.get(e.versions.size() - 1);
    }

    /**
     * Records {@code version} of the message with {@code serial}, after {@code original} (as published) if this is its
     * first edit.
     */
    void add(String serial, @Nullable Map<String, Object> original, Map<String, Object> version, long now) {
        Edited e = bySerial.get(serial);
        if (e == null) {
            e = new Edited();
            if (original != null) {
                e.versions.add(original);
            }
        } else {
            bySerial.remove(serial); // re-inserted last: the map stays ordered by last edit
        }
        e.versions.add(version);
        e.lastTime = now;
        bySerial.put(serial, e);
    }

    /** Forgets messages last edited before {@code before}, and the oldest beyond {@link ChannelState#MAX_LOG}. */
    void prune(long before) {
        for (Iterator<Edited> it = bySerial.values().iterator(); it.hasNext(); ) {
            Edited e = it.next();
            if (bySerial.size() <= ChannelState.MAX_LOG && e.lastTime >= before) {
                break;
            }
            it.remove();
        }
    }

    boolean isEmpty() {
        return bySerial.isEmpty();
    }
}
