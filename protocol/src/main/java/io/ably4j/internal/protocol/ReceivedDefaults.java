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
 */
public final class ReceivedDefaults {
    private ReceivedDefaults() {}

    /** {@code pm} with the defaults applied to its messages and presence messages; the same instance if none apply. */
    public static ProtocolMessage apply(ProtocolMessage pm) {
        if (pm.messages().isEmpty() && pm.presence().isEmpty()) {
            return pm;
        }
        String id = pm.id();
        List<Message> messages = new ArrayList<>(pm.messages().size());
        for (int i = 0; i < pm.messages().size(); i++) {
            Message m = pm.messages().get(i);
            Message.Builder b = m.toBuilder();
            if (m.id() == null && id != null) {
                b.id(id + ":" + i);
            }
            if (m.connectionId() == null) {
                b.connectionId(pm.connectionId());
            }
            if (m.timestamp() == null) {
                b.timestamp(pm.timestamp());
            }
            messages.add(apply(b.build()));
        }
        List<PresenceMessage> presence = new ArrayList<>(pm.presence().size());
        for (int i = 0; i < pm.presence().size(); i++) {
            PresenceMessage p = pm.presence().get(i);
            PresenceMessage.Builder b = p.toBuilder();
            if (p.id() == null && id != null) {
                b.id(id + ":" + i);
            }
            if (p.connectionId() == null) {
                b.connectionId(pm.connectionId());
            }
            if (p.timestamp() == null) {
                b.timestamp(pm.timestamp());
            }
            presence.add(b.build());
        }
        return TypesAccess.get()
                .ownedLists(
                        pm.toBuilder(), Collections.unmodifiableList(messages), Collections.unmodifiableList(presence))
                .build();
    }

    /**
     * {@code m} with a {@code version} (TM2s: its serial and timestamp default to the message's, TM2s1, TM2s2)
     * and {@code annotations} (TM2u: empty when absent); for messages received over REST or realtime.
     */
    public static Message apply(Message m) {
        MessageVersion version = m.version();
        MessageAnnotations annotations = m.annotations();
        boolean versionComplete = version != null
                && (version.serial() != null || m.serial() == null)
                && (version.timestamp() != null || m.timestamp() == null);
        if (versionComplete && annotations != null) {
            return m;
        }
        Message.Builder b = m.toBuilder();
        if (!versionComplete) {
            MessageVersion.Builder v = version == null ? MessageVersion.builder() : version.toBuilder();
            b.version(v.serial(firstNonNull(version == null ? null : version.serial(), m.serial()))
                    .timestamp(firstNonNull(version == null ? null : version.timestamp(), m.timestamp()))
                    .build());
        }
        if (annotations == null) {
            b.annotations(MessageAnnotations.empty());
        }
        return b.build();
    }

    private static <T> @Nullable T firstNonNull(@Nullable T a, @Nullable T b) {
        return a != null ? a : b;
    }
}
