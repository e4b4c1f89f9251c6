package io.ably4j.internal.http;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One HTTP request as sent: method, absolute URI, headers, body and the time allowed for the exchange. Immutable. */
public final class HttpCall {
    private final String method;
    private final URI uri;
    private final Map<String, String> headers;
    private final byte @Nullable [] body;
    private final Duration timeout;

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

    @Override
    public String toString() {
        return method + " " + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + uri.getPath(); // no query: it may hold keys
    }
}
