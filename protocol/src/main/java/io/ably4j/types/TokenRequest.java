package io.ably4j.types;

import io.ably4j.internal.protocol.JsonProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A signed token request, sent to the requestToken endpoint. Spec: TE1–TE5. Immutable and thread-safe.
 */
public final class TokenRequest {
    private final @Nullable String keyName;
    private final @Nullable Long ttl;
    private final @Nullable String capability;
    private final @Nullable String clientId;
    private final @Nullable Long timestamp;
    private final @Nullable String nonce;
    private final @Nullable String mac;

    private TokenRequest(Builder b) {
        this.keyName = b.keyName;
        this.ttl = b.ttl;
        this.capability = b.capability;
        this.clientId = b.clientId;
        this.timestamp = b.timestamp;
        this.nonce = b.nonce;
        this.mac = b.mac;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return a builder initialised with the fields of this {@code TokenRequest}} */
    public Builder toBuilder() {
        return new Builder()
                .keyName(keyName)
                .ttl(ttl)
                .capability(capability)
                .clientId(clientId)
                .timestamp(timestamp)
                .nonce(nonce)
                .mac(mac);
    }

    /** {@return the key name {@code appId.keyId}, or null if absent} Spec: TE2. */
    public @Nullable String keyName() {
        return keyName;
    }

    /** {@return the requested time to live in ms; null to use Ably's default} Spec: TE4. */
    public @Nullable Long ttl() {
        return ttl;
    }

    /** {@return the capability as JSON text; null to use the key's capability} Spec: TE3. */
    public @Nullable String capability() {
        return capability;
    }

    /** {@return the client id, or null if absent} Spec: TE2. */
    public @Nullable String clientId() {
        return clientId;
    }

    /** {@return the request time in ms since the epoch, or null if absent} Spec: TE5. */
    public @Nullable Long timestamp() {
        return timestamp;
    }

    /** {@return the nonce, or null if absent} Spec: TE2. */
    public @Nullable String nonce() {
        return nonce;
    }

    /** {@return the signature, or null if absent} Spec: TE2. Not logged. */
    public @Nullable String mac() {
        return mac;
    }

    /**
     * Parses a TokenRequest from its JSON form; unknown fields are ignored. Spec: TE6.
     *
     * @param json the JSON text
     * @return the parsed token request
     * @throws AblyException with code 40000 if {@code json} is not a valid TokenRequest
     */
    public static TokenRequest fromJson(String json) {
        Values.requireArg(json, "json");
        return new JsonProtocolCodec().decodeTokenRequest(json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@return the JSON form, with absent fields omitted} Contains the secret fields: do not log it. */
    public String toJson() {
        return new String(new JsonProtocolCodec().encodeTokenRequest(this), StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o
                || (o instanceof TokenRequest t
                        && Objects.equals(keyName, t.keyName)
                        && Objects.equals(ttl, t.ttl)
                        && Objects.equals(capability, t.capability)
                        && Objects.equals(clientId, t.clientId)
                        && Objects.equals(timestamp, t.timestamp)
                        && Objects.equals(nonce, t.nonce)
                        && Objects.equals(mac, t.mac));
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyName, ttl, capability, clientId, timestamp, nonce, mac);
    }

    /** A log-safe description: the mac is redacted. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("TokenRequest{");
        Values.field(sb, "keyName", keyName);
        Values.field(sb, "ttl", ttl);
        Values.field(sb, "capability", capability);
        Values.field(sb, "clientId", clientId);
        Values.field(sb, "timestamp", timestamp);
        Values.field(sb, "nonce", nonce);
        Values.secret(sb, "mac", mac);
        return sb.append('}').toString();
    }

    /** Builds {@link TokenRequest} values. Not thread-safe. */
    public static final class Builder {
        private @Nullable String keyName;
        private @Nullable Long ttl;
        private @Nullable String capability;
        private @Nullable String clientId;
        private @Nullable Long timestamp;
        private @Nullable String nonce;
        private @Nullable String mac;

        private Builder() {}

        /**
         * Sets {@link TokenRequest#keyName()}.
         *
         * @param keyName the key name {@code appId.keyId}, or null
         * @return this builder
         */
        public Builder keyName(@Nullable String keyName) {
            this.keyName = keyName;
            return this;
        }

        /**
         * Sets {@link TokenRequest#ttl()}.
         *
         * @param ttl the requested time to live in ms; null to use Ably's default
         * @return this builder
         */
        public Builder ttl(@Nullable Long ttl) {
            this.ttl = ttl;
            return this;
        }

        /**
         * Sets {@link TokenRequest#capability()}.
         *
         * @param capability the capability as JSON text; null to use the key's capability
         * @return this builder
         */
        public Builder capability(@Nullable String capability) {
            this.capability = capability;
            return this;
        }

        /**
         * Sets {@link TokenRequest#clientId()}.
         *
         * @param clientId the client id, or null
         * @return this builder
         */
        public Builder clientId(@Nullable String clientId) {
            this.clientId = clientId;
            return this;
        }

        /**
         * Sets {@link TokenRequest#timestamp()}.
         *
         * @param timestamp the request time in ms since the epoch, or null
         * @return this builder
         */
        public Builder timestamp(@Nullable Long timestamp) {
            this.timestamp = timestamp;
            return this;
        }

        /**
         * Sets {@link TokenRequest#nonce()}.
         *
         * @param nonce the nonce, or null
         * @return this builder
         */
        public Builder nonce(@Nullable String nonce) {
            this.nonce = nonce;
            return this;
        }

        /**
         * Sets {@link TokenRequest#mac()}.
         *
         * @param mac the signature, or null
         * @return this builder
         */
        public Builder mac(@Nullable String mac) {
            this.mac = mac;
            return this;
        }

        /** {@return a new {@code TokenRequest} with the fields set on this builder} */
        public TokenRequest build() {
            return new TokenRequest(this);
        }
    }
}
