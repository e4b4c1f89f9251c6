package io.ably4j.internal.protocol;

import io.ably4j.types.Annotation;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAnnotations;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Copy-free access to package-private parts of the value types, for the codecs and the data-encoding layer.
 * The single implementation lives in {@code io.ably4j.types} and registers itself when {@link Message} is
 * initialised. Internal: callers must honour the ownership rules of each method.
 */
public abstract class TypesAccess {
    private static volatile @Nullable TypesAccess instance;

    protected TypesAccess() {}

    /** Registers the implementation; only the value types call this, once. */
    public static void install(TypesAccess access) {
        synchronized (TypesAccess.class) {
            if (instance != null) {
                throw new IllegalStateException("TypesAccess already installed");
            }
            instance = access;
        }
    }

    /** The implementation. */
    public static TypesAccess get() {
        TypesAccess a = instance;
        if (a == null) {
            Message.builder(); // initialising Message installs the implementation
            a = instance;
            if (a == null) {
                throw new IllegalStateException("TypesAccess not installed");
            }
        }
        return a;
    }

    /** A {@link Json} for text that is already valid, compact JSON (not re-validated). */
    public abstract Json trustedJson(String compactText);

    /** The payload of {@code m} without a copy; a {@code byte[]} returned must not be modified. */
    public abstract @Nullable Object rawData(Message m);

    /** The payload of {@code m} without a copy; a {@code byte[]} returned must not be modified. */
    public abstract @Nullable Object rawData(PresenceMessage m);

    /** The payload of {@code a} without a copy; a {@code byte[]} returned must not be modified. */
    public abstract @Nullable Object rawData(Annotation a);

    /**
     * Sets a payload without validation or copy: {@code data} must be null, a String, a Json, or a byte[] the
     * caller never modifies afterwards.
     */
    public abstract Message.Builder trustedData(Message.Builder b, @Nullable Object data);

    /** As {@link #trustedData(Message.Builder, Object)}, for presence messages. */
    public abstract PresenceMessage.Builder trustedData(PresenceMessage.Builder b, @Nullable Object data);

    /** As {@link #trustedData(Message.Builder, Object)}, for annotations. */
    public abstract Annotation.Builder trustedData(Annotation.Builder b, @Nullable Object data);

    /** Sets unmodifiable, null-free lists that nobody changes afterwards, without copying them. */
    public abstract ProtocolMessage.Builder ownedLists(
            ProtocolMessage.Builder b, List<Message> messages, List<PresenceMessage> presence);

    /** {@code m} with the given id, connectionId, timestamp, version and annotations; its other fields kept. */
    public abstract Message withReceived(
            Message m,
            @Nullable String id,
            @Nullable String connectionId,
            @Nullable Long timestamp,
            @Nullable MessageVersion version,
            @Nullable MessageAnnotations annotations);

    /** {@code p} with the given id, connectionId and timestamp; its other fields kept. */
    public abstract PresenceMessage withReceived(
            PresenceMessage p, @Nullable String id, @Nullable String connectionId, @Nullable Long timestamp);

    /**
     * {@code version} (an empty one when null) with its serial and timestamp defaulted where absent; its other fields
     * kept.
     */
    public abstract MessageVersion versionWithDefaults(
            @Nullable MessageVersion version, @Nullable String serial, @Nullable Long timestamp);
}
