package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.PaginatedResult;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.util.ClientFuture;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A page of a paginated REST query (TG) and the parsing of its {@code Link} header. A link such as {@code
 * <./messages?limit=100&cursor=abc>; rel="next"} is resolved against the path of the request that returned the page,
 * and its query becomes the parameters of the next request, which keeps the original request's headers. Immutable.
 *
 * @param <T> the type of the items
 */
public final class Page<T> implements PaginatedResult<T> {
    /** Decodes a response body into the items of a page. */
    @FunctionalInterface
    public interface Decoder<T> {
        /**
         * The items of {@code response}.
         *
         * @throws io.ably4j.types.AblyException for a body that cannot be decoded
         */
        List<T> decode(HttpResult response);
    }

    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([^\",;]+)\"?");

    private static final Pattern AMPERSAND = Pattern.compile("&");

    private final RestCore core;
    private final RestRequest request;
    private final Decoder<T> decoder;
    private final List<T> items;
    private final Map<String, RestRequest> links;

    private Page(
            RestCore core, RestRequest request, Decoder<T> decoder, List<T> items, Map<String, RestRequest> links) {
        this.core = core;
        this.request = request;
        this.decoder = decoder;
        this.items = Collections.unmodifiableList(items);
        this.links = links;
    }

    /** The page of {@code response}, the answer to {@code request}. */
    static <T> Page<T> of(RestCore core, RestRequest request, HttpResult response, Decoder<T> decoder) {
        return new Page<>(core, request, decoder, decoder.decode(response), links(request, response));
    }

    @Override
    public List<T> items() {
        return items;
    }

    @Override
    public boolean hasNext() {
        return links.containsKey("next");
    }

    @Override
    public AblyFuture<@Nullable PaginatedResult<T>> next() {
        RestRequest next = links.get("next");
        if (next == null) {
            ClientFuture<@Nullable PaginatedResult<T>> out = ClientFuture.create(core.callbacks());
            out.settle(null, null); // TG4
            return out;
        }
        return core.deliver(
                core.send(next).<@Nullable PaginatedResult<T>>thenApply(r -> Page.of(core, next, r, decoder)));
    }

    @Override
    public AblyFuture<PaginatedResult<T>> first() {
        RestRequest first = links.get("first");
        return core.paginated(first != null ? first : request, decoder);
    }

    /** The requests of the response's links, by relation ({@code first}, {@code next}, {@code current}). */
    static Map<String, RestRequest> links(RestRequest request, HttpResult response) {
        List<String> values = response.headers().entrySet().stream()
                .filter(e -> e.getKey() != null && e.getKey().equalsIgnoreCase("Link"))
                .flatMap(e -> e.getValue().stream())
                .toList();
        Map<String, RestRequest> out = new LinkedHashMap<>();
        for (String value : values) {
            Matcher m = LINK.matcher(value);
            while (m.find()) {
                RestRequest linked = resolve(request, m.group(1));
                if (linked != null) {
                    out.putIfAbsent(m.group(2).trim(), linked);
                }
            }
        }
        return out;
    }

    /** {@code href} relative to {@code base}'s path, with its query as parameters; null if it is not a usable link. */
    static @Nullable RestRequest resolve(RestRequest base, String href) {
        int q = href.indexOf('?');
        String path = q < 0 ? href : href.substring(0, q);
        String query = q < 0 ? "" : href.substring(q + 1);
        String basePath = base.path();
        String dir = basePath.substring(0, basePath.lastIndexOf('/') + 1);
        if (path.startsWith("./")) {
            path = dir + path.substring(2);
        } else if (path.isEmpty()) {
            path = basePath;
        } else if (!path.startsWith("/")) {
            if (path.contains("://")) {
                return null; // absolute URLs would leave the host policy: Ably sends relative links
            }
            path = dir + path;
        }
        if (path.indexOf('#') >= 0) {
            return null;
        }
        RestRequest.Builder b = RestRequest.builder(base.method(), path);
        base.headers().forEach(b::header);
        for (String pair : AMPERSAND.split(query, -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                b.param(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return b.build();
    }
}
