package io.ably4j.types;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A presence message. Spec: TP1, TP3. {@link #data()} follows the same rules as {@link Message#data()}. Immutable and
 * thread-safe.
 */
public final class PresenceMessage {
    private final @Nullable String id;
    private final @Nullable Integer actionCode;
    private final @Nullable String clientId;
    private final @Nullable String connectionId;
    private final @Nullable Object data;
    private final @Nullable String encoding;
    private final @Nullable Json extras;
    private final @Nullable Long timestamp;

    private PresenceMessage(Builder b) {
        this.id = b.id;
        this.actionCode = b.actionCode;
        this.clientId = b.clientId;
        this.connectionId = b.connectionId;
        this.data = b.data;
        this.encoding = b.encoding;
        this.extras = b.extras;
        this.timestamp = b.timestamp;
    }

    /**
     * A copy of {@code m} with the fields the received defaults set (TP3a, TP3d, TP3g), built without a builder; the
     * other fields are kept. For the codecs, through {@link TypesAccessImpl}.
     */
    PresenceMessage(PresenceMessage m, @Nullable String id, @Nullable String connectionId, @Nullable Long timestamp) {
        this.id = id;
        this.actionCode = m.actionCode;
        this.clientId = m.clientId;
        this.connectionId = connectionId;
        this.data = m.data;
        this.encoding = m.encoding;
        this.extras = m.extras;
        this.timestamp = timestamp;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder with the given action.
     *
     * @param action the presence action
     * @return a new builder with that action
     */
    public static Builder builder(PresenceAction action) {
        return new Builder().action(action);
    }

    /** {@return a builder initialised with this message's fields} */
    public Builder toBuilder() {
        Builder b = new Builder()
                .id(id)
                .actionCode(actionCode)
                .clientId(clientId)
                .connectionId(connectionId)
                .encoding(encoding)
                .extras(extras)
                .timestamp(timestamp);
        b.data = data;
        return b;
    }

    /** {@return the presence message id, or null if absent} Spec: TP3a. */
    public @Nullable String id() {
        return id;
    }

    /** {@return the action; {@link PresenceAction#UNKNOWN} for an unknown code; null when absent} Spec: TP3b. */
    public @Nullable PresenceAction action() {
        return actionCode == null ? null : PresenceAction.of(actionCode);
    }

    /** {@return the raw wire action code, preserved even when unknown; null when absent} */
    public @Nullable Integer actionCode() {
        return actionCode;
    }

    /** {@return the member's client id, or null if absent} Spec: TP3c. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** {@return the member's connection id, or null if absent} Spec: TP3d. */
    public @Nullable String connectionId() {
        return connectionId;
    }

    /** {@return the payload: a {@code String}, a copy of the {@code byte[]}, a {@link Json}, or null} Spec: TP3e. */
    public @Nullable Object data() {
        return Values.exposeData(data);
    }

    /** {@return the encoding of the payload, or null if absent} Spec: TP3f. */
    public @Nullable String encoding() {
        return encoding;
    }

    /**
     * Extras: a JSON object, passed through opaquely. Spec: TP3i.
     *
     * @return the extras object, or null if the message has none
     */
    public @Nullable Json extras() {
        return extras;
    }

    /** {@return the server timestamp in ms since the epoch, or null if absent} Spec: TP3g. */
    public @Nullable Long timestamp() {
        return timestamp;
    }

    /** {@return the member key: {@code connectionId:clientId}, unique per connected member} Spec: TP3h. */
    public String memberKey() {
        return connectionId + ":" + clientId;
    }

    /** The payload without a defensive copy, for the codecs. */
    @Nullable
    Object rawData() {
        return data;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PresenceMessage m)) {
            return false;
        }
        return Objects.equals(id, m.id)
                && Objects.equals(actionCode, m.actionCode)
                && Objects.equals(clientId, m.clientId)
                && Objects.equals(connectionId, m.connectionId)
                && Values.dataEquals(data, m.data)
                && Objects.equals(encoding, m.encoding)
                && Objects.equals(extras, m.extras)
                && Objects.equals(timestamp, m.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, actionCode, clientId, connectionId, Values.dataHash(data), encoding, extras, timestamp);
    }

    /** A log-safe description: binary data is shown only by length. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PresenceMessage{");
        PresenceAction action = action();
        Values.field(sb, "action", action == PresenceAction.UNKNOWN ? "UNKNOWN(" + actionCode + ")" : action);
        Values.field(sb, "id", id);
        Values.field(sb, "clientId", clientId);
        Values.field(sb, "connectionId", connectionId);
        Values.field(sb, "data", data == null ? null : Values.describeData(data));
        Values.field(sb, "encoding", encoding);
        Values.field(sb, "extras", extras);
        Values.field(sb, "timestamp", timestamp);
        return sb.append('}').toString();
    }

    /** Builds {@link PresenceMessage} values. Not thread-safe. */
    public static final class Builder {
        private @Nullable String id;
        private @Nullable Integer actionCode;
        private @Nullable String clientId;
        private @Nullable String connectionId;
        private @Nullable Object data;
        private @Nullable String encoding;
        private @Nullable Json extras;
        private @Nullable Long timestamp;

        private Builder() {}

        /**
         * Sets {@link PresenceMessage#id()}.
         *
         * @param id the presence message id, or null
         * @return this builder
         */
        public Builder id(@Nullable String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets the action; {@link PresenceAction#UNKNOWN} is rejected (use {@link #actionCode(Integer)}).
         *
         * @param action the action; {@link PresenceAction#UNKNOWN} is rejected (use {@link #actionCode(Integer)}); null
         *     for none
         * @return this builder
         */
        public Builder action(@Nullable PresenceAction action) {
            if (action == PresenceAction.UNKNOWN) {
                throw Values.invalid("PresenceAction UNKNOWN has no wire code; use actionCode(Integer)");
            }
            this.actionCode = action == null ? null : action.code();
            return this;
        }

        /**
         * Sets the raw action code, which may be one this library does not know.
         *
         * @param actionCode the raw action code, which may be one this library does not know, or null
         * @return this builder
         */
        public Builder actionCode(@Nullable Integer actionCode) {
            this.actionCode = actionCode;
            return this;
        }

        /**
         * Sets {@link PresenceMessage#clientId()}.
         *
         * @param clientId the member's client id, or null
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets {@link PresenceMessage#connectionId()}.
         *
         * @param connectionId the member's connection id, or null
         * @return this builder
         */
        public Builder connectionId(@Nullable String connectionId) {
            this.connectionId = connectionId;
            return this;
        }

        /**
         * Sets a string payload.
         *
         * @param data a string payload, or null
         * @return this builder
         */
        public Builder data(@Nullable String data) {
            this.data = data;
            return this;
        }

        /**
         * Sets a binary payload (copied).
         *
         * @param data a binary payload (copied), or null
         * @return this builder
         */
        public Builder data(byte @Nullable [] data) {
            this.data = data == null ? null : data.clone();
            return this;
        }

        /**
         * Sets a JSON payload.
         *
         * @param data a JSON payload, or null
         * @return this builder
         */
        public Builder data(@Nullable Json data) {
            this.data = data;
            return this;
        }

        /**
         * Sets a payload of any supported type.
         *
         * @param data a payload of any supported type, or null
         * @return this builder
         * @throws AblyException with code 40013 unless {@code data} is null, a {@code String}, a {@code byte[]}
         *     (copied) or a {@link Json}
         */
        public Builder data(@Nullable Object data) {
            this.data = Values.checkData(data, true);
            return this;
        }

        /** Sets a payload already validated and owned by the caller (no copy). For the codecs. */
        Builder trustedData(@Nullable Object data) {
            this.data = data;
            return this;
        }

        /**
         * Sets {@link PresenceMessage#encoding()}.
         *
         * @param encoding the encoding of the payload, or null
         * @return this builder
         */
        public Builder encoding(@Nullable String encoding) {
            this.encoding = encoding;
            return this;
        }

        /**
         * Sets the extras. Spec: TP3i.
         *
         * @param extras the extras, or null
         * @return this builder
         * @throws AblyException with code 40013 if {@code extras} is not a JSON object
         */
        public Builder extras(@Nullable Json extras) {
            if (extras != null && !extras.isObject()) {
                throw Values.invalid("PresenceMessage extras must be a JSON object, got " + extras);
            }
            this.extras = extras;
            return this;
        }

        /**
         * Sets {@link PresenceMessage#timestamp()}.
         *
         * @param timestamp the server timestamp in ms since the epoch, or null
         * @return this builder
         */
        public Builder timestamp(@Nullable Long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /** {@return a new {@code PresenceMessage} with the fields set on this builder} */
        public PresenceMessage build() {
            return new PresenceMessage(this);
        }
    }
}
