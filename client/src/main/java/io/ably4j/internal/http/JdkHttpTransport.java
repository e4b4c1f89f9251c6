package io.ably4j.internal.http;

import io.ably4j.ClientOptions;
import io.ably4j.internal.util.SharedResources;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * {@link HttpTransport} on {@code java.net.http.HttpClient}. One HttpClient per TLS context and connect timeout is
 * shared by every Ably client of the process; its tasks run on the library's shared worker pool, so responses never
 * complete on the selector thread and the thread count does not grow with clients.
 *
 * <p>The connect timeout ({@code httpOpenTimeout}, TO3l3) is a property of a JDK HttpClient, not of a request, so it
 * is part of the key of the shared clients: clients with the same TLS context and open timeout (normally all of them)
 * share one HttpClient and its connection pool, and a client with another timeout gets its own, shared with others of
 * that timeout. The request timeout (TO3l4) is per request ({@link HttpCall#timeout()}).
 */
public final class JdkHttpTransport implements HttpTransport {
    /** One client per TLS context (the JDK default under {@code DEFAULT}) and connect timeout, built on first use. */
    private static final ConcurrentHashMap<Key, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private static final Object DEFAULT = new Object();

    private record Key(Object tls, Duration connectTimeout) {}

    private final @Nullable SSLContext sslContext;
    private final Duration connectTimeout;

    private JdkHttpTransport(@Nullable SSLContext sslContext, Duration connectTimeout) {
        this.sslContext = sslContext;
        this.connectTimeout = connectTimeout;
    }

    /**
     * A transport using {@code sslContext}, or the JDK default TLS context when null. Its HttpClient, shared by every
     * transport of the same TLS context in the process, is built when the first request is sent: a client that never
     * makes an HTTP request starts no HttpClient thread.
     */
    public static JdkHttpTransport create(@Nullable SSLContext sslContext) {
        return create(sslContext, ClientOptions.DEFAULT_HTTP_OPEN_TIMEOUT);
    }

    /**
     * A transport using {@code sslContext} (or the JDK default when null) whose connections must open within {@code
     * connectTimeout} (TO3l3).
     */
    public static JdkHttpTransport create(@Nullable SSLContext sslContext, Duration connectTimeout) {
        return new JdkHttpTransport(sslContext, connectTimeout);
    }

    private HttpClient client() {
        SSLContext ssl = sslContext;
        Duration timeout = connectTimeout;
        return CLIENTS.computeIfAbsent(new Key(ssl == null ? DEFAULT : ssl, timeout), k -> build(ssl, timeout));
    }

    private static HttpClient build(@Nullable SSLContext sslContext, Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .executor(SharedResources.workers())
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        return b.build();
    }

    @Override
    public CompletableFuture<HttpResult> send(HttpCall call) {
        try {
            HttpRequest.Builder r = HttpRequest.newBuilder(call.uri()).timeout(call.timeout());
            call.headers().forEach(r::header); // a restricted or malformed header throws here
            byte[] body = call.body();
            r.method(
                    call.method(),
                    body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            long limit = call.maxBodyBytes();
            HttpResponse.BodyHandler<byte[]> bodies = limit == HttpCall.NO_BODY_LIMIT
                    ? HttpResponse.BodyHandlers.ofByteArray()
                    : LimitedBody.handler(limit); // stops reading past the limit
            CompletableFuture<HttpResponse<byte[]>> exchange = client().sendAsync(r.build(), bodies);
            CompletableFuture<HttpResult> result = exchange.thenApply(
                    resp -> new HttpResult(resp.statusCode(), resp.headers().map(), resp.body()));
            CompletableFuture<?> unused = result.whenComplete((v, t) -> {
                if (result.isCancelled()) {
                    exchange.cancel(true); // the JDK client aborts the exchange
                }
            });
            return result;
        } catch (IllegalArgumentException e) { // e.g. a restricted header
            return CompletableFuture.failedFuture(e);
        }
    }
}
