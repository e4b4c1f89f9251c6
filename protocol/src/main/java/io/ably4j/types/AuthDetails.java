package io.ably4j.types;

import org.jspecify.annotations.Nullable;

/** Authentication details carried by an {@code AUTH} protocol message. Spec: AD1, AD2. Immutable. */
public final class AuthDetails {
    private final String accessToken;

    private AuthDetails(String accessToken) {
        this.accessToken = accessToken;
    }

    /**
     * Details carrying the given token string. Spec: AD2.
     *
     * @param accessToken the token string
     * @return the new details
     */
    public static AuthDetails of(String accessToken) {
        return new AuthDetails(Values.requireArg(accessToken, "accessToken"));
    }

    /** {@return the token string} Spec: AD2. A secret: never logged. */
    public String accessToken() {
        return accessToken;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return this == o || (o instanceof AuthDetails a && accessToken.equals(a.accessToken));
    }

    @Override
    public int hashCode() {
        return accessToken.hashCode();
    }

    /** A log-safe description: the token is redacted. */
    @Override
    public String toString() {
        return "AuthDetails{accessToken=" + Values.REDACTED + '}';
    }
}
