package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.HttpPaginatedResponse;
import io.ably4j.PaginatedResult;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@link HttpPaginatedResponse} of {@code request()} (RSC19d, HP1-HP8): the response's status and headers, its
 * body as JSON items, and links to the next and first pages like {@link Page}. Immutable.
 */
final class ResponsePage implements HttpPaginatedResponse {
    private final RestCore core;
    private final RestRequest request;
    private final HttpResult response;
    private final List<Json> items;
    private final Map<String, RestRequest> links;

    private ResponsePage(RestCore core, RestRequest request, HttpResult response, List<Json> items) {
        this.core = core;
        this.request = request;
        this.response = response;
        this.items = Collections.unmodifiableList(items);
        this.links = Page.links(request, response);
    }

    /** Sends {@code request} (which returns error responses) and makes the page of its response. */
    static AblyFuture<HttpPaginatedResponse> send(RestCore core, RestRequest request) {
        return core.deliver(core.send(request).thenApply(r -> of(core, request, r)));
    }

    /**
     * The page of {@code response}.
     *
     * @throws AblyException 50000 for a 2xx response whose JSON or msgpack body cannot be decoded
     */
    static HttpPaginatedResponse of(RestCore core, RestRequest request, HttpResult response) {
        return new ResponsePage(core, request, response, items(core.format(), response));
    }

    /**
     * HP3: the elements of an array, the value itself otherwise, nothing for an empty body. The body is read by its
     * {@code Content-Type}, or in the client's format when it has none; a body of another type has no items.
     */
    static List<Json> items(WireFormat clientFormat, HttpResult response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return List.of();
        }
        String type = response.header("Content-Type");
        WireFormat format = type == null ? clientFormat : formatOf(type);
        if (format == null) {
            return List.of();
        }
        Json json;
        try {
            json = PooledCodec.of(format).decodeJson(body);
        } catch (RuntimeException e) {
            int status = response.status();
            if (status >= 200 && status < 300) {
                throw new AblyException(
                        Errors.internalError(
                                "Could not decode the " + format.mimeType() + " response: " + e.getMessage()),
                        e);
            }
            return List.of(); // an error page in a broken body: the status and headers still tell
        }
        if (!json.isArray()) {
            return List.of(json);
        }
        List<Json> out = new ArrayList<>();
        Object tree = json.toValue();
        if (tree instanceof List<?> list) {
            for (Object element : list) {
                out.add(Json.of(element));
            }
        }
        return out;
    }

    private static @Nullable WireFormat formatOf(String contentType) {
        String t = contentType.toLowerCase(Locale.ROOT);
        if (t.contains("msgpack")) {
            return WireFormat.MSGPACK;
        }
        return t.contains("json") ? WireFormat.JSON : null;
    }

    @Override
    public List<Json> items() {
        return items;
    }

    @Override
    public int statusCode() {
        return response.status();
    }

    @Override
    public boolean success() {
        return response.status() >= 200 && response.status() < 300;
    }

    @Override
    public int errorCode() {
        String code = response.header("X-Ably-Errorcode");
        if (code == null) {
            return 0;
        }
        try {
            return Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public @Nullable String errorMessage() {
        return response.header("X-Ably-Errormessage");
    }

    @Override
    public Map<String, List<String>> headers() {
        return response.headers();
    }

    @Override
    public @Nullable String header(String name) {
        return response.header(name);
    }

    @Override
    public boolean hasNext() {
        return links.containsKey("next");
    }

    @Override
    public AblyFuture<@Nullable HttpPaginatedResponse> nextResponse() {
        RestRequest next = links.get("next");
        if (next == null) {
            ClientFuture<@Nullable HttpPaginatedResponse> out = ClientFuture.create(core.callbacks());
            out.settle(null, null); // TG4
            return out;
        }
        return core.deliver(core.send(next).<@Nullable HttpPaginatedResponse>thenApply(r -> of(core, next, r)));
    }

    @Override
    public AblyFuture<HttpPaginatedResponse> firstResponse() {
        RestRequest first = links.get("first");
        return send(core, first != null ? first : request);
    }

    @Override
    public AblyFuture<@Nullable PaginatedResult<Json>> next() {
        RestRequest next = links.get("next");
        if (next == null) {
            ClientFuture<@Nullable PaginatedResult<Json>> out = ClientFuture.create(core.callbacks());
            out.settle(null, null); // TG4
            return out;
        }
        return core.deliver(core.send(next).<@Nullable PaginatedResult<Json>>thenApply(r -> of(core, next, r)));
    }

    @Override
    public AblyFuture<PaginatedResult<Json>> first() {
        RestRequest first = links.get("first");
        RestRequest target = first != null ? first : request;
        return core.deliver(core.send(target).<PaginatedResult<Json>>thenApply(r -> of(core, target, r)));
    }

    @Override
    public String toString() {
        return "HttpPaginatedResponse{status=" + response.status() + ", items=" + items.size() + ", hasNext="
                + hasNext() + '}';
    }
}
