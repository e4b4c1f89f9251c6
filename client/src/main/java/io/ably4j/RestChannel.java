package io.ably4j;

import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageOperation;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.PublishResult;
import io.ably4j.types.UpdateDeleteResult;
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

    // ---------------------------------------------------------------- mutable messages (RSL11, RSL14, RSL15)

    /**
     * {@return the latest version of the message with {@code serial}: {@code GET /channels/{name}/messages/{serial}}, decoded with the channel's cipher} Spec:
     * RSL11. Fails with 40003 for an empty serial, otherwise with the error Ably returned (40400 for an unknown serial).
     *
     * @param serial the message's serial ({@link Message#serial()})
     * @throws AblyException 40000 if {@code serial} is null
     */
    AblyFuture<Message> getMessage(String serial);

    /**
     * {@return the latest version of {@code message}, by its serial: see {@link #getMessage(String)}} Spec: RSL11a1.
     * The future fails with 40003 if the message has no serial.
     *
     * @param message a message received from Ably
     * @throws AblyException 40000 if {@code message} is null
     */
    AblyFuture<Message> getMessage(Message message);

    /**
     * {@return the first page of the versions of the message with {@code serial}, oldest first: the original and each
     * update, delete and append} Spec: RSL14. {@code GET /channels/{name}/messages/{serial}/versions}. Fails with 40003 for an empty serial.
     *
     * @param serial the message's serial
     * @param params query parameters (for example {@code limit}), or null for none
     * @throws AblyException 40000 if {@code serial} is null or {@code params} holds a null or empty name or a null value
     */
    AblyFuture<PaginatedResult<Message>> getMessageVersions(String serial, @Nullable Map<String, String> params);

    /**
     * {@return the versions of the message with {@code serial}: see {@link #getMessageVersions(String, Map)}}
     *
     * @param serial the message's serial
     * @throws AblyException 40000 if {@code serial} is null
     */
    default AblyFuture<PaginatedResult<Message>> getMessageVersions(String serial) {
        return getMessageVersions(serial, null);
    }

    /**
     * {@return the versions of {@code message}, by its serial: see {@link #getMessageVersions(String, Map)}} Spec:
     * RSL14a1. The future fails with 40003 if the message has no serial.
     *
     * @param message a message received from Ably
     * @param params query parameters, or null for none
     * @throws AblyException 40000 if {@code message} is null
     */
    AblyFuture<PaginatedResult<Message>> getMessageVersions(Message message, @Nullable Map<String, String> params);

    /**
     * {@return the versions of {@code message}, by its serial: see {@link #getMessageVersions(String, Map)}} Spec:
     * RSL14a1. The future fails with 40003 if the message has no serial.
     *
     * @param message a message received from Ably
     * @throws AblyException 40000 if {@code message} is null
     */
    default AblyFuture<PaginatedResult<Message>> getMessageVersions(Message message) {
        return getMessageVersions(message, null);
    }

    /**
     * Updates a message: its {@code name}, {@code data} and {@code extras}, when given, replace the message's. Sends a {@code PATCH /channels/{name}/messages/{serial}} whose body is the message with {@code action} {@link MessageAction#MESSAGE_UPDATE} and {@code version} set to {@code operation} (or left out without one), encoded like a publish (RSL4, RSL5), with {@code params} in the query string. Spec: RSL15. Completes with the response's {@link UpdateDeleteResult} (RSL15e).
     *
     * <p>{@code message} must carry the serial of the message to change (a message received from Ably, or one built
     * with {@link Message.Builder#serial}); without one the future fails at once with 40003 (RSL15a). {@code message} is
     * not changed (RSL15c). Fails without sending anything with 40009 if the message exceeds the maximum message size and
     * 40013 for unsupported data.
     *
     * @param message the change, with the serial of the message to change
     * @param operation who changed it and why ({@link MessageVersion} of the new version), or null
     * @param params query parameters (RSL15f), or null for none
     * @return a future completed, on the callback executor, with the new version's serial
     * @throws AblyException 40000 if {@code message} is null, or {@code params} holds a null or empty name or a null
     *     value
     */
    AblyFuture<UpdateDeleteResult> updateMessage(
            Message message, @Nullable MessageOperation operation, @Nullable Map<String, String> params);

    /**
     * Updates a message: its {@code name}, {@code data} and {@code extras}, when given, replace the message's; see {@link #updateMessage(Message, MessageOperation, Map)}.
     *
     * @param message the change, with the serial of the message to change
     * @param operation who changed it and why, or null
     * @return a future completed, on the callback executor, with the new version's serial
     */
    default AblyFuture<UpdateDeleteResult> updateMessage(Message message, @Nullable MessageOperation operation) {
        return updateMessage(message, operation, null);
    }

    /**
     * Updates a message: its {@code name}, {@code data} and {@code extras}, when given, replace the message's, without operation details; see {@link #updateMessage(Message, MessageOperation, Map)}.
     *
     * @param message the change, with the serial of the message to change
     * @return a future completed, on the callback executor, with the new version's serial
     */
    default AblyFuture<UpdateDeleteResult> updateMessage(Message message) {
        return updateMessage(message, null, null);
    }

    /**
     * Marks a message as deleted (it stays in history as a new version). Sends a {@code PATCH /channels/{name}/messages/{serial}} whose body is the message with {@code action} {@link MessageAction#MESSAGE_DELETE} and {@code version} set to {@code operation} (or left out without one), encoded like a publish (RSL4, RSL5), with {@code params} in the query string. Spec: RSL15. Completes with the response's {@link UpdateDeleteResult} (RSL15e).
     *
     * <p>{@code message} must carry the serial of the message to change (a message received from Ably, or one built
     * with {@link Message.Builder#serial}); without one the future fails at once with 40003 (RSL15a). {@code message} is
     * not changed (RSL15c). Fails without sending anything with 40009 if the message exceeds the maximum message size and
     * 40013 for unsupported data.
     *
     * @param message the change, with the serial of the message to change
     * @param operation who changed it and why ({@link MessageVersion} of the new version), or null
     * @param params query parameters (RSL15f), or null for none
     * @return a future completed, on the callback executor, with the new version's serial
     * @throws AblyException 40000 if {@code message} is null, or {@code params} holds a null or empty name or a null
     *     value
     */
    AblyFuture<UpdateDeleteResult> deleteMessage(
            Message message, @Nullable MessageOperation operation, @Nullable Map<String, String> params);

    /**
     * Marks a message as deleted (it stays in history as a new version); see {@link #deleteMessage(Message, MessageOperation, Map)}.
     *
     * @param message the change, with the serial of the message to change
     * @param operation who changed it and why, or null
     * @return a future completed, on the callback executor, with the new version's serial
     */
    default AblyFuture<UpdateDeleteResult> deleteMessage(Message message, @Nullable MessageOperation operation) {
        return deleteMessage(message, operation, null);
    }

    /**
     * Marks a message as deleted (it stays in history as a new version), without operation details; see {@link #deleteMessage(Message, MessageOperation, Map)}.
     *
     * @param message the change, with the serial of the message to change
     * @return a future completed, on the callback executor, with the new version's serial
     */
    default AblyFuture<UpdateDeleteResult> deleteMessage(Message message) {
        return deleteMessage(message, null, null);
    }

    /**
     * Appends the {@code data} of {@code message} to the message's data. Sends a {@code PATCH /channels/{name}/messages/{serial}} whose body is the message with {@code action} {@link MessageAction#MESSAGE_APPEND} and {@code version} set to {@code operation} (or left out without one), encoded like a publish (RSL4, RSL5), with {@code params} in the query string. Spec: RSL15. Completes with the response's {@link UpdateDeleteResult} (RSL15e).
     *
     * <p>{@code message} must carry the serial of the message to change (a message received from Ably, or one built
     * with {@link Message.Builder#serial}); without one the future fails at once with 40003 (RSL15a). {@code message} is
     * not changed (RSL15c). Fails without sending anything with 40009 if the message exceeds the maximum message size and
     * 40013 for unsupported data.
     *
     * @param message the change, with the serial of the message to change
     * @param operation who changed it and why ({@link MessageVersion} of the new version), or null
     * @param params query parameters (RSL15f), or null for none
     * @return a future completed, on the callback executor, with the new version's serial
     * @throws AblyException 40000 if {@code message} is null, or {@code params} holds a null or empty name or a null
     *     value
     */
    AblyFuture<UpdateDeleteResult> appendMessage(
            Message message, @Nullable MessageOperation operation, @Nullable Map<String, String> params);

    /**
     * Appends the {@code data} of {@code message} to the message's data; see {@link #appendMessage(Message, MessageOperation, Map)}.
     *
     * @param message the change, with the serial of the message to change
     * @param operation who changed it and why, or null
     * @return a future completed, on the callback executor, with the new version's serial
     */
    default AblyFuture<UpdateDeleteResult> appendMessage(Message message, @Nullable MessageOperation operation) {
        return appendMessage(message, operation, null);
    }

    /**
     * Appends the {@code data} of {@code message} to the message's data, without operation details; see {@link #appendMessage(Message, MessageOperation, Map)}.
     *
     * @param message the change, with the serial of the message to change
     * @return a future completed, on the callback executor, with the new version's serial
     */
    default AblyFuture<UpdateDeleteResult> appendMessage(Message message) {
        return appendMessage(message, null, null);
    }

    // ---------------------------------------------------------------- annotations

    /**
     * The annotations of this channel's messages over HTTP: publish, delete, get. Spec: RSAN. The same object on every
     * call.
     *
     * @return the channel's {@link RestAnnotations}
     */
    RestAnnotations annotations();
}
