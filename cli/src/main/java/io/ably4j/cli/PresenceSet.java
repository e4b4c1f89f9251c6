package io.ably4j.cli;

import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The members present on a channel as the {@code presence} command shows them, keyed by member key (client id and
 * connection id, RTP2): ENTER, UPDATE and PRESENT add or replace a member, LEAVE removes it. Thread-safe: the
 * presence listener and the initial {@code get()} both report here.
 */
final class PresenceSet {
    private final int maxListed;
    private final Map<String, PresenceMessage> members = new LinkedHashMap<>();

    PresenceSet(int maxListed) {
        this.maxListed = maxListed;
    }

    /**
     * Applies {@code p}; returns the members present after it ({@link #describe()}), or null when it changes nothing
     * worth a line: a PRESENT for a member already known with the same data (the initial sync reports members to the
     * listener and to {@code get()} alike), a LEAVE of an unknown member, or an ABSENT.
     */
    synchronized @Nullable String apply(PresenceMessage p) {
        String key = p.memberKey();
        PresenceAction action = p.action();
        if (action == PresenceAction.LEAVE) {
            if (members.remove(key) == null) {
                return null;
            }
        } else if (action == PresenceAction.ENTER
                || action == PresenceAction.UPDATE
                || action == PresenceAction.PRESENT) {
            PresenceMessage before = members.put(key, p);
            if (action == PresenceAction.PRESENT && before != null && Objects.deepEquals(before.data(), p.data())) {
                return null;
            }
        } else {
            return null;
        }
        return describe();
    }

    /** {@code 2 present: alice, bob}, {@code nobody present}, or with many members the first few and a count. */
    synchronized String describe() {
        if (members.isEmpty()) {
            return "nobody present";
        }
        List<String> ids = new ArrayList<>();
        for (PresenceMessage m : members.values()) {
            if (ids.size() == maxListed) {
                ids.add("...");
                break;
            }
            String id = m.clientId();
            ids.add(id == null ? "?" : Render.escape(id));
        }
        return members.size() + " present: " + String.join(", ", ids);
    }

    synchronized int size() {
        return members.size();
    }
}
