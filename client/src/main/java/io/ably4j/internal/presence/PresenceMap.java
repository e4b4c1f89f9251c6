package io.ably4j.internal.presence;

import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The members present on one channel (RTP2): presence messages keyed by {@link PresenceMessage#memberKey()} (TP3h),
 * stored with action {@code PRESENT}, or {@code ABSENT} for a member that left during a sync (RTP2h2a). Incoming
 * messages are applied only if newer than the stored one (RTP2a, RTP2b, RTP2c). A sync (RTP18, RTP19) is bracketed
 * by {@link #startSync()} and {@link #endSync()}: members present when it starts and not seen by its end are removed,
 * and returned as synthesized LEAVEs.
 *
 * <p>Not thread-safe: confined to the client's serial executor. Iteration follows insertion order.
 */
public final class PresenceMap {
    private final LongSupplier clock;
    private final Map<String, PresenceMessage> members = new LinkedHashMap<>();
    /** Members present when the sync started and not seen since (RTP19). */
    private final Set<String> residuals = new HashSet<>();

    private boolean syncInProgress;

    /** @param clock the wall clock in ms since the epoch, for the timestamps of synthesized leaves (RTP19) */
    public PresenceMap(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Applies an ENTER, UPDATE or PRESENT (RTP2d). Returns the message to emit, with its original action (RTP2d1), or
     * null if a newer message for the member is stored (RTP2a). The member is stored as PRESENT (RTP2d2). During a
     * sync the member counts as seen even when the message is stale (RTP19).
     */
    public @Nullable PresenceMessage put(PresenceMessage message) {
        String key = message.memberKey();
        residuals.remove(key);
        PresenceMessage existing = members.get(key);
        if (existing != null && !Newness.isNewer(message, existing)) {
            return null;
        }
        members.put(key, message.toBuilder().action(PresenceAction.PRESENT).build());
        return message;
    }

    /**
     * Applies a LEAVE (RTP2h) for a member in the map that it is newer than. Outside a sync the member is removed and
     * the message returned to emit (RTP2h1); during a sync the member is stored as ABSENT until the sync ends and null
     * is returned (RTP2h2). Null as well for an unknown member or a stale message.
     */
    public @Nullable PresenceMessage remove(PresenceMessage message) {
        String key = message.memberKey();
        PresenceMessage existing = members.get(key);
        if (existing == null || !Newness.isNewer(message, existing)) {
            return null;
        }
        residuals.remove(key);
        if (syncInProgress) {
            members.put(key, message.toBuilder().action(PresenceAction.ABSENT).build());
            return null;
        }
        members.remove(key);
        return message;
    }

    /** The stored message of a member (PRESENT, or ABSENT during a sync), or null. */
    public @Nullable PresenceMessage get(String memberKey) {
        return members.get(memberKey);
    }

    /** The PRESENT members, in insertion order; ABSENT ones are left out. */
    public List<PresenceMessage> values() {
        List<PresenceMessage> present = new ArrayList<>(members.size());
        for (PresenceMessage m : members.values()) {
            if (m.action() == PresenceAction.PRESENT) {
                present.add(m);
            }
        }
        return present;
    }

    /** The number of PRESENT members. */
    public int size() {
        int n = 0;
        for (PresenceMessage m : members.values()) {
            if (m.action() == PresenceAction.PRESENT) {
                n++;
            }
        }
        return n;
    }

    /** Removes every member and ends any sync, emitting nothing (RTP5a). */
    public void clear() {
        members.clear();
        residuals.clear();
        syncInProgress = false;
    }

    /**
     * Starts a sync (RTP18a): every PRESENT member becomes a residual, to be removed at the end unless seen. Starting
     * again during a sync discards the previous one.
     */
    public void startSync() {
        residuals.clear();
        for (Map.Entry<String, PresenceMessage> e : members.entrySet()) {
            if (e.getValue().action() == PresenceAction.PRESENT) {
                residuals.add(e.getKey());
            }
        }
        syncInProgress = true;
    }

    /**
     * Ends the sync (RTP18b): ABSENT members are deleted without an event (RTP2h2b), and residual members are removed
     * and returned as LEAVEs with their attributes, a null id and the current time as timestamp (RTP19). Without a
     * sync in progress, does nothing and returns an empty list.
     */
    public List<PresenceMessage> endSync() {
        if (!syncInProgress) {
            return List.of();
        }
        syncInProgress = false;
        List<PresenceMessage> leaves = new ArrayList<>();
        long now = clock.getAsLong();
        members.values().removeIf(m -> m.action() == PresenceAction.ABSENT);
        for (String key : residuals) {
            PresenceMessage gone = members.remove(key);
            if (gone != null) {
                leaves.add(synthesizedLeave(gone, now));
            }
        }
        residuals.clear();
        return leaves;
    }

    /**
     * RTP19a: removes every member and returns a LEAVE for each PRESENT one (null id, timestamp now); ends any sync.
     */
    public List<PresenceMessage> leaveAll() {
        long now = clock.getAsLong();
        List<PresenceMessage> leaves = new ArrayList<>();
        for (PresenceMessage m : values()) {
            leaves.add(synthesizedLeave(m, now));
        }
        clear();
        return leaves;
    }

    public boolean isSyncInProgress() {
        return syncInProgress;
    }

    private static PresenceMessage synthesizedLeave(PresenceMessage member, long now) {
        return member.toBuilder()
                .action(PresenceAction.LEAVE)
                .id(null)
                .timestamp(now)
                .build();
    }
}
