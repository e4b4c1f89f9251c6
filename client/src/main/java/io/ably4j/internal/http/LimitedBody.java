package io.ably4j.internal.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * A response body read into a byte array up to a limit: a body that declares a larger {@code Content-Length}, or turns
 * out larger while it is read, fails with {@link ResponseTooLargeException} and its subscription is cancelled, so the
 * JDK client stops reading and closes the connection; at most the limit plus one buffer is held.
 *
 * <p>Driven by the JDK HTTP client per the {@link Flow.Subscriber} rules: one signal at a time.
 */
final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final long limit;
    private final long declared;
    private final CompletableFuture<byte[]> body = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long received;
    private Flow.@Nullable Subscription subscription;

    private LimitedBody(long limit, long declared) {
        this.limit = limit;
        this.declared = declared;
    }

    /** A handler whose bodies are limited to {@code limit} bytes. */
    static HttpResponse.BodyHandler<byte[]> handler(long limit) {
        return info -> new LimitedBody(
                limit, info.headers().firstValueAsLong("content-length").orElse(-1));
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (declared > limit) {
            s.cancel();
            body.completeExceptionally(new ResponseTooLargeException(limit, declared));
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            received += b.remaining();
            if (received > limit) {
                Flow.Subscription s = subscription;
                if (s != null) {
                    s.cancel();
                }
                body.completeExceptionally(new ResponseTooLargeException(limit, -1));
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        body.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        body.complete(bytes.toByteArray());
    }
}
