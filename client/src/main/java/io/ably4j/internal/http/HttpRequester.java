package io.ably4j.internal.http;

import io.ably4j.ClientOptions;
import io.ably4j.internal.connection.ClientRuntime;
import io.ably4j.internal.connection.ConnectionUrls;
import io.ably4j.internal.connection.HostPolicy;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.Scheduler;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Sends one logical Ably HTTP request ({@link RestRequest}) with host fallback (RSC15): the layer the REST client and
 * token requests build on. It adds the standard headers, picks the host, falls back to other hosts on the failures
 * that allow it, and turns every failure into an {@link AblyException}. Authentication is not its business: callers
 * add an {@code Authorization} header (and retry after renewing a token) above it.
 *
 * <h2>Headers (RSC7)</h2>
 *
 * <p>Every request carries {@code X-Ably-Version} ({@link ConnectionUrls#PROTOCOL_VERSION}, RSC7e, CSV2c) and {@code
 * Ably-Agent} ({@link ConnectionUrls#agent()}, RSC7d); a header of the same name (case-insensitive) in the request
 * replaces them, as {@code request()} needs for its own version (RSC19f1). The {@code Host} header is never set here:
 * {@code java.net.http} derives it from each request's URI, so it always names the host that request goes to, the
 * fallback included (RSC15j; {@code Host} is a restricted header there, which the JDK client refuses to take from a
 * caller, and {@link RestRequest} refuses it too). The port is left out of the URI when it is the scheme's default, so
 * the Host header is then the bare host name.
 *
 * <h2>Hosts (RSC25, RSC15)</h2>
 *
 * <p>The first host is {@link HostPolicy#preferredHttpHost}: the realtime connection's fallback host while it is on one
 * (RTN17e), else a fallback host that worked within {@code fallbackRetryTimeout} (RSC15f), else the primary domain
 * (REC1). When an attempt fails in a way that allows a fallback (RSC15l: the host could not be resolved or reached, no
 * response within the request timeout, status 500-504, or status 400 or above from CloudFront), the request is sent
 * again to the next host: after a preferred fallback, the primary domain; then the fallback domains in random order
 * ({@link HostPolicy#shuffledFallbacks} driven by {@link ClientRuntime#jitter()}; RSC15a), each at most once. It stops
 * when every host was tried, after {@link Limits#maxRetryCount()} retries (TO3l5), or when a retry would start more
 * than {@link Limits#maxRetryDuration()} after the request began (TO3l6). When the fallback domains are empty there is
 * no retry at all (RSC15m, REC2c2, REC2c6). Any other failure, such as a 4xx response, ends the request at once.
 *
 * <p>Attempts are reported to the {@link HostPolicy} with timestamps from the runtime's {@link Scheduler}: a qualifying
 * failure as {@link HostPolicy#httpFailed} (so a stored fallback that fails is forgotten, RSC15f), and an answer that
 * does not qualify for fallback (2xx, or an error such as 401 that the host served) from a host reached by falling
 * back as {@link HostPolicy#httpSucceeded}, so that host is preferred for {@code fallbackRetryTimeout} from then on
 * (RSC15f). A request whose first host answers reports nothing: that host is the primary, the realtime connection's
 * or the stored one, whose period must not be extended by use. No clock is read directly.
 *
 * <h2>Result</h2>
 *
 * <p>The future completes with the {@link HttpResult} of a 2xx response, or exceptionally with an {@link
 * AblyException} whose {@link ErrorInfo} is chosen by {@link HttpErrors}: the Ably error in the body, {@code status *
 * 100} for a non-Ably error response, 80000/503 for a network failure, 50003/504 for a timeout. After several hosts
 * failed it is the last host's error. A request that {@linkplain RestRequest#returnsErrorResponses() returns error
 * responses} ({@code request()}, RSC19e) completes instead with the response of any status that does not qualify for
 * fallback, or, when the hosts ran out, with the last response any host gave; it fails only when no host answered.
 *
 * <h2>Request ids (RSC7c)</h2>
 *
 * <p>With {@link ClientOptions#addRequestIds()}, a request without a {@code request_id} parameter gets a random one
 * ({@link RequestIds}), sent unchanged to every host tried; the request's log lines name it, and a failure's {@link
 * ErrorInfo} carries it as {@link ErrorInfo#requestId()} and in its message.
 *
 * <h2>Threading</h2>
 *
 * <p>The future completes on the runtime's executor (a shared worker thread in production),
 * never on the caller's thread while the caller holds a lock; callers hand user-visible results to the client's
 * callback executor. Cancelling it stops further attempts.
 *
 * <p>Thread-safe; requests are independent of each other apart from the shared {@link HostPolicy}.
 */
public final class HttpRequester {
    /**
     * The limits of one request, the client options TO3l5 (max retry count), TO3l6 (max retry duration) and TO3l4
     * (request timeout) of the specification; see {@link #of(ClientOptions)}.
     *
     * @param maxRetryCount how many fallback hosts one request may try after its first host, at least 0
     * @param maxRetryDuration no retry starts when this much time has passed since the request began
     * @param requestTimeout the time allowed for one attempt (one host), enforced on the scheduler's clock as well as
     *     by the transport
     */
    public record Limits(int maxRetryCount, Duration maxRetryDuration, Duration requestTimeout) {
        /** The specification's defaults: 3 retries, 15 s, 10 s. */
        public static final Limits DEFAULTS = new Limits(3, Duration.ofSeconds(15), Duration.ofSeconds(10));

        /**
         * @throws AblyException 40000 for a negative count or a duration that is not positive
         */
        /** The limits of {@code options}: httpMaxRetryCount, httpMaxRetryDuration and httpRequestTimeout. */
        public static Limits of(ClientOptions options) {
            return new Limits(
                    options.httpMaxRetryCount(), options.httpMaxRetryDuration(), options.httpRequestTimeout());
        }

        public Limits {
            if (maxRetryCount < 0) {
                throw Errors.badArgument("httpMaxRetryCount must not be negative, got " + maxRetryCount);
            }
            if (maxRetryDuration == null || maxRetryDuration.isNegative() || maxRetryDuration.isZero()) {
                throw Errors.badArgument("httpMaxRetryDuration must be positive, got " + maxRetryDuration);
            }
            if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
                throw Errors.badArgument("httpRequestTimeout must be positive, got " + requestTimeout);
            }
        }
    }

    private final HostPolicy hosts;
    private final HttpTransport transport;
    private final Scheduler scheduler;
    private final Executor executor;
    private final DoubleSupplier random;
    private final Log log;
    private final Limits limits;
    private final long maxRetryNanos;
    private final String scheme;
    private final int port;
    private final boolean defaultPort;
    private final String agent;
    private final boolean addRequestIds;

    /** A requester with the limits of {@code options} ({@link Limits#of}). */
    public HttpRequester(ClientOptions options, HostPolicy hosts, ClientRuntime runtime, Log log) {
        this(options, hosts, runtime, log, Limits.of(options));
    }

    /**
     * @param options the scheme and port: {@code https} and {@code tlsPort} when {@link ClientOptions#tls()}, else
     *     {@code http} and {@code port}
     * @param hosts the client's host policy, shared with its realtime connection
     * @param runtime the transport, scheduler (clock and timeouts), executor and random source
     * @param log the client's log
     * @param limits retry count, retry duration and request timeout
     */
    public HttpRequester(ClientOptions options, HostPolicy hosts, ClientRuntime runtime, Log log, Limits limits) {
        this.hosts = hosts;
        this.transport = runtime.http();
        this.scheduler = runtime.scheduler();
        this.executor = runtime.executor();
        this.random = runtime.jitter();
        this.log = log;
        this.limits = limits;
        this.maxRetryNanos = saturatedNanos(limits.maxRetryDuration());
        this.scheme = options.tls() ? "https" : "http";
        this.port = options.tls() ? options.tlsPort() : options.port();
        this.defaultPort = options.tls() ? port == 443 : port == 80;
        this.agent = ConnectionUrls.agent();
        this.addRequestIds = options.addRequestIds();
    }

    /** The limits this requester applies. */
    public Limits limits() {
        return limits;
    }

    /** Sends {@code request}; see the class comment for hosts, errors and threading. */
    public CompletableFuture<HttpResult> execute(RestRequest request) {
        RestRequest r = request;
        if (addRequestIds && !request.params().containsKey(RequestIds.PARAM)) { // RSC7c: one id for every host tried
            r = request.toBuilder().param(RequestIds.PARAM, RequestIds.next()).build();
        }
        Exchange x = new Exchange(r);
        x.start();
        return x.result;
    }

    /** The absolute URI of {@code request} on {@code host}. */
    URI uri(String host, RestRequest request) {
        StringBuilder sb = new StringBuilder(scheme).append("://").append(ConnectionUrls.urlHost(host));
        if (!defaultPort) {
            sb.append(':').append(port);
        }
        sb.append(request.path());
        if (!request.params().isEmpty()) {
            StringJoiner query = new StringJoiner("&", "?", "");
            request.params().forEach((k, v) -> query.add(encode(k) + "=" + encode(v)));
            sb.append(query);
        }
        return URI.create(sb.toString());
    }

    private Map<String, String> headers(RestRequest request) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Ably-Version", ConnectionUrls.PROTOCOL_VERSION);
        h.put("Ably-Agent", agent);
        request.headers().forEach((name, value) -> {
            h.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            h.put(name, value);
        });
        return h;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One logical request: its attempts run one after another, each step on {@link #executor}. */
    private final class Exchange {
        final CompletableFuture<HttpResult> result = new CompletableFuture<>();
        final RestRequest request;
        final Map<String, String> headers;
        final List<String> tried = new ArrayList<>();
        final @Nullable String requestId;
        final String name; // the request in log lines: with its request id (RSC7c)

        @Nullable
        Deque<String> remaining; // the hosts after the first, chosen at the first qualifying failure

        long startNanos;

        @Nullable
        HttpResult lastResponse; // the last response that allowed a fallback, for returnsErrorResponses()

        Exchange(RestRequest request) {
            this.request = request;
            this.headers = headers(request);
            this.requestId = request.params().get(RequestIds.PARAM);
            this.name = requestId == null ? request.toString() : request + " (request_id " + requestId + ")";
        }

        void start() {
            startNanos = scheduler.nanoTime();
            attempt(hosts.preferredHttpHost(startNanos));
        }

        void attempt(String host) {
            tried.add(host);
            URI uri;
            try {
                uri = uri(host, request);
            } catch (IllegalArgumentException e) {
                fail(Errors.badRequest("Invalid request URI for " + request + ": " + e.getMessage()), null);
                return;
            }
            long attemptStarted =
                    hosts.generation(); // RSC15f: a success may store the host only if none was forgotten since
            HttpCall call = new HttpCall(request.method(), uri, headers, request.body(), limits.requestTimeout());
            log.debug(() -> "HTTP " + call + (requestId == null ? "" : " (request_id " + requestId + ")")
                    + (tried.size() > 1 ? " (fallback " + (tried.size() - 1) + ")" : ""));
            CompletableFuture<?> unused = TimedSend.send(transport, call, scheduler)
                    .whenCompleteAsync(
                            (response, failure) -> {
                                try {
                                    onOutcome(host, attemptStarted, response, failure);
                                } catch (RuntimeException e) { // a bug: never leave the caller waiting
                                    result.completeExceptionally(e);
                                }
                            },
                            executor);
        }

        void onOutcome(String host, long generation, @Nullable HttpResult response, @Nullable Throwable failure) {
            if (result.isDone()) { // cancelled by the caller
                return;
            }
            long now = scheduler.nanoTime();
            if (failure == null && response != null) {
                int status = response.status();
                if (status >= 200 && status < 300) {
                    succeeded(host, generation, now);
                    result.complete(response);
                    return;
                }
                ErrorInfo error = HttpErrors.fromResponse(response, host);
                if (HostPolicy.qualifiesForFallback(status, response.header("server"))) { // RSC15l3, RSC15l4
                    failedOn(host, now, error, response);
                } else {
                    succeeded(host, generation, now); // the host is serving: not a host failure
                    if (request.returnsErrorResponses()) {
                        result.complete(response);
                    } else {
                        fail(error, null);
                    }
                }
                return;
            }
            Throwable t = failure != null ? failure : new IllegalStateException("no response and no failure");
            ErrorInfo error = HttpErrors.fromFailure(t, host, limits.requestTimeout());
            if (HttpErrors.qualifiesForFallback(t)) { // RSC15l1, RSC15l2
                failedOn(host, now, error, null);
            } else {
                fail(error, Errors.unwrap(t));
            }
        }

        /**
         * {@code host} answered. Only a host reached by falling back is reported: the first host of a request is the
         * primary, the realtime connection's host or the stored fallback, and reporting the stored fallback again
         * would extend its {@code fallbackRetryTimeout}, which runs from the success that stored it (RSC15f).
         */
        void succeeded(String host, long generation, long now) {
            if (tried.size() > 1) {
                hosts.httpSucceeded(host, generation, now);
            }
        }

        /**
         * A qualifying failure on {@code host}, with the {@code response} that failed if any: try the next host, if any
         * and the limits allow. When none is left, a request that {@linkplain RestRequest#returnsErrorResponses()
         * returns error responses} completes with the last response any host gave, if one did.
         */
        void failedOn(String host, long now, ErrorInfo error, @Nullable HttpResult response) {
            boolean fromResponse = response != null;
            if (response != null) {
                lastResponse = response;
            }
            hosts.httpFailed(host, now);
            Deque<String> next = remaining;
            if (next == null) {
                next = candidatesAfter(tried.get(0));
                remaining = next;
            }
            String why;
            if (next.isEmpty()) {
                why = tried.size() == 1 && !hosts.hasFallbacks() ? "no fallback hosts" : "all hosts tried";
            } else if (tried.size() - 1 >= limits.maxRetryCount()) {
                why = "httpMaxRetryCount (" + limits.maxRetryCount() + ") reached";
            } else if (now - startNanos > maxRetryNanos) {
                why = "httpMaxRetryDuration (" + limits.maxRetryDuration().toMillis() + " ms) passed";
            } else {
                String nextHost = next.removeFirst();
                log.debug(() -> "HTTP " + name + " failed on " + host + " (" + error + "); trying " + nextHost);
                attempt(nextHost);
                return;
            }
            ErrorInfo last = error;
            if (!fromResponse && tried.size() > 1) {
                last = error.toBuilder()
                        .message(error.message() + " (tried " + tried.size() + " hosts: " + String.join(", ", tried)
                                + "; " + why + ")")
                        .build();
            }
            String reason = why;
            log.debug(() -> "HTTP " + name + " failed: " + reason);
            HttpResult answered = lastResponse;
            if (answered != null && request.returnsErrorResponses()) { // a host answered: that is the result (RSC19e)
                result.complete(answered);
                return;
            }
            fail(last, null);
        }

        /** The hosts to try after {@code first}: the primary (if {@code first} was not it), then shuffled fallbacks. */
        Deque<String> candidatesAfter(String first) {
            Deque<String> order = new ArrayDeque<>();
            if (!first.equals(hosts.primary())) {
                order.add(hosts.primary());
            }
            if (hosts.hasFallbacks()) { // RSC15m
                for (String h : hosts.shuffledFallbacks(random)) {
                    if (!h.equals(first) && !order.contains(h)) {
                        order.add(h);
                    }
                }
            }
            return order;
        }

        void fail(ErrorInfo error, @Nullable Throwable cause) {
            result.completeExceptionally(new AblyException(RequestIds.mark(error, requestId), cause));
        }
    }
}
