package io.ably4j;

import io.ably4j.types.AblyException;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageOperation;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.PublishResult;
import io.ably4j.types.UpdateDeleteResult;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A realtime channel: attach and detach, subscribe to messages, publish, and follow the channel's state. Spec:
 * RTL1-RTL25. Obtain it from {@link Channels#get}; this interface is not meant to be implemented outside the library.
 *
 * <h2>Threading</h2>
 *
 * <p>All methods are thread-safe and non-blocking. The channel's state lives on its client's internal serial executor:
 * operations ({@link #attach()}, {@link #detach()}, {@link #publish}, {@link #setOptions}, implicit attaches by {@link
 * #subscribe}) are handed to it and take effect asynchronously, in call order, so {@link #state()} read right after
 * {@code attach()} may still be the old state. Getters return the latest state and never block.
 *
 * <p>Message listeners, state listeners and the completions of returned futures run on the client's callback executor
 * ({@link ClientOptions#callbackExecutor()}): one at a time and in the order of the events, never on the serial
 * executor, and by default never where they could hold up the connection for more than an instant. A listener that throws is logged and ignored (RTE6); a slow listener delays later callbacks of
 * the same client but not the connection. Failed futures complete exceptionally with an {@link AblyException} whose
 * {@link AblyException#errorInfo()} carries the Ably error code. A listener may block on a returned future ({@code
 * publish(...).get()}, {@code attach().await()}): the wait ends when the client has the result, before the future's
 * completion (queued behind the listener) runs its dependent stages; waiting there for a derived stage fails fast with
 * 40000 (see {@link AblyFuture}). A future is the caller's own: cancelling or completing it does not change the
 * channel.
 *
 * <p>Invalid arguments (null listeners, names or messages) throw {@link AblyException} (code 40000) at once, in the
 * calling thread; nothing is changed then.
 */
public interface RealtimeChannel {
    /** {@return the channel name} Spec: RTL23. */
    String name();

    /** {@return the current state} Spec: RTL2b. */
    ChannelState state();

    /** {@return the error behind the latest failure or detachment, or null} Spec: RTL24. */
    @Nullable
    ErrorInfo errorReason();

    /** {@return the channel's presence: the same object on every call} Spec: RTL9, RTL9a. */
    RealtimePresence presence();

    /** {@return the channel's serials} Spec: RTL15, CP1. */
    ChannelProperties properties();

    /** {@return the options currently in force (set by {@link Channels#get} or {@link #setOptions})} */
    ChannelOptions options();

    /**
     * {@return the params the server reported in the latest ATTACHED; empty before the first} Spec: RTL4k1.
     * Unmodifiable.
     */
    Map<String, String> params();

    /**
     * {@return the modes the server granted in the latest ATTACHED; empty before the first} Spec: RTL4m. Unmodifiable.
     */
    Set<ChannelMode> modes();

    /**
     * Attaches the channel. Spec: RTL4. Completes with null when ATTACHED (at once if already attached, RTL4a); fails
     * with the reason when the channel goes DETACHED, SUSPENDED (e.g. no ATTACHED within the realtime request timeout,
     * RTL4f) or FAILED first (RTL4d), or at once if the connection is CLOSING, CLOSED, SUSPENDED or FAILED (RTL4b,
     * 80000-range codes). While the connection is not yet connected the channel waits in ATTACHING (RTL4i).
     *
     * @return a future completed, on the callback executor, once the channel is attached
     */
    AblyFuture<Void> attach();

    /**
     * Detaches the channel. Spec: RTL5. Completes at once when INITIALIZED or DETACHED (RTL5a), or when the connection
     * is not connected (RTL5l) or the channel SUSPENDED (RTL5j); otherwise on DETACHED. Fails if the channel is FAILED
     * (RTL5b, 90001), or if no DETACHED arrives within the realtime request timeout (RTL5f; the channel returns to its
     * previous state).
     *
     * @return a future completed, on the callback executor, once the channel is detached
     */
    AblyFuture<Void> detach();

    /**
     * Registers {@code listener} for every message. Spec: RTL7a. Unless {@link ChannelOptions#attachOnSubscribe()} is
     * false, attaches the channel if it is INITIALIZED, DETACHING or DETACHED (RTL7g); a failure of that attach is
     * logged and reported by the channel state, and the listener stays registered. Close the subscription to
     * unsubscribe.
     *
     * <p><b>Slow listeners.</b> Messages wait for the client's listeners in a bounded backlog: when about 4,096
     * messages or 4 MiB of them (counted per client, over all channels) are received and not yet handled by the
     * listeners, the client stops reading from the connection until the backlog is down to half, so the server holds
     * the rest (TCP flow control). No message is dropped or reordered, and the connection is not declared idle while
     * the client itself is not reading. But nothing else arrives meanwhile either (acknowledgements, attach replies,
     * presence), and Ably disconnects a consumer that stays too slow for too long: the connection then goes
     * DISCONNECTED and resumes, and if the server could not keep the missed messages the channels report the loss of
     * continuity with an UPDATE event whose {@code resumed} flag is false (RTL12, RTL2f). Keep listeners fast, and hand
     * long work to an executor of your own.
     *
     * @param listener called on the callback executor with each message
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription subscribe(Consumer<Message> listener);

    /**
     * As {@link #subscribe(Consumer)}, for messages called {@code name} only. Spec: RTL7b.
     *
     * @param name the message name to receive
     * @param listener called on the callback executor with each matching message
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription subscribe(String name, Consumer<Message> listener);

    /**
     * As {@link #subscribe(Consumer)}, for messages with any of {@code names}. Spec: RTL7b.
     *
     * @param names the message names to receive
     * @param listener called on the callback executor with each matching message
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription subscribe(Collection<String> names, Consumer<Message> listener);

    /**
     * Removes every registration of {@code listener}, whatever names it was registered for. Spec: RTL8a.
     *
     * @param listener the listener to remove
     */
    void unsubscribe(Consumer<Message> listener);

    /**
     * Removes the registrations of {@code listener} for {@code name}. Spec: RTL8b.
     *
     * @param name the message name it was registered for
     * @param listener the listener to remove
     */
    void unsubscribe(String name, Consumer<Message> listener);

    /** Removes every message listener. Spec: RTL8c. */
    void unsubscribe();

    /**
     * Registers a listener for every {@link ChannelEvent}. Spec: RTL2a. Close the subscription to remove it.
     *
     * @param listener called on the callback executor with each state change
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription on(Consumer<ChannelStateChange> listener);

    /**
     * Registers a listener for one event.
     *
     * @param event the event to listen for
     * @param listener called on the callback executor with each matching state change
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription on(ChannelEvent event, Consumer<ChannelStateChange> listener);

    /**
     * Registers a listener for the next event only.
     *
     * @param listener called once, on the callback executor, with the next state change
     * @return a handle whose {@code close()} removes the listener before it is called
     */
    Subscription once(Consumer<ChannelStateChange> listener);

    /**
     * Registers a listener for the next occurrence of {@code event} only.
     *
     * @param event the event to wait for
     * @param listener called once, on the callback executor, with the matching state change
     * @return a handle whose {@code close()} removes the listener before it is called
     */
    Subscription once(ChannelEvent event, Consumer<ChannelStateChange> listener);

    /**
     * Completes when the channel is in {@code state}: with null if it already is when the call takes effect , otherwise
     * with the state change that enters it. Spec: RTL25, RTL25a, RTL25b. Never completes exceptionally.
     *
     * @param state the state to wait for
     * @return a future completed, on the callback executor, as described above
     */
    AblyFuture<@Nullable ChannelStateChange> whenState(ChannelState state);

    /**
     * Replaces the options. Spec: RTL16. If the new options carry params or modes that differ and the channel is
     * ATTACHING or ATTACHED, sends ATTACH and completes on ATTACHED (or fails as {@link #attach()} does, RTL16a);
     * otherwise completes at once. A new cipher applies to messages received and published afterwards.
     *
     * @param options the new options
     * @return a future completed, on the callback executor, once the options apply
     */
    AblyFuture<Void> setOptions(ChannelOptions options);

    /**
     * Publishes one message; {@code name} and {@code data} may be null (left out of the wire message). Spec: RTL6i1.
     * {@code data} must be a {@link String}, {@code byte[]} or {@link io.ably4j.types.Json}. See {@link
     * #publish(List)}.
     *
     * @param name the event name, or null
     * @param data the payload, or null
     * @return a future completed, on the callback executor, when Ably acknowledges the message
     */
    AblyFuture<PublishResult> publish(@Nullable String name, @Nullable Object data);

    /**
     * Publishes messages in one protocol message; see {@link #publish(List)}. Spec: RTL6i2, RTL6i3.
     *
     * @param messages the messages to publish
     * @return a future completed, on the callback executor, when Ably acknowledges the messages
     */
    AblyFuture<PublishResult> publish(Message... messages);

    /**
     * Publishes {@code messages} in one protocol message. Spec: RTL6i. Completes with the serials from the ACK (RTL6j)
     * when Ably acknowledges them; fails with the NACK's error, or when the connection becomes SUSPENDED, CLOSED or
     * FAILED before an ACK (RTN7e). Sent at once when the connection is CONNECTED; queued while INITIALIZED, CONNECTING
     * or DISCONNECTED if {@link ClientOptions#queueMessages()} (RTL6c2); otherwise fails at once (RTL6c4), as it does
     * when the channel is SUSPENDED or FAILED (90001). Never attaches the channel (RTL6c5).
     *
     * <p>Fails at once with 40009 if the messages exceed the maximum message size (RSL1i), 40013 for unsupported data
     * (RSL4a) and 40012 if a message's clientId conflicts with the client's (RTL6g3).
     *
     * @param messages the messages to publish
     * @return a future completed, on the callback executor, with their serials when Ably acknowledges them
     */
    AblyFuture<PublishResult> publish(List<Message> messages);

    /** {@return the channel's message history with the REST API's defaults: see {@link #history(HistoryParams)}} */
    default AblyFuture<PaginatedResult<Message>> history() {
        return history(null);
    }

    /**
     * {@return the first page of the channel's message history: the REST request of {@link RestChannel#history},
     * decoded with this channel's cipher} Spec: RTL10c, RTL10a. It needs no connection.
     *
     * <p>With {@link HistoryParams#untilAttach()}, only messages before the current attachment began (RTL10b): the
     * query carries {@code fromSerial} set to {@link ChannelProperties#attachSerial()}. The channel must then be
     * ATTACHED, with an attachSerial: otherwise the future fails with 90001.
     *
     * @param params the query, or null for the REST API's defaults
     */
    AblyFuture<PaginatedResult<Message>> history(@Nullable HistoryParams params);

    // ---------------------------------------------------------------- mutable messages (RTL28, RTL31, RTL32)

    /**
     * {@return the latest version of the message with {@code serial}: the REST request of {@link RestChannel#getMessage(String)}; it needs no connection, decoded with the channel's cipher} Spec:
     * RTL28, RSL11. Fails with 40003 for an empty serial, otherwise with the error Ably returned (40400 for an unknown serial).
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
     * update, delete and append} Spec: RTL31, RSL14. The REST request of {@link RestChannel#getMessageVersions(String, Map)}; it needs no connection. Fails with 40003 for an empty serial.
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
     * Updates a message: its {@code name}, {@code data} and {@code extras}, when given, replace the message's. Sends one MESSAGE protocol message holding the message with {@code action} {@link MessageAction#MESSAGE_UPDATE} and {@code version} set to {@code operation} (or left out without one), with {@code params} in the protocol message's params (RTL32e). Spec: RTL32. Sent, queued or refused by the connection state like {@link #publish(List)}, and never attaches the channel; completes with the version serial of the ACK (RTL32d) or fails with the NACK's error.
     *
     * <p>{@code message} must carry the serial of the message to change (a message received from Ably, or one built
     * with {@link Message.Builder#serial}); without one the future fails at once with 40003 (RTL32a). {@code message} is
     * not changed (RTL32c). Fails without sending anything with 40009 if the message exceeds the maximum message size and
     * 40013 for unsupported data.
     *
     * @param message the change, with the serial of the message to change
     * @param operation who changed it and why ({@link MessageVersion} of the new version), or null
     * @param params protocol message params (RTL32e), or null for none
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
     * Marks a message as deleted (it stays in history as a new version). Sends one MESSAGE protocol message holding the message with {@code action} {@link MessageAction#MESSAGE_DELETE} and {@code version} set to {@code operation} (or left out without one), with {@code params} in the protocol message's params (RTL32e). Spec: RTL32. Sent, queued or refused by the connection state like {@link #publish(List)}, and never attaches the channel; completes with the version serial of the ACK (RTL32d) or fails with the NACK's error.
     *
     * <p>{@code message} must carry the serial of the message to change (a message received from Ably, or one built
     * with {@link Message.Builder#serial}); without one the future fails at once with 40003 (RTL32a). {@code message} is
     * not changed (RTL32c). Fails without sending anything with 40009 if the message exceeds the maximum message size and
     * 40013 for unsupported data.
     *
     * @param message the change, with the serial of the message to change
     * @param operation who changed it and why ({@link MessageVersion} of the new version), or null
     * @param params protocol message params (RTL32e), or null for none
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
     * Appends the {@code data} of {@code message} to the message's data. Sends one MESSAGE protocol message holding the message with {@code action} {@link MessageAction#MESSAGE_APPEND} and {@code version} set to {@code operation} (or left out without one), with {@code params} in the protocol message's params (RTL32e). Spec: RTL32. Sent, queued or refused by the connection state like {@link #publish(List)}, and never attaches the channel; completes with the version serial of the ACK (RTL32d) or fails with the NACK's error.
     *
     * <p>{@code message} must carry the serial of the message to change (a message received from Ably, or one built
     * with {@link Message.Builder#serial}); without one the future fails at once with 40003 (RTL32a). {@code message} is
     * not changed (RTL32c). Fails without sending anything with 40009 if the message exceeds the maximum message size and
     * 40013 for unsupported data.
     *
     * @param message the change, with the serial of the message to change
     * @param operation who changed it and why ({@link MessageVersion} of the new version), or null
     * @param params protocol message params (RTL32e), or null for none
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
     * The annotations of this channel's messages: publish, delete, subscribe, get. Spec: RTL26. The same object on
     * every call.
     *
     * @return the channel's {@link RealtimeAnnotations}
     */
    RealtimeAnnotations annotations();

    // ---------------------------------------------------------------- subscribe with a MessageFilter (RTL22)

    /**
     * As {@link #subscribe(Consumer)}, for the messages that meet every criterion of {@code filter} only. Spec: RTL22,
     * RTL22a-d. The filter is applied by the client, on the callback executor, before the listener is called.
     *
     * @param filter the criteria
     * @param listener called on the callback executor with each matching message
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription subscribe(MessageFilter filter, Consumer<Message> listener);

    /**
     * Removes the registrations of {@code listener} made with a filter equal to {@code filter}. Spec: RTL22.
     *
     * @param filter the filter it was registered with
     * @param listener the listener to remove
     */
    void unsubscribe(MessageFilter filter, Consumer<Message> listener);
}
