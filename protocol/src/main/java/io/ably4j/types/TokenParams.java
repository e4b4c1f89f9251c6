package io.ably4j.types;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parameters of a token request. Spec: TK1, TK2. Every field is optional; Ably applies its defaults to absent ones.
 * Immutable and thread-safe.
 */
public final class TokenParams {
    private static final TokenParams EMPTY = new Builder().build();

    private final @Nullable Long ttl;
    private final @Nullable String capability;
    private final @Nullable String clientId;
    private final @Nullable Long timestamp;
    private final @Nullable String nonce;

    private TokenParams(Builder b) {
        this.ttl = b.ttl;
        this.capability = b.capability;
        this.clientId = b.clientId;
        this.timestamp = b.timestamp;
        this.nonce = b.nonce;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parameters with every field absent.
     *
     * @return parameters that leave every value to the server or the client defaults
     */
    public static TokenParams empty() {
        return EMPTY;
    }

    /** {@return a builder initialised with the fields of this {@code TokenParams}} */
    public Builder toBuilder() {
        return new Builder()
                .ttl(ttl)
                .capability(capability)
                .clientId(clientId)
                .timestamp(timestamp)
                .nonce(nonce);
    }

    /** {@return the requested time to live in ms, or null if absent} Spec: TK2a. */
    public @Nullable Long ttl() {
        return ttl;
    }

    /** {@return the capability as JSON text, or null if absent} Spec: TK2b. */
    public @Nullable String capability() {
        return capability;
    }

    /** {@return the client id, or null if absent} Spec: TK2c. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** {@return the request timestamp in ms since the epoch, or null if absent} Spec: TK2d. */
    public @Nullable Long timestamp() {
        return timestamp;
    }

    /** {@return the nonce, or null if absent} Spec: TK2e. */
    public @Nullable String nonce() {
        return nonce;
    }

    /**
     * {@return the present fields as query parameters, in the order ttl, capability, clientId, timestamp, nonce} The
     * map is unmodifiable.
     */
    public Map<String, String> toQueryParams() {
        Map<String, String> q = new LinkedHashMap<>();
        if (ttl != null) {
            q.put("ttl", ttl.toString());
        }
        if (capability != null) {
            q.put("capability", capability);
        }
        if (clientId != null) {
            q.put("clientId", clientId);
        }
        if (timestamp != null) {
            q.put("timestamp", timestamp.toString());
        }
        if (nonce != null) {
            q.put("nonce", nonce);
        }
        return Collections.unmodifiableMap(q);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o
                || (o instanceof TokenParams t
                        && Objects.equals(ttl, t.ttl)
                        && Objects.equals(capability, t.capability)
                        && Objects.equals(clientId, t.clientId)
                        && Objects.equals(timestamp, t.timestamp)
                        && Objects.equals(nonce, t.nonce));
    }

    @Override
    public int hashCode() {
        return Objects.hash(ttl, capability, clientId, timestamp, nonce);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TokenParams{");
        Values.field(sb, "ttl", ttl);
        Values.field(sb, "capability", capability);
        Values.field(sb, "clientId", clientId);
        Values.field(sb, "timestamp", timestamp);
        Values.field(sb, "nonce", nonce);
        return sb.append('}').toString();
    }

    /** Builds {@link TokenParams} values. Not thread-safe. */
    public static final class Builder {
        private @Nullable Long ttl;
        private @Nullable String capability;
        private @Nullable String clientId;
        private @Nullable Long timestamp;
        private @Nullable String nonce;

        private Builder() {}

        /**
         * The requested time to live in ms; null leaves it to Ably (60 minutes). Spec: TK2a, RSA5.
         *
         * @param ttl the requested time to live in ms; null leaves it to Ably (60 minutes)
         * @return this builder
         * @throws AblyException 40003/400 if it is negative
         */
        public Builder ttl(@Nullable Long ttl) {
            if (ttl != null && ttl < 0) {
                throw new AblyException(ErrorInfo.of(40003, 400, "TokenParams ttl must not be negative: " + ttl));
            }
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets {@link TokenParams#capability()}.
         *
         * @param capability the capability as JSON text, or null
         * @return this builder
         */
        public Builder capability(@Nullable String capability) {
            this.capability = capability;
            return this;
        }

        /**
         * Sets {@link TokenParams#clientId()}.
         *
         * @param clientId the client id, or null
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets {@link TokenParams#timestamp()}.
         *
         * @param timestamp the request timestamp in ms since the epoch, or null
         * @return this builder
         */
        public Builder timestamp(@Nullable Long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /**
         * Sets {@link TokenParams#nonce()}.
         *
         * @param nonce the nonce, or null
         * @return this builder
         */
        public Builder nonce(@Nullable String nonce) {
            this.nonce = nonce;
            return this;
        }

        /** {@return a new {@code TokenParams} with the fields set on this builder} */
        public TokenParams build() {
            return new TokenParams(this);
        }
    }
}
