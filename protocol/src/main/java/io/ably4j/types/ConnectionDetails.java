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

    public static Builder builder() {
        return new Builder();
    }

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

    /** The client id assigned to the connection; {@code "*"} for a wildcard. Spec: CD2a. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** The connection key used to resume. Spec: CD2b. A secret: never logged. */
    public @Nullable String connectionKey() {
        return connectionKey;
    }

    /** The maximum message size in bytes. Spec: CD2c. */
    public @Nullable Integer maxMessageSize() {
        return maxMessageSize;
    }

    /** The maximum frame size in bytes. Spec: CD2d. */
    public @Nullable Integer maxFrameSize() {
        return maxFrameSize;
    }

    /** The maximum inbound rate in messages per second. Spec: CD2e. */
    public @Nullable Integer maxInboundRate() {
        return maxInboundRate;
    }

    /** How long the server keeps connection state after a disconnect, in ms. Spec: CD2f. */
    public @Nullable Long connectionStateTtl() {
        return connectionStateTtl;
    }

    /** The front-end server id, for debugging. Spec: CD2g. */
    public @Nullable String serverId() {
        return serverId;
    }

    /** The maximum server-to-client idle time in ms; 0 means unlimited. Spec: CD2h. */
    public @Nullable Long maxIdleInterval() {
        return maxIdleInterval;
    }

    /** The grace period before tombstoned objects are released, in ms. Spec: CD2i. */
    public @Nullable Long objectsGCGracePeriod() {
        return objectsGCGracePeriod;
    }

    /** The site the client connected to. Spec: CD2j. */
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

        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder connectionKey(@Nullable String connectionKey) {
            this.connectionKey = connectionKey;
            return this;
        }

        public Builder maxMessageSize(@Nullable Integer maxMessageSize) {
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        public Builder maxFrameSize(@Nullable Integer maxFrameSize) {
            this.maxFrameSize = maxFrameSize;
            return this;
        }

        public Builder maxInboundRate(@Nullable Integer maxInboundRate) {
            this.maxInboundRate = maxInboundRate;
            return this;
        }

        public Builder connectionStateTtl(@Nullable Long connectionStateTtl) {
            this.connectionStateTtl = connectionStateTtl;
            return this;
        }

        public Builder serverId(@Nullable String serverId) {
            this.serverId = serverId;
            return this;
        }

        public Builder maxIdleInterval(@Nullable Long maxIdleInterval) {
            this.maxIdleInterval = maxIdleInterval;
            return this;
        }

        public Builder objectsGCGracePeriod(@Nullable Long objectsGCGracePeriod) {
            this.objectsGCGracePeriod = objectsGCGracePeriod;
            return this;
        }

        public Builder siteCode(@Nullable String siteCode) {
            this.siteCode = siteCode;
            return this;
        }

        public ConnectionDetails build() {
            return new ConnectionDetails(this);
        }
    }
}
