package io.ably4j.types;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The latest version of a message: its version serial, timestamp and the optional metadata of the update, delete or
 * append operation that produced it. Spec: TM2s. Immutable and thread-safe.
 */
public final class MessageVersion {
    private final @Nullable String serial;
    private final @Nullable Long timestamp;
    private final @Nullable String clientId;
    private final @Nullable String description;
    private final Map<String, String> metadata;

    private MessageVersion(Builder b) {
        this.serial = b.serial;
        this.timestamp = b.timestamp;
        this.clientId = b.clientId;
        this.description = b.description;
        this.metadata = Values.copyStringMap(b.metadata, "metadata");
    }

    private MessageVersion(
            @Nullable String serial,
            @Nullable Long timestamp,
            @Nullable String clientId,
            @Nullable String description,
            Map<String, String> metadata) {
        this.serial = serial;
        this.timestamp = timestamp;
        this.clientId = clientId;
        this.description = description;
        this.metadata = metadata;
    }

    /**
     * {@code version} (or an empty one when null) with its serial and timestamp defaulted to {@code serial} and
     * {@code timestamp} where absent (TM2s1, TM2s2); the other fields are kept, without copying the metadata.
     */
    static MessageVersion withDefaults(
            @Nullable MessageVersion version, @Nullable String serial, @Nullable Long timestamp) {
        if (version == null) {
            return new MessageVersion(serial, timestamp, null, null, Collections.emptyMap());
        }
        return new MessageVersion(
                version.serial != null ? version.serial : serial,
                version.timestamp != null ? version.timestamp : timestamp,
                version.clientId,
                version.description,
                version.metadata); // already an unmodifiable copy
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder initialised with the fields of this {@code MessageVersion}} */
    public Builder toBuilder() {
        return new Builder()
                .serial(serial)
                .timestamp(timestamp)
                .clientId(clientId)
                .description(description)
                .metadata(metadata);
    }

    /** {@return the version serial, or null if absent} Spec: TM2s1. */
    public @Nullable String serial() {
        return serial;
    }

    /** {@return the version timestamp in ms since the epoch, or null if absent} Spec: TM2s2. */
    public @Nullable Long timestamp() {
        return timestamp;
    }

    /** {@return the client that made this version, or null if absent} Spec: TM2s3. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** {@return a description of the operation, or null if absent} Spec: TM2s4. */
    public @Nullable String description() {
        return description;
    }

    /** {@return operation metadata; empty when absent} Spec: TM2s5. Unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o
                || (o instanceof MessageVersion v
                        && Objects.equals(serial, v.serial)
                        && Objects.equals(timestamp, v.timestamp)
                        && Objects.equals(clientId, v.clientId)
                        && Objects.equals(description, v.description)
                        && metadata.equals(v.metadata));
    }

    @Override
    public int hashCode() {
        return Objects.hash(serial, timestamp, clientId, description, metadata);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MessageVersion{");
        Values.field(sb, "serial", serial);
        Values.field(sb, "timestamp", timestamp);
        Values.field(sb, "clientId", clientId);
        Values.field(sb, "description", description);
        Values.field(sb, "metadata", metadata.isEmpty() ? null : metadata);
        return sb.append('}').toString();
    }

    /** Builds {@link MessageVersion} values. Not thread-safe. */
    public static final class Builder {
        private @Nullable String serial;
        private @Nullable Long timestamp;
        private @Nullable String clientId;
        private @Nullable String description;
        private Map<String, String> metadata = Collections.emptyMap();

        private Builder() {}

        /**
         * Sets {@link MessageVersion#serial()}.
         *
         * @param serial the version serial, or null
         * @return this builder
         */
        public Builder serial(@Nullable String serial) {
            this.serial = serial;
            return this;
        }

        /**
         * Sets {@link MessageVersion#timestamp()}.
         *
         * @param timestamp the version timestamp in ms since the epoch, or null
         * @return this builder
         */
        public Builder timestamp(@Nullable Long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /**
         * Sets {@link MessageVersion#clientId()}.
         *
         * @param clientId the client that made this version, or null
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets {@link MessageVersion#description()}.
         *
         * @param description a description of the operation, or null
         * @return this builder
         */
        public Builder description(@Nullable String description) {
            this.description = description;
            return this;
        }

        /**
         * Sets the metadata (copied).
         *
         * @param metadata arbitrary key-value pairs given with the operation
         * @return this builder
         */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = Values.requireArg(metadata, "metadata");
            return this;
        }

        /** {@return a new {@code MessageVersion} with the fields set on this builder} */
        public MessageVersion build() {
            return new MessageVersion(this);
        }
    }
}
