package io.ably4j.types;

import io.ably4j.internal.protocol.JsonProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A token and its metadata, as returned by the requestToken endpoint. Spec: TD1–TD6. Immutable and thread-safe.
 */
public final class TokenDetails {
    private final String token;
    private final @Nullable Long expires;
    private final @Nullable Long issued;
    private final @Nullable String capability;
    private final @Nullable String clientId;

    private TokenDetails(Builder b) {
        this.token = b.token;
        this.expires = b.expires;
        this.issued = b.issued;
        this.capability = b.capability;
        this.clientId = b.clientId;
    }

    /**
     * A builder for details of the given token string.
     *
     * @param token the token string
     * @return a new builder
     */
    public static Builder builder(String token) {
        return new Builder(token);
    }

    /**
     * Details holding only a token string.
     *
     * @param token the token string
     * @return the new details
     */
    public static TokenDetails of(String token) {
        return builder(token).build();
    }

    /** {@return a builder initialised with the fields of this {@code TokenDetails}} */
    public Builder toBuilder() {
        return new Builder(token)
                .expires(expires)
                .issued(issued)
                .capability(capability)
                .clientId(clientId);
    }

    /** {@return the token string} Spec: TD2. A secret: never logged. */
    public String token() {
        return token;
    }

    /** {@return the expiry time in ms since the epoch, or null if absent} Spec: TD3. */
    public @Nullable Long expires() {
        return expires;
    }

    /** {@return the issue time in ms since the epoch, or null if absent} Spec: TD4. */
    public @Nullable Long issued() {
        return issued;
    }

    /** {@return the capability as JSON text, or null if absent} Spec: TD5. */
    public @Nullable String capability() {
        return capability;
    }

    /** {@return the client id of the token; {@code "*"} for a wildcard, or null if absent} Spec: TD6. */
    public @Nullable String clientId() {
        return clientId;
    }

    /**
     * Parses a TokenDetails from its JSON form; unknown fields are ignored. Spec: TD7.
     *
     * @param json the JSON text
     * @return the parsed details
     * @throws AblyException with code 40000 if {@code json} is not a valid TokenDetails
     */
    public static TokenDetails fromJson(String json) {
        Values.requireArg(json, "json");
        return new JsonProtocolCodec().decodeTokenDetails(json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@return the JSON form, with absent fields omitted} Contains the secret fields: do not log it. */
    public String toJson() {
        return new String(new JsonProtocolCodec().encodeTokenDetails(this), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o
                || (o instanceof TokenDetails t
                        && token.equals(t.token)
                        && Objects.equals(expires, t.expires)
                        && Objects.equals(issued, t.issued)
                        && Objects.equals(capability, t.capability)
                        && Objects.equals(clientId, t.clientId));
    }

    @Override
    public int hashCode() {
        return Objects.hash(token, expires, issued, capability, clientId);
    }

    /** A log-safe description: the token is redacted. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TokenDetails{token=").append(Values.REDACTED);
        Values.field(sb, "expires", expires);
        Values.field(sb, "issued", issued);
        Values.field(sb, "capability", capability);
        Values.field(sb, "clientId", clientId);
        return sb.append('}').toString();
    }

    /** Builds {@link TokenDetails} values. Not thread-safe. */
    public static final class Builder {
        private String token;
        private @Nullable Long expires;
        private @Nullable Long issued;
        private @Nullable String capability;
        private @Nullable String clientId;

        private Builder(String token) {
            this.token = Values.requireArg(token, "token");
        }

        /**
         * Sets {@link TokenDetails#token()}.
         *
         * @param token the token string
         * @return this builder
         */
        public Builder token(String token) {
            this.token = Values.requireArg(token, "token");
            return this;
        }

        /**
         * Sets {@link TokenDetails#expires()}.
         *
         * @param expires the expiry time in ms since the epoch, or null
         * @return this builder
         */
        public Builder expires(@Nullable Long expires) {
            this.expires = expires;
            return this;
        }

        /**
         * Sets {@link TokenDetails#issued()}.
         *
         * @param issued the issue time in ms since the epoch, or null
         * @return this builder
         */
        public Builder issued(@Nullable Long issued) {
            this.issued = issued;
            return this;
        }

        /**
         * Sets {@link TokenDetails#capability()}.
         *
         * @param capability the capability as JSON text, or null
         * @return this builder
         */
        public Builder capability(@Nullable String capability) {
            this.capability = capability;
            return this;
        }

        /**
         * Sets {@link TokenDetails#clientId()}.
         *
         * @param clientId the client id of the token; {@code "*"} for a wildcard, or null
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** {@return a new {@code TokenDetails} with the fields set on this builder} */
        public TokenDetails build() {
            return new TokenDetails(this);
        }
    }
}
