package io.ably4j;

import org.jspecify.annotations.Nullable;

/**
 * The options of {@link Auth#revokeTokens}. Spec: RSA17e, RSA17f. Immutable; build with {@link #builder()}.
 */
public final class TokenRevocationOptions {
    private final @Nullable Long issuedBefore;
    private final @Nullable Boolean allowReauthMargin;

    private TokenRevocationOptions(Builder b) {
        this.issuedBefore = b.issuedBefore;
        this.allowReauthMargin = b.allowReauthMargin;
    }

    /** {@return a builder with no option set} */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * {@return only tokens issued before this time, in milliseconds since the epoch, are revoked; null for Ably's
     * default, the time of the request} Spec: RSA17e.
     */
    public @Nullable Long issuedBefore() {
        return issuedBefore;
    }

    /**
     * {@return whether Ably delays the revocation by a short margin so clients connected with a revoked token can
     * obtain a new one first; null to leave it to Ably (no margin)} Spec: RSA17f.
     */
    public @Nullable Boolean allowReauthMargin() {
        return allowReauthMargin;
    }

    @Override
    public String toString() {
        return "TokenRevocationOptions{issuedBefore=" + issuedBefore + ", allowReauthMargin=" + allowReauthMargin + '}';
    }

    /** Builds {@link TokenRevocationOptions}; not thread-safe. */
    public static final class Builder {
        private @Nullable Long issuedBefore;
        private @Nullable Boolean allowReauthMargin;

        private Builder() {}

        /**
         * See {@link TokenRevocationOptions#issuedBefore()}.
         *
         * @param issuedBeforeMillis only tokens issued before this time, in milliseconds since the epoch, are revoked;
         *     null for Ably's default, the time of the request
         * @return this builder
         */
        public Builder issuedBefore(@Nullable Long issuedBeforeMillis) {
            this.issuedBefore = issuedBeforeMillis;
            return this;
        }

        /**
         * See {@link TokenRevocationOptions#allowReauthMargin()}.
         *
         * @param allow whether Ably delays the revocation by a short margin so clients connected with a revoked token
         *     can obtain a new one first; null to leave it to Ably (no margin)
         * @return this builder
         */
        public Builder allowReauthMargin(@Nullable Boolean allow) {
            this.allowReauthMargin = allow;
            return this;
        }

        /** {@return the options set on this builder} */
        public TokenRevocationOptions build() {
            return new TokenRevocationOptions(this);
        }
    }
}
