package io.ably4j;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parameters of {@link RealtimePresence#get(PresenceGetParams)}: whether to wait for the presence sync, and filters by
 * clientId and connectionId. Spec: RTP11c. Immutable and thread-safe; build with {@link #builder()}.
 */
public final class PresenceGetParams {
    private static final PresenceGetParams DEFAULTS = builder().build();

    private final boolean waitForSync;
    private final @Nullable String clientId;
    private final @Nullable String connectionId;

    private PresenceGetParams(Builder b) {
        this.waitForSync = b.waitForSync;
        this.clientId = b.clientId;
        this.connectionId = b.connectionId;
    }

    /** The defaults: wait for the sync, no filters. */
    public static PresenceGetParams defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().waitForSync(waitForSync).clientId(clientId).connectionId(connectionId);
    }

    /** Whether to wait until the presence sync is complete before answering (default true). Spec: RTP11c1. */
    public boolean waitForSync() {
        return waitForSync;
    }

    /** Only members with this clientId; null for all. Spec: RTP11c2. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** Only members of this connection; null for all. Spec: RTP11c3. */
    public @Nullable String connectionId() {
        return connectionId;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof PresenceGetParams p
                && waitForSync == p.waitForSync
                && Objects.equals(clientId, p.clientId)
                && Objects.equals(connectionId, p.connectionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(waitForSync, clientId, connectionId);
    }

    @Override
    public String toString() {
        return "PresenceGetParams{waitForSync=" + waitForSync + ", clientId=" + clientId + ", connectionId="
                + connectionId + "}";
    }

    /** Builds {@link PresenceGetParams}. Not thread-safe. */
    public static final class Builder {
        private boolean waitForSync = true;
        private @Nullable String clientId;
        private @Nullable String connectionId;

        private Builder() {}

        public Builder waitForSync(boolean waitForSync) {
            this.waitForSync = waitForSync;
            return this;
        }

        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder connectionId(@Nullable String connectionId) {
            this.connectionId = connectionId;
            return this;
        }

        public PresenceGetParams build() {
            return new PresenceGetParams(this);
        }
    }
}
