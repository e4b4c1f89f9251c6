package io.ably4j.internal.channel;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionState;
import io.ably4j.internal.connection.Backoff;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.connection.Emitter;
import io.ably4j.internal.connection.FrameLimits;
import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The state of one channel and its transitions: the user's requests (RTL4 attach, RTL5 detach, RTL16 setOptions), the
 * ATTACH and DETACH exchanges with their timeouts (RTL4f, RTL5f), the SUSPENDED retry (RTL13b), and every state change
 * (RTL2), which goes to the {@link ChannelObserver}s and then to the user's listeners. What the server sends is
 * interpreted by {@link ChannelInbound}, what the connection does by {@link ConnectionFollower}; both drive the
 * channel through the package-private transitions here. The futures of pending requests live in {@link
 * PendingRequests}.
 *
 * <p>Threading: confined to the client's serial executor; every method must be called there, except the attribute
 * getters, which read volatile fields and may be called from any thread. State listeners run and futures complete on
 * the callback executor.
 */
final class ChannelMachine {
    private final String name;
    private final ConnectionManager manager;
    private final Emitter<ChannelEvent, ChannelStateChange> emitter;
    private final MessageSubscriptions subscriptions;
    private final ChannelObservers observers;
    private final PendingRequests pending;

    private volatile ChannelState state = ChannelState.INITIALIZED;
    private volatile @Nullable ErrorInfo errorReason;
    private volatile @Nullable String attachSerial;
    private volatile @Nullable String channelSerial;
    private volatile Map<String, String> params = Map.of();
    private volatile Set<ChannelMode> modes = Set.of();
    private volatile ChannelOptions options;

    private boolean released; // RTS4a
    private @Nullable Cancellable requestTimer;
    private @Nullable Cancellable retryTimer;
    private ChannelState stateBeforeDetach = ChannelState.ATTACHED;
    private int retryAttempt;

    ChannelMachine(String name, ChannelOptions options, ConnectionManager manager, ChannelObservers observers) {
        this.name = name;
        this.options = options;
        this.manager = manager;
        this.observers = observers;
        this.emitter = new Emitter<>(manager.callbacks(), manager.log());
        this.subscriptions = new MessageSubscriptions(manager.callbacks(), manager.log());
        this.pending = new PendingRequests(manager.callbacks());
    }

    // ---------------------------------------------------------------- read from any thread

    String name() {
        return name;
    }

    ChannelState state() {
        return state;
    }

    @Nullable
    ErrorInfo errorReason() {
        return errorReason;
    }

    @Nullable
    String attachSerial() {
        return attachSerial;
    }

    @Nullable
    String channelSerial() {
        return channelSerial;
    }

    Map<String, String> params() {
        return params;
    }

    Set<ChannelMode> modes() {
        return modes;
    }

    ChannelOptions options() {
        return options;
    }

    Emitter<ChannelEvent, ChannelStateChange> emitter() {
        return emitter;
    }

    MessageSubscriptions subscriptions() {
        return subscriptions;
    }

    ConnectionManager manager() {
        return manager;
    }

    // ---------------------------------------------------------------- user requests (serial executor)

    /**
     * RTS4a: the channel has left the registry, so replies to an ATTACH would no longer reach it; from now on it
     * cannot attach, and its timers and listeners are gone.
     */
    void release() {
        assert manager.onExecutor() : "channel release off the serial executor";
        released = true;
        cancelRequestTimer();
        cancelRetry();
        subscriptions.clear();
    }

    /** Whether the channel was {@link #release released}: it then sends nothing (RTS4a). */
    boolean released() {
        return released;
    }

    /** The error of any operation on a released channel: 90001. */
    ErrorInfo releasedError(String operation) {
        return Errors.channelInvalidState(
                "Cannot " + operation + " on channel " + name + ": it was released; get a new one from channels()");
    }

    /** RTL4. */
    void attach(CompletableFuture<Void> result) {
        assert manager.onExecutor() : "channel attach off the serial executor";
        if (released) {
            pending.fail(result, releasedError("attach"));
            return;
        }
        switch (state) {
            case ATTACHED -> pending.complete(result); // RTL4a
            case ATTACHING -> { // RTL4h: join the pending attach, unless a detach is queued behind it
                if (pending.noneQueued()) {
                    pending.awaitAttach(result);
                } else {
                    pending.queue(() -> attach(result));
                }
            }
            case DETACHING -> pending.queue(() -> attach(result)); // RTL4h
            default -> {
                ErrorInfo refused = connectionRefusal("attach");
                if (refused != null) { // RTL4b
                    pending.fail(result, refused);
                    return;
                }
                if (state == ChannelState.FAILED) {
                    errorReason = null; // RTL4g
                }
                pending.awaitAttach(result);
                startAttach(null);
            }
        }
    }

    /** RTL5. */
    void detach(CompletableFuture<Void> result) {
        assert manager.onExecutor() : "channel detach off the serial executor";
        switch (state) {
            case INITIALIZED, DETACHED -> pending.complete(result); // RTL5a
            case FAILED -> pending.fail(result, Errors.forChannelState(ChannelState.FAILED, name, "detach"));
            case DETACHING -> { // RTL5i: join the pending detach, unless an attach is queued behind it
                if (pending.noneQueued()) {
                    pending.awaitDetach(result);
                } else {
                    pending.queue(() -> detach(result));
                }
            }
            case ATTACHING -> {
                if (manager.state() == ConnectionState.CONNECTED || !pending.noneQueued()) {
                    pending.queue(() -> detach(result)); // RTL5i, in call order behind requests already queued
                    return;
                }
                // RTL5l: nothing is on the wire yet (RTL4i), so there is nothing to wait for
                pending.failAttach(
                        Errors.channelOperationFailed("Attach of channel " + name + " superseded by detach"));
                setState(ChannelState.DETACHED, null);
                pending.complete(result);
                pending.runQueued();
            }
            case SUSPENDED -> { // RTL5j
                cancelRetry();
                setState(ChannelState.DETACHED, null);
                pending.complete(result);
            }
            case ATTACHED -> {
                if (manager.state() != ConnectionState.CONNECTED) { // RTL5l
                    setState(ChannelState.DETACHED, null);
                    pending.complete(result);
                    return;
                }
                pending.awaitDetach(result);
                stateBeforeDetach = state;
                sendDetach(); // RTL5d
                setState(ChannelState.DETACHING, null);
            }
        }
    }

    /** RTL16a: applies new options; re-attaches when params or modes changed on an ATTACHING or ATTACHED channel. */
    void setOptions(ChannelOptions next, CompletableFuture<Void> result) {
        assert manager.onExecutor() : "channel setOptions off the serial executor";
        boolean reattach = needsReattach(next);
        options = next;
        if (!reattach) {
            pending.complete(result);
            return;
        }
        pending.awaitAttach(result);
        if (manager.state() == ConnectionState.CONNECTED) {
            sendAttach();
        }
        if (state != ChannelState.ATTACHING) {
            setState(ChannelState.ATTACHING, null);
        }
    }

    /**
     * RTS3c, RTS3c1: {@code Channels.get(name, options)} on an existing channel. The caller checked {@link
     * #needsReattach} on its thread to fail fast, but the channel may have started attaching since: decided again here,
     * where the state cannot change meanwhile, options that would need a re-attach are not applied (logged), so
     * {@code get} never re-attaches a channel.
     */
    void applyOptionsFromGet(ChannelOptions next) {
        assert manager.onExecutor() : "applyOptionsFromGet off the serial executor";
        if (needsReattach(next)) { // RTS3c1
            manager.log()
                    .warn("Channel " + name + ": options from Channels.get(name, options) not applied: the channel"
                            + " started attaching meanwhile and they would need a re-attach; use"
                            + " RealtimeChannel.setOptions");
            return;
        }
        setOptions(next, new CompletableFuture<>());
    }

    /** True if {@code next} has params or modes that differ and the channel is ATTACHING or ATTACHED (RTL16a). */
    boolean needsReattach(ChannelOptions next) {
        boolean provided = !next.params().isEmpty() || !next.modes().isEmpty();
        boolean differ =
                !next.params().equals(options.params()) || !next.modes().equals(options.modes());
        return provided && differ && (state == ChannelState.ATTACHING || state == ChannelState.ATTACHED);
    }

    // ---------------------------------------------------------------- attributes set by the inbound side

    PendingRequests pending() {
        return pending;
    }

    ChannelObservers observers() {
        return observers;
    }

    void setErrorReason(@Nullable ErrorInfo reason) {
        errorReason = reason;
    }

    /** RTL15b: the channelSerial of {@code pm}, if it has one, becomes the channel's. */
    void updateChannelSerial(ProtocolMessage pm) {
        String serial = pm.channelSerial();
        if (serial != null) {
            channelSerial = serial;
        }
    }

    /**
     * RTN16j: the channel continues from {@code serial}, a channelSerial from a recovery key; its next ATTACH carries it
     * (RTL4c1). Called before the first connection attempt, when no ATTACH has been sent.
     */
    void recoverChannelSerial(String serial) {
        channelSerial = serial;
    }

    /** RTL15c, RTL4k1, RTL4m: what an ATTACHED tells about the attachment. */
    void setAttachment(@Nullable String newAttachSerial, Map<String, String> newParams, Set<ChannelMode> newModes) {
        attachSerial = newAttachSerial;
        params = newParams;
        modes = newModes;
    }

    /** Where RTL5f returns the channel if the DETACH now pending times out. */
    void setStateBeforeDetach(ChannelState s) {
        stateBeforeDetach = s;
    }

    /** The connection starts over (RTN11d): no channel serial to continue from, and no error. */
    void clearForReset() {
        errorReason = null;
        channelSerial = null;
    }

    // ---------------------------------------------------------------- transitions (serial executor)

    /** Goes ATTACHING (with {@code reason}) and sends ATTACH if CONNECTED; otherwise RTL3d sends it on CONNECTED. */
    void startAttach(@Nullable ErrorInfo reason) {
        setState(ChannelState.ATTACHING, reason);
        if (state != ChannelState.ATTACHING) {
            return;
        }
        if (manager.state() == ConnectionState.CONNECTED) {
            sendAttach(); // RTL4c
        } // else RTL4i: RTL3d sends it once CONNECTED
    }

    /** Sends ATTACH with the channel serial, params and modes (RTL4c1, RTL4k, RTL4l) and starts the RTL4f timer. */
    void sendAttach() {
        ChannelOptions o = options;
        ErrorInfo tooLarge = FrameLimits.checkAttach(manager, name, o, channelSerial);
        if (tooLarge != null) { // never send a frame the server would fail the connection for
            manager.log().warn(tooLarge.message());
            toFailed(tooLarge);
            return;
        }
        ProtocolMessage.Builder b = ProtocolMessage.builder(Action.ATTACH).channel(name);
        String serial = channelSerial;
        if (serial != null) {
            b.channelSerial(serial); // RTL4c1
        }
        if (!o.params().isEmpty()) {
            b.params(o.params()); // RTL4k
        }
        if (!o.modes().isEmpty()) {
            b.flags(ChannelMode.toFlags(o.modes())); // RTL4l
        }
        manager.send(b.build());
        cancelRequestTimer();
        Duration timeout = manager.options().realtimeRequestTimeout();
        requestTimer = manager.schedule(timeout, () -> onAttachTimeout(timeout));
    }

    private void onAttachTimeout(Duration timeout) { // RTL4f
        requestTimer = null;
        if (state == ChannelState.ATTACHING) {
            toSuspendedAndRetry(Errors.channelTimeout(
                    "Channel " + name + ": no ATTACHED within " + timeout.toMillis() + " ms (RTL4f)"));
        }
    }

    /** Sends DETACH and starts the RTL5f timer. */
    void sendDetach() {
        manager.send(ProtocolMessage.builder(Action.DETACH).channel(name).build());
        cancelRequestTimer();
        Duration timeout = manager.options().realtimeRequestTimeout();
        requestTimer = manager.schedule(timeout, () -> onDetachTimeout(timeout));
    }

    private void onDetachTimeout(Duration timeout) { // RTL5f
        requestTimer = null;
        if (state == ChannelState.DETACHING) {
            ErrorInfo error = Errors.channelTimeout(
                    "Channel " + name + ": no DETACHED within " + timeout.toMillis() + " ms (RTL5f)");
            setState(stateBeforeDetach, error);
            pending.failDetach(error);
            pending.runQueued();
        }
    }

    /** RTL4f, RTL13b: SUSPENDED with the reason, then re-attach after the channel retry backoff while CONNECTED. */
    void toSuspendedAndRetry(ErrorInfo reason) {
        setState(ChannelState.SUSPENDED, reason);
        errorReason = reason;
        pending.failAttach(reason);
        pending.runQueued();
        if (state != ChannelState.SUSPENDED || manager.state() != ConnectionState.CONNECTED) {
            return;
        }
        retryAttempt++;
        Duration delay = Backoff.delay(manager.options().channelRetryTimeout(), retryAttempt, manager.jitter());
        cancelRetry();
        retryTimer = manager.schedule(delay, () -> {
            retryTimer = null;
            if (state == ChannelState.SUSPENDED && manager.state() == ConnectionState.CONNECTED) {
                startAttach(null);
            }
        });
    }

    /** RTL14, RTL3a: FAILED with {@code error}; pending requests fail, queued ones run. */
    void toFailed(ErrorInfo error) {
        cancelRequestTimer();
        cancelRetry();
        errorReason = error;
        setState(ChannelState.FAILED, error);
        pending.failAttach(error);
        pending.failDetach(error);
        pending.runQueued(); // RTL4h, RTL5i: a queued attach proceeds (RTL4g), a queued detach fails (RTL5b)
    }

    /** A state change not caused by an ATTACHED (so neither resumed, nor with backlog or presence). */
    void setState(ChannelState next, @Nullable ErrorInfo reason) {
        setState(next, reason, false, false, false);
    }

    /**
     * Changes the state and emits the change (RTL2), first to the observers, then to the user's listeners. A change to
     * the current state is not emitted (RTL2g).
     */
    void setState(
            ChannelState next, @Nullable ErrorInfo reason, boolean resumed, boolean hasBacklog, boolean hasPresence) {
        assert manager.onExecutor() : "channel setState off the serial executor";
        ChannelState previous = state;
        if (previous == next) {
            return; // RTL2g: never a duplicate state event
        }
        state = next;
        if (reason != null) {
            errorReason = reason; // RTL24
        }
        if (next == ChannelState.DETACHED || next == ChannelState.FAILED) {
            channelSerial = null; // RTL15b2, whatever the path to DETACHED or FAILED
        }
        manager.log()
                .debug(() ->
                        "Channel " + name + ": " + previous + " -> " + next + (reason == null ? "" : ": " + reason));
        emit(new ChannelStateChange(previous, next, next.event(), reason, resumed, hasBacklog), hasPresence);
    }

    /** RTL2g, RTL12: an UPDATE, the state unchanged. */
    void emitUpdate(@Nullable ErrorInfo reason, boolean resumed, boolean hasBacklog, boolean hasPresence) {
        emit(new ChannelStateChange(state, state, ChannelEvent.UPDATE, reason, resumed, hasBacklog), hasPresence);
    }

    private void emit(ChannelStateChange change, boolean hasPresence) {
        observers.stateChanged(name, change, hasPresence);
        emitter.emit(change.event(), change);
    }

    /** The error for an attach in a connection state that forbids it (RTL4b), or null if allowed. */
    private @Nullable ErrorInfo connectionRefusal(String op) {
        ConnectionState cs = manager.state();
        return switch (cs) {
            case CLOSING, CLOSED, SUSPENDED, FAILED ->
                Errors.forConnectionState(cs, manager.errorReason(), op + " channel " + name);
            default -> null;
        };
    }

    void cancelRequestTimer() {
        Cancellable t = requestTimer;
        requestTimer = null;
        if (t != null) {
            t.cancel();
        }
    }

    void cancelRetry() {
        Cancellable t = retryTimer;
        retryTimer = null;
        if (t != null) {
            t.cancel();
        }
    }

    /** The channel attached: the RTL13b backoff starts over. */
    void resetRetry() {
        cancelRetry();
        retryAttempt = 0;
    }
}
