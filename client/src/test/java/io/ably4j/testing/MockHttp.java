package io.ably4j.testing;

import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.HttpTransport;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A fake {@link HttpTransport} (UTS {@code MockHttpClient}): records every request and answers with {@link #handler}.
 * By default every request fails as unreachable, as on a machine without network, so a test that expects no HTTP
 * sees none succeed. A handler may return an incomplete future and complete it later (a held request).
 */
public final class MockHttp implements HttpTransport {
    /** Every request, in order. */
    public final List<HttpCall> requests = new CopyOnWriteArrayList<>();

    /** Answers requests; replace it in a test. */
    public volatile Function<HttpCall, CompletableFuture<HttpResult>> handler = MockHttp::unreachable;

    private final Queue<Function<HttpCall, CompletableFuture<HttpResult>>> queued = new ConcurrentLinkedQueue<>();

    @Override
    public CompletableFuture<HttpResult> send(HttpCall call) {
        requests.add(call);
        Function<HttpCall, CompletableFuture<HttpResult>> next = queued.poll();
        return (next != null ? next : handler).apply(call);
    }

    /**
     * Queues the answer to the next request (UTS {@code queue_response}); queued answers are used in order, before
     * {@link #handler}, which answers once the queue is empty.
     */
    public void queue(Function<HttpCall, CompletableFuture<HttpResult>> answer) {
        queued.add(answer);
    }

    /** Queues a JSON response (UTS {@code queue_response(status, body)}). */
    public void queueJson(int status, String json) {
        queue(call -> json(status, json));
    }

    /** A response with a JSON body. */
    public static CompletableFuture<HttpResult> json(int status, String json) {
        return respond(status, json, Map.of("Content-Type", "application/json"));
    }

    /** A response with {@code body} and the given single-valued headers. */
    public static CompletableFuture<HttpResult> respond(int status, String body, Map<String, String> headers) {
        Map<String, List<String>> h = new LinkedHashMap<>();
        headers.forEach((k, v) -> h.put(k, List.of(v)));
        return CompletableFuture.completedFuture(new HttpResult(status, h, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The host name does not resolve (UTS {@code respond_with_dns_error}). */
    public static CompletableFuture<HttpResult> dnsError(HttpCall call) {
        return CompletableFuture.failedFuture(
                new UnknownHostException(call.uri().getHost() + " (mock)"));
    }

    /** The connection could not be opened in time (UTS {@code conn.respond_with_timeout}). */
    public static CompletableFuture<HttpResult> connectTimeout(HttpCall call) {
        return CompletableFuture.failedFuture(new HttpConnectTimeoutException("connect timed out (mock)"));
    }

    /** The transport reports a request timeout (UTS {@code req.respond_with_timeout}). */
    public static CompletableFuture<HttpResult> timeout(HttpCall call) {
        return CompletableFuture.failedFuture(new HttpTimeoutException("request timed out (mock)"));
    }

    /** The hosts of every request, in order. */
    public List<String> hosts() {
        return requests.stream().map(c -> c.uri().getHost()).toList();
    }

    /** A response with a text body. */
    public static CompletableFuture<HttpResult> respond(int status, String body) {
        return CompletableFuture.completedFuture(new HttpResult(
                status, Map.of("content-type", List.of("text/plain")), body.getBytes(StandardCharsets.UTF_8)));
    }

    /** The host is unreachable (connection refused). */
    public static CompletableFuture<HttpResult> unreachable(HttpCall call) {
        return CompletableFuture.failedFuture(
                new ConnectException("unreachable (mock): " + call.uri().getHost()));
    }

    /** Answers the connectivity check with {@code yes}; fails every other request as unreachable. */
    public void internetUp() {
        handler = call ->
                call.uri().getPath().endsWith("is-the-internet-up.txt") ? respond(200, "yes") : unreachable(call);
    }

    /** Requests whose URI contains {@code fragment}. */
    public List<HttpCall> requestsTo(String fragment) {
        return requests.stream()
                .filter(c -> c.uri().toString().contains(fragment))
                .toList();
    }

    /** The query parameters of {@code call}, decoded; a parameter without {@code =} has the value "". */
    public static Map<String, String> query(HttpCall call) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        String q = call.uri().getRawQuery();
        if (q == null) {
            return out;
        }
        for (String pair : java.util.regex.Pattern.compile("&").split(q, -1)) {
            int eq = pair.indexOf('=');
            out.put(
                    java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
