package io.ably4j.internal.presence;

import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The members this connection entered on one channel (RTP17): what automatic re-entry publishes again (RTP17g).
 * Keyed by clientId only (RTP17h), so a member entered on an earlier connection is replaced, not duplicated. The
 * caller applies only messages of the current connection (RTP17b); the newness rules of RTP2b apply between messages
 * of one connection, while a message from another connection than the stored one always replaces it (their serials
 * are not comparable).
 *
 * <p>Not thread-safe: confined to the client's serial executor.
 */
public final class LocalPresenceMap {
    private final Map<String, PresenceMessage> members = new LinkedHashMap<>();

    /** Applies an ENTER, UPDATE or PRESENT (RTP17b), stored as PRESENT; a stale message is ignored. */
    public void put(PresenceMessage message) {
        String clientId = message.clientId();
        if (clientId == null) {
            return;
        }
        PresenceMessage existing = members.get(clientId);
        if (existing != null && sameConnection(existing, message) && !Newness.isNewer(message, existing)) {
            return;
        }
        members.put(clientId, message.toBuilder().action(PresenceAction.PRESENT).build());
    }

    /**
     * Applies a LEAVE (RTP17b). A synthesized leave (RTP2b1) is ignored and false returned; otherwise the member is
     * removed (if the leave is not stale) and true returned.
     */
    public boolean remove(PresenceMessage message) {
        if (Newness.isSynthesized(message)) {
            return false;
        }
        String clientId = message.clientId();
        if (clientId == null) {
            return true;
        }
        PresenceMessage existing = members.get(clientId);
        if (existing != null && (!sameConnection(existing, message) || Newness.isNewer(message, existing))) {
            members.remove(clientId);
        }
        return true;
    }

    public @Nullable PresenceMessage get(String clientId) {
        return members.get(clientId);
    }

    /** The members, in insertion order. */
    public List<PresenceMessage> values() {
        return new ArrayList<>(members.values());
    }

    /** RTP5a: forgets every member, so none is re-entered. */
    public void clear() {
        members.clear();
    }

    private static boolean sameConnection(PresenceMessage a, PresenceMessage b) {
        String ca = a.connectionId();
        return ca != null && ca.equals(b.connectionId());
    }
}
