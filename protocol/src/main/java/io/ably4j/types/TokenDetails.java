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

    /** A builder for details of the given token string. */
    public static Builder builder(String token) {
        return new Builder(token);
    }

    /** Details holding only a token string. */
    public static TokenDetails of(String token) {
        return builder(token).build();
    }

    public Builder toBuilder() {
        return new Builder(token)
                .expires(expires)
                .issued(issued)
                .capability(capability)
                .clientId(clientId);
    }

    /** The token string. Spec: TD2. A secret: never logged. */
    public String token() {
        return token;
    }

    /** The expiry time in ms since the epoch. Spec: TD3. */
    public @Nullable Long expires() {
        return expires;
    }

    /** The issue time in ms since the epoch. Spec: TD4. */
    public @Nullable Long issued() {
        return issued;
    }

    /** The capability as JSON text. Spec: TD5. */
    public @Nullable String capability() {
        return capability;
    }

    /** The client id of the token; {@code "*"} for a wildcard. Spec: TD6. */
    public @Nullable String clientId() {
        return clientId;
    }

    /**
     * Parses a TokenDetails from its JSON form; unknown fields are ignored. Spec: TD7.
     *
     * @throws AblyException with code 40000 if {@code json} is not a valid TokenDetails
     */
    public static TokenDetails fromJson(String json) {
        Values.requireArg(json, "json");
        return new JsonProtocolCodec().decodeTokenDetails(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The JSON form, with absent fields omitted. Contains the secret fields: do not log it. */
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

        public Builder token(String token) {
            this.token = Values.requireArg(token, "token");
            return this;
        }

        public Builder expires(@Nullable Long expires) {
            this.expires = expires;
            return this;
        }

        public Builder issued(@Nullable Long issued) {
            this.issued = issued;
            return this;
        }

        public Builder capability(@Nullable String capability) {
            this.capability = capability;
            return this;
        }

        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        public TokenDetails build() {
            return new TokenDetails(this);
        }
    }
}
