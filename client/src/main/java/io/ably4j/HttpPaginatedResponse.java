package io.ably4j;

import io.ably4j.types.Json;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The response to {@link RestClient#request}: a page of JSON items with the HTTP status and headers of the response
 * that made it. Spec: RSC19d, HP1. Any status is a response, not a failure: check {@link #success()}.
 *
 * <p>The items (HP3) are the elements of a JSON (or msgpack) array body, the body itself when it is a single value,
 * and none when the body is empty or not JSON or msgpack. Pages are linked by the response's {@code Link} header like
 * any {@link PaginatedResult}; {@link #next()} and {@link #first()} complete with {@code HttpPaginatedResponse}s (HP2),
 * which {@link #nextResponse()} and {@link #firstResponse()} return with that type.
 *
 * <p>Immutable and thread-safe; futures complete on the client's callback executor.
 */
public interface HttpPaginatedResponse extends PaginatedResult<Json> {
    /** {@return the HTTP status code} Spec: HP4. */
    int statusCode();

    /** {@return whether the status code is 2xx} Spec: HP5. */
    boolean success();

    /**
     * {@return the {@code X-Ably-Errorcode} header of an error response as a number, or 0 when there is none} Spec:
     * HP6.
     */
    int errorCode();

    /** {@return the {@code X-Ably-Errormessage} header of an error response, or null when there is none} Spec: HP7. */
    @Nullable
    String errorMessage();

    /** {@return every response header, by lower-case name; unmodifiable} Spec: HP8. */
    Map<String, List<String>> headers();

    /**
     * The first value of header {@code name}, case-insensitive, or null.
     *
     * @param name the header name
     * @return its first value, or null if the response has no such header
     */
    @Nullable
    String header(String name);

    /**
     * {@link #next()}, typed: the next page with its own status and headers, or null after the last. Spec: HP2.
     *
     * @return a future completed with the next page, or null after the last
     */
    AblyFuture<@Nullable HttpPaginatedResponse> nextResponse();

    /**
     * {@link #first()}, typed. Spec: HP2.
     *
     * @return a future completed with the first page
     */
    AblyFuture<HttpPaginatedResponse> firstResponse();
}
