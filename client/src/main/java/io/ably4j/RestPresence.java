package io.ably4j;

import io.ably4j.types.PresenceMessage;
import org.jspecify.annotations.Nullable;

/**
 * A channel's presence over REST: the members present and the presence history. Spec: RSP1. No member can enter through
 * REST (RSP2). Obtain it from {@link RestChannel#presence()}; thread-safe and non-blocking, with futures completing on
 * the client's callback executor as for {@link RestChannel}. Presence data is decoded as message data is, with the
 * channel's cipher (RSP5).
 */
public interface RestPresence {
    /** {@return the members present, with the REST API's defaults: see {@link #get(PresenceParams)}} */
    default AblyFuture<PaginatedResult<PresenceMessage>> get() {
        return get(null);
    }

    /**
     * {@return the first page of the members present, {@code GET /channels/{name}/presence} with the {@code limit},
     * {@code clientId} and {@code connectionId} of {@code params}} Spec: RSP3a.
     *
     * @param params the query, or null for every member, 100 per page
     */
    AblyFuture<PaginatedResult<PresenceMessage>> get(@Nullable PresenceParams params);

    /** {@return the presence history with the REST API's defaults: see {@link #history(HistoryParams)}} */
    default AblyFuture<PaginatedResult<PresenceMessage>> history() {
        return history(null);
    }

    /**
     * {@return the first page of the presence history, {@code GET /channels/{name}/presence/history} with the {@code
     * start}, {@code end}, {@code direction} and {@code limit} of {@code params}} Spec: RSP4a, RSP4b.
     *
     * @param params the query, or null for the REST API's defaults; {@link HistoryParams#untilAttach()} is refused
     *     with 40003
     */
    AblyFuture<PaginatedResult<PresenceMessage>> history(@Nullable HistoryParams params);
}
