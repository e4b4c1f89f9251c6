package io.ably4j.internal.channel;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.internal.connection.Backoff;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.connection.Emitter;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.ReceivedDefaults;
import io.ably4j.internal.util.Cancellable;
import io.ably4j.types.AblyException;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The state machine of one channel (RTL2-RTL5, RTL12-RTL15, RTL17). Confined to the client's serial executor: every
 * method must be called there. Fields read by other threads are volatile. State listeners and futures are completed
 * on the callback executor.
 */
final class ChannelMachine {
    private final String name;
    private final ConnectionManager manager;
    private final Emitter<ChannelEvent, ChannelStateChange> emitter;
    private final MessageSubscriptions subscriptions;

    private volatile ChannelState state = ChannelState.INITIALIZED;
    private volatile @Nullable ErrorInfo errorReason;
    private volatile @Nullable String attachSerial;
    private volatile @Nullable String channelSerial;
    private volatile Map<String, String> params = Map.of();
    private volatile Set<ChannelMode> modes = Set.of();
    private volatile ChannelOptions options;

    private final List<CompletableFuture<Void>> attachWaiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> detachWaiters = new ArrayList<>();
    /**
     * Requests made while a request was pending (RTL4h, RTL5i), in call order. Non-empty only while ATTACHING or
     * DETACHING: every way out of those states runs them.
     */
    private final List<Runnable> afterPending = new ArrayList<>();

    private boolean released; // RTS4a
    private @Nullable Cancellable requestTimer;
    private @Nullable Cancellable retryTimer;
    private ChannelState stateBeforeDetach = ChannelState.ATTACHED;
    private int retryAttempt;

    ChannelMachine(String name, ChannelOptions options, ConnectionManager manager) {
        this.name = name;
        this.options = options;
        this.manager = manager;
        this.emitter = new Emitter<>(manager.callbacks(), manager.log());
        this.subscriptions = new MessageSubscriptions(manager.callbacks(), manager.log());
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

    // ---------------------------------------------------------------- operations (serial executor)

    /**
     * RTS4a: the channel has left the registry, so replies to an ATTACH would no longer reach it; from now on it
     * cannot attach, and its timers and listeners are gone.
     */
    void release() {
        released = true;
        cancelRequestTimer();
        cancelRetry();
        subscriptions.clear();
    }

    /** RTL4. */
    void attach(CompletableFuture<Void> result) {
        if (released) {
            fail(result, ErrorInfo.of(90001, 400, "Channel " + name + " was released; get a new one from channels()"));
            return;
        }
        switch (state) {
            case ATTACHED -> complete(result); // RTL4a
            case ATTACHING -> { // RTL4h: join the pending attach, unless a detach is queued behind it
                if (afterPending.isEmpty()) {
                    attachWaiters.add(result);
                } else {
                    afterPending.add(() -> attach(result));
                }
            }
            case DETACHING -> afterPending.add(() -> attach(result)); // RTL4h
            default -> {
                ErrorInfo refused = connectionRefusal("attach");
                if (refused != null) { // RTL4b
                    fail(result, refused);
                    return;
                }
                if (state == ChannelState.FAILED) {
                    errorReason = null; // RTL4g
                }
                attachWaiters.add(result);
                startAttach(null);
            }
        }
    }

    /** RTL5. */
    void detach(CompletableFuture<Void> result) {
        switch (state) {
            case INITIALIZED, DETACHED -> complete(result); // RTL5a
            case FAILED -> fail(result, ErrorInfo.of(90001, 400, "Cannot detach channel " + name + ": it is FAILED"));
            case DETACHING -> { // RTL5i: join the pending detach, unless an attach is queued behind it
                if (afterPending.isEmpty()) {
                    detachWaiters.add(result);
                } else {
                    afterPending.add(() -> detach(result));
                }
            }
            case ATTACHING -> {
                if (manager.state() == ConnectionState.CONNECTED || !afterPending.isEmpty()) {
                    afterPending.add(() -> detach(result)); // RTL5i, in call order behind requests already queued
                    return;
                }
                // RTL5l: nothing is on the wire yet (RTL4i), so there is nothing to wait for
                ErrorInfo superseded = ErrorInfo.of(90000, 400, "Attach of channel " + name + " superseded by detach");
                failAll(attachWaiters, superseded);
                setState(ChannelState.DETACHED, null, false, false);
                complete(result);
                runAfterPending();
            }
            case SUSPENDED -> { // RTL5j
                cancelRetry();
                setState(ChannelState.DETACHED, null, false, false);
                complete(result);
            }
            case ATTACHED -> {
                if (manager.state() != ConnectionState.CONNECTED) { // RTL5l
                    setState(ChannelState.DETACHED, null, false, false);
                    complete(result);
                    return;
                }
                detachWaiters.add(result);
                stateBeforeDetach = state;
                sendDetach(); // RTL5d
                setState(ChannelState.DETACHING, null, false, false);
            }
        }
    }

    /** RTL16a: applies new options; re-attaches when params or modes changed on an ATTACHING or ATTACHED channel. */
    void setOptions(ChannelOptions next, CompletableFuture<Void> result) {
        boolean reattach = needsReattach(next);
        options = next;
        if (!reattach) {
            complete(result);
            return;
        }
        attachWaiters.add(result);
        if (manager.state() == ConnectionState.CONNECTED) {
            sendAttach();
        }
        if (state != ChannelState.ATTACHING) {
            setState(ChannelState.ATTACHING, null, false, false);
        }
    }

    /** True if {@code next} has params or modes that differ and the channel is ATTACHING or ATTACHED (RTL16a). */
    boolean needsReattach(ChannelOptions next) {
        boolean provided = !next.params().isEmpty() || !next.modes().isEmpty();
        boolean differ =
                !next.params().equals(options.params()) || !next.modes().equals(options.modes());
        return provided && differ && (state == ChannelState.ATTACHING || state == ChannelState.ATTACHED);
    }

    // ---------------------------------------------------------------- inbound (serial executor)

    void onProtocolMessage(ProtocolMessage pm) {
        switch (pm.action()) {
            case ATTACHED -> onAttached(pm);
            case DETACHED -> onDetached(pm);
            case MESSAGE -> onMessage(pm);
            case ERROR -> onError(pm);
            case PRESENCE, ANNOTATION, OBJECT -> updateChannelSerial(pm); // RTL15b; presence is M5
            default -> manager.log().debug(() -> "Channel " + name + ": ignored " + pm.action());
        }
    }

    private void onAttached(ProtocolMessage pm) {
        boolean resumed = pm.hasFlag(Flag.RESUMED);
        boolean backlog = pm.hasFlag(Flag.HAS_BACKLOG);
        if (!resumed) {
            attachSerial = pm.channelSerial(); // RTL15c
        }
        updateChannelSerial(pm); // RTL15b
        params = pm.params(); // RTL4k1
        modes = ChannelMode.fromFlags(pm.flags()); // RTL4m
        switch (state) {
            case ATTACHING, SUSPENDED, INITIALIZED -> {
                cancelRequestTimer();
                cancelRetry();
                retryAttempt = 0;
                errorReason = pm.error(); // RTL4c: a successful attach clears errorReason
                setState(ChannelState.ATTACHED, pm.error(), resumed, backlog);
                completeAll(attachWaiters);
                runAfterPending();
            }
            case ATTACHED -> {
                if (!attachWaiters.isEmpty()) { // RTL16a: the re-attach requested by setOptions
                    completeAll(attachWaiters);
                }
                if (!resumed) { // RTL12
                    if (pm.error() != null) {
                        errorReason = pm.error();
                    }
                    emit(new ChannelStateChange(state, state, ChannelEvent.UPDATE, pm.error(), false, backlog));
                }
            }
            case DETACHING, DETACHED -> { // RTL5k
                sendDetach();
                if (state == ChannelState.DETACHED) {
                    stateBeforeDetach = ChannelState.DETACHED; // where RTL5f returns if this DETACH times out
                    setState(ChannelState.DETACHING, null, false, false);
                }
            }
            case FAILED -> manager.log().debug(() -> "Channel " + name + ": ATTACHED ignored while FAILED");
        }
    }

    private void onDetached(ProtocolMessage pm) {
        ErrorInfo error = pm.error();
        switch (state) {
            case DETACHING -> {
                cancelRequestTimer();
                setState(ChannelState.DETACHED, error, false, false);
                completeAll(detachWaiters);
                runAfterPending();
            }
            case ATTACHED, SUSPENDED -> { // RTL13a: re-attach at once
                ErrorInfo reason = error != null ? error : ErrorInfo.of(90198, 500, "Channel detached by the server");
                cancelRetry();
                startAttach(reason);
            }
            case ATTACHING -> { // RTL13b
                ErrorInfo reason = error != null ? error : ErrorInfo.of(90198, 500, "Channel detached by the server");
                cancelRequestTimer();
                toSuspendedAndRetry(reason);
            }
            default -> manager.log().debug(() -> "Channel " + name + ": DETACHED ignored in state " + state);
        }
    }

    private void onError(ProtocolMessage pm) { // RTL14
        ErrorInfo error = pm.error() != null ? pm.error() : ErrorInfo.of(90000, 500, "Channel error");
        toFailed(error);
    }

    private void onMessage(ProtocolMessage pm) {
        updateChannelSerial(pm); // RTL15b
        if (state != ChannelState.ATTACHED) { // RTL17
            manager.log().debug(() -> "Channel " + name + ": MESSAGE dropped in state " + state + " (RTL17)");
            return;
        }
        ProtocolMessage withDefaults = ReceivedDefaults.apply(pm); // TM2a, TM2c, TM2f
        List<Message> decoded = new ArrayList<>(withDefaults.messages().size());
        for (Message m : withDefaults.messages()) { // RTL21: in array order
            DecodeResult<Message> r = DataEncoding.decode(m, options.cipher());
            ErrorInfo err = r.error();
            if (err != null) { // RSL6b
                manager.log()
                        .error(
                                "Channel " + name + ": message " + m.id() + " could not be fully decoded: "
                                        + err.message() + " (code " + err.code() + ")",
                                null);
            }
            decoded.add(r.value());
        }
        subscriptions.deliver(decoded);
    }

    private void updateChannelSerial(ProtocolMessage pm) {
        String serial = pm.channelSerial();
        if (serial != null) {
            channelSerial = serial;
        }
    }

    // ---------------------------------------------------------------- connection (serial executor)

    void onConnectionStateChange(ConnectionStateChange change) {
        if (change.event() == io.ably4j.ConnectionEvent.UPDATE) {
            return;
        }
        ConnectionState cs = change.current();
        if (cs != ConnectionState.CONNECTED) {
            cancelRetry(); // RTL13c
        }
        switch (cs) {
            case CONNECTED -> { // RTL3d, RTN19b
                switch (state) {
                    case ATTACHING, ATTACHED, SUSPENDED -> {
                        cancelRequestTimer();
                        if (state != ChannelState.ATTACHING) {
                            setState(ChannelState.ATTACHING, null, false, false);
                        }
                        sendAttach();
                    }
                    case DETACHING -> sendDetach();
                    default -> {}
                }
            }
            case SUSPENDED -> { // RTL3c
                if (state == ChannelState.ATTACHING || state == ChannelState.ATTACHED) {
                    cancelRequestTimer();
                    setState(ChannelState.SUSPENDED, change.reason(), false, false);
                    failAll(attachWaiters, reasonOr(change.reason(), 80002, "Connection suspended"));
                    runAfterPending(); // RTL5i: a detach queued behind the attach now applies (RTL5j)
                }
            }
            case CLOSED -> { // RTL3b
                if (state == ChannelState.ATTACHING
                        || state == ChannelState.ATTACHED
                        || state == ChannelState.DETACHING) {
                    cancelRequestTimer();
                    setState(ChannelState.DETACHED, change.reason(), false, false);
                    failAll(attachWaiters, reasonOr(change.reason(), 80017, "Connection closed"));
                    completeAll(detachWaiters);
                    runAfterPending();
                }
            }
            case FAILED -> { // RTL3a
                if (state == ChannelState.ATTACHING
                        || state == ChannelState.ATTACHED
                        || state == ChannelState.DETACHING) {
                    toFailed(reasonOr(change.reason(), 80000, "Connection failed"));
                }
            }
            default -> {} // RTL3e: DISCONNECTED, CONNECTING, CLOSING leave channels unchanged
        }
    }

    /** RTN11b/RTN11d: the connection starts over; the channel goes (DETACHED then) INITIALIZED, errorReason cleared. */
    void onConnectionReset(boolean fromClosing) {
        cancelRequestTimer();
        cancelRetry();
        if (fromClosing && (state == ChannelState.ATTACHING || state == ChannelState.ATTACHED)) {
            setState(ChannelState.DETACHED, null, false, false);
        }
        ErrorInfo reason = ErrorInfo.of(80017, 400, "Connection reset");
        failAll(attachWaiters, reason);
        completeAll(detachWaiters);
        errorReason = null;
        channelSerial = null;
        if (state != ChannelState.INITIALIZED) {
            setState(ChannelState.INITIALIZED, null, false, false);
        }
        runAfterPending(); // RTL4h, RTL5i: requests queued behind the pending one run now (none is dropped)
    }

    // ---------------------------------------------------------------- internals

    private void startAttach(@Nullable ErrorInfo reason) {
        setState(ChannelState.ATTACHING, reason, false, false);
        if (state != ChannelState.ATTACHING) {
            return;
        }
        if (manager.state() == ConnectionState.CONNECTED) {
            sendAttach(); // RTL4c
        } // else RTL4i: RTL3d sends it once CONNECTED
    }

    private void sendAttach() {
        ChannelOptions o = options;
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
            toSuspendedAndRetry(ErrorInfo.of(
                    90007, 408, "Channel " + name + ": no ATTACHED within " + timeout.toMillis() + " ms (RTL4f)"));
        }
    }

    private void sendDetach() {
        manager.send(ProtocolMessage.builder(Action.DETACH).channel(name).build());
        cancelRequestTimer();
        Duration timeout = manager.options().realtimeRequestTimeout();
        requestTimer = manager.schedule(timeout, () -> onDetachTimeout(timeout));
    }

    private void onDetachTimeout(Duration timeout) { // RTL5f
        requestTimer = null;
        if (state == ChannelState.DETACHING) {
            ErrorInfo error = ErrorInfo.of(
                    90007, 408, "Channel " + name + ": no DETACHED within " + timeout.toMillis() + " ms (RTL5f)");
            setState(stateBeforeDetach, error, false, false);
            failAll(detachWaiters, error);
            runAfterPending();
        }
    }

    /** RTL4f, RTL13b: SUSPENDED with the reason, then re-attach after the channel retry backoff while CONNECTED. */
    private void toSuspendedAndRetry(ErrorInfo reason) {
        setState(ChannelState.SUSPENDED, reason, false, false);
        errorReason = reason;
        failAll(attachWaiters, reason);
        runAfterPending();
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

    private void toFailed(ErrorInfo error) {
        cancelRequestTimer();
        cancelRetry();
        errorReason = error;
        setState(ChannelState.FAILED, error, false, false);
        failAll(attachWaiters, error);
        failAll(detachWaiters, error);
        runAfterPending(); // RTL4h, RTL5i: a queued attach proceeds (RTL4g), a queued detach fails (RTL5b)
    }

    private void setState(ChannelState next, @Nullable ErrorInfo reason, boolean resumed, boolean hasBacklog) {
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
        emit(new ChannelStateChange(previous, next, next.event(), reason, resumed, hasBacklog));
    }

    private void emit(ChannelStateChange change) {
        emitter.emit(change.event(), change);
    }

    private void runAfterPending() {
        if (afterPending.isEmpty()) {
            return;
        }
        List<Runnable> ops = new ArrayList<>(afterPending);
        afterPending.clear();
        ops.forEach(Runnable::run);
    }

    /** The error for an attach in a connection state that forbids it (RTL4b), or null if allowed. */
    private @Nullable ErrorInfo connectionRefusal(String op) {
        ConnectionState cs = manager.state();
        ErrorInfo cause = manager.errorReason();
        return switch (cs) {
            case CLOSING, CLOSED -> refusal(80017, op, cs, cause);
            case SUSPENDED -> refusal(80002, op, cs, cause);
            case FAILED -> refusal(80000, op, cs, cause);
            default -> null;
        };
    }

    private ErrorInfo refusal(int code, String op, ConnectionState cs, @Nullable ErrorInfo cause) {
        return ErrorInfo.builder()
                .code(code)
                .statusCode(400)
                .message("Cannot " + op + " channel " + name + ": connection is " + cs)
                .cause(cause)
                .build();
    }

    private static ErrorInfo reasonOr(@Nullable ErrorInfo reason, int code, String message) {
        return reason != null ? reason : ErrorInfo.of(code, code / 100, message);
    }

    private void cancelRequestTimer() {
        Cancellable t = requestTimer;
        requestTimer = null;
        if (t != null) {
            t.cancel();
        }
    }

    private void cancelRetry() {
        Cancellable t = retryTimer;
        retryTimer = null;
        if (t != null) {
            t.cancel();
        }
    }

    private void complete(CompletableFuture<Void> f) {
        manager.callbacks().execute(() -> f.complete(null));
    }

    private void fail(CompletableFuture<Void> f, ErrorInfo error) {
        AblyException e = new AblyException(error);
        manager.callbacks().execute(() -> f.completeExceptionally(e));
    }

    private void completeAll(List<CompletableFuture<Void>> waiters) {
        List<CompletableFuture<Void>> copy = new ArrayList<>(waiters);
        waiters.clear();
        copy.forEach(this::complete);
    }

    private void failAll(List<CompletableFuture<Void>> waiters, ErrorInfo error) {
        List<CompletableFuture<Void>> copy = new ArrayList<>(waiters);
        waiters.clear();
        copy.forEach(f -> fail(f, error));
    }
}
