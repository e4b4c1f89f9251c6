package io.ably4j.types;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The unit of the Ably realtime protocol: one frame on the wire. Spec: TR1, TR4.
 *
 * <p>The raw action code (TR2) and the raw {@code flags} bits (TR3) are kept exactly as received, so that
 * actions and flags this library does not know are preserved (RTF1). Absent optional fields are
 * {@code null}; absent lists and maps are empty. Instances are immutable and thread-safe.
 */
public final class ProtocolMessage {
    /** The protocol message action; {@link #UNKNOWN} for codes this library does not know. Spec: TR2. */
    public enum Action {
        /** Keeps the connection alive: sent by the server when no other message is due, and as the reply to a ping. */
        HEARTBEAT(0),
        /**
         * The server accepted the messages with serials {@code msgSerial} to {@code msgSerial + count - 1}. Spec:
         * RTN7a.
         */
        ACK(1),
        /**
         * The server rejected the messages with serials {@code msgSerial} to {@code msgSerial + count - 1}. Spec:
         * RTN7a.
         */
        NACK(2),
        /** Not used by this library: the connection is requested by the WebSocket URL. */
        CONNECT(3),
        /** The connection is open; carries the connection id, key and {@link ConnectionDetails}. Spec: RTN4b. */
        CONNECTED(4),
        /** Sent by a client to drop the connection while keeping its state on the server for a later resume. */
        DISCONNECT(5),
        /** The server is dropping the connection; the client may resume it. Spec: RTN15h. */
        DISCONNECTED(6),
        /** Sent by a client to close the connection and discard its state. Spec: RTN12a. */
        CLOSE(7),
        /** The server confirms that the connection is closed. Spec: RTN12a. */
        CLOSED(8),
        /**
         * An error: of the connection when {@code channel} is absent, otherwise of that channel. Spec: RTN15i, RTL14.
         */
        ERROR(9),
        /** Sent by a client to attach a channel. Spec: RTL4c. */
        ATTACH(10),
        /** The channel is attached, with its flags and serial. Spec: RTL4c, RTL12. */
        ATTACHED(11),
        /** Sent by a client to detach a channel. Spec: RTL5d. */
        DETACH(12),
        /** The channel is detached, on request or by the server. Spec: RTL5d, RTL13. */
        DETACHED(13),
        /** Presence messages of a channel. Spec: RTP2. */
        PRESENCE(14),
        /** Channel messages, published by a client or delivered by the server. Spec: RTL6, RTL7. */
        MESSAGE(15),
        /** Part of a presence set sent by the server on attach. Spec: RTP18. */
        SYNC(16),
        /**
         * Server to client: re-authenticate now; client to server: a new token for the current connection. Spec: RTN22,
         * RTC8.
         */
        AUTH(17),
        /** Reserved for push activation; not used by this library. */
        ACTIVATE(18),
        /** LiveObjects operations; passed through, not interpreted by this library. */
        OBJECT(19),
        /** LiveObjects state sync; passed through, not interpreted by this library. */
        OBJECT_SYNC(20),
        /** Message annotations of a channel. */
        ANNOTATION(21),
        /** An action code this library does not know; the raw code is in {@link #actionCode()}. Spec: RTF1. */
        UNKNOWN(-1);

        private static final Action[] BY_CODE = new Action[22];

        static {
            for (Action a : values()) {
                if (a.code >= 0) {
                    BY_CODE[a.code] = a;
                }
            }
        }

        private final int code;

        Action(int code) {
            this.code = code;
        }

        /** {@return the wire code of this action; -1 for {@link #UNKNOWN}} */
        public int code() {
            return code;
        }

        /**
         * The action for a wire code, or {@link #UNKNOWN}.
         *
         * @param code the wire code
         * @return the action, or {@link #UNKNOWN} when the code is not known
         */
        public static Action of(int code) {
            return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : UNKNOWN;
        }
    }

    /** A protocol message flag: the flag with bit {@code n} is set when {@code flags & 2ⁿ} is nonzero. Spec: TR3. */
    public enum Flag {
        /** On ATTACHED: the channel has members, and a presence SYNC follows. Spec: RTP1. */
        HAS_PRESENCE(0),
        /** On ATTACHED: the server will send messages from before the attach (rewind or resume). */
        HAS_BACKLOG(1),
        /** On ATTACHED: channel continuity was preserved, no messages were lost. Spec: RTL12, RTN15c6. */
        RESUMED(2),
        /** On ATTACH: a transient publish without attach; not used by this library. */
        TRANSIENT(4),
        /** Deprecated: the library need no longer set it. Spec: TR3f. */
        ATTACH_RESUME(5),
        /** On ATTACHED: the channel has LiveObjects state, and an OBJECT_SYNC follows. */
        HAS_OBJECTS(7),
        /** Channel mode: may enter presence. Spec: TB2d. */
        PRESENCE(16),
        /** Channel mode: may publish messages. Spec: TB2d. */
        PUBLISH(17),
        /** Also known as {@code MESSAGE_SUBSCRIBE}. Spec: TR3s, TR3u. */
        SUBSCRIBE(18),
        /** Channel mode: receives presence messages. Spec: TB2d. */
        PRESENCE_SUBSCRIBE(19),
        /** Channel mode: may publish annotations. */
        ANNOTATION_PUBLISH(21),
        /** Channel mode: receives individual annotations. */
        ANNOTATION_SUBSCRIBE(22),
        /** Channel mode: receives LiveObjects operations. */
        OBJECT_SUBSCRIBE(24),
        /** Channel mode: may publish LiveObjects operations. */
        OBJECT_PUBLISH(25);

        private final int bit;

        Flag(int bit) {
            this.bit = bit;
        }

        /** {@return the bit number n of this flag} */
        public int bit() {
            return bit;
        }

        /** {@return the value 2ⁿ of this flag} */
        public long mask() {
            return 1L << bit;
        }
    }

    private final int actionCode;
    private final @Nullable String id;
    private final @Nullable String channel;
    private final @Nullable String channelSerial;
    private final @Nullable String connectionId;
    private final @Nullable String connectionKey;
    private final @Nullable ConnectionDetails connectionDetails;
    private final @Nullable Integer count;
    private final @Nullable ErrorInfo error;
    private final long flags;
    private final @Nullable Long msgSerial;
    private final List<Message> messages;
    private final List<PresenceMessage> presence;
    private final @Nullable Long timestamp;
    private final Map<String, String> params;
    private final @Nullable AuthDetails auth;
    private final List<PublishResult> res;
    private final List<Annotation> annotations;

    private ProtocolMessage(Builder b) {
        this.actionCode = b.actionCode;
        this.id = b.id;
        this.channel = b.channel;
        this.channelSerial = b.channelSerial;
        this.connectionId = b.connectionId;
        this.connectionKey = b.connectionKey;
        this.connectionDetails = b.connectionDetails;
        this.count = b.count;
        this.error = b.error;
        this.flags = b.flags;
        this.msgSerial = b.msgSerial;
        this.messages = b.messagesOwned ? b.messages : Values.copyList(b.messages, "messages");
        this.presence = b.presenceOwned ? b.presence : Values.copyList(b.presence, "presence");
        this.timestamp = b.timestamp;
        this.params = Values.copyStringMap(b.params, "params");
        this.auth = b.auth;
        this.res = Values.copyList(b.res, "res");
        this.annotations = Values.copyList(b.annotations, "annotations");
    }

    /**
     * A builder for a message with the given action.
     *
     * @param action the action
     * @return a new builder with that action and every other field unset
     */
    public static Builder builder(Action action) {
        return new Builder().action(action);
    }

    /**
     * A builder for a message with the given raw action code.
     *
     * @param actionCode the wire action code, kept even when this library does not know it
     * @return a new builder with that action code and every other field unset
     */
    public static Builder builder(int actionCode) {
        return new Builder().actionCode(actionCode);
    }

    /**
     * A message with only an action, such as {@code HEARTBEAT} or {@code CLOSE}.
     *
     * @param action the action
     * @return a new message with that action and no other field
     */
    public static ProtocolMessage of(Action action) {
        return builder(action).build();
    }

    /** {@return a builder initialised with this message's fields} */
    public Builder toBuilder() {
        Builder b = new Builder()
                .actionCode(actionCode)
                .id(id)
                .channel(channel)
                .channelSerial(channelSerial)
                .connectionId(connectionId)
                .connectionKey(connectionKey)
                .connectionDetails(connectionDetails)
                .count(count)
                .error(error)
                .flags(flags)
                .msgSerial(msgSerial)
                .timestamp(timestamp)
                .params(params)
                .auth(auth)
                .res(res)
                .annotations(annotations);
        b.messages = messages;
        b.messagesOwned = true;
        b.presence = presence;
        b.presenceOwned = true;
        return b;
    }

    /** {@return the action; {@link Action#UNKNOWN} when the code is not known to this library} Spec: TR4a. */
    public Action action() {
        return Action.of(actionCode);
    }

    /** {@return the raw wire action code, preserved even when unknown} */
    public int actionCode() {
        return actionCode;
    }

    /** {@return the protocol message id, typically {@code connectionId:msgSerial}, or null if absent} Spec: TR4n. */
    public @Nullable String id() {
        return id;
    }

    /** {@return the channel name, or null if absent} Spec: TR4b. */
    public @Nullable String channel() {
        return channel;
    }

    /** {@return the channel serial, or null if absent} Spec: TR4c. */
    public @Nullable String channelSerial() {
        return channelSerial;
    }

    /** {@return the connection id, or null if absent} Spec: TR4d. */
    public @Nullable String connectionId() {
        return connectionId;
    }

    /**
     * {@return the legacy top-level connection key; {@link ConnectionDetails#connectionKey()} is definitive when
     * present} A secret: never logged.
     */
    public @Nullable String connectionKey() {
        return connectionKey;
    }

    /** {@return the connection details of a {@code CONNECTED} message, or null if absent} Spec: TR4o. */
    public @Nullable ConnectionDetails connectionDetails() {
        return connectionDetails;
    }

    /** {@return the count of an {@code ACK} or {@code NACK}, or null if absent} Spec: TR4g. */
    public @Nullable Integer count() {
        return count;
    }

    /** {@return the error, or null if absent} Spec: TR4h. */
    public @Nullable ErrorInfo error() {
        return error;
    }

    /** {@return the raw flag bits, including bits unknown to this library; 0 when absent} Spec: TR4i. */
    public long flags() {
        return flags;
    }

    /**
     * True if {@code flag} is set in {@link #flags()}. Spec: TR3.
     *
     * @param flag the flag to test
     * @return whether its bit is set
     */
    public boolean hasFlag(Flag flag) {
        return (flags & Values.requireArg(flag, "flag").mask()) != 0;
    }

    /** {@return the message serial, or null if absent} Spec: TR4j. */
    public @Nullable Long msgSerial() {
        return msgSerial;
    }

    /** {@return the messages; empty when absent} Spec: TR4k. Unmodifiable. */
    public List<Message> messages() {
        return messages;
    }

    /** {@return the presence messages; empty when absent} Spec: TR4l. Unmodifiable. */
    public List<PresenceMessage> presence() {
        return presence;
    }

    /** {@return the server time this message was sent, in ms since the epoch, or null if absent} Spec: TR4m. */
    public @Nullable Long timestamp() {
        return timestamp;
    }

    /** {@return channel params; empty when absent} Spec: TR4q. Unmodifiable. */
    public Map<String, String> params() {
        return params;
    }

    /** {@return auth details of an {@code AUTH} message, or null if absent} Spec: TR4p. */
    public @Nullable AuthDetails auth() {
        return auth;
    }

    /** {@return the publish results of an {@code ACK}; empty when absent} Spec: TR4s. Unmodifiable. */
    public List<PublishResult> res() {
        return res;
    }

    /**
     * {@return the annotations of an {@code ANNOTATION} message; empty when absent} Spec: RTAN1c, RTAN4b. Unmodifiable.
     */
    public List<Annotation> annotations() {
        return annotations;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ProtocolMessage m)) {
            return false;
        }
        return actionCode == m.actionCode
                && flags == m.flags
                && Objects.equals(id, m.id)
                && Objects.equals(channel, m.channel)
                && Objects.equals(channelSerial, m.channelSerial)
                && Objects.equals(connectionId, m.connectionId)
                && Objects.equals(connectionKey, m.connectionKey)
                && Objects.equals(connectionDetails, m.connectionDetails)
                && Objects.equals(count, m.count)
                && Objects.equals(error, m.error)
                && Objects.equals(msgSerial, m.msgSerial)
                && messages.equals(m.messages)
                && presence.equals(m.presence)
                && Objects.equals(timestamp, m.timestamp)
                && params.equals(m.params)
                && Objects.equals(auth, m.auth)
                && res.equals(m.res)
                && annotations.equals(m.annotations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                actionCode,
                id,
                channel,
                channelSerial,
                connectionId,
                connectionKey,
                connectionDetails,
                count,
                error,
                flags,
                msgSerial,
                messages,
                presence,
                timestamp,
                params,
                auth,
                res,
                annotations);
    }

    /** A log-safe description: the connection key and tokens are redacted. */
    @Override
    public String toString() {
        Action action = action();
        StringBuilder sb = new StringBuilder("ProtocolMessage{action=")
                .append(action == Action.UNKNOWN ? "UNKNOWN(" + actionCode + ")" : action.name());
        Values.field(sb, "id", id);
        Values.field(sb, "channel", channel);
        Values.field(sb, "channelSerial", channelSerial);
        Values.field(sb, "connectionId", connectionId);
        Values.secret(sb, "connectionKey", connectionKey);
        Values.field(sb, "connectionDetails", connectionDetails);
        Values.field(sb, "count", count);
        Values.field(sb, "error", error);
        Values.field(sb, "flags", flags == 0 ? null : flags);
        Values.field(sb, "msgSerial", msgSerial);
        Values.field(sb, "messages", messages.isEmpty() ? null : messages);
        Values.field(sb, "presence", presence.isEmpty() ? null : presence);
        Values.field(sb, "timestamp", timestamp);
        Values.field(sb, "params", params.isEmpty() ? null : params);
        Values.field(sb, "auth", auth);
        Values.field(sb, "res", res.isEmpty() ? null : res);
        Values.field(sb, "annotations", annotations.isEmpty() ? null : annotations);
        return sb.append('}').toString();
    }

    /** Builds {@link ProtocolMessage} values. Not thread-safe. */
    public static final class Builder {
        private int actionCode;
        private @Nullable String id;
        private @Nullable String channel;
        private @Nullable String channelSerial;
        private @Nullable String connectionId;
        private @Nullable String connectionKey;
        private @Nullable ConnectionDetails connectionDetails;
        private @Nullable Integer count;
        private @Nullable ErrorInfo error;
        private long flags;
        private @Nullable Long msgSerial;
        private List<Message> messages = Collections.emptyList();
        private boolean messagesOwned = true;
        private List<PresenceMessage> presence = Collections.emptyList();
        private boolean presenceOwned = true;
        private @Nullable Long timestamp;
        private Map<String, String> params = Collections.emptyMap();
        private @Nullable AuthDetails auth;
        private List<PublishResult> res = Collections.emptyList();
        private List<Annotation> annotations = Collections.emptyList();

        private Builder() {}

        /**
         * Sets the action; {@link Action#UNKNOWN} is rejected (use {@link #actionCode(int)}).
         *
         * @param action the action; {@link Action#UNKNOWN} is rejected (use {@link #actionCode(int)})
         * @return this builder
         */
        public Builder action(Action action) {
            if (Values.requireArg(action, "action") == Action.UNKNOWN) {
                throw Values.invalid("ProtocolMessage action UNKNOWN has no wire code; use actionCode(int)");
            }
            this.actionCode = action.code();
            return this;
        }

        /**
         * Sets the raw action code, which may be one this library does not know.
         *
         * @param actionCode the raw action code, which may be one this library does not know
         * @return this builder
         */
        public Builder actionCode(int actionCode) {
            this.actionCode = actionCode;
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#id()}.
         *
         * @param id the protocol message id, typically {@code connectionId:msgSerial}, or null
         * @return this builder
         */
        public Builder id(@Nullable String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#channel()}.
         *
         * @param channel the channel name, or null
         * @return this builder
         */
        public Builder channel(@Nullable String channel) {
            this.channel = channel;
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#channelSerial()}.
         *
         * @param channelSerial the channel serial, or null
         * @return this builder
         */
        public Builder channelSerial(@Nullable String channelSerial) {
            this.channelSerial = channelSerial;
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#connectionId()}.
         *
         * @param connectionId the connection id, or null
         * @return this builder
         */
        public Builder connectionId(@Nullable String connectionId) {
            this.connectionId = connectionId;
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#connectionKey()}.
         *
         * @param connectionKey the legacy top-level connection key; {@link ConnectionDetails#connectionKey()} is
         *     definitive when present
         * @return this builder
         */
        public Builder connectionKey(@Nullable String connectionKey) {
            this.connectionKey = connectionKey;
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#connectionDetails()}.
         *
         * @param connectionDetails the connection details of a {@code CONNECTED} message, or null
         * @return this builder
         */
        public Builder connectionDetails(@Nullable ConnectionDetails connectionDetails) {
            this.connectionDetails = connectionDetails;
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#count()}.
         *
         * @param count the count of an {@code ACK} or {@code NACK}, or null
         * @return this builder
         */
        public Builder count(@Nullable Integer count) {
            this.count = count;
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#error()}.
         *
         * @param error the error, or null
         * @return this builder
         */
        public Builder error(@Nullable ErrorInfo error) {
            this.error = error;
            return this;
        }

        /**
         * Sets all flag bits (raw).
         *
         * @param flags all flag bits (raw)
         * @return this builder
         */
        public Builder flags(long flags) {
            this.flags = flags;
            return this;
        }

        /**
         * Sets one flag bit in addition to those already set.
         *
         * @param flag one flag bit in addition to those already set
         * @return this builder
         */
        public Builder flag(Flag flag) {
            this.flags |= Values.requireArg(flag, "flag").mask();
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#msgSerial()}.
         *
         * @param msgSerial the message serial, or null
         * @return this builder
         */
        public Builder msgSerial(@Nullable Long msgSerial) {
            this.msgSerial = msgSerial;
            return this;
        }

        /**
         * Sets the messages (copied).
         *
         * @param messages the messages (copied)
         * @return this builder
         */
        public Builder messages(List<Message> messages) {
            this.messages = Values.requireArg(messages, "messages");
            this.messagesOwned = false;
            return this;
        }

        /**
         * Appends one message.
         *
         * @param message the message to append
         * @return this builder
         */
        public Builder addMessage(Message message) {
            Values.requireArg(message, "message");
            List<Message> copy = new ArrayList<>(messages);
            copy.add(message);
            this.messages = Collections.unmodifiableList(copy);
            this.messagesOwned = true;
            return this;
        }

        /**
         * Sets the presence messages (copied).
         *
         * @param presence the presence messages (copied)
         * @return this builder
         */
        public Builder presence(List<PresenceMessage> presence) {
            this.presence = Values.requireArg(presence, "presence");
            this.presenceOwned = false;
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#timestamp()}.
         *
         * @param timestamp the server time this message was sent, in ms since the epoch, or null
         * @return this builder
         */
        public Builder timestamp(@Nullable Long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** Sets the channel params (copied). */
        /**
         * Sets {@link ProtocolMessage#params()}.
         *
         * @param params channel params; empty when absent
         * @return this builder
         */
        public Builder params(Map<String, String> params) {
            this.params = Values.requireArg(params, "params");
            return this;
        }

        /**
         * Sets {@link ProtocolMessage#auth()}.
         *
         *
         * @param auth the authentication details of an AUTH message, or null
         * @return this builder
         */
        public Builder auth(@Nullable AuthDetails auth) {
            this.auth = auth;
            return this;
        }

        /**
         * Sets the publish results (copied).
         *
         * @param res the publish results (copied)
         * @return this builder
         */
        public Builder res(List<PublishResult> res) {
            this.res = Values.requireArg(res, "res");
            return this;
        }

        /**
         * Sets the annotations (copied).
         *
         * @param annotations the annotations (copied)
         * @return this builder
         */
        public Builder annotations(List<Annotation> annotations) {
            this.annotations = Values.requireArg(annotations, "annotations");
            return this;
        }

        /**
         * Sets lists already owned by the caller without copying: they must be unmodifiable, null-free and
         * never changed afterwards. For the codecs.
         */
        Builder ownedLists(List<Message> messages, List<PresenceMessage> presence) {
            this.messages = messages;
            this.messagesOwned = true;
            this.presence = presence;
            this.presenceOwned = true;
            return this;
        }

        /** {@return a new {@code ProtocolMessage} with the fields set on this builder} */
        public ProtocolMessage build() {
            return new ProtocolMessage(this);
        }
    }
}
