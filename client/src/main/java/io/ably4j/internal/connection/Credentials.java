package io.ably4j.internal.connection;

import io.ably4j.types.ErrorInfo;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where a connection attempt gets its credentials (RTN2e, RTN27b) and how token errors are handled (RSA4a, RSA4b).
 * Basic auth answers at once with the key; token auth may first obtain a token from an authCallback, an authUrl or a
 * signed token request. Called on the client's serial executor; the stages complete on any thread.
 */
public interface Credentials {
    /**
     * The authentication query parameters of the next connection attempt: {@code key}, or {@code accessToken} with a
     * token that is believed valid, obtaining one first if needed. Fails with the ErrorInfo of RSA4c (80019/401, or
     * 80019/403 per RSA4d, which fails the connection) inside an {@link io.ably4j.types.AblyException}.
     */
    CompletionStage<Map<String, String>> authParams();

    /**
     * Obtains a new token even if the current one is valid, and makes it current once obtained (RTN22, RSA10): the
     * current token stays in use until then, and if obtaining fails. Fails like {@link #authParams()}.
     */
    CompletionStage<String> renewToken();

    /** Whether a new token can be obtained after a token error (RSA4a: a key, an authCallback or an authUrl). */
    boolean canRenew();

    /** A token error (40140-40149) was received: the current token is no longer used (RSA4b). */
    void tokenRejected(ErrorInfo error);

    /**
     * CONNECTED named the connection's client id (RSA7b3, RTC4a); null if it named none. Returns the error that fails
     * the connection when it contradicts the client's own (40102, RSA15c), else null.
     */
    @org.jspecify.annotations.Nullable
    ErrorInfo connectedAs(@org.jspecify.annotations.Nullable String clientId);
}
