package io.ably4j.internal.http;

import io.ably4j.internal.util.SharedResources;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * {@link HttpTransport} on {@code java.net.http.HttpClient}. One client per TLS context is shared by every Ably client
 * of the process; its tasks run on the library's shared worker pool, so responses never complete on the selector
 * thread and the thread count does not grow with clients.
 */
public final class JdkHttpTransport implements HttpTransport {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(4); // TO3l3 httpOpenTimeout default
    private static volatile @Nullable HttpClient sharedDefault;

    private final HttpClient client;

    private JdkHttpTransport(HttpClient client) {
        this.client = client;
    }

    /** A transport using {@code sslContext}, or the JDK default TLS context (shared) when null. */
    public static JdkHttpTransport create(@Nullable SSLContext sslContext) {
        if (sslContext != null) {
            return new JdkHttpTransport(build(sslContext));
        }
        HttpClient c = sharedDefault;
        if (c == null) {
            synchronized (JdkHttpTransport.class) {
                c = sharedDefault;
                if (c == null) {
                    c = build(null);
                    sharedDefault = c;
                }
            }
        }
        return new JdkHttpTransport(c);
    }

    private static HttpClient build(@Nullable SSLContext sslContext) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .executor(SharedResources.workers())
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        return b.build();
    }

    @Override
    public CompletableFuture<HttpResult> send(HttpCall call) {
        HttpRequest.Builder r = HttpRequest.newBuilder(call.uri()).timeout(call.timeout());
        call.headers().forEach(r::header);
        byte[] body = call.body();
        r.method(
                call.method(),
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            return client.sendAsync(r.build(), HttpResponse.BodyHandlers.ofByteArray())
                    .thenApply(resp ->
                            new HttpResult(resp.statusCode(), resp.headers().map(), resp.body()));
        } catch (IllegalArgumentException e) { // e.g. a restricted header
            return CompletableFuture.failedFuture(e);
        }
    }
}
