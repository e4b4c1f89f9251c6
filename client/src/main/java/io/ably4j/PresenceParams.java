package io.ably4j;

import io.ably4j.types.AblyException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The parameters of a REST presence query: a page size and filters by client id and connection id. Spec: RSP3a. Absent
 * values take the REST API's defaults (100 per page, no filter). Immutable and thread-safe; build with {@link
 * #builder()}.
 */
public final class PresenceParams {
    private static final PresenceParams DEFAULTS = builder().build();

    private final @Nullable Integer limit;
    private final @Nullable String clientId;
    private final @Nullable String connectionId;

    private PresenceParams(Builder b) {
        this.limit = b.limit;
        this.clientId = b.clientId;
        this.connectionId = b.connectionId;
    }

    /** {@return empty parameters: every member, 100 per page} */
    public static PresenceParams defaults() {
        return DEFAULTS;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the page size, 1 to {@value HistoryParams#MAX_LIMIT}; null for the default, 100} Spec: RSP3a1. */
    public @Nullable Integer limit() {
        return limit;
    }

    /** {@return only members with this client id; null for all} Spec: RSP3a2. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** {@return only members on this connection; null for all} Spec: RSP3a3. */
    public @Nullable String connectionId() {
        return connectionId;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof PresenceParams p
                && Objects.equals(limit, p.limit)
                && Objects.equals(clientId, p.clientId)
                && Objects.equals(connectionId, p.connectionId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(limit, clientId, connectionId);
    }

    @Override
    public String toString() {
        return "PresenceParams{limit=" + limit + ", clientId=" + clientId + ", connectionId=" + connectionId + "}";
    }

    /** A builder of {@link PresenceParams}; not thread-safe. */
    public static final class Builder {
        private @Nullable Integer limit;
        private @Nullable String clientId;
        private @Nullable String connectionId;

        private Builder() {}

        /**
         * See {@link PresenceParams#limit()}; null for the default.
         *
         * @param limit the page size, 1 to {@value HistoryParams#MAX_LIMIT}; null for the default, 100
         * @return this builder
         * @throws AblyException 40003 unless {@code limit} is between 1 and {@value HistoryParams#MAX_LIMIT}
         */
        public Builder limit(@Nullable Integer limit) {
            if (limit != null && (limit < 1 || limit > HistoryParams.MAX_LIMIT)) {
                throw HistoryParams.Builder.invalid(
                        "limit must be between 1 and " + HistoryParams.MAX_LIMIT + ", not " + limit);
            }
            this.limit = limit;
            return this;
        }

        /**
         * See {@link PresenceParams#clientId()}; null or empty for no filter.
         *
         * @param clientId only members with this client id; null for all
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId == null || clientId.isEmpty() ? null : clientId;
            return this;
        }

        /**
         * See {@link PresenceParams#connectionId()}; null or empty for no filter.
         *
         * @param connectionId only members on this connection; null for all
         * @return this builder
         */
        public Builder connectionId(@Nullable String connectionId) {
            this.connectionId = connectionId == null || connectionId.isEmpty() ? null : connectionId;
            return this;
        }

        /** {@return the parameters set on this builder} */
        public PresenceParams build() {
            return new PresenceParams(this);
        }
    }
}
