package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.ClientOptions;
import io.ably4j.PaginatedResult;
import io.ably4j.internal.auth.AuthManager;
import io.ably4j.internal.http.HttpErrors;
import io.ably4j.internal.http.HttpRequester;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The authenticated REST layer shared by {@code RestClient} and {@code RealtimeClient}: it adds the {@code Accept} and
 * {@code Authorization} headers to a {@link RestRequest}, sends it with {@link HttpRequester} (host fallback, RSC15),
 * renews the token once on a token error (RSA4b), and turns responses into pages (TG) on the client's callback
 * executor.
 *
 * <h2>Authentication (RSA1-RSA4, RSA11)</h2>
 *
 * <p>With basic auth, {@code Authorization: Basic base64(key)} (RSA11), plus {@code X-Ably-ClientId: base64(clientId)}
 * when the options name a client id (RSA7e2). With token auth, {@code Authorization: Bearer token} (RSA3b; the token
 * string as it is), obtaining a token first when there is none or Ably's clock says it expired (RSA4b1). When a request
 * fails with a token error (401 and 40140-40149) and the token can be renewed (a key, an authCallback or an authUrl),
 * the token is dropped, a new one obtained and the request sent once more (RSA4b); a token error then, or a failure to
 * obtain a token, is the request's failure. A token error with no means of renewal fails with 40171/401 (RSA4a2).
 *
 * <p>Thread-safe. {@link #send} completes on the runtime's executor; {@link #deliver} and {@link #paginated} complete
 * on the client's callback executor.
 */
public final class RestCore {
    private final ClientOptions options;
    private final HttpRequester http;
    private final AuthManager auth;
    private final Executor callbacks;
    private final Log log;
    private final WireFormat format;

    /**
     * @param options the client's options (format; client id of RSA7e2)
     * @param http the client's requester
     * @param auth the client's authentication
     * @param callbacks the client's ordered callback executor, where user-visible futures complete
     * @param log the client's log
     */
    public RestCore(ClientOptions options, HttpRequester http, AuthManager auth, Executor callbacks, Log log) {
        this.options = options;
        this.http = http;
        this.auth = auth;
        this.callbacks = callbacks;
        this.log = log;
        this.format = options.useBinaryProtocol() ? WireFormat.MSGPACK : WireFormat.JSON;
    }

    /** The client's options. */
    public ClientOptions options() {
        return options;
    }

    /** The client's authentication. */
    public AuthManager auth() {
        return auth;
    }

    /** The client's log. */
    public Log log() {
        return log;
    }

    /** The client's callback executor. */
    public Executor callbacks() {
        return callbacks;
    }

    /** The body format: msgpack when {@link ClientOptions#useBinaryProtocol()}, else JSON (RSC8). */
    public WireFormat format() {
        return format;
    }

    /**
     * A codec in {@link #format()}. Thread-safe: each call borrows a codec from a small process-wide pool and returns
     * it, so no request builds one or shares one with another thread at the same moment (see {@link PooledCodec}).
     */
    public ProtocolCodec codec() {
        return PooledCodec.of(format);
    }

    /** The unauthenticated requester, for requests that must not carry credentials such as {@code /time}. */
    public HttpRequester http() {
        return http;
    }

    /**
     * Sends {@code request} with credentials and the format's {@code Accept} header (and {@code Content-Type} when it has
     * a body and names none), renewing the token once on a token error (RSA4b). Completes with a 2xx response on the
     * runtime's executor, or fails with an {@link AblyException}. A request that {@linkplain
     * RestRequest#returnsErrorResponses() returns error responses} completes with a response of any status, after the
     * token renewal of a token error.
     */
    public CompletableFuture<HttpResult> send(RestRequest request) {
        CompletableFuture<HttpResult> out = new CompletableFuture<>();
        attempt(request, false, out);
        return out;
    }

    private void attempt(RestRequest request, boolean renewed, CompletableFuture<HttpResult> out) {
        CompletionStage<Map<String, String>> credentials;
        try {
            credentials = auth.authParams();
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
            return;
        }
        credentials
                .thenCompose(params -> http.execute(authenticated(request, params)))
                .whenComplete((response, failure) -> {
                    if (failure == null && !isTokenErrorResponse(response)) {
                        out.complete(response);
                        return;
                    }
                    Throwable t = failure != null
                            ? Errors.unwrap(failure)
                            : new AblyException(HttpErrors.fromResponse(response, "the server"));
                    ErrorInfo error = t instanceof AblyException a ? a.errorInfo() : null;
                    if (error == null || !Errors.isTokenError(error)) {
                        out.completeExceptionally(t);
                    } else if (!auth.canRenew()) {
                        out.completeExceptionally(new AblyException(AuthManager.noRenewal(error), t)); // RSA4a2
                    } else if (renewed) { // RSA4b: one renewal per request
                        if (failure == null) {
                            out.complete(response); // request(): the response is the result
                        } else {
                            out.completeExceptionally(t);
                        }
                    } else {
                        log.debug(() -> "REST " + request + ": token error " + error.code() + "; renewing (RSA4b)");
                        auth.tokenRejected(error);
                        attempt(request, true, out);
                    }
                });
    }

    /** A token error (401, 40140-40149) answered to a request that returns error responses (RSC19). */
    private static boolean isTokenErrorResponse(HttpResult response) {
        return response.status() == 401 && Errors.isTokenError(HttpErrors.fromResponse(response, "the server"));
    }

    private RestRequest authenticated(RestRequest request, Map<String, String> credentials) {
        RestRequest.Builder b = request.toBuilder();
        if (!request.hasHeader("Accept")) {
            b.header("Accept", format.mimeType());
        }
        if (request.body() != null && !request.hasHeader("Content-Type")) {
            b.header("Content-Type", format.mimeType());
        }
        String key = credentials.get("key");
        String token = credentials.get("accessToken");
        if (token != null) {
            b.header("Authorization", "Bearer " + token); // RSA3b
        } else if (key != null) {
            b.header("Authorization", "Basic " + base64(key)); // RSA11
            String clientId = options.clientId();
            if (clientId != null) {
                b.header("X-Ably-ClientId", base64(clientId)); // RSA7e2
            }
        }
        return b.build();
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code request} and decodes its response as a page of items with links to the next and first pages (TG).
     * The page's {@code next()} and {@code first()} go through this method again.
     */
    public <T> AblyFuture<PaginatedResult<T>> paginated(RestRequest request, Page.Decoder<T> decoder) {
        return deliver(send(request).thenApply(response -> Page.of(this, request, response, decoder)));
    }

    /**
     * {@code stage}'s outcome as an {@link AblyFuture} settled where {@code stage} completes (an HTTP thread) and
     * completed on the callback executor ({@link ClientFuture}); a failure is the {@link AblyException} itself
     * (unwrapped), anything else becomes 50000/500.
     */
    public <T> AblyFuture<T> deliver(CompletionStage<T> stage) {
        ClientFuture<T> out = ClientFuture.create(callbacks);
        stage.whenComplete((value, failure) -> {
            if (failure == null) {
                out.settle(value, null);
            } else {
                Throwable t = Errors.unwrap(failure);
                Throwable reported = t instanceof AblyException
                        ? t
                        : new AblyException(Errors.internalError("REST request failed: " + t), t);
                out.settle(null, reported);
            }
        });
        return out;
    }
}
