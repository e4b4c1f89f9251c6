package io.ably4j.internal.presence;

import io.ably4j.AblyFuture;
import io.ably4j.ChannelEvent;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.HistoryParams;
import io.ably4j.PaginatedResult;
import io.ably4j.PresenceGetParams;
import io.ably4j.RealtimePresence;
import io.ably4j.Subscription;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The {@link RealtimePresence} of one channel: validates arguments on the caller's thread and hands the work to the
 * serial executor, where {@link PresenceSync} keeps the members and {@link PresenceSender} publishes. Follows its
 * channel through {@link #onChannelStateChange}, {@link #onPresence} and {@link #onSync}, which the {@link
 * PresenceRouter} calls on the serial executor.
 */
public final class RealtimePresenceImpl implements RealtimePresence {
    private final PresenceHost host;
    private final PresenceSubscriptions subscriptions;
    private final PresenceSync sync;
    private final PresenceSender sender;
    private final Function<@Nullable HistoryParams, AblyFuture<PaginatedResult<PresenceMessage>>> history;

    /**
     * @param host the channel
     * @param clock the wall clock (ms since the epoch) for the timestamps of synthesized leaves (RTP19)
     * @param history the channel's REST presence history (RTP12a)
     */
    public RealtimePresenceImpl(
            PresenceHost host,
            LongSupplier clock,
            Function<@Nullable HistoryParams, AblyFuture<PaginatedResult<PresenceMessage>>> history) {
        this.host = host;
        this.history = history;
        this.subscriptions = new PresenceSubscriptions(
                host.manager().callbacks(), host.manager().log());
        this.sync = new PresenceSync(host, subscriptions, clock);
        this.sender = new PresenceSender(host);
    }

    // ---------------------------------------------------------------- publishing (RTP8-RTP10, RTP14, RTP15)

    @Override
    public AblyFuture<Void> enter(@Nullable Object data) {
        return publish(PresenceAction.ENTER, null, data);
    }

    @Override
    public AblyFuture<Void> update(@Nullable Object data) {
        return publish(PresenceAction.UPDATE, null, data);
    }

    @Override
    public AblyFuture<Void> leave(@Nullable Object data) {
        return publish(PresenceAction.LEAVE, null, data);
    }

    @Override
    public AblyFuture<Void> enterClient(String clientId, @Nullable Object data) {
        return publish(PresenceAction.ENTER, requireClientId(clientId), data);
    }

    @Override
    public AblyFuture<Void> updateClient(String clientId, @Nullable Object data) {
        return publish(PresenceAction.UPDATE, requireClientId(clientId), data);
    }

    @Override
    public AblyFuture<Void> leaveClient(String clientId, @Nullable Object data) {
        return publish(PresenceAction.LEAVE, requireClientId(clientId), data);
    }

    private AblyFuture<Void> publish(PresenceAction action, @Nullable String clientId, @Nullable Object data) {
        PresenceMessage message;
        try {
            message = PresenceMessage.builder(action)
                    .clientId(clientId)
                    .data(data)
                    .build();
        } catch (AblyException e) { // 40013: unsupported data
            return AblyFuture.failed(e); // known on the caller's thread: failed already
        }
        ClientFuture<Void> f = ClientFuture.create(host.manager().callbacks());
        host.manager().executor().execute(() -> sender.submit(message, clientId != null, f));
        return f;
    }

    // ---------------------------------------------------------------- get (RTP11)

    @Override
    public AblyFuture<List<PresenceMessage>> get() {
        return get(PresenceGetParams.defaults());
    }

    @Override
    public AblyFuture<List<PresenceMessage>> get(PresenceGetParams params) {
        if (params == null) {
            throw Errors.badArgument("params must not be null");
        }
        ClientFuture<List<PresenceMessage>> f =
                ClientFuture.create(host.manager().callbacks());
        host.manager().executor().execute(() -> getNow(params, f, true));
        return f;
    }

    /** RTP11d, RTP11e, RTL33; {@code mayAttach} false once an attach has been waited for. */
    private void getNow(PresenceGetParams params, CompletableFuture<List<PresenceMessage>> result, boolean mayAttach) {
        ChannelState state = host.state();
        switch (state) {
            case SUSPENDED -> { // RTP11d
                if (params.waitForSync()) {
                    fail(result, sync.outOfSync());
                } else {
                    sync.answer(params, result);
                }
            }
            case ATTACHED -> sync.answerWhenSynced(params, result); // RTL33a, RTP11c1
            case FAILED -> fail(result, Errors.forChannelState(state, host.name(), "get presence")); // RTL33c
            default -> { // RTL33b: INITIALIZED, DETACHING, DETACHED, ATTACHING
                if (!mayAttach) {
                    fail(result, Errors.forChannelState(state, host.name(), "get presence"));
                    return;
                }
                // Settled where the attach settles, on the serial executor: no trip through the callback executor.
                host.attach(ClientFuture.<Void>relay(host.manager().callbacks(), (v, error) -> {
                    if (error != null) { // RTL33b1: the attach's own error
                        ClientFuture.fail(host.manager().callbacks(), result, error);
                    } else {
                        getNow(params, result, false);
                    }
                }));
            }
        }
    }

    // ---------------------------------------------------------------- subscriptions (RTP6, RTP7)

    @Override
    public Subscription subscribe(Consumer<PresenceMessage> listener) {
        return subscribe((Set<PresenceAction>) null, listener, true);
    }

    @Override
    public Subscription subscribe(PresenceAction action, Consumer<PresenceMessage> listener) {
        if (action == null) {
            throw Errors.badArgument("action must not be null");
        }
        return subscribe(Set.of(action), listener, true);
    }

    @Override
    public Subscription subscribe(Set<PresenceAction> actions, Consumer<PresenceMessage> listener) {
        if (actions == null || actions.isEmpty() || actions.stream().anyMatch(a -> a == null)) {
            throw Errors.badArgument("actions must be a non-empty set without nulls");
        }
        return subscribe(actions, listener, true);
    }

    private Subscription subscribe(
            @Nullable Set<PresenceAction> actions, Consumer<PresenceMessage> listener, boolean attach) {
        Subscription s = subscriptions.add(actions, requireListener(listener));
        if (attach) {
            host.manager().executor().execute(() -> {
                ChannelState st = host.state();
                if (host.options().attachOnSubscribe() // RTP6d, RTP6e: the options as of now, on the serial executor
                        && (st == ChannelState.INITIALIZED
                                || st == ChannelState.DETACHING
                                || st == ChannelState.DETACHED)) {
                    CompletableFuture<Void> f = new CompletableFuture<>();
                    CompletableFuture<?> unused = f.whenComplete((v, error) -> {
                        if (error != null) {
                            host.manager()
                                    .log()
                                    .warn("Channel " + host.name() + ": implicit attach on presence subscribe failed: "
                                            + Errors.unwrap(error).getMessage());
                        }
                    });
                    host.attach(f);
                }
            });
        }
        return s;
    }

    @Override
    public void unsubscribe(Consumer<PresenceMessage> listener) {
        subscriptions.remove(requireListener(listener));
    }

    @Override
    public void unsubscribe(PresenceAction action, Consumer<PresenceMessage> listener) {
        if (action == null) {
            throw Errors.badArgument("action must not be null");
        }
        subscriptions.remove(action, requireListener(listener));
    }

    @Override
    public void unsubscribe() {
        subscriptions.clear();
    }

    @Override
    public boolean isSyncComplete() {
        return sync.isSyncComplete();
    }

    // ---------------------------------------------------------------- following the channel (serial executor)

    /** The channel changed state or emitted an UPDATE (RTP1, RTP5, RTP17i, RTL11). */
    void onChannelStateChange(ChannelStateChange change, boolean hasPresence) {
        ChannelState current = change.current();
        if (change.event() == ChannelEvent.UPDATE) {
            // An UPDATE without resumed is an ATTACHED received while attached (RTL12): the server attached the
            // channel afresh. (An UPDATE with resumed is RTP17e's own report, or carries nothing for presence.)
            if (current == ChannelState.ATTACHED && !change.resumed()) {
                onAttached(hasPresence);
            }
            return;
        }
        switch (current) {
            case ATTACHED -> onAttached(hasPresence);
            case DETACHED, FAILED, INITIALIZED -> { // RTP5a, RTL11; INITIALIZED: the connection was reset (RTN11d)
                ErrorInfo reason = change.reason();
                sender.failQueued(current, reason);
                sync.onDetachedOrFailed(
                        reason != null ? reason : Errors.forChannelState(current, host.name(), "get presence"));
            }
            case SUSPENDED -> { // RTP5f, RTL11
                sender.failQueued(current, change.reason());
                sync.onSuspended();
            }
            default -> {}
        }
    }

    /**
     * RTP1, RTP5b, RTP17i. A state change to ATTACHED is never from ATTACHED, so re-entry is due whether or not it
     * resumed; an UPDATE reaches here only when not resumed.
     */
    private void onAttached(boolean hasPresence) {
        sync.onAttached(hasPresence);
        sender.onAttached(); // RTP5b
        List<PresenceMessage> mine = sync.localMembers();
        if (!mine.isEmpty()) {
            sender.reenter(mine); // RTP17i, RTP17g
        }
    }

    void onPresence(ProtocolMessage message) {
        sync.onPresence(message);
    }

    void onSync(ProtocolMessage message) {
        sync.onSync(message);
    }

    // ---------------------------------------------------------------- helpers

    private static String requireClientId(@Nullable String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            throw Errors.badArgument("clientId must be a non-empty string");
        }
        return clientId;
    }

    private static <T> T requireListener(@Nullable T listener) {
        if (listener == null) {
            throw Errors.badArgument("listener must not be null");
        }
        return listener;
    }

    private void fail(CompletableFuture<?> result, ErrorInfo error) {
        ClientFuture.fail(host.manager().callbacks(), result, new AblyException(error));
    }

    @Override
    public String toString() {
        return "RealtimePresence{" + host.name() + "}";
    }

    // ---------------------------------------------------------------- history (RTP12)

    @Override
    public AblyFuture<PaginatedResult<PresenceMessage>> history(@Nullable HistoryParams params) {
        return history.apply(params);
    }
}
