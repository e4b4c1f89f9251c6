package io.ably4j.types;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An annotation of a message, such as a reaction, published by a client or received from Ably. Spec: TAN1, TAN2.
 *
 * <p>{@link #data()} follows the same rules as {@link Message#data()}: a {@code String}, a {@code byte[]} or a
 * {@link Json} value, or {@code null}; it is encoded and decoded like message data (TAN2f1, RSL4). An annotation
 * read from the wire carries its {@code data} and {@code encoding} as they were on the wire until the
 * data-encoding layer decodes them. The raw action code is kept even when this library does not know it. Binary
 * payloads are copied on the way in and out, so instances are immutable and thread-safe.
 */
public final class Annotation {
    private final @Nullable String id;
    private final @Nullable Integer actionCode;
    private final @Nullable String clientId;
    private final @Nullable String name;
    private final @Nullable Integer count;
    private final @Nullable Object data;
    private final @Nullable String encoding;
    private final @Nullable Long timestamp;
    private final @Nullable String serial;
    private final @Nullable String messageSerial;
    private final @Nullable String type;
    private final @Nullable Json extras;

    private Annotation(Builder b) {
        this.id = b.id;
        this.actionCode = b.actionCode;
        this.clientId = b.clientId;
        this.name = b.name;
        this.count = b.count;
        this.data = b.data;
        this.encoding = b.encoding;
        this.timestamp = b.timestamp;
        this.serial = b.serial;
        this.messageSerial = b.messageSerial;
        this.type = b.type;
        this.extras = b.extras;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder initialised with this annotation's fields} */
    public Builder toBuilder() {
        Builder b = new Builder()
                .id(id)
                .actionCode(actionCode)
                .clientId(clientId)
                .name(name)
                .count(count)
                .encoding(encoding)
                .timestamp(timestamp)
                .serial(serial)
                .messageSerial(messageSerial)
                .type(type)
                .extras(extras);
        b.data = data; // immutable here, so no copy is needed
        return b;
    }

    /** {@return the annotation id, or null if absent} Spec: TAN2a. */
    public @Nullable String id() {
        return id;
    }

    /** {@return the action; {@link AnnotationAction#UNKNOWN} for an unknown code; null when absent} Spec: TAN2b. */
    public @Nullable AnnotationAction action() {
        return actionCode == null ? null : AnnotationAction.of(actionCode);
    }

    /** {@return the raw wire action code, preserved even when unknown; null when absent} Spec: TAN2b1. */
    public @Nullable Integer actionCode() {
        return actionCode;
    }

    /** {@return the client id of the publisher, or null if absent} Spec: TAN2c. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** {@return the annotation name, such as the emoji of a reaction, or null if absent} Spec: TAN2d. */
    public @Nullable String name() {
        return name;
    }

    /** {@return the count, for annotation types that count, or null if absent} Spec: TAN2e. */
    public @Nullable Integer count() {
        return count;
    }

    /** {@return the payload: a {@code String}, a copy of the {@code byte[]}, a {@link Json}, or null} Spec: TAN2f. */
    public @Nullable Object data() {
        return Values.exposeData(data);
    }

    /** {@return the encoding of the payload, or null if absent} Spec: TAN2g. */
    public @Nullable String encoding() {
        return encoding;
    }

    /** {@return the time Ably received the annotation, in ms since the epoch, or null if absent} Spec: TAN2h. */
    public @Nullable Long timestamp() {
        return timestamp;
    }

    /** {@return the annotation serial assigned by Ably, or null if absent} Spec: TAN2i. */
    public @Nullable String serial() {
        return serial;
    }

    /** {@return the serial of the annotated message, or null if absent} Spec: TAN2j. */
    public @Nullable String messageSerial() {
        return messageSerial;
    }

    /** {@return the annotation type, such as {@code "reaction:distinct.v1"}; opaque to this library} Spec: TAN2k. */
    public @Nullable String type() {
        return type;
    }

    /**
     * Extras: a JSON object, passed through opaquely. Spec: TAN2l.
     *
     * @return the extras object, or null if the message has none
     */
    public @Nullable Json extras() {
        return extras;
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
        if (!(o instanceof Annotation a)) {
            return false;
        }
        return Objects.equals(id, a.id)
                && Objects.equals(actionCode, a.actionCode)
                && Objects.equals(clientId, a.clientId)
                && Objects.equals(name, a.name)
                && Objects.equals(count, a.count)
                && Values.dataEquals(data, a.data)
                && Objects.equals(encoding, a.encoding)
                && Objects.equals(timestamp, a.timestamp)
                && Objects.equals(serial, a.serial)
                && Objects.equals(messageSerial, a.messageSerial)
                && Objects.equals(type, a.type)
                && Objects.equals(extras, a.extras);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                id,
                actionCode,
                clientId,
                name,
                count,
                Values.dataHash(data),
                encoding,
                timestamp,
                serial,
                messageSerial,
                type,
                extras);
    }

    /** A log-safe description: binary data is shown only by length. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Annotation{");
        AnnotationAction action = action();
        Values.field(sb, "action", action == AnnotationAction.UNKNOWN ? "UNKNOWN(" + actionCode + ")" : action);
        Values.field(sb, "id", id);
        Values.field(sb, "type", type);
        Values.field(sb, "name", name);
        Values.field(sb, "clientId", clientId);
        Values.field(sb, "count", count);
        Values.field(sb, "data", data == null ? null : Values.describeData(data));
        Values.field(sb, "encoding", encoding);
        Values.field(sb, "timestamp", timestamp);
        Values.field(sb, "serial", serial);
        Values.field(sb, "messageSerial", messageSerial);
        Values.field(sb, "extras", extras);
        return sb.append('}').toString();
    }

    /** Builds {@link Annotation} values. Not thread-safe. */
    public static final class Builder {
        private @Nullable String id;
        private @Nullable Integer actionCode;
        private @Nullable String clientId;
        private @Nullable String name;
        private @Nullable Integer count;
        private @Nullable Object data;
        private @Nullable String encoding;
        private @Nullable Long timestamp;
        private @Nullable String serial;
        private @Nullable String messageSerial;
        private @Nullable String type;
        private @Nullable Json extras;

        private Builder() {}

        /**
         * Sets {@link Annotation#id()}.
         *
         * @param id the annotation id, or null
         * @return this builder
         */
        public Builder id(@Nullable String id) {
            this.id = id;
            return this;
        }

        /**
         * Sets the action; {@link AnnotationAction#UNKNOWN} is rejected (use {@link #actionCode(Integer)}).
         *
         * @param action the action; {@link AnnotationAction#UNKNOWN} is rejected (use {@link #actionCode(Integer)});
         *     null for none
         * @return this builder
         */
        public Builder action(@Nullable AnnotationAction action) {
            if (action == AnnotationAction.UNKNOWN) {
                throw Values.invalid("AnnotationAction UNKNOWN has no wire code; use actionCode(Integer)");
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
         * Sets {@link Annotation#clientId()}.
         *
         * @param clientId the client id of the publisher, or null
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets {@link Annotation#name()}.
         *
         * @param name the annotation name, such as the emoji of a reaction, or null
         * @return this builder
         */
        public Builder name(@Nullable String name) {
            this.name = name;
            return this;
        }

        /**
         * Sets {@link Annotation#count()}.
         *
         * @param count the count, for annotation types that count, or null
         * @return this builder
         */
        public Builder count(@Nullable Integer count) {
            this.count = count;
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
         * Sets a JSON payload (an object or array).
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
         * Sets {@link Annotation#encoding()}.
         *
         * @param encoding the encoding of the payload, or null
         * @return this builder
         */
        public Builder encoding(@Nullable String encoding) {
            this.encoding = encoding;
            return this;
        }

        /**
         * Sets {@link Annotation#timestamp()}.
         *
         * @param timestamp the time Ably received the annotation, in ms since the epoch, or null
         * @return this builder
         */
        public Builder timestamp(@Nullable Long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /**
         * Sets {@link Annotation#serial()}.
         *
         * @param serial the annotation serial assigned by Ably, or null
         * @return this builder
         */
        public Builder serial(@Nullable String serial) {
            this.serial = serial;
            return this;
        }

        /**
         * Sets {@link Annotation#messageSerial()}.
         *
         * @param messageSerial the serial of the annotated message, or null
         * @return this builder
         */
        public Builder messageSerial(@Nullable String messageSerial) {
            this.messageSerial = messageSerial;
            return this;
        }

        /**
         * Sets {@link Annotation#type()}.
         *
         * @param type the annotation type, such as {@code "reaction:distinct.v1"}; opaque to this library, or null
         * @return this builder
         */
        public Builder type(@Nullable String type) {
            this.type = type;
            return this;
        }

        /**
         * Sets the extras. Spec: TAN2l.
         *
         * @param extras the extras, or null
         * @return this builder
         * @throws AblyException with code 40013 if {@code extras} is not a JSON object
         */
        public Builder extras(@Nullable Json extras) {
            if (extras != null && !extras.isObject()) {
                throw Values.invalid("Annotation extras must be a JSON object, got " + extras);
            }
            this.extras = extras;
            return this;
        }

        /** {@return a new {@code Annotation} with the fields set on this builder} */
        public Annotation build() {
            return new Annotation(this);
        }
    }
}
