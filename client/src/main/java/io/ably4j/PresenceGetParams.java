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

    /** {@return the defaults: wait for the sync, no filters} */
    public static PresenceGetParams defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder initialised with the fields of this {@code PresenceGetParams}} */
    public Builder toBuilder() {
        return new Builder().waitForSync(waitForSync).clientId(clientId).connectionId(connectionId);
    }

    /** {@return whether to wait until the presence sync is complete before answering (default true)} Spec: RTP11c1. */
    public boolean waitForSync() {
        return waitForSync;
    }

    /** {@return only members with this clientId; null for all} Spec: RTP11c2. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** {@return only members of this connection; null for all} Spec: RTP11c3. */
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

        /**
         * Sets {@link PresenceGetParams#waitForSync()}.
         *
         * @param waitForSync whether to wait until the presence sync is complete before answering (default true)
         * @return this builder
         */
        public Builder waitForSync(boolean waitForSync) {
            this.waitForSync = waitForSync;
            return this;
        }

        /**
         * Sets {@link PresenceGetParams#clientId()}.
         *
         * @param clientId only members with this clientId; null for all
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets {@link PresenceGetParams#connectionId()}.
         *
         * @param connectionId only members of this connection; null for all
         * @return this builder
         */
        public Builder connectionId(@Nullable String connectionId) {
            this.connectionId = connectionId;
            return this;
        }

        /** {@return a new {@code PresenceGetParams} with the fields set on this builder} */
        public PresenceGetParams build() {
            return new PresenceGetParams(this);
        }
    }
}
