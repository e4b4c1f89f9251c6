package io.ably4j.types;

import io.ably4j.internal.protocol.TypesAccess;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A channel message. Spec: TM1, TM2.
 *
 * <p>{@link #data()} is a {@code String}, a {@code byte[]} or a {@link Json} value (objects and arrays), or
 * {@code null}. Binary payloads are copied on the way in and out, so instances are immutable and thread-safe.
 * A message read from the wire carries its {@code data} and {@code encoding} as they were on the wire until the
 * data-encoding layer decodes them.
 */
public final class Message {
    static {
        TypesAccess.install(new TypesAccessImpl());
    }

    private final @Nullable String id;
    private final @Nullable String clientId;
    private final @Nullable String connectionId;
    private final @Nullable String connectionKey;
    private final @Nullable String name;
    private final @Nullable Object data;
    private final @Nullable String encoding;
    private final @Nullable Json extras;
    private final @Nullable Long timestamp;
    private final @Nullable Integer actionCode;
    private final @Nullable String serial;
    private final @Nullable MessageVersion version;
    private final @Nullable MessageAnnotations annotations;

    private Message(Builder b) {
        this.id = b.id;
        this.clientId = b.clientId;
        this.connectionId = b.connectionId;
        this.connectionKey = b.connectionKey;
        this.name = b.name;
        this.data = b.data;
        this.encoding = b.encoding;
        this.extras = b.extras;
        this.timestamp = b.timestamp;
        this.actionCode = b.actionCode;
        this.serial = b.serial;
        this.version = b.version;
        this.annotations = b.annotations;
    }

    /**
     * A copy of {@code m} with the fields the received defaults set (TM2a, TM2c, TM2f, TM2s, TM2u), built without a
     * builder; the other fields are kept. For the codecs, through {@link TypesAccessImpl}.
     */
    Message(
            Message m,
            @Nullable String id,
            @Nullable String connectionId,
            @Nullable Long timestamp,
            @Nullable MessageVersion version,
            @Nullable MessageAnnotations annotations) {
        this.id = id;
        this.clientId = m.clientId;
        this.connectionId = connectionId;
        this.connectionKey = m.connectionKey;
        this.name = m.name;
        this.data = m.data;
        this.encoding = m.encoding;
        this.extras = m.extras;
        this.timestamp = timestamp;
        this.actionCode = m.actionCode;
        this.serial = m.serial;
        this.version = version;
        this.annotations = annotations;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A message with a name and data. Spec: TM4.
     *
     * @param name the event name, or null
     * @param data the payload: a {@code String}, {@code byte[]} or {@link Json}, or null
     * @return the new message
     * @throws AblyException with code 40013 if {@code data} is not a {@code String}, {@code byte[]} or
     * {@link Json}
     */
    public static Message of(@Nullable String name, @Nullable Object data) {
        return builder().name(name).data(data).build();
    }

    /**
     * A message with a name, data and client id. Spec: TM4.
     *
     * @param name the event name, or null
     * @param data the payload: a {@code String}, {@code byte[]} or {@link Json}, or null
     * @param clientId the publisher's client id, or null
     * @return the new message
     */
    public static Message of(@Nullable String name, @Nullable Object data, @Nullable String clientId) {
        return builder().name(name).data(data).clientId(clientId).build();
    }

    /** {@return a builder initialised with this message's fields} */
    public Builder toBuilder() {
        Builder b = new Builder()
                .id(id)
                .clientId(clientId)
                .connectionId(connectionId)
                .connectionKey(connectionKey)
                .name(name)
                .encoding(encoding)
                .extras(extras)
                .timestamp(timestamp)
                .actionCode(actionCode)
                .serial(serial)
                .version(version)
                .annotations(annotations);
        b.data = data; // immutable here, so no copy is needed
        return b;
    }

    /** {@return the message id, or null if absent} Spec: TM2a. */
    public @Nullable String id() {
        return id;
    }

    /** {@return the publisher's client id, or null if absent} Spec: TM2b. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** {@return the publisher's connection id, or null if absent} Spec: TM2c. */
    public @Nullable String connectionId() {
        return connectionId;
    }

    /** {@return the connection key to publish on behalf of another connection} Spec: TM2h. A secret: never logged. */
    public @Nullable String connectionKey() {
        return connectionKey;
    }

    /** {@return the event name, or null if absent} Spec: TM2g. */
    public @Nullable String name() {
        return name;
    }

    /** {@return the payload: a {@code String}, a copy of the {@code byte[]}, a {@link Json}, or null} Spec: TM2d. */
    public @Nullable Object data() {
        return Values.exposeData(data);
    }

    /** {@return the encoding of the payload, such as {@code "json/base64"}, or null if absent} Spec: TM2e. */
    public @Nullable String encoding() {
        return encoding;
    }

    /**
     * Extras: a JSON object, passed through opaquely. Spec: TM2i.
     *
     * @return the extras object, or null if the message has none
     */
    public @Nullable Json extras() {
        return extras;
    }

    /** {@return the server timestamp in ms since the epoch, or null if absent} Spec: TM2f. */
    public @Nullable Long timestamp() {
        return timestamp;
    }

    /** {@return the action; {@link MessageAction#UNKNOWN} for an unknown code; null when absent} Spec: TM2j, TM5. */
    public @Nullable MessageAction action() {
        return actionCode == null ? null : MessageAction.of(actionCode);
    }

    /** {@return the raw wire action code, preserved even when unknown; null when absent} */
    public @Nullable Integer actionCode() {
        return actionCode;
    }

    /** {@return the message serial, or null if absent} Spec: TM2r. */
    public @Nullable String serial() {
        return serial;
    }

    /** {@return the latest version of the message; null when absent on the wire} Spec: TM2s. */
    public @Nullable MessageVersion version() {
        return version;
    }

    /** {@return the annotations summary; null when absent on the wire} Spec: TM2u. */
    public @Nullable MessageAnnotations annotations() {
        return annotations;
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
        if (!(o instanceof Message m)) {
            return false;
        }
        return Objects.equals(id, m.id)
                && Objects.equals(clientId, m.clientId)
                && Objects.equals(connectionId, m.connectionId)
                && Objects.equals(connectionKey, m.connectionKey)
                && Objects.equals(name, m.name)
                && Values.dataEquals(data, m.data)
                && Objects.equals(encoding, m.encoding)
                && Objects.equals(extras, m.extras)
                && Objects.equals(timestamp, m.timestamp)
                && Objects.equals(actionCode, m.actionCode)
                && Objects.equals(serial, m.serial)
                && Objects.equals(version, m.version)
                && Objects.equals(annotations, m.annotations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                id,
                clientId,
                connectionId,
                connectionKey,
                name,
                Values.dataHash(data),
                encoding,
                extras,
                timestamp,
                actionCode,
                serial,
                version,
                annotations);
    }

    /** A log-safe description: the connection key is redacted and binary data shown only by length. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Message{");
        Values.field(sb, "id", id);
        Values.field(sb, "name", name);
        Values.field(sb, "clientId", clientId);
        Values.field(sb, "connectionId", connectionId);
        Values.secret(sb, "connectionKey", connectionKey);
        Values.field(sb, "data", data == null ? null : Values.describeData(data));
        Values.field(sb, "encoding", encoding);
        Values.field(sb, "extras", extras);
        Values.field(sb, "timestamp", timestamp);
        MessageAction action = action();
        Values.field(sb, "action", action == MessageAction.UNKNOWN ? "UNKNOWN(" + actionCode + ")" : action);
        Values.field(sb, "serial", serial);
        Values.field(sb, "version", version);
        Values.field(sb, "annotations", annotations);
        return sb.append('}').toString();
    }

    /** Builds {@link Message} values. Not thread-safe. */
    public static final class Builder {
        private @Nullable String id;
        private @Nullable String clientId;
        private @Nullable String connectionId;
        private @Nullable String connectionKey;
        private @Nullable String name;
        private @Nullable Object data;
        private @Nullable String encoding;
        private @Nullable Json extras;
        private @Nullable Long timestamp;
        private @Nullable Integer actionCode;
        private @Nullable String serial;
        private @Nullable MessageVersion version;
        private @Nullable MessageAnnotations annotations;

        private Builder() {}

        /**
         * Sets {@link Message#id()}.
         *
         * @param id the message id, or null
         * @return this builder
         */
        public Builder id(@Nullable String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets {@link Message#clientId()}.
         *
         * @param clientId the publisher's client id, or null
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets {@link Message#connectionId()}.
         *
         * @param connectionId the publisher's connection id, or null
         * @return this builder
         */
        public Builder connectionId(@Nullable String connectionId) {
            this.connectionId = connectionId;
            return this;
        }

        /**
         * Sets {@link Message#connectionKey()}.
         *
         * @param connectionKey the connection key to publish on behalf of another connection, or null
         * @return this builder
         */
        public Builder connectionKey(@Nullable String connectionKey) {
            this.connectionKey = connectionKey;
            return this;
        }

        /**
         * Sets {@link Message#name()}.
         *
         * @param name the event name, or null
         * @return this builder
         */
        public Builder name(@Nullable String name) {
            this.name = name;
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
         * Sets a JSON payload (an object or array). Spec: RSL4d.
         *
         * @param data a JSON payload (an object or array), or null
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
         * Sets {@link Message#encoding()}.
         *
         * @param encoding the encoding of the payload, such as {@code "json/base64"}, or null
         * @return this builder
         */
        public Builder encoding(@Nullable String encoding) {
            this.encoding = encoding;
            return this;
        }

        /**
         * Sets the extras. Spec: TM2i.
         *
         * @param extras the extras, or null
         * @return this builder
         * @throws AblyException with code 40013 if {@code extras} is not a JSON object
         */
        public Builder extras(@Nullable Json extras) {
            if (extras != null && !extras.isObject()) {
                throw Values.invalid("Message extras must be a JSON object, got " + extras);
            }
            this.extras = extras;
            return this;
        }

        /**
         * Sets {@link Message#timestamp()}.
         *
         * @param timestamp the server timestamp in ms since the epoch, or null
         * @return this builder
         */
        public Builder timestamp(@Nullable Long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /**
         * Sets the action; {@link MessageAction#UNKNOWN} is rejected (use {@link #actionCode(Integer)}).
         *
         * @param action the action; {@link MessageAction#UNKNOWN} is rejected (use {@link #actionCode(Integer)}); null
         *     for none
         * @return this builder
         */
        public Builder action(@Nullable MessageAction action) {
            if (action == MessageAction.UNKNOWN) {
                throw Values.invalid("MessageAction UNKNOWN has no wire code; use actionCode(Integer)");
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
         * Sets {@link Message#serial()}.
         *
         * @param serial the message serial, or null
         * @return this builder
         */
        public Builder serial(@Nullable String serial) {
            this.serial = serial;
            return this;
        }

        /**
         * Sets {@link Message#version()}.
         *
         * @param version the latest version of the message; null when absent on the wire
         * @return this builder
         */
        public Builder version(@Nullable MessageVersion version) {
            this.version = version;
            return this;
        }

        /**
         * Sets {@link Message#annotations()}.
         *
         * @param annotations the annotations summary; null when absent on the wire
         * @return this builder
         */
        public Builder annotations(@Nullable MessageAnnotations annotations) {
            this.annotations = annotations;
            return this;
        }

        /** {@return a new {@code Message} with the fields set on this builder} */
        public Message build() {
            return new Message(this);
        }
    }
}
