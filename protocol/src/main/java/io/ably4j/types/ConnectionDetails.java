package io.ably4j.types;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Connection constraints and metadata sent in {@code CONNECTED}. Spec: CD1, CD2. Absent fields are null; the client
 * applies its defaults. Immutable and thread-safe.
 */
public final class ConnectionDetails {
    private final @Nullable String clientId;
    private final @Nullable String connectionKey;
    private final @Nullable Integer maxMessageSize;
    private final @Nullable Integer maxFrameSize;
    private final @Nullable Integer maxInboundRate;
    private final @Nullable Long connectionStateTtl;
    private final @Nullable String serverId;
    private final @Nullable Long maxIdleInterval;
    private final @Nullable Long objectsGCGracePeriod;
    private final @Nullable String siteCode;

    private ConnectionDetails(Builder b) {
        this.clientId = b.clientId;
        this.connectionKey = b.connectionKey;
        this.maxMessageSize = b.maxMessageSize;
        this.maxFrameSize = b.maxFrameSize;
        this.maxInboundRate = b.maxInboundRate;
        this.connectionStateTtl = b.connectionStateTtl;
        this.serverId = b.serverId;
        this.maxIdleInterval = b.maxIdleInterval;
        this.objectsGCGracePeriod = b.objectsGCGracePeriod;
        this.siteCode = b.siteCode;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder initialised with the fields of this {@code ConnectionDetails}} */
    public Builder toBuilder() {
        return new Builder()
                .clientId(clientId)
                .connectionKey(connectionKey)
                .maxMessageSize(maxMessageSize)
                .maxFrameSize(maxFrameSize)
                .maxInboundRate(maxInboundRate)
                .connectionStateTtl(connectionStateTtl)
                .serverId(serverId)
                .maxIdleInterval(maxIdleInterval)
                .objectsGCGracePeriod(objectsGCGracePeriod)
                .siteCode(siteCode);
    }

    /** {@return the client id assigned to the connection; {@code "*"} for a wildcard, or null if absent} Spec: CD2a. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** {@return the connection key used to resume, or null if absent} Spec: CD2b. A secret: never logged. */
    public @Nullable String connectionKey() {
        return connectionKey;
    }

    /** {@return the maximum message size in bytes, or null if absent} Spec: CD2c. */
    public @Nullable Integer maxMessageSize() {
        return maxMessageSize;
    }

    /** {@return the maximum frame size in bytes, or null if absent} Spec: CD2d. */
    public @Nullable Integer maxFrameSize() {
        return maxFrameSize;
    }

    /** {@return the maximum inbound rate in messages per second, or null if absent} Spec: CD2e. */
    public @Nullable Integer maxInboundRate() {
        return maxInboundRate;
    }

    /** {@return how long the server keeps connection state after a disconnect, in ms, or null if absent} Spec: CD2f. */
    public @Nullable Long connectionStateTtl() {
        return connectionStateTtl;
    }

    /** {@return the front-end server id, for debugging, or null if absent} Spec: CD2g. */
    public @Nullable String serverId() {
        return serverId;
    }

    /** {@return the maximum server-to-client idle time in ms; 0 means unlimited, or null if absent} Spec: CD2h. */
    public @Nullable Long maxIdleInterval() {
        return maxIdleInterval;
    }

    /** {@return the grace period before tombstoned objects are released, in ms, or null if absent} Spec: CD2i. */
    public @Nullable Long objectsGCGracePeriod() {
        return objectsGCGracePeriod;
    }

    /** {@return the site the client connected to, or null if absent} Spec: CD2j. */
    public @Nullable String siteCode() {
        return siteCode;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o
                || (o instanceof ConnectionDetails d
                        && Objects.equals(clientId, d.clientId)
                        && Objects.equals(connectionKey, d.connectionKey)
                        && Objects.equals(maxMessageSize, d.maxMessageSize)
                        && Objects.equals(maxFrameSize, d.maxFrameSize)
                        && Objects.equals(maxInboundRate, d.maxInboundRate)
                        && Objects.equals(connectionStateTtl, d.connectionStateTtl)
                        && Objects.equals(serverId, d.serverId)
                        && Objects.equals(maxIdleInterval, d.maxIdleInterval)
                        && Objects.equals(objectsGCGracePeriod, d.objectsGCGracePeriod)
                        && Objects.equals(siteCode, d.siteCode));
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                clientId,
                connectionKey,
                maxMessageSize,
                maxFrameSize,
                maxInboundRate,
                connectionStateTtl,
                serverId,
                maxIdleInterval,
                objectsGCGracePeriod,
                siteCode);
    }

    /** A log-safe description: the connection key is redacted. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ConnectionDetails{");
        Values.field(sb, "clientId", clientId);
        Values.secret(sb, "connectionKey", connectionKey);
        Values.field(sb, "maxMessageSize", maxMessageSize);
        Values.field(sb, "maxFrameSize", maxFrameSize);
        Values.field(sb, "maxInboundRate", maxInboundRate);
        Values.field(sb, "connectionStateTtl", connectionStateTtl);
        Values.field(sb, "serverId", serverId);
        Values.field(sb, "maxIdleInterval", maxIdleInterval);
        Values.field(sb, "objectsGCGracePeriod", objectsGCGracePeriod);
        Values.field(sb, "siteCode", siteCode);
        return sb.append('}').toString();
    }

    /** Builds {@link ConnectionDetails} values. Not thread-safe. */
    public static final class Builder {
        private @Nullable String clientId;
        private @Nullable String connectionKey;
        private @Nullable Integer maxMessageSize;
        private @Nullable Integer maxFrameSize;
        private @Nullable Integer maxInboundRate;
        private @Nullable Long connectionStateTtl;
        private @Nullable String serverId;
        private @Nullable Long maxIdleInterval;
        private @Nullable Long objectsGCGracePeriod;
        private @Nullable String siteCode;

        private Builder() {}

        /**
         * Sets {@link ConnectionDetails#clientId()}.
         *
         * @param clientId the client id assigned to the connection; {@code "*"} for a wildcard, or null
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets {@link ConnectionDetails#connectionKey()}.
         *
         * @param connectionKey the connection key used to resume, or null
         * @return this builder
         */
        public Builder connectionKey(@Nullable String connectionKey) {
            this.connectionKey = connectionKey;
            return this;
        }

        /**
         * Sets {@link ConnectionDetails#maxMessageSize()}.
         *
         * @param maxMessageSize the maximum message size in bytes, or null
         * @return this builder
         */
        public Builder maxMessageSize(@Nullable Integer maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        /**
         * Sets {@link ConnectionDetails#maxFrameSize()}.
         *
         * @param maxFrameSize the maximum frame size in bytes, or null
         * @return this builder
         */
        public Builder maxFrameSize(@Nullable Integer maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        /**
         * Sets {@link ConnectionDetails#maxInboundRate()}.
         *
         * @param maxInboundRate the maximum inbound rate in messages per second, or null
         * @return this builder
         */
        public Builder maxInboundRate(@Nullable Integer maxInboundRate) {
            this.maxInboundRate = maxInboundRate;
            return this;
        }

        /**
         * Sets {@link ConnectionDetails#connectionStateTtl()}.
         *
         * @param connectionStateTtl how long the server keeps connection state after a disconnect, in ms, or null
         * @return this builder
         */
        public Builder connectionStateTtl(@Nullable Long connectionStateTtl) {
            this.connectionStateTtl = connectionStateTtl;
            return this;
        }

        /**
         * Sets {@link ConnectionDetails#serverId()}.
         *
         * @param serverId the front-end server id, for debugging, or null
         * @return this builder
         */
        public Builder serverId(@Nullable String serverId) {
            this.serverId = serverId;
            return this;
        }

        /**
         * Sets {@link ConnectionDetails#maxIdleInterval()}.
         *
         * @param maxIdleInterval the maximum server-to-client idle time in ms; 0 means unlimited, or null
         * @return this builder
         */
        public Builder maxIdleInterval(@Nullable Long maxIdleInterval) {
            this.maxIdleInterval = maxIdleInterval;
            return this;
        }

        /**
         * Sets {@link ConnectionDetails#objectsGCGracePeriod()}.
         *
         * @param objectsGCGracePeriod the grace period before tombstoned objects are released, in ms, or null
         * @return this builder
         */
        public Builder objectsGCGracePeriod(@Nullable Long objectsGCGracePeriod) {
            this.objectsGCGracePeriod = objectsGCGracePeriod;
            return this;
        }

        /**
         * Sets {@link ConnectionDetails#siteCode()}.
         *
         * @param siteCode the site the client connected to, or null
         * @return this builder
         */
        public Builder siteCode(@Nullable String siteCode) {
            this.siteCode = siteCode;
            return this;
        }

        /** {@return a new {@code ConnectionDetails} with the fields set on this builder} */
        public ConnectionDetails build() {
            return new ConnectionDetails(this);
        }
    }
}
