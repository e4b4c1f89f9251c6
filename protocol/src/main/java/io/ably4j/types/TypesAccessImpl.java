package io.ably4j.types;

import io.ably4j.internal.protocol.TypesAccess;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The implementation of {@link TypesAccess}, installed by {@link Message}'s static initialiser. */
final class TypesAccessImpl extends TypesAccess {
    @Override
    public Json trustedJson(String compactText) {
        return Json.trusted(compactText);
    }

    @Override
    public @Nullable Object rawData(Message m) {
        return m.rawData();
    }

    @Override
    public @Nullable Object rawData(PresenceMessage m) {
        return m.rawData();
    }

    @Override
    public @Nullable Object rawData(Annotation a) {
        return a.rawData();
    }

    @Override
    public Message.Builder trustedData(Message.Builder b, @Nullable Object data) {
        return b.trustedData(data);
    }

    @Override
    public PresenceMessage.Builder trustedData(PresenceMessage.Builder b, @Nullable Object data) {
        return b.trustedData(data);
    }

    @Override
    public Annotation.Builder trustedData(Annotation.Builder b, @Nullable Object data) {
        return b.trustedData(data);
    }

    @Override
    public ProtocolMessage.Builder ownedLists(
            ProtocolMessage.Builder b, List<Message> messages, List<PresenceMessage> presence) {
        return b.ownedLists(messages, presence);
    }

    @Override
    public Message withReceived(
            Message m,
            @Nullable String id,
            @Nullable String connectionId,
            @Nullable Long timestamp,
            @Nullable MessageVersion version,
            @Nullable MessageAnnotations annotations) {
        return new Message(m, id, connectionId, timestamp, version, annotations);
    }

    @Override
    public PresenceMessage withReceived(
            PresenceMessage p, @Nullable String id, @Nullable String connectionId, @Nullable Long timestamp) {
        return new PresenceMessage(p, id, connectionId, timestamp);
    }

    @Override
    public MessageVersion versionWithDefaults(
            @Nullable MessageVersion version, @Nullable String serial, @Nullable Long timestamp) {
        return MessageVersion.withDefaults(version, serial, timestamp);
    }
}
