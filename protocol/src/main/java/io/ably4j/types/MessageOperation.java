package io.ably4j.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Optional details of a message update, delete or append: who made it, why, and free-form metadata. Spec: MOP1, MOP2.
 * Sent as the message's {@code version} (RSL15b7, RTL32b2). Every field is optional. Immutable and thread-safe.
 */
public final class MessageOperation {
    private final @Nullable String clientId;
    private final @Nullable String description;
    private final Map<String, String> metadata;

    private MessageOperation(Builder b) {
        this.clientId = b.clientId;
        this.description = b.description;
        this.metadata = Values.copyStringMap(b.metadata, "metadata");
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder initialised with this operation's fields} */
    public Builder toBuilder() {
        return new Builder().clientId(clientId).description(description).metadata(metadata);
    }

    /** {@return the client that made the operation, or null if absent} Spec: MOP2a. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** {@return a description of the operation, or null if absent} Spec: MOP2b. */
    public @Nullable String description() {
        return description;
    }

    /** {@return metadata of the operation; empty when absent} Spec: MOP2c. Unmodifiable. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * {@return the JSON form: an object with {@code clientId}, {@code description} and {@code metadata}, each omitted
     * when absent (an empty {@code metadata} is absent)}
     */
    public String toJson() {
        Map<String, Object> tree = new LinkedHashMap<>(8);
        if (clientId != null) {
            tree.put("clientId", clientId);
        }
        if (description != null) {
            tree.put("description", description);
        }
        if (!metadata.isEmpty()) {
            tree.put("metadata", metadata);
        }
        return Json.of(tree).text();
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o
                || (o instanceof MessageOperation op
                        && Objects.equals(clientId, op.clientId)
                        && Objects.equals(description, op.description)
                        && metadata.equals(op.metadata));
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientId, description, metadata);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("MessageOperation{");
        Values.field(sb, "clientId", clientId);
        Values.field(sb, "description", description);
        Values.field(sb, "metadata", metadata.isEmpty() ? null : metadata);
        return sb.append('}').toString();
    }

    /** Builds {@link MessageOperation} values. Not thread-safe. */
    public static final class Builder {
        private @Nullable String clientId;
        private @Nullable String description;
        private Map<String, String> metadata = Collections.emptyMap();

        private Builder() {}

        /**
         * Sets {@link MessageOperation#clientId()}.
         *
         * @param clientId the client that made the operation, or null
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets {@link MessageOperation#description()}.
         *
         * @param description a description of the operation, or null
         * @return this builder
         */
        public Builder description(@Nullable String description) {
            this.description = description;
            return this;
        }

        /**
         * Sets the metadata (copied when built).
         *
         * @param metadata arbitrary key-value pairs describing the operation
         * @return this builder
         * @throws AblyException with code 40000 if {@code metadata} is null; building fails with code 40013 if it
         * holds a null key or value
         */
        public Builder metadata(Map<String, String> metadata) {
            this.metadata = Values.requireArg(metadata, "metadata");
            return this;
        }

        /** {@return a new {@code MessageOperation} with the fields set on this builder} */
        public MessageOperation build() {
            return new MessageOperation(this);
        }
    }
}
