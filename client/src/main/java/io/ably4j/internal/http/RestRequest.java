package io.ably4j.internal.http;

import io.ably4j.internal.util.Errors;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One logical Ably HTTP request, before a host is chosen: method, path, query parameters, headers and body. {@link
 * HttpRequester} sends it to one host after another (RSC15), so nothing here names a host. The same parameters go to
 * every host tried, so a {@code request_id} parameter (RSC7c) stays the same across fallbacks. Immutable.
 */
public final class RestRequest {
    private final String method;
    private final String path;
    private final Map<String, String> params;
    private final Map<String, String> headers;
    private final byte @Nullable [] body;
    private final boolean returnsErrorResponses;

    private RestRequest(Builder b) {
        this.method = b.method;
        this.path = b.path;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(b.headers));
        this.body = b.body;
        this.returnsErrorResponses = b.returnsErrorResponses;
    }

    /**
     * A builder for a request.
     *
     * @param method the HTTP method, such as {@code GET}
     * @param path the path, starting with {@code /}, without query
     * @throws io.ably4j.types.AblyException 40000 for an empty method or a path that does not start with {@code /}
     *     or contains {@code ?} or {@code #}
     */
    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** A {@code GET} of {@code path} with no parameters or headers. */
    public static RestRequest get(String path) {
        return builder("GET", path).build();
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** Query parameters, in the order added. */
    public Map<String, String> params() {
        return params;
    }

    /** Headers, in the order added; they override the requester's defaults of the same name. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The body (not copied: callers must not change it), or null. */
    public byte @Nullable [] body() {
        return body;
    }

    /**
     * Whether a response of any status is the request's result rather than a failure ({@code request()}, RSC19e):
     * statuses that allow a fallback (RSC15l) still move on to the next host while there is one.
     */
    public boolean returnsErrorResponses() {
        return returnsErrorResponses;
    }

    /** Whether the request has header {@code name} (case-insensitive). */
    public boolean hasHeader(String name) {
        return headers.keySet().stream().anyMatch(name::equalsIgnoreCase);
    }

    /** A builder with this request's method, path, parameters, headers and body. */
    public Builder toBuilder() {
        Builder b = new Builder(method, path);
        b.params.putAll(params);
        b.headers.putAll(headers);
        b.body = body;
        b.returnsErrorResponses = returnsErrorResponses;
        return b;
    }

    @Override
    public String toString() {
        return method + " " + path; // no parameters: they may hold credentials
    }

    /** Builds {@link RestRequest}s. Not thread-safe. */
    public static final class Builder {
        private final String method;
        private final String path;
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte @Nullable [] body;
        private boolean returnsErrorResponses;

        private Builder(String method, String path) {
            if (method == null || method.isEmpty()) {
                throw Errors.badArgument("HTTP method must not be empty");
            }
            if (path == null || !path.startsWith("/") || path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
                throw Errors.badArgument("HTTP path must start with '/' and have no query or fragment: " + path);
            }
            this.method = method.toUpperCase(Locale.ROOT);
            this.path = path;
        }

        /** Adds (or replaces) query parameter {@code name}. */
        public Builder param(String name, String value) {
            params.put(name, value);
            return this;
        }

        /**
         * Adds header {@code name}, replacing a header of the same name in any case.
         *
         * @throws io.ably4j.types.AblyException 40000 for {@code Host}: the Host header always names the host the
         *     request is sent to (RSC15j), so it cannot be given
         */
        public Builder header(String name, String value) {
            if (name.equalsIgnoreCase("Host")) {
                throw Errors.badArgument("The Host header is set from the host each request goes to (RSC15j)");
            }
            headers.keySet().removeIf(name::equalsIgnoreCase);
            headers.put(name, value);
            return this;
        }

        /** The body (not copied: callers must not change it), or null for none. */
        public Builder body(byte @Nullable [] body) {
            this.body = body;
            return this;
        }

        /** See {@link RestRequest#returnsErrorResponses()}; default false. */
        public Builder returnsErrorResponses(boolean returns) {
            this.returnsErrorResponses = returns;
            return this;
        }

        public RestRequest build() {
            return new RestRequest(this);
        }
    }
}
