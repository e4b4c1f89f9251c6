package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.HttpPaginatedResponse;
import io.ably4j.PaginatedResult;
import io.ably4j.Stats;
import io.ably4j.StatsParams;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.Json;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The client-level REST operations shared by {@code RestClient} and {@code RealtimeClient} (RSC19 and RTC9, RSC6 and
 * RTC5): each builds its request, checks its arguments before anything is sent, and sends it through {@link RestCore}.
 * Thread-safe; futures complete on the client's callback executor.
 */
public final class RestOperations {
    private final RestCore core;

    public RestOperations(RestCore core) {
        this.core = core;
    }

    /**
     * {@code request()} (RSC19f): see {@code RestClient#request}. Bad arguments fail the returned future with 40000 (an
     * unsupported body type with 40013) without a request.
     */
    public AblyFuture<HttpPaginatedResponse> request(
            @Nullable String method,
            @Nullable String path,
            int version,
            @Nullable Map<String, String> params,
            @Nullable Object body,
            @Nullable Map<String, String> headers) {
        RestRequest request;
        try {
            request = buildRequest(method, path, version, params, body, headers);
        } catch (AblyException e) {
            return failed(e);
        }
        return ResponsePage.send(core, request);
    }

    private RestRequest buildRequest(
            @Nullable String method,
            @Nullable String path,
            int version,
            @Nullable Map<String, String> params,
            @Nullable Object body,
            @Nullable Map<String, String> headers) {
        if (method == null || method.isBlank() || !method.chars().allMatch(Character::isLetter)) {
            throw Errors.badArgument("request(): method must be an HTTP verb such as GET, got " + method);
        }
        if (path == null || path.isEmpty()) {
            throw Errors.badArgument("request(): path must not be empty");
        }
        if (version < 1) {
            throw Errors.badArgument("request(): version must be a protocol version of 1 or more, got " + version);
        }
        RestRequest.Builder b = RestRequest.builder(method, path.startsWith("/") ? path : "/" + path)
                .returnsErrorResponses(true);
        if (params != null) {
            params.forEach((name, value) -> {
                if (name == null || name.isEmpty() || value == null) {
                    throw Errors.badArgument("request(): params must have non-empty names and non-null values");
                }
                b.param(name, value);
            });
        }
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name == null || name.isEmpty() || value == null) {
                    throw Errors.badArgument("request(): headers must have non-empty names and non-null values");
                }
                if (!name.equalsIgnoreCase("Authorization")) { // RSC19b: the client's own authentication always
                    b.header(name, value);
                }
            });
        }
        b.header("X-Ably-Version", Integer.toString(version)); // RSC19f1
        b.header("Accept", core.format().mimeType()); // RSC19c
        if (body != null) {
            b.header("Content-Type", core.format().mimeType());
            b.body(core.codec().encodeJson(Json.of(body))); // RSC19c
        }
        return b.build();
    }

    /** {@code stats()} (RSC6): a {@code GET /stats} with {@code params}, a page of {@link Stats}. */
    public AblyFuture<PaginatedResult<Stats>> stats(@Nullable StatsParams params) {
        RestRequest.Builder b = RestRequest.builder("GET", "/stats");
        if (params != null) {
            params.toQuery().forEach(b::param);
        }
        return core.paginated(b.build(), response -> StatsDecoder.decode(core.format(), response));
    }

    private <T> AblyFuture<T> failed(AblyException e) {
        return ClientFuture.failed(core.callbacks(), e);
    }
}
