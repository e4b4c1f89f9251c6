package io.ably4j;

import io.ably4j.types.AblyException;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The presence of a {@link RealtimeChannel} (RTP): enter, update and leave the channel's presence set as this client
 * or on behalf of other clientIds, get the members present, and subscribe to presence events. Obtain it from {@link
 * RealtimeChannel#presence()}; this interface is not meant to be implemented outside the library.
 *
 * <h2>Threading</h2>
 *
 * <p>All methods are thread-safe and non-blocking. Presence state lives on the client's internal serial executor;
 * operations are handed to it and take effect asynchronously, in call order. Listeners and the completions of returned
 * futures run on the client's callback executor ({@link ClientOptions#callbackExecutor()}), one at a time and in
 * order; a listener that throws is logged and ignored. Failed futures complete exceptionally with an {@link
 * AblyException} whose {@link AblyException#errorInfo()} carries the Ably error code.
 *
 * <h2>Publishing presence</h2>
 *
 * <p>{@link #enter}, {@link #update}, {@link #leave} and their {@code *Client} forms complete when Ably acknowledges
 * the presence message and fail with the NACK's error (RTP8h, RTP8i). They are sent at once when the channel is
 * ATTACHED and the connection CONNECTED; queued on the channel while it is INITIALIZED (which attaches it, RTP8d) or
 * ATTACHING, or while the connection is reconnecting, if {@link ClientOptions#queueMessages()} (RTP16b, RTL3d2), and
 * sent when the channel next becomes ATTACHED (RTP5b); and fail at once when the channel is DETACHING, DETACHED,
 * SUSPENDED or FAILED (RTP8g, RTP16c, 90001). Queued operations fail when the channel becomes DETACHED, SUSPENDED or
 * FAILED first (RTL11). {@code data} must be null, a {@link String}, a {@code byte[]} or a {@link
 * io.ably4j.types.Json}, and is encoded (and encrypted with the channel's cipher) like message data (RTP8e).
 *
 * <p>Members entered by this connection are re-entered automatically whenever the channel attaches again without
 * resuming (RTP17i); a failed re-entry is reported as a channel {@link ChannelEvent#UPDATE} with error 91004
 * (RTP17e).
 *
 * <p>Invalid arguments (a null listener, action or clientId, an empty clientId) throw {@link AblyException} (code
 * 40000) at once, in the calling thread; nothing is changed then.
 */
public interface RealtimePresence {
    /**
     * Enters this client into the presence set, with optional {@code data}. Spec: RTP8. The message carries no
     * clientId: Ably uses the connection's (RTP8c). Fails with 91000 if the client has no clientId, or the wildcard
     * {@code *}, when the connection is CONNECTED (RTP8j).
     *
     * @param data the member data, or null
     * @return a future completed, on the callback executor, when Ably acknowledges the presence message
     */
    AblyFuture<Void> enter(@Nullable Object data);

    /**
     * Updates this client's data, entering it if it was not present; as {@link #enter}. Spec: RTP9.
     *
     * @param data the new member data, or null
     * @return a future completed, on the callback executor, when Ably acknowledges the presence message
     */
    AblyFuture<Void> update(@Nullable Object data);

    /**
     * Leaves the presence set, with optional {@code data}; as {@link #enter}. Spec: RTP10.
     *
     * @param data the member data sent with the leave, or null
     * @return a future completed, on the callback executor, when Ably acknowledges the presence message
     */
    AblyFuture<Void> leave(@Nullable Object data);

    /**
     * Enters {@code clientId} into the presence set on behalf of that client. Spec: RTP14, RTP15. Fails with 40012 if
     * this client is identified with a different clientId, other than the wildcard {@code *} (RTP15f). Otherwise as
     * {@link #enter}.
     *
     * @param clientId the client id to enter
     * @param data the member data, or null
     * @return a future completed, on the callback executor, when Ably acknowledges the presence message
     */
    AblyFuture<Void> enterClient(String clientId, @Nullable Object data);

    /**
     * Updates the data of {@code clientId}; as {@link #enterClient}. Spec: RTP15.
     *
     * @param clientId the client id to update
     * @param data the new member data, or null
     * @return a future completed, on the callback executor, when Ably acknowledges the presence message
     */
    AblyFuture<Void> updateClient(String clientId, @Nullable Object data);

    /**
     * Removes {@code clientId} from the presence set; as {@link #enterClient}. Spec: RTP15.
     *
     * @param clientId the client id to remove
     * @param data the member data sent with the leave, or null
     * @return a future completed, on the callback executor, when Ably acknowledges the presence message
     */
    AblyFuture<Void> leaveClient(String clientId, @Nullable Object data);

    /** {@return the members present, waiting for the sync to complete; see {@link #get(PresenceGetParams)}} */
    AblyFuture<List<PresenceMessage>> get();

    /**
     * The members present on the channel, each with action {@code PRESENT}, filtered by the params' clientId and
     * connectionId. Spec: RTP11, RTP11c2, RTP11c3. Attaches the channel if it is INITIALIZED, DETACHING, DETACHED or
     * ATTACHING and fails with the attach's error (RTP11e, RTL33b); fails with 90001 if the channel is FAILED (RTL33c).
     * With {@link PresenceGetParams#waitForSync()} (the default) completes once the presence sync is complete
     * (RTP11c1), and fails with 91005 if the channel is SUSPENDED (RTP11d) or becomes so, or fails with the channel's
     * reason if it becomes DETACHED or FAILED, before then; without it, answers with the members known now, also while
     * SUSPENDED.
     *
     * @param params filters, and whether to wait for the sync
     * @return a future completed, on the callback executor, with the matching members
     */
    AblyFuture<List<PresenceMessage>> get(PresenceGetParams params);

    /**
     * Registers {@code listener} for every presence event: ENTER, UPDATE, PRESENT and LEAVE, in the order the channel's
     * presence set changes. Spec: RTP6a. Unless {@link ChannelOptions#attachOnSubscribe()} is false, attaches the
     * channel if it is INITIALIZED, DETACHING or DETACHED (RTP6d, RTP6e); a failure of that attach is logged and
     * reported by the channel state, and the listener stays registered. Close the subscription to unsubscribe.
     *
     * @param listener called on the callback executor with each presence message
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription subscribe(Consumer<PresenceMessage> listener);

    /**
     * As {@link #subscribe(Consumer)}, for events with {@code action} only. Spec: RTP6b.
     *
     * @param action the action to receive
     * @param listener called on the callback executor with each matching presence message
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription subscribe(PresenceAction action, Consumer<PresenceMessage> listener);

    /**
     * As {@link #subscribe(Consumer)}, for events with any of {@code actions}. Spec: RTP6b.
     *
     * @param actions the actions to receive
     * @param listener called on the callback executor with each matching presence message
     * @return a handle whose {@code close()} removes the listener
     */
    Subscription subscribe(Set<PresenceAction> actions, Consumer<PresenceMessage> listener);

    /**
     * Removes every registration of {@code listener}, whatever its actions. Spec: RTP7a.
     *
     * @param listener the listener to remove
     */
    void unsubscribe(Consumer<PresenceMessage> listener);

    /**
     * Removes {@code action} from the registrations of {@code listener}. Spec: RTP7b.
     *
     * @param action the action to stop receiving
     * @param listener the listener
     */
    void unsubscribe(PresenceAction action, Consumer<PresenceMessage> listener);

    /** Removes every presence listener. Spec: RTP7c. */
    void unsubscribe();

    /**
     * {@return true once the presence set is in sync with Ably: after the sync that follows an ATTACHED with members ,
     * or at once on an ATTACHED without; false before the channel attaches, during a sync, and after the channel
     * detaches or fails} Spec: RTP13, RTP1, RTP18b.
     */
    boolean isSyncComplete();

    /** {@return the presence history with the REST API's defaults: see {@link #history(HistoryParams)}} */
    default AblyFuture<PaginatedResult<PresenceMessage>> history() {
        return history(null);
    }

    /**
     * The first page of the channel's presence history: the same request as {@link RestPresence#history} ({@code
     * GET /channels/{name}/presence/history} with {@code start}, {@code end}, {@code direction} and {@code
     * limit}), decoded with the channel's cipher. Spec: RTP12, RTP12a. It does not need the channel to be attached.
     * Completes on the callback executor with a {@link PaginatedResult} (RTP12c).
     *
     * @param params the query, or null for the REST API's defaults
     * @return a future completed, on the callback executor, with the first page
     * @throws AblyException 40003 (through the future) when {@code params} has {@code untilAttach}, which applies to
     * message history only (RTL10b)
     */
    AblyFuture<PaginatedResult<PresenceMessage>> history(@Nullable HistoryParams params);
}
