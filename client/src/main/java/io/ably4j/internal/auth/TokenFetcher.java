package io.ably4j.internal.auth;

import static io.ably4j.internal.auth.TokenResults.checked;
import static io.ably4j.internal.auth.TokenResults.describe;
import static io.ably4j.internal.auth.TokenResults.invalid;
import static io.ably4j.internal.auth.TokenResults.toException;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.internal.auth.TokenResults.StepFailure;
import io.ably4j.internal.connection.ClientRuntime;
import io.ably4j.internal.http.HttpErrors;
import io.ably4j.internal.http.HttpRequester;
import io.ably4j.internal.http.HttpTransport;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.http.ServerTime;
import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.Scheduler;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Obtains tokens (RSA8) and creates signed token requests (RSA9) for a client's auth state, which decides when and
 * with which options and params: this class receives the final {@link AuthOptions} and {@link TokenParams} (merging
 * them, RSA8e and RSA10j, is the caller's job) and keeps no state but the server time offset (RSA10k).
 *
 * <h2>Where the token comes from (RSA8)</h2>
 *
 * <p>The first of these the options have:
 *
 * <ol>
 *   <li>the {@link AuthCallback} (RSA8d), invoked with the params on the callback executor given to the constructor: a
 *       plain executor, not the client's ordered listener executor, so a callback that blocks delays no listener. It
 *       may return a token string, {@link TokenDetails} or a {@link TokenRequest}, which is exchanged with Ably;
 *   <li>the authUrl (RSA8c), requested directly on the {@link HttpTransport}: it is the app's server, not an Ably host,
 *       so there is no host fallback and no Ably header. {@code GET} puts the authParams and the token params (which
 *       win a name conflict, RSA8c2) in the query, after the URL's own query parameters that neither names (RSA8c1a,
 *       RSA8c1c); {@code POST} sends them form-encoded in the body and leaves the URL as given (RSA8c1b). The
 *       authHeaders are sent as headers (RSA8c1), after a default {@code Accept: application/json, text/plain,
 *       application/jwt} that they may replace. The response is read by its {@code Content-Type} (RSA8c): {@code
 *       text/plain} or {@code application/jwt} is a token string; {@code application/json} is a TokenRequest when it
 *       has a {@code mac}, TokenDetails when it has a {@code token}, a token string when it is a JSON string;
 *   <li>the key: a token request signed here ({@link TokenRequestSigner}, RSA9) is exchanged with Ably.
 * </ol>
 *
 * <p>With none of them the fetch fails with 40171/401 (token renewal not configured, RSA4a), whatever the purpose.
 *
 * <p>A token request is exchanged by {@code POST /keys/{keyName}/requestToken} with the request as a JSON body,
 * through the {@link HttpRequester} (Ably hosts with fallback), no credentials; the answer is TokenDetails JSON. JSON is
 * asked for whatever {@code useBinaryProtocol} says, as for {@code /time}.
 *
 * <h2>Time (RSA9d, RSA10k)</h2>
 *
 * <p>A token request's timestamp is the params' timestamp, else the local clock plus the server time offset once that
 * is known, else, when {@code queryTime} is set, Ably's time from {@code GET /time}, which fixes the offset for every
 * later request ({@link #serverTimeOffset()}); concurrent requests share one {@code /time} request, and a failed one
 * is tried again by the next request. Otherwise the local clock.
 *
 * <h2>Limits (RSA4c, RSA4f)</h2>
 *
 * <p>The authCallback (from the moment it is handed to its executor until its stage completes) and the authUrl request
 * each get {@code timeout} (the client's {@code realtimeRequestTimeout}) on the scheduler's clock; a callback that never
 * completes, or a server that never answers, fails the fetch then. Requests to Ably are bounded by the {@link
 * HttpRequester}'s own limits (request timeout per host, retry duration). A token string, or the JSON of a TokenDetails
 * or TokenRequest, or an authUrl body, over {@value #MAX_TOKEN_BYTES} bytes (128 KiB) is invalid, as is an empty token,
 * the text {@code null} or {@code undefined}, a token string that is JSON text (encoded twice), a TokenRequest without
 * a keyName, an authUrl response of another content type, and a callback that returns null or completes with null.
 *
 * <h2>Errors</h2>
 *
 * <p>Every failure completes the future with an {@link AblyException}; nothing is thrown, nothing hangs. The error
 * depends on the {@link Purpose}:
 *
 * <ul>
 *   <li>{@link Purpose#AUTHENTICATE} (connect, renewal, {@code authorize}; RSA4c, RSA4d, RSA4d1): {@value
 *       Errors#TOKEN_REQUEST_FAILED} with {@code cause} the underlying error; statusCode 403 when the underlying failure
 *       is a 403 (an authUrl response with HTTP status 403, or an error with statusCode 403 from the authUrl, the
 *       callback or Ably's requestToken; RSA4d), else 401 (RSA4c1).
 *   <li>{@link Purpose#REQUEST_TOKEN} (an explicit {@code requestToken}, and token requests for REST requests; RSA4e):
 *       a failure of the app's own mechanism (the callback or the authUrl, including timeouts, network errors and
 *       invalid formats) is {@value #TOKEN_CALLBACK_FAILED}/401 with the underlying error as {@code cause} (or, when
 *       the underlying error is this library's own 40170, that error). An error from a request to Ably (requestToken,
 *       {@code /time}) is passed on unchanged: RSA4e excludes "an explicit ErrorInfo from Ably", and 40170 is "the
 *       client's own token-request mechanism ... not within Ably" (errors.json).
 * </ul>
 *
 * <p>The underlying error of a callback that throws (or whose stage fails) an {@link AblyException} is that exception's
 * error; of any other exception, 40170/401 with the exception in the message; of a timeout, 50003/504; of an authUrl
 * error response or network failure, what {@link HttpErrors} makes of it; of an invalid format, 40170/401.
 *
 * <h2>Code</h2>
 *
 * <p>This class orchestrates: it picks the source, invokes the authCallback, exchanges token requests with Ably, keeps
 * the server time and applies the deadlines. The authUrl request is {@link AuthUrlRequests}'; the checks of results
 * (RSA4f) and the mapping of failures to errors are {@link TokenResults}'.
 *
 * <h2>Threading and secrets</h2>
 *
 * <p>Thread-safe. {@link #fetch} completes its future on the runtime executor, never on the caller's thread or the
 * callback executor; {@link #createTokenRequest} completes on the caller's thread when no {@code /time} request is
 * needed. Tokens, key secrets, macs, authParams and authHeaders values are never logged nor put in error messages
 * (an authUrl error response's own text may be quoted, as {@link HttpErrors} does for any HTTP error; a 2xx body never
 * is).
 */
public final class TokenFetcher {
    /** Why a token is fetched: it decides the error codes (see the class comment). */
    public enum Purpose {
        /** Connect, renewal, {@code authorize} (RSA4c, RSA4d, RSA4d1): failures are 80019 with the cause. */
        AUTHENTICATE,
        /** An explicit {@code requestToken}, and REST requests (RSA4e): failures of the callback or authUrl are 40170. */
        REQUEST_TOKEN
    }

    /** ably-common's "token callback failed": the authCallback or authUrl failed or gave an invalid token (RSA4e). */
    public static final int TOKEN_CALLBACK_FAILED = 40170;

    /** The largest token, or JSON of a TokenDetails or TokenRequest, or authUrl body, accepted: 128 KiB (RSA4f). */
    public static final int MAX_TOKEN_BYTES = 128 * 1024;

    private final HttpRequester http;
    private final AuthUrlRequests authUrlRequests;
    private final Scheduler scheduler;
    private final Executor executor;
    private final Executor callbackExecutor;
    private final LongSupplier clock;
    private final Duration timeout;
    private final Log log;

    private final Object lock = new Object();
    private @Nullable Long serverTimeOffset; // guarded by lock
    private @Nullable CompletableFuture<Long> timeQuery; // guarded by lock: the /time request in flight

    /**
     * The production fetcher: the runtime's HTTP transport, scheduler and executor, and the system clock for
     * timestamps.
     *
     * @param http sends requests to Ably (requestToken, {@code /time})
     * @param runtime the transport for the authUrl, the scheduler for timeouts, the executor futures complete on
     * @param callbackExecutor runs the authCallback: a plain executor, not the client's ordered listener executor
     * @param timeout the time allowed to the authCallback and to the authUrl ({@code realtimeRequestTimeout}, RSA4c)
     * @param log the client's log
     */
    public TokenFetcher(
            HttpRequester http, ClientRuntime runtime, Executor callbackExecutor, Duration timeout, Log log) {
        this(
                http,
                runtime.http(),
                runtime.scheduler(),
                runtime.executor(),
                callbackExecutor,
                runtime.scheduler()::currentTimeMillis,
                timeout,
                log);
    }

    /**
     * @param http sends requests to Ably (requestToken, {@code /time})
     * @param transport sends the authUrl request
     * @param scheduler runs the timeouts
     * @param executor {@link #fetch} futures complete on it
     * @param callbackExecutor runs the authCallback
     * @param clock the wall clock, ms since the epoch, for token request timestamps
     * @param timeout the time allowed to the authCallback and to the authUrl (RSA4c)
     * @param log the client's log
     */
    public TokenFetcher(
            HttpRequester http,
            HttpTransport transport,
            Scheduler scheduler,
            Executor executor,
            Executor callbackExecutor,
            LongSupplier clock,
            Duration timeout,
            Log log) {
        this.http = http;
        this.authUrlRequests = new AuthUrlRequests(transport, scheduler, timeout, log);
        this.scheduler = scheduler;
        this.executor = executor;
        this.callbackExecutor = callbackExecutor;
        this.clock = clock;
        this.timeout = timeout;
        this.log = log;
    }

    /**
     * Ably's clock minus the local clock in ms, once a {@code queryTime} token request has asked Ably (RSA10k); null
     * before. The auth state may use it to see that a token has expired without asking Ably (RSA4b1).
     */
    public @Nullable Long serverTimeOffset() {
        synchronized (lock) {
            return serverTimeOffset;
        }
    }

    /**
     * Obtains a token from the options' authCallback, else authUrl, else key (RSA8); see the class comment.
     *
     * @param options the final auth options
     * @param params the final token params, passed to the callback, sent to the authUrl or signed
     * @param purpose decides the error codes
     */
    public CompletableFuture<TokenDetails> fetch(AuthOptions options, TokenParams params, Purpose purpose) {
        CompletableFuture<TokenDetails> result = new CompletableFuture<>();
        AuthCallback callback = options.authCallback();
        URI authUrl = options.authUrl();
        String key = options.key();
        CompletableFuture<TokenDetails> work;
        String source;
        if (callback != null) {
            source = "authCallback";
            work = invokeCallback(callback, params).thenCompose(r -> toDetails(checked(r, "authCallback")));
        } else if (authUrl != null) {
            source = "authUrl";
            work = authUrlRequests.request(options, authUrl, params).thenCompose(r -> toDetails(checked(r, "authUrl")));
        } else if (key != null) {
            source = "key";
            work = createTokenRequest(options, params).thenCompose(this::requestToken);
        } else {
            AblyException e = Errors.exception(
                    Errors.TOKEN_RENEWAL_NOT_CONFIGURED,
                    "A token is needed but the auth options have no way to obtain one (no authCallback, authUrl or"
                            + " key)");
            settle(() -> result.completeExceptionally(e));
            return result;
        }
        log.debug(() -> "Requesting a token with the " + source + " (" + purpose + ")");
        CompletableFuture<?> unused = work.whenComplete((details, failure) -> {
            if (failure == null && details != null) {
                log.debug(() -> "Obtained a token with the " + source + ": " + details);
                settle(() -> result.complete(details));
            } else {
                AblyException e = toException(failure, purpose, source);
                log.debug(() -> "Could not obtain a token with the " + source + ": " + e.errorInfo());
                settle(() -> result.completeExceptionally(e));
            }
        });
        return result;
    }

    /**
     * A token request signed with the options' key (RSA9), timed per the class comment.
     *
     * @return a future that fails with 40106/401 when the options have no key (RSA9g needs one), 40005/400 for an
     *     invalid key, or the {@code /time} request's error
     */
    public CompletableFuture<TokenRequest> createTokenRequest(AuthOptions options, TokenParams params) {
        String key = options.key();
        if (key == null) {
            return CompletableFuture.failedFuture(Errors.exception(
                    Errors.NO_AUTHENTICATION_METHOD,
                    "A token request can only be created with an API key, and the auth options have none"));
        }
        return timestamp(options.queryTime(), params)
                .thenApply(now -> TokenRequestSigner.createTokenRequest(key, params, now));
    }

    // ---------------------------------------------------------------- time

    private CompletableFuture<Long> timestamp(boolean queryTime, TokenParams params) {
        Long given = params.timestamp();
        if (given != null) {
            return CompletableFuture.completedFuture(given);
        }
        Long offset;
        CompletableFuture<Long> pending = null;
        boolean start = false;
        synchronized (lock) {
            offset = serverTimeOffset;
            if (offset == null && queryTime) {
                pending = timeQuery;
                if (pending == null) {
                    pending = new CompletableFuture<>();
                    timeQuery = pending;
                    start = true;
                }
            }
        }
        if (pending == null) {
            return CompletableFuture.completedFuture(clock.getAsLong() + (offset == null ? 0 : offset));
        }
        if (start) {
            queryServerTime(pending);
        }
        return pending.thenApply(off -> clock.getAsLong() + off);
    }

    private void queryServerTime(CompletableFuture<Long> pending) {
        CompletableFuture<?> unused = http.execute(ServerTime.request()).whenComplete((response, failure) -> {
            Long offset = null;
            Throwable error = failure == null ? null : Errors.unwrap(failure);
            if (error == null) {
                try {
                    offset = ServerTime.parse(response) - clock.getAsLong();
                } catch (RuntimeException e) {
                    error = e;
                }
            }
            synchronized (lock) {
                if (timeQuery == pending) {
                    timeQuery = null;
                }
                if (offset != null) {
                    serverTimeOffset = offset;
                }
            }
            if (offset != null) {
                long known = offset;
                log.debug(() -> "Server time offset: " + known + " ms (RSA10k)");
                pending.complete(offset);
            } else {
                pending.completeExceptionally(error != null ? error : new IllegalStateException("no /time response"));
            }
        });
    }

    // ---------------------------------------------------------------- authCallback

    private CompletableFuture<AuthCallback.Result> invokeCallback(AuthCallback callback, TokenParams params) {
        CompletableFuture<AuthCallback.Result> work = new CompletableFuture<>();
        CompletableFuture<AuthCallback.Result> bounded = withDeadline(
                scheduler,
                timeout,
                work,
                ErrorInfo.of(
                        Errors.TIMEOUT_ERROR,
                        504,
                        "Timeout: the authCallback did not complete within " + timeout.toMillis() + " ms"),
                "authCallback");
        try {
            callbackExecutor.execute(() -> runCallback(callback, params, work));
        } catch (RuntimeException e) { // RejectedExecutionException: the executor is shut down
            work.completeExceptionally(callbackFailure(e));
        }
        return bounded;
    }

    private void runCallback(AuthCallback callback, TokenParams params, CompletableFuture<AuthCallback.Result> work) {
        if (work.isDone()) { // timed out while queued on the executor
            return;
        }
        CompletionStage<AuthCallback.Result> stage;
        try {
            stage = callback.getToken(params);
        } catch (Exception e) {
            work.completeExceptionally(callbackFailure(e));
            return;
        } catch (Error e) { // fail the fetch, then let the executor see the error
            work.completeExceptionally(callbackFailure(e));
            throw e;
        }
        if (stage == null) {
            work.completeExceptionally(
                    invalid("the authCallback returned null instead of a CompletionStage", "authCallback"));
            return;
        }
        try {
            CompletionStage<?> unused = stage.whenComplete((r, t) -> {
                if (t != null) {
                    work.completeExceptionally(callbackFailure(Errors.unwrap(t)));
                } else if (r == null) {
                    work.completeExceptionally(
                            invalid("the authCallback completed with null instead of a Result", "authCallback"));
                } else {
                    work.complete(r);
                }
            });
        } catch (RuntimeException e) { // a broken CompletionStage implementation
            work.completeExceptionally(callbackFailure(e));
        }
    }

    private static StepFailure callbackFailure(Throwable t) {
        if (t instanceof AblyException a) {
            return new StepFailure(
                    a.errorInfo(), "authCallback", true, a.errorInfo().statusCode() == 403, a);
        }
        return new StepFailure(
                ErrorInfo.of(TOKEN_CALLBACK_FAILED, 401, "The authCallback failed: " + describe(t)),
                "authCallback",
                true,
                false,
                t);
    }

    // ---------------------------------------------------------------- results

    private CompletableFuture<TokenDetails> toDetails(AuthCallback.Result r) {
        String token = r.token();
        TokenDetails details = r.tokenDetails();
        TokenRequest request = r.tokenRequest();
        if (token != null) {
            return CompletableFuture.completedFuture(TokenDetails.of(token));
        }
        if (details != null) {
            return CompletableFuture.completedFuture(details);
        }
        if (request != null) {
            return requestToken(request);
        }
        return CompletableFuture.failedFuture(new IllegalStateException("empty AuthCallback.Result"));
    }

    /** Exchanges a signed token request for a token: {@code POST /keys/{keyName}/requestToken} (RSA8a, RSA8d). */
    private CompletableFuture<TokenDetails> requestToken(TokenRequest request) {
        String keyName = request.keyName();
        if (keyName == null) { // checked before; a bug otherwise
            return CompletableFuture.failedFuture(new IllegalStateException("TokenRequest without keyName"));
        }
        RestRequest post = RestRequest.builder("POST", "/keys/" + AuthUrlRequests.encode(keyName) + "/requestToken")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .body(request.toJson().getBytes(StandardCharsets.UTF_8))
                .build();
        return http.execute(post).handle((response, failure) -> {
            if (failure != null) {
                Throwable t = Errors.unwrap(failure);
                ErrorInfo e = t instanceof AblyException a
                        ? a.errorInfo()
                        : Errors.internalError("requestToken failed: " + describe(t));
                throw new StepFailure(e, "requestToken", false, e.statusCode() == 403, t);
            }
            try {
                return TokenDetails.fromJson(response.text());
            } catch (AblyException e) { // the message may quote the body: not kept
                throw new StepFailure(
                        Errors.internalError("Ably's requestToken response is not a TokenDetails"),
                        "requestToken",
                        false,
                        false,
                        null);
            }
        });
    }

    // ---------------------------------------------------------------- deadlines and completion

    /**
     * {@code work} failed with {@code onTimeout} when it has not completed within {@code timeout} on the {@code
     * scheduler}'s clock (RSA4c); {@code work} is then cancelled. Used for the authCallback and the authUrl request.
     */
    static <T> CompletableFuture<T> withDeadline(
            Scheduler scheduler, Duration timeout, CompletableFuture<T> work, ErrorInfo onTimeout, String source) {
        CompletableFuture<T> out = new CompletableFuture<>();
        Cancellable timer = scheduler.schedule(timeout, () -> {
            if (out.completeExceptionally(new StepFailure(onTimeout, source, true, false, null))) {
                work.cancel(false);
            }
        });
        CompletableFuture<?> unused = work.whenComplete((v, t) -> {
            timer.cancel();
            if (t != null) {
                out.completeExceptionally(t);
            } else {
                out.complete(v);
            }
        });
        return out;
    }

    private void settle(Runnable completion) {
        try {
            executor.execute(completion);
        } catch (RuntimeException e) { // the executor is shut down: complete here rather than never
            completion.run();
        }
    }
}
