package io.ably4j;

import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import io.ably4j.types.PublishResult;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A channel's REST operations (RSL): publish, history, presence and status, each one HTTP request. Obtain it from
 * {@link RestChannels#get}; this interface is not meant to be implemented outside the library.
 *
 * <h2>Threading</h2>
 *
 * <p>All methods are thread-safe and non-blocking. Returned futures complete on the client's callback executor ({@link
 * ClientOptions#callbackExecutor()}), in the order the responses arrive; wait with {@link AblyFuture#await()} when
 * blocking is wanted. Failed futures complete exceptionally with an {@link AblyException} whose {@link
 * AblyException#errorInfo()} carries the Ably error code.
 *
 * <h2>Payloads</h2>
 *
 * <p>Message data is a {@link String}, a {@code byte[]} or an {@link io.ably4j.types.Json} object or array; it is
 * encoded for the wire (RSL4) and, when the channel's options have a {@link ChannelOptions#cipher() cipher}, encrypted
 * (RSL5). Received messages are decoded and decrypted likewise (RSL6); a message that cannot be decoded is delivered
 * as far as it was decoded, with the remaining steps in its {@code encoding}, and the failure is logged (RSL6b).
 *
 * <p>Invalid arguments (null names, messages or lists) throw {@link AblyException} (code 40000) at once, in the
 * calling thread; nothing is sent then.
 */
public interface RestChannel {
    /** {@return the channel name} Spec: RSL9. */
    String name();

    /** {@return the options in force} */
    ChannelOptions options();

    /**
     * Replaces the options; a new cipher applies to requests made afterwards. Spec: RSL7.
     *
     * @param options the new options
     * @throws AblyException 40000 if {@code options} is null
     */
    void setOptions(ChannelOptions options);

    /**
     * Publishes one message; {@code name} and {@code data} may be null, and are then left out. Spec: RSL1b, RSL1e. See
     * {@link #publish(List, Map)}.
     *
     * @param name the event name, or null
     * @param data the payload, or null
     * @return a future completed, on the callback executor, with the result of the request
     */
    AblyFuture<PublishResult> publish(@Nullable String name, @Nullable Object data);

    /**
     * Publishes messages in one request; see {@link #publish(List, Map)}. Spec: RSL1c.
     *
     * @param messages the messages to publish
     * @return a future completed, on the callback executor, with the result of the request
     */
    AblyFuture<PublishResult> publish(Message... messages);

    /**
     * Publishes messages in one request; see {@link #publish(List, Map)}. Spec: RSL1c.
     *
     * @param messages the messages to publish
     * @return a future completed, on the callback executor, with the result of the request
     */
    AblyFuture<PublishResult> publish(List<Message> messages);

    /**
     * Publishes {@code messages} in one {@code POST /channels/{name}/messages} request, with {@code params} in its
     * query string. Spec: RSL1c, RSL1l. Completes with the serials Ably assigned (RSL1n).
     *
     * <p>When {@link ClientOptions#idempotentRestPublishing()} is on and no message has an id, each is given the id
     * {@code <base>:<index>}, with a random base shared by the messages of the request, so that the request retried on
     * a fallback host is published once (RSL1k1); ids given by the caller are kept (RSL1k2, RSL1k3). A message's
     * clientId is sent as given, never filled in (RSL1m).
     *
     * <p>Fails without sending anything with 40009 if the messages exceed the maximum message size of 64 KiB (RSL1i,
     * TO3l8), 40013 for data that cannot be encoded (RSL4a), and 40012 if a message's clientId differs from the
     * client's own (RSA7). Otherwise fails with the error Ably returned (RSL1d) or the request's failure.
     *
     * @param params query parameters (RSL1l), or null for none
     * @param messages the messages to publish
     * @return a future completed, on the callback executor, with the serials of the messages
     * @throws AblyException 40000 if {@code messages} is null or empty or holds null, or {@code params} holds null
     */
    AblyFuture<PublishResult> publish(List<Message> messages, @Nullable Map<String, String> params);

    /** {@return the channel's history with the REST API's defaults: see {@link #history(HistoryParams)}} */
    default AblyFuture<PaginatedResult<Message>> history() {
        return history(null);
    }

    /**
     * {@return the first page of the channel's message history, {@code GET /channels/{name}/messages} with the {@code
     * start}, {@code end}, {@code direction} and {@code limit} of {@code params}} Spec: RSL2a, RSL2b. Messages are
     * decoded with the channel's cipher (RSL6).
     *
     * @param params the query, or null for the REST API's defaults; {@link HistoryParams#untilAttach()} is refused:
     *     the future fails with 40003, as a REST channel is never attached
     */
    AblyFuture<PaginatedResult<Message>> history(@Nullable HistoryParams params);

    /** {@return the channel's presence} Spec: RSL3. */
    RestPresence presence();

    /**
     * {@return the channel's status and occupancy: {@code GET /channels/{name}}, answered with {@link ChannelDetails}}
     * Spec: RSL8, RSL8a.
     */
    AblyFuture<ChannelDetails> status();

    // ---------------------------------------------------------------- annotations

    /**
     * The annotations of this channel's messages over HTTP: publish, delete, get. Spec: RSAN. The same object on every
     * call.
     *
     * @return the channel's {@link RestAnnotations}
     */
    RestAnnotations annotations();
}
