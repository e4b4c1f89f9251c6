package io.ably4j.testing;

import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.HttpTransport;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

    @Override
    public CompletableFuture<HttpResult> send(HttpCall call) {
        requests.add(call);
        return handler.apply(call);
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
}
