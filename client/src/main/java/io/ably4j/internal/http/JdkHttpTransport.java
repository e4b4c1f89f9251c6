package io.ably4j.internal.http;

import io.ably4j.ClientOptions;
import io.ably4j.internal.util.SharedResources;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.FutureTask;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * {@link HttpTransport} on {@code java.net.http.HttpClient}. One HttpClient per TLS context and connect timeout is
 * shared by every Ably client of the process; its internal tasks run on the library's shared worker pool. Each
 * exchange is a blocking {@code HttpClient.send} on a thread of the shared {@link HttpDispatcher} ({@code
 * ably4j-http-N}, as many as requests in flight, at most 64, idle ones expire), so the returned future completes on
 * that thread: never on the selector thread, the worker pool or the {@code CompletableFuture} default executor (which
 * {@code sendAsync} would hop to, starting a thread per request on two CPUs or fewer).
 *
 * <p>Plain {@code http} requests use HTTP/1.1 (no h2c upgrade offer on each request); {@code https} requests let
 * ALPN choose HTTP/2 or HTTP/1.1.
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
        HttpRequest request;
        HttpResponse.BodyHandler<byte[]> bodies;
        try {
            request = request(call);
            long limit = call.maxBodyBytes();
            bodies = limit == HttpCall.NO_BODY_LIMIT
                    ? HttpResponse.BodyHandlers.ofByteArray()
                    : LimitedBody.handler(limit); // stops reading past the limit
        } catch (IllegalArgumentException e) { // e.g. a restricted header
            return CompletableFuture.failedFuture(e);
        }
        HttpClient client = client();
        CompletableFuture<HttpResult> result = new CompletableFuture<>();
        FutureTask<Void> exchange = new FutureTask<>(() -> exchange(client, request, bodies, result), null);
        CompletableFuture<?> unused = result.whenComplete((v, t) -> {
            if (result.isCancelled()) {
                exchange.cancel(true); // not started: never runs; running: interrupted, and send aborts the exchange
            }
        });
        HttpDispatcher.SHARED.execute(exchange);
        return result;
    }

    private static HttpRequest request(HttpCall call) {
        HttpRequest.Builder r = HttpRequest.newBuilder(call.uri()).timeout(call.timeout());
        if ("http".equalsIgnoreCase(call.uri().getScheme())) {
            // The client's default is HTTP/2, which over plain http means an h2c upgrade offer (Upgrade,
            // HTTP2-Settings) on every request; over https ALPN decides and HTTP/2 stays possible.
            r.version(HttpClient.Version.HTTP_1_1);
        }
        call.headers().forEach(r::header); // a restricted or malformed header throws here
        byte[] body = call.body();
        r.method(
                call.method(),
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return r.build();
    }

    /** One blocking exchange on a dispatcher thread; completes {@code result} here, on this thread. */
    private static void exchange(
            HttpClient client,
            HttpRequest request,
            HttpResponse.BodyHandler<byte[]> bodies,
            CompletableFuture<HttpResult> result) {
        if (result.isDone()) {
            return; // cancelled or timed out while waiting for a thread
        }
        try {
            HttpResponse<byte[]> resp = client.send(request, bodies);
            result.complete(new HttpResult(resp.statusCode(), resp.headers().map(), resp.body()));
        } catch (InterruptedException e) { // the future was cancelled: send has cancelled the exchange
            result.completeExceptionally(new InterruptedIOException("HTTP exchange interrupted"));
        } catch (IOException e) {
            result.completeExceptionally(unwrap(e));
        } catch (RuntimeException e) { // e.g. IllegalArgumentException for a request the client refuses
            result.completeExceptionally(e);
        }
    }

    /**
     * The failure as {@code sendAsync} would report it: {@code send} rethrows a failure of a type it does not name as
     * a new plain {@link IOException} around it (e.g. {@link ResponseTooLargeException}).
     */
    static IOException unwrap(IOException e) {
        return e.getClass() == IOException.class && e.getCause() instanceof IOException cause ? cause : e;
    }
}
