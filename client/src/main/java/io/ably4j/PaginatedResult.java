package io.ably4j;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a paginated query: message or presence history, stats, REST presence. Spec: TG1. Immutable; the pages
 * before and after it are fetched on demand with {@link #next()} and {@link #first()}, each a new request.
 *
 * <p>A page's links come from the response's {@code Link} header; a response without one is a single page (TG2).
 *
 * @param <T> the type of the items
 */
public interface PaginatedResult<T> {
    /** {@return the items of this page, possibly empty; unmodifiable} Spec: TG3. */
    List<T> items();

    /** {@return whether there is a next page} Spec: TG6. */
    boolean hasNext();

    /** {@return whether this is the last page, i.e. {@code !hasNext()} (TG7)} */
    default boolean isLast() {
        return !hasNext();
    }

    /**
     * Fetches the next page. Spec: TG4. Completes with null when there is none; fails like the query that made this
     * page. Completes on the client's callback executor.
     *
     * @return a future completed with the next page, or null after the last
     */
    AblyFuture<@Nullable PaginatedResult<T>> next();

    /**
     * Fetches the first page again: when the response had no {@code first} link, this page's own query is sent again.
     * Spec: TG5. Completes on the client's callback executor.
     *
     * @return a future completed with the first page
     */
    AblyFuture<PaginatedResult<T>> first();
}
