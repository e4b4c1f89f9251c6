package io.ably4j.internal.auth;

import static io.ably4j.internal.auth.TokenFetcher.MAX_TOKEN_BYTES;
import static io.ably4j.internal.auth.TokenResults.invalid;
import static io.ably4j.internal.auth.TokenResults.tokenResult;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.internal.auth.TokenResults.StepFailure;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpErrors;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.HttpTransport;
import io.ably4j.internal.http.ResponseTooLargeException;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.Scheduler;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The authUrl request of a {@link TokenFetcher} (RSA8c): builds it (the query or form encoding of the authParams and
 * token params, the headers), sends it directly on the {@link HttpTransport} within the timeout, and reads and types
 * the response by its {@code Content-Type}; see {@link TokenFetcher}'s class comment for the rules. The transport stops
 * reading a body over {@link TokenFetcher#MAX_TOKEN_BYTES} (RSA4f, invalid); the result is checked for size and format
 * (RSA4f) by {@link TokenResults}; every failure is a {@link StepFailure} from the {@code authUrl}.
 *
 * <p>Thread-safe: immutable after construction. Its futures complete on the transport's thread, or the scheduler's
 * when the timeout fires, or the caller's when the request cannot be built; {@link TokenFetcher} moves the fetch's
 * completion to its executor.
 */
final class AuthUrlRequests {
    private static final String ACCEPT = "application/json, text/plain, application/jwt";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final HttpTransport transport;
    private final Scheduler scheduler;
    private final Duration timeout;
    private final Log log;

    /**
     * @param transport sends the authUrl request
     * @param scheduler runs the timeout
     * @param timeout the time allowed to the authUrl request (RSA4c)
     * @param log the client's log
     */
    AuthUrlRequests(HttpTransport transport, Scheduler scheduler, Duration timeout, Log log) {
        this.transport = transport;
        this.scheduler = scheduler;
        this.timeout = timeout;
        this.log = log;
    }

    /** Requests a token from {@code url} with the options' authMethod, authParams, authHeaders and {@code params}. */
    CompletableFuture<AuthCallback.Result> request(AuthOptions options, URI url, TokenParams params) {
        Map<String, String> merged = new LinkedHashMap<>(options.authParams());
        merged.putAll(params.toQueryParams()); // RSA8c2: token params win
        boolean post = options.authMethod().equals("POST");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept", ACCEPT);
        putReplacing(headers, options.authHeaders());
        byte[] body = null;
        URI uri = url;
        String host = url.getHost();
        HttpCall call;
        try {
            if (post) {
                putReplacing(headers, Map.of("Content-Type", FORM));
                body = formEncode(merged).getBytes(StandardCharsets.UTF_8);
            } else {
                uri = withQuery(url, merged);
            }
            // RSA4f: a body over the limit is not read to its end (the transport stops and fails the exchange)
            call = new HttpCall(post ? "POST" : "GET", uri, headers, body, timeout).withMaxBodyBytes(MAX_TOKEN_BYTES);
        } catch (RuntimeException e) { // an invalid URI from the params
            return CompletableFuture.failedFuture(new StepFailure(
                    Errors.badRequest("Invalid authUrl request: " + e.getMessage()), "authUrl", true, false, e));
        }
        HttpCall sentCall = call;
        log.debug(() -> "authUrl request: " + sentCall);
        CompletableFuture<HttpResult> sent;
        try {
            sent = transport.send(call);
        } catch (RuntimeException e) { // a transport must not throw; treat it as a failed exchange
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResult> inFlight = sent;
        CompletableFuture<AuthCallback.Result> work = new CompletableFuture<>();
        CompletableFuture<?> unused = inFlight.whenComplete((response, failure) -> {
            try {
                if (failure != null && ResponseTooLargeException.find(failure) != null) {
                    work.completeExceptionally(invalid(
                            "the authUrl response body exceeds " + MAX_TOKEN_BYTES + " bytes; it was not read",
                            "authUrl"));
                } else if (failure != null) {
                    ErrorInfo e = HttpErrors.fromFailure(failure, host, timeout);
                    work.completeExceptionally(
                            new StepFailure(e, "authUrl", true, e.statusCode() == 403, Errors.unwrap(failure)));
                } else {
                    work.complete(readAuthUrlResponse(response, host));
                }
            } catch (RuntimeException e) { // StepFailure from the reader
                work.completeExceptionally(e);
            }
        });
        CompletableFuture<AuthCallback.Result> bounded =
                TokenFetcher.withDeadline(scheduler, timeout, work, HttpErrors.timeout(host, timeout), "authUrl");
        CompletableFuture<?> unused2 = bounded.whenComplete((r, t) -> inFlight.cancel(true)); // no-op once answered
        return bounded;
    }

    private static AuthCallback.Result readAuthUrlResponse(HttpResult response, String host) {
        int status = response.status();
        if (status < 200 || status >= 300) {
            ErrorInfo e = HttpErrors.fromResponse(response, host);
            throw new StepFailure(e, "authUrl", true, status == 403 || e.statusCode() == 403, null);
        }
        if (response.body().length > MAX_TOKEN_BYTES) {
            throw invalid(
                    "the authUrl response of " + response.body().length + " bytes exceeds " + MAX_TOKEN_BYTES,
                    "authUrl");
        }
        String type = mediaType(response.header("content-type"));
        if (type == null) {
            throw invalid(
                    "the authUrl response has no Content-Type; expected application/json, text/plain or"
                            + " application/jwt",
                    "authUrl");
        }
        return switch (type) {
            case "text/plain", "application/jwt" -> tokenResult(response.text().strip());
            case "application/json" -> readJson(response.text());
            default ->
                throw invalid(
                        "the authUrl response has Content-Type " + type
                                + "; expected application/json, text/plain or application/jwt",
                        "authUrl");
        };
    }

    /** A TokenRequest (has {@code mac}), TokenDetails (has {@code token}) or token string (a JSON string). */
    private static AuthCallback.Result readJson(String text) {
        Object value;
        try {
            value = Json.parse(text).toValue();
        } catch (AblyException e) { // the message may quote the body: not kept
            throw invalid("the authUrl response is not valid JSON", "authUrl");
        }
        if (value instanceof String token) {
            return tokenResult(token);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid("the authUrl JSON response is not an object", "authUrl");
        }
        try {
            if (map.containsKey("mac")) {
                return AuthCallback.Result.of(TokenRequest.fromJson(text));
            }
            if (map.containsKey("token")) {
                return AuthCallback.Result.of(TokenDetails.fromJson(text));
            }
        } catch (AblyException e) {
            throw invalid("the authUrl JSON response is not a valid TokenRequest or TokenDetails", "authUrl");
        }
        throw invalid(
                "the authUrl JSON response is neither a TokenDetails (no token) nor a TokenRequest (no mac)",
                "authUrl");
    }

    /** The media type of a Content-Type value, lower case, without parameters; null when absent or blank. */
    static @Nullable String mediaType(@Nullable String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String type = (semi >= 0 ? contentType.substring(0, semi) : contentType)
                .trim()
                .toLowerCase(Locale.ROOT);
        return type.isEmpty() ? null : type;
    }

    /**
     * {@code url} with {@code params} in its query: the URL's own parameters first, as they are, except those whose
     * name {@code params} has (RSA8c1c), then {@code params}, encoded. The fragment is dropped.
     */
    static URI withQuery(URI url, Map<String, String> params) {
        List<String> pairs = new ArrayList<>();
        String raw = url.getRawQuery();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq >= 0 ? pair.substring(0, eq) : pair);
                if (!params.containsKey(name)) {
                    pairs.add(pair);
                }
            }
        }
        params.forEach((k, v) -> pairs.add(encode(k) + "=" + encode(v)));
        StringBuilder sb = new StringBuilder(url.getScheme())
                .append("://")
                .append(url.getRawAuthority())
                .append(url.getRawPath() == null ? "" : url.getRawPath());
        if (!pairs.isEmpty()) {
            sb.append('?').append(String.join("&", pairs));
        }
        return URI.create(sb.toString());
    }

    static String formEncode(Map<String, String> params) {
        StringJoiner body = new StringJoiner("&");
        params.forEach((k, v) -> body.add(encode(k) + "=" + encode(v)));
        return body.toString();
    }

    private static void putReplacing(Map<String, String> headers, Map<String, String> more) {
        more.forEach((name, value) -> {
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, value);
        });
    }

    /** {@code s} percent-encoded as UTF-8, a space as {@code %20}: for a query, form or path segment. */
    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) { // a malformed escape: compare the raw text
            return s;
        }
    }
}
