package io.ably4j.internal.auth;

import io.ably4j.AblyFuture;
import io.ably4j.Auth;
import io.ably4j.AuthOptions;
import io.ably4j.BatchResult;
import io.ably4j.ClientOptions;
import io.ably4j.TokenRevocationOptions;
import io.ably4j.TokenRevocationResult;
import io.ably4j.TokenRevocationTarget;
import io.ably4j.internal.connection.Credentials;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.Scheduler;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A client's authentication state (RSA): the stored auth options and token params, the current token, the client id;
 * the credentials of its connection attempts (basic auth, or a token obtained on demand, RTN27b) and the public {@link
 * Auth} operations. Thread-safe: the connection calls it on its serial executor, users from any thread; the small state
 * is guarded by this object's lock and futures complete on the client's callback executor.
 */
public final class AuthManager implements Auth, Credentials {
    /** Obtains tokens (RSA8) and signs token requests (RSA9). */
    public interface TokenSource {
        /**
         * A new token by the options' means: authCallback, authUrl, or the key by a signed token request.
         *
         * @param explicitRequest true for {@link Auth#requestToken} and for a REST client's tokens (failures 40170,
         *     RSA4e), false when a realtime client authenticates (failures 80019, RSA4c, RSA4d)
         */
        CompletableFuture<TokenDetails> fetch(AuthOptions options, TokenParams params, boolean explicitRequest);

        /** A token request signed with the options' key (RSA9). */
        CompletableFuture<TokenRequest> createTokenRequest(AuthOptions options, TokenParams params);

        /** Ably's clock minus the local clock in ms, once a token request has queried it (RSA10k); else null. */
        default @Nullable Long serverTimeOffset() {
            return null;
        }
    }

    /** What the connection does with the token that {@link #authorize} is obtaining (RTC8). */
    public interface Reauthorizer {
        /**
         * Once {@code newToken} completes, the connection uses it (RTC8) or reacts to its failure (RSA4c, RSA4d1).
         * Completes once the connection uses the new token (AUTH accepted, or CONNECTED), fails otherwise.
         */
        CompletableFuture<Void> reauthorize(CompletionStage<TokenDetails> newToken);
    }

    private final ClientOptions clientOptions;
    private final TokenSource tokens;
    private final Scheduler clock;
    private final Executor callbacks;
    private final Log log;

    private AuthOptions options;
    private TokenParams params;
    private volatile @Nullable TokenDetails token;
    private volatile @Nullable String clientId;
    private @Nullable CompletableFuture<TokenDetails> inFlight;
    private long fetches; // guarded by this: fetches started, so a late one cannot replace a newer token
    private volatile @Nullable Reauthorizer reauthorizer;
    private volatile @Nullable Revoker revoker;

    /**
     * @param clientOptions the client's options
     * @param tokens obtains tokens
     * @param clock the wall clock of expiry checks (RSA4b1)
     * @param callbacks where returned futures complete (the client's ordered callback executor)
     * @param log the client's log
     */
    public AuthManager(ClientOptions clientOptions, TokenSource tokens, Scheduler clock, Executor callbacks, Log log) {
        this.clientOptions = clientOptions;
        this.tokens = tokens;
        this.clock = clock;
        this.callbacks = callbacks;
        this.log = log;
        this.options = clientOptions.authOptions();
        this.params = options.defaultTokenParams();
        TokenDetails given = options.tokenDetails();
        String givenToken = options.token();
        this.token = given != null ? given : givenToken != null ? TokenDetails.of(givenToken) : null;
        this.clientId = clientOptions.clientId() != null ? clientOptions.clientId() : tokenClientId(token); // RSA7
        if (options.usesTokenAuth() && !options.canRenewToken()) { // RSA4a1
            log.info("A token was given with no means to renew it (code 40171); when it expires the connection fails."
                    + " See https://help.ably.io/error/40171");
        }
    }

    /** Sends {@link #revokeTokens} (RSA17); the REST layer, set once when the client is built. */
    @FunctionalInterface
    public interface Revoker {
        AblyFuture<BatchResult<TokenRevocationResult>> revoke(
                List<TokenRevocationTarget> targets, @Nullable TokenRevocationOptions options);
    }

    /** Sets the {@link Revoker}; once, by the client. */
    public void setRevoker(Revoker revoker) {
        this.revoker = revoker;
    }

    @Override
    public AblyFuture<BatchResult<TokenRevocationResult>> revokeTokens(
            List<TokenRevocationTarget> targets, @Nullable TokenRevocationOptions options) {
        Revoker r = revoker;
        if (r == null) {
            ClientFuture<BatchResult<TokenRevocationResult>> f = ClientFuture.create(callbacks);
            complete(f, null, new AblyException(Errors.internalError("revokeTokens is not available")));
            return f;
        }
        return r.revoke(targets, options);
    }

    /** The connection's reaction to {@link #authorize}; set once by the client. */
    public void setReauthorizer(Reauthorizer reauthorizer) {
        this.reauthorizer = reauthorizer;
    }

    // ---------------------------------------------------------------- Credentials (the connection)

    @Override
    public CompletionStage<Map<String, String>> authParams() {
        AuthOptions o;
        synchronized (this) {
            o = options;
        }
        if (!o.usesTokenAuth()) {
            String key = o.key();
            return CompletableFuture.completedFuture(key == null ? Map.of() : Map.of("key", key));
        }
        TokenDetails t = token;
        // RSA4b1: the local clock alone cannot prove a token expired. It only saves a round trip when a new token can
        // be obtained; a token that cannot be renewed is presented, and Ably's token error fails the connection
        // (RSA4a2).
        if (t != null && (!expired(t) || !o.canRenewToken())) {
            return CompletableFuture.completedFuture(Map.of("accessToken", t.token()));
        }
        if (t == null && !o.canRenewToken()) { // rejected (RSA4b) and nothing can renew it
            return CompletableFuture.failedFuture(new AblyException(noRenewal(null)));
        }
        return obtain(false).thenApply(d -> Map.of("accessToken", d.token()));
    }

    @Override
    public CompletionStage<String> renewToken() {
        return obtain(true).thenApply(TokenDetails::token);
    }

    @Override
    public boolean canRenew() {
        synchronized (this) {
            return options.usesTokenAuth() && options.canRenewToken();
        }
    }

    @Override
    public void tokenRejected(ErrorInfo error) {
        log.info("Token rejected (" + error.code() + "); a new one will be obtained (RSA4b)");
        synchronized (this) {
            token = null;
        }
    }

    @Override
    public @Nullable ErrorInfo connectedAs(@Nullable String connectionClientId) {
        String mine = clientOptions.clientId();
        if (connectionClientId == null) {
            return null;
        }
        if (mine != null && !connectionClientId.equals("*") && !mine.equals(connectionClientId)) { // RSA15c
            return ErrorInfo.of(
                    Errors.INCOMPATIBLE_CREDENTIALS,
                    401,
                    "The connection's clientId '" + connectionClientId + "' does not match the clientId option '" + mine
                            + "'");
        }
        clientId = connectionClientId; // RSA7b3, RTC4a
        return null;
    }

    // ---------------------------------------------------------------- Auth (users)

    @Override
    public @Nullable String clientId() {
        return clientId;
    }

    @Override
    public @Nullable TokenDetails tokenDetails() {
        return token;
    }

    @Override
    public AblyFuture<TokenDetails> authorize(@Nullable TokenParams newParams, @Nullable AuthOptions newOptions) {
        ClientFuture<TokenDetails> result = ClientFuture.create(callbacks);
        if (newOptions != null && !withClientKey(newOptions).hasCredentials()) {
            // Options without a key keep the client's key (RSA10i). Beyond that, RSA10e names no way to authenticate
            // with them; storing them (RSA10g) would leave the client none at all:
            // refused, the stored options and params unchanged (RSA10j supersedes with options that can be used)
            complete(
                    result,
                    null,
                    Errors.exception(
                            Errors.NO_AUTHENTICATION_METHOD,
                            "authorize() was given auth options without a key, token, authCallback or authUrl; the"
                                    + " client's auth options are unchanged"));
            return result;
        }
        CompletableFuture<TokenDetails> fetched;
        Runnable launch = null;
        synchronized (this) {
            if (newOptions != null) { // RSA10j: stored for later renewals
                options = withClientKey(newOptions);
            }
            if (options.key() != null && !options.useTokenAuth()) { // RSA10a: token auth from now on
                options = options.toBuilder().useTokenAuth(true).build();
            }
            if (newParams != null) {
                params = newParams.toBuilder().timestamp(null).build(); // RSA10g: the timestamp is not stored
            }
            if (!options.canRenewToken()) {
                TokenDetails t = token;
                if (t == null) { // nothing to authenticate with: not an attempt that concerns the connection
                    complete(result, null, new AblyException(noRenewal(null)));
                    return result;
                }
                fetched = CompletableFuture.completedFuture(t);
            } else {
                Fetch f = prepareFetch(); // RSA10: a new token even if the current one is valid
                fetched = f.future;
                launch = f.launch;
            }
        }
        if (launch != null) {
            launch.run(); // outside the lock: the authCallback may run inline on an executor the user gave
        }
        Reauthorizer r = reauthorizer;
        CompletionStage<?> done;
        try {
            done = r == null ? fetched : r.reauthorize(fetched);
        } catch (RuntimeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        var unused = done.thenCompose(v -> fetched).whenComplete((d, f) -> complete(result, d, f));
        return result;
    }

    @Override
    public AblyFuture<TokenDetails> requestToken(@Nullable TokenParams p, @Nullable AuthOptions o) {
        AuthOptions opts;
        TokenParams tp;
        synchronized (this) {
            opts = o != null ? o : options; // RSA8e: replace, not merge
            tp = withClientId(p != null ? p : params);
        }
        ClientFuture<TokenDetails> result = ClientFuture.create(callbacks);
        var unused = tokens.fetch(opts, tp, true).whenComplete((d, f) -> complete(result, d, f));
        return result;
    }

    @Override
    public AblyFuture<TokenRequest> createTokenRequest(@Nullable TokenParams p, @Nullable AuthOptions o) {
        AuthOptions opts;
        TokenParams tp;
        synchronized (this) {
            opts = o != null ? o : options;
            tp = withClientId(p != null ? p : params);
        }
        ClientFuture<TokenRequest> result = ClientFuture.create(callbacks);
        var unused = tokens.createTokenRequest(opts, tp).whenComplete((r, f) -> complete(result, r, f));
        return result;
    }

    // ---------------------------------------------------------------- internals

    /** A token for authenticating, shared by concurrent callers; the result becomes the current token. */
    private CompletableFuture<TokenDetails> obtain(boolean forceNew) {
        Fetch f;
        synchronized (this) {
            CompletableFuture<TokenDetails> pending = inFlight;
            if (pending != null && !forceNew) {
                return pending;
            }
            f = prepareFetch();
        }
        f.launch.run(); // outside the lock: the authCallback may run inline on an executor the user gave
        return f.future;
    }

    /** A fetch prepared under the lock: its future is in flight; {@code launch} starts it, outside the lock. */
    private record Fetch(CompletableFuture<TokenDetails> future, Runnable launch) {}

    private Fetch prepareFetch() {
        AuthOptions o = options;
        TokenParams p = withClientId(params);
        long generation = ++fetches; // RTC8b: a fetch started earlier must not replace this one's token
        CompletableFuture<TokenDetails> f = new CompletableFuture<>();
        inFlight = f;
        var unused = f.whenComplete((d, e) -> {
            synchronized (this) {
                if (inFlight == f) {
                    inFlight = null;
                }
            }
        });
        Runnable launch = () -> {
            CompletableFuture<TokenDetails> fetched;
            try {
                // RSA4e: a REST client (no connection to reauthorize) reports failures as for requestToken
                fetched = tokens.fetch(o, p, reauthorizer == null);
            } catch (RuntimeException e) {
                fetched = CompletableFuture.failedFuture(e);
            }
            var unused2 = fetched.thenApply(d -> accept(d, generation)).whenComplete((d, e) -> {
                if (e != null) {
                    f.completeExceptionally(Errors.unwrap(e));
                } else {
                    f.complete(d);
                }
            });
        };
        return new Fetch(f, launch);
    }

    /**
     * A new token arrived: it becomes current unless a later fetch started since (a token superseded by authorize(),
     * RTC8b), and its client id is checked and adopted (RSA7b2, RSA15).
     */
    private TokenDetails accept(TokenDetails d, long generation) {
        String mine = clientOptions.clientId();
        String theirs = d.clientId();
        if (mine != null && theirs != null && !theirs.equals("*") && !theirs.equals(mine)) { // RSA15a, RSA15c
            throw new AblyException(ErrorInfo.of(
                    Errors.INCOMPATIBLE_CREDENTIALS,
                    401,
                    "The token's clientId '" + theirs + "' does not match the clientId option '" + mine + "'"));
        }
        synchronized (this) {
            if (generation != fetches) { // superseded: whoever waited for it has moved on
                log.debug(() -> "A token arrived after a later token request started; it is superseded and not"
                        + " made current (RTC8b)");
                return d;
            }
            token = d;
            if (mine == null && theirs != null) {
                clientId = theirs;
            }
        }
        return d;
    }

    /**
     * RSA10i: options given to {@code authorize()} without a key keep the key of the client's options, which still
     * signs token requests (createTokenRequest, and renewals once the options name no other means).
     */
    private AuthOptions withClientKey(AuthOptions given) {
        String key = clientOptions.key();
        return given.key() == null && key != null ? given.toBuilder().key(key).build() : given;
    }

    /** RSA7d: with a client id in the options, token requests carry it unless the params name one. */
    private TokenParams withClientId(TokenParams p) {
        String id = clientOptions.clientId();
        return id != null && p.clientId() == null ? p.toBuilder().clientId(id).build() : p;
    }

    /** RSA4b1: a token known to have expired by Ably's clock is not presented. */
    private boolean expired(TokenDetails t) {
        Long expires = t.expires();
        Long offset = tokens.serverTimeOffset();
        // RSA4b1: only by Ably's time, known once queried (RSA10k); the local clock alone may be wrong
        return expires != null && offset != null && expires <= clock.currentTimeMillis() + offset;
    }

    /** 40171/401: a token error with no means to renew the token (RSA4a2); {@code cause} is the token error. */
    public static ErrorInfo noRenewal(@Nullable ErrorInfo cause) {
        return ErrorInfo.builder()
                .code(Errors.TOKEN_RENEWAL_NOT_CONFIGURED)
                .statusCode(401)
                .message("The token expired or was rejected, and no means to renew it was provided (RSA4a2)")
                .cause(cause)
                .build();
    }

    private static @Nullable String tokenClientId(@Nullable TokenDetails t) {
        return t == null ? null : t.clientId();
    }

    /** Settles {@code f} where the outcome is known; it completes on the callback executor ({@link ClientFuture}). */
    private static <T> void complete(ClientFuture<T> f, @Nullable T value, @Nullable Throwable failure) {
        f.settle(value, failure == null ? null : Errors.unwrap(failure));
    }
}
