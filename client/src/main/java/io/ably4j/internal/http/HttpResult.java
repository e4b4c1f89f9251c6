package io.ably4j.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** A response as received: status, headers (names in lower case) and body. Immutable. */
public final class HttpResult {
    private final int status;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    /**
     * @param status the HTTP status code
     * @param headers the response headers
     * @param body the body, empty when there is none (not copied: callers must not change it)
     */
    public HttpResult(int status, Map<String, List<String>> headers, byte[] body) {
        Map<String, List<String>> lower = new TreeMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        this.status = status;
        this.headers = Map.copyOf(lower);
        this.body = body;
    }

    public int status() {
        return status;
    }

    /** Header names in lower case. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The body; callers must not change it. */
    public byte[] body() {
        return body;
    }

    /** The first value of header {@code name} (case-insensitive), or null. */
    public @Nullable String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
