package io.ably4j.internal.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as sent: method, absolute URI, headers, body, the time allowed for the exchange and the largest
 * response body accepted. Immutable.
 */
public final class HttpCall {
    /** {@link #maxBodyBytes()} when any response body is accepted. */
    public static final long NO_BODY_LIMIT = Long.MAX_VALUE;

    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte @Nullable [] body;
    private final Duration timeout;
    private final long maxBodyBytes;

    /**
     * @param method {@code GET}, {@code POST}, ...
     * @param uri the absolute URI, host included
     * @param headers request headers (single values)
     * @param body the body (not copied: callers must not change it), or null for none
     * @param timeout the time allowed for the whole exchange
     */
    public HttpCall(String method, URI uri, Map<String, String> headers, byte @Nullable [] body, Duration timeout) {
        this.method = method;
        this.uri = uri;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.timeout = timeout;
        this.maxBodyBytes = NO_BODY_LIMIT;
    }

    private HttpCall(HttpCall c, long maxBodyBytes) {
        this.method = c.method;
        this.uri = c.uri;
        this.headers = c.headers;
        this.body = c.body;
        this.timeout = c.timeout;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * This call with a limit on the response body: a transport stops reading a body that exceeds {@code maxBodyBytes}
     * (or that declares a larger {@code Content-Length}) and fails the exchange with {@link ResponseTooLargeException}
     * instead of holding the body in memory.
     *
     * @throws IllegalArgumentException if {@code maxBodyBytes} is negative
     */
    public HttpCall withMaxBodyBytes(long maxBodyBytes) {
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative: " + maxBodyBytes);
        }
        return new HttpCall(this, maxBodyBytes);
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body; callers must not change it. */
    public byte @Nullable [] body() {
        return body;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The largest response body accepted, in bytes; {@link #NO_BODY_LIMIT} by default. */
    public long maxBodyBytes() {
        return maxBodyBytes;
    }

    @Override
    public String toString() {
        return method + " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getPath(); // no query: it may hold keys
    }
}
