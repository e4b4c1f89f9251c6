package io.ably4j;

import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import org.jspecify.annotations.Nullable;

/**
 * A client's authentication (RSA, RTC4): its client id, its current token, and the operations that obtain tokens.
 * Obtain it from {@link RealtimeClient#auth()}; not meant to be implemented outside the library.
 *
 * <p>Thread-safe. Futures complete on the client's callback executor; a failure is an {@link
 * io.ably4j.types.AblyException} with the Ably error code.
 */
public interface Auth {
    /**
     * The client id this client is identified by (RSA7, RSA12): from the options, else from the token, else from the
     * connection once CONNECTED; {@code "*"} for a wildcard token; null while unknown or for an anonymous client.
     */
    @Nullable
    String clientId();

    /** The token in use (RSA16), or null with basic auth or before one is obtained. */
    @Nullable
    TokenDetails tokenDetails();

    /**
     * Obtains a new token now and makes it the client's (RSA10, RTC8): with a live connection the token is sent to
     * Ably in place (AUTH) and the future completes once Ably accepted it; otherwise the client connects with it. The
     * given params and options, when not null, replace the stored ones for this and later renewals (RSA10j).
     */
    AblyFuture<TokenDetails> authorize(@Nullable TokenParams params, @Nullable AuthOptions options);

    /** {@code authorize(null, null)}. */
    default AblyFuture<TokenDetails> authorize() {
        return authorize(null, null);
    }

    /**
     * Obtains a token without making it the client's (RSA8): from the authCallback or authUrl, or with the key by a
     * signed token request. The arguments, when not null, replace the stored ones for this call only (RSA8e).
     */
    AblyFuture<TokenDetails> requestToken(@Nullable TokenParams params, @Nullable AuthOptions options);

    /**
     * A token request signed with the key (RSA9), for a client to exchange for a token: typically served to clients
     * by your authUrl or returned from their authCallback.
     */
    AblyFuture<TokenRequest> createTokenRequest(@Nullable TokenParams params, @Nullable AuthOptions options);
}
