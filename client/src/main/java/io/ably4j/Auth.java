package io.ably4j;

import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A client's authentication: its client id, its current token, and the operations that obtain tokens. Spec: RSA, RTC4.
 * Obtain it from {@link RealtimeClient#auth()}; not meant to be implemented outside the library.
 *
 * <p>Thread-safe. Futures complete on the client's callback executor; a failure is an {@link
 * io.ably4j.types.AblyException} with the Ably error code.
 */
public interface Auth {
    /**
     * {@return the client id this client is identified by: from the options, else from the token, else from the
     * connection once CONNECTED; {@code "*"} for a wildcard token; null while unknown or for an anonymous client} Spec:
     * RSA7, RSA12.
     */
    @Nullable
    String clientId();

    /** {@return the token in use, or null with basic auth or before one is obtained} Spec: RSA16. */
    @Nullable
    TokenDetails tokenDetails();

    /**
     * Obtains a new token now and makes it the client's: with a live connection the token is sent to Ably in place
     * (AUTH) and the future completes once Ably accepted it; otherwise the client connects with it. Spec: RSA10, RTC8.
     * The given params and options, when not null, replace the stored ones for this and later renewals (RSA10j).
     *
     * <p>Options that give no means of authentication (no key, token, authCallback or authUrl) are refused with
     * 40106/401 and change nothing. From a DISCONNECTED connection the future completes when the client is CONNECTED
     * with the new token, and fails at SUSPENDED, FAILED or CLOSED (RTC8b1), so it waits at most the connection state
     * TTL.
     *
     * @param params token params to use and store for later renewals, or null to keep the stored ones
     * @param options auth options to use and store for later renewals, or null to keep the stored ones
     * @return a future completed with the new token, on the callback executor
     */
    AblyFuture<TokenDetails> authorize(@Nullable TokenParams params, @Nullable AuthOptions options);

    /**
     * Same as {@code authorize(null, null)}: renews the token with the stored params and options.
     *
     * @return a future completed with the new token, on the callback executor
     */
    default AblyFuture<TokenDetails> authorize() {
        return authorize(null, null);
    }

    /**
     * Obtains a token without making it the client's: from the authCallback or authUrl, or with the key by a signed
     * token request. Spec: RSA8. The arguments, when not null, replace the stored ones for this call only (RSA8e).
     *
     * @param params token params for this request, or null for the stored ones
     * @param options auth options for this request, or null for the stored ones
     * @return a future completed with the token, on the callback executor
     */
    AblyFuture<TokenDetails> requestToken(@Nullable TokenParams params, @Nullable AuthOptions options);

    /**
     * A token request signed with the key, for a client to exchange for a token: typically served to clients by your
     * authUrl or returned from their authCallback. Spec: RSA9.
     *
     * @param params token params for the request, or null for the stored ones
     * @param options auth options (the key, queryTime), or null for the stored ones
     * @return a future completed with the signed token request, on the callback executor
     */
    AblyFuture<TokenRequest> createTokenRequest(@Nullable TokenParams params, @Nullable AuthOptions options);

    /**
     * Revokes the tokens of the given targets: a {@code POST /keys/{keyName}/revokeTokens} with the key. Spec: RSA17.
     * Each target succeeds or fails on its own (RSA17c); the future fails only when the whole request does.
     *
     * @param targets the targets, at least one
     * @param options issuedBefore and allowReauthMargin, or null for Ably's defaults
     * @return the results; fails with 40162/401 for a client using token auth (RSA17d) and 40000/400 for no targets,
     *     without a request
     */
    AblyFuture<BatchResult<TokenRevocationResult>> revokeTokens(
            List<TokenRevocationTarget> targets, @Nullable TokenRevocationOptions options);
}
