package io.ably4j.internal.protocol;

import io.ably4j.types.Message;
import io.ably4j.types.MessageAnnotations;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Fills in the fields the spec derives for received messages, which the codecs leave exactly as on the wire:
 * from the enclosing protocol message the {@code id} ({@code protocolMsgId:index}), {@code connectionId} and
 * {@code timestamp} of each message (TM2a, TM2c, TM2f) and presence message (TP3a, TP3d, TP3g); and for every
 * received message the {@code version} (TM2s, TM2s1, TM2s2) and empty {@code annotations} (TM2u). Stateless.
 *
 * <p>This is on every subscriber's receive path, so each message that lacks a default is copied once, with all of
 * them, and one that lacks none (like a list in which no message does) is returned as it is.
 */
public final class ReceivedDefaults {
    private ReceivedDefaults() {}

    /** The defaults of the element at {@code index} of {@code pm}'s list. */
    private interface Defaults<T> {
        T apply(TypesAccess access, ProtocolMessage pm, T item, int index);
    }

    private static final Defaults<Message> MESSAGE = ReceivedDefaults::message;
    private static final Defaults<PresenceMessage> PRESENCE = ReceivedDefaults::presenceMessage;

    /** {@code pm} with the defaults applied to its messages and presence messages; the same instance if none apply. */
    public static ProtocolMessage apply(ProtocolMessage pm) {
        List<Message> messages = messages(pm);
        List<PresenceMessage> presence = presence(pm);
        if (messages == pm.messages() && presence == pm.presence()) {
            return pm;
        }
        return TypesAccess.get().ownedLists(pm.toBuilder(), messages, presence).build();
    }

    /**
     * The messages of {@code pm} with the defaults applied, as {@code apply(pm).messages()} without rebuilding the
     * protocol message: {@code pm.messages()} itself when none apply, otherwise an unmodifiable list.
     */
    public static List<Message> messages(ProtocolMessage pm) {
        return applyAll(pm, pm.messages(), MESSAGE);
    }

    /** The presence messages of {@code pm} with the defaults applied; as {@link #messages(ProtocolMessage)}. */
    public static List<PresenceMessage> presence(ProtocolMessage pm) {
        return applyAll(pm, pm.presence(), PRESENCE);
    }

    private static <T> List<T> applyAll(ProtocolMessage pm, List<T> items, Defaults<T> defaults) {
        int n = items.size();
        if (n == 0) {
            return items;
        }
        TypesAccess access = TypesAccess.get();
        if (n == 1) { // the common case: one message per protocol message
            T item = items.get(0);
            T received = defaults.apply(access, pm, item, 0);
            return received == item ? items : Collections.singletonList(received);
        }
        List<T> copy = null; // made at the first element that changes
        for (int i = 0; i < n; i++) {
            T item = items.get(i);
            T received = defaults.apply(access, pm, item, i);
            if (received != item) {
                if (copy == null) {
                    copy = new ArrayList<>(items);
                }
                copy.set(i, received);
            }
        }
        return copy == null ? items : Collections.unmodifiableList(copy);
    }

    private static @Nullable String derivedId(@Nullable String id, ProtocolMessage pm, int index) {
        String pmId = pm.id();
        return id == null && pmId != null ? pmId + ":" + index : id;
    }

    private static <T> @Nullable T orElse(@Nullable T own, @Nullable T fromProtocolMessage) {
        return own != null ? own : fromProtocolMessage;
    }

    /** Whether a default filled a field the message lacked. */
    private static boolean filled(
            @Nullable String ownId,
            @Nullable String id,
            @Nullable String ownConnectionId,
            @Nullable String connectionId,
            @Nullable Long ownTimestamp,
            @Nullable Long timestamp) {
        return (ownId == null && id != null)
                || (ownConnectionId == null && connectionId != null)
                || (ownTimestamp == null && timestamp != null);
    }

    private static Message message(TypesAccess access, ProtocolMessage pm, Message m, int index) {
        String id = derivedId(m.id(), pm, index);
        String connectionId = orElse(m.connectionId(), pm.connectionId());
        Long timestamp = orElse(m.timestamp(), pm.timestamp());
        boolean changed = filled(m.id(), id, m.connectionId(), connectionId, m.timestamp(), timestamp);
        return withVersion(access, m, changed, id, connectionId, timestamp);
    }

    private static PresenceMessage presenceMessage(
            TypesAccess access, ProtocolMessage pm, PresenceMessage p, int index) {
        String id = derivedId(p.id(), pm, index);
        String connectionId = orElse(p.connectionId(), pm.connectionId());
        Long timestamp = orElse(p.timestamp(), pm.timestamp());
        boolean changed = filled(p.id(), id, p.connectionId(), connectionId, p.timestamp(), timestamp);
        return changed ? access.withReceived(p, id, connectionId, timestamp) : p;
    }

    /**
     * {@code m} with a {@code version} (TM2s: its serial and timestamp default to the message's, TM2s1, TM2s2)
     * and {@code annotations} (TM2u: empty when absent); for messages received over REST or realtime.
     */
    public static Message apply(Message m) {
        return withVersion(TypesAccess.get(), m, false, m.id(), m.connectionId(), m.timestamp());
    }

    /**
     * {@code m} with the given id, connectionId and timestamp ({@code changed} if any differs from the message's),
     * and the version and annotations defaults; {@code m} itself if nothing changes.
     */
    private static Message withVersion(
            TypesAccess access,
            Message m,
            boolean changed,
            @Nullable String id,
            @Nullable String connectionId,
            @Nullable Long timestamp) {
        MessageVersion version = m.version();
        String serial = m.serial();
        if (version == null
                || (version.serial() == null && serial != null)
                || (version.timestamp() == null && timestamp != null)) {
            version = access.versionWithDefaults(version, serial, timestamp);
            changed = true;
        }
        MessageAnnotations annotations = m.annotations();
        if (annotations == null) {
            annotations = MessageAnnotations.empty();
            changed = true;
        }
        return changed ? access.withReceived(m, id, connectionId, timestamp, version, annotations) : m;
    }
}
