package io.ably4j.internal.connection;

import io.ably4j.AblyFuture;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.ClientFuture;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.SerialExecutor;
import io.ably4j.types.AblyException;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * The connection state machine (RTN4-RTN26, RTN27). All state is confined to the client's {@link SerialExecutor}:
 * public entry points ({@link #connect()}, {@link #close()}, {@link #ping}) hand their work to it, transport events are
 * handed to it by {@link ActiveTransport}, and timers fire on it. Fields read by other threads are volatile.
 *
 * <p>Channels plug in through {@link #addObserver} and {@link #send}.
 */
public final class ConnectionManager {
    private final ClientOptions options;
    private final ClientRuntime runtime;
    private final SerialExecutor serial;
    private final Executor callbacks;
    private final Log log;
    private final ConnectionEvents events;
    private final Recovery recovery;
    private final PingTracker pings;
    private final SerialTimers timers;
    private final IdleMonitor idle;
    private final HostPolicy hosts;
    private final RetryPolicy retry;
    private final AuthFlow auth;
    private final InboundDispatch inbound;
    private final WaitingStates waiting;
    private final InboundBacklog backlog;

    private volatile ConnectionState state = ConnectionState.INITIALIZED;
    private volatile @Nullable String id;
    private volatile @Nullable String key;
    private volatile @Nullable ErrorInfo errorReason;
    private volatile @Nullable ConnectionDetails details;
    private volatile @Nullable String host; // of the current connection

    private final TransportSlot transport;
    private @Nullable ConnectAttempt attempt;
    private @Nullable Cancellable closeTimer;
    private final List<CompletableFuture<Void>> closeWaiters = new ArrayList<>(); // serial executor only

    /**
     * @param hosts the client's host policy, shared with its HTTP requests
     * @param credentials the client's credentials (its auth)
     */
    public ConnectionManager(
            ClientOptions options,
            ClientRuntime runtime,
            SerialExecutor serial,
            Executor callbacks,
            Log log,
            HostPolicy hosts,
            Credentials credentials) {
        this.options = options;
        this.runtime = runtime;
        this.serial = serial;
        this.log = log;
        this.timers = new SerialTimers(runtime.scheduler(), serial);
        IdleMonitor idleMonitor = new IdleMonitor(timers, this::onIdle);
        this.idle = idleMonitor;
        // While reading is paused the idle timer is suspended (see InboundBacklog and IdleMonitor).
        this.backlog =
                new InboundBacklog(serial, paused -> serial.execute(() -> idleMonitor.readingPaused(paused)), log);
        this.callbacks = backlog.callbacks(callbacks); // tasks queued by an inbound message keep it counted
        this.events = new ConnectionEvents(this.callbacks, log);
        this.transport = new TransportSlot(log);
        this.recovery = new Recovery(options.recover(), log);
        this.pings = new PingTracker(this, this.callbacks);
        this.hosts = hosts;
        this.auth = new AuthFlow(this, credentials, log);
        this.retry = new RetryPolicy(options, timers, runtime.jitter());
        this.inbound = new InboundDispatch(this, transport, idle, pings, auth, events);
        this.waiting = new WaitingStates(this, retry);
    }

    // ---------------------------------------------------------------- seams for channels and the public facade

    /** Registers the recovery participant (the channel registry); call before connecting. */
    public void setRecoveryParticipant(RecoveryParticipant participant) {
        recovery.setParticipant(participant);
    }

    /** The recovery participant, or null if none registered. */
    public @Nullable RecoveryParticipant recoveryParticipant() {
        return recovery.participant();
    }

    /** Adds an observer (see {@link ConnectionObserver}); call before connecting. Thread-safe. */
    public void addObserver(ConnectionObserver observer) {
        events.addObserver(observer);
    }

    /**
     * Sends a message on the current transport. Must be called on the serial executor ({@link #executor()}), e.g. from
     * a {@link ConnectionObserver} callback or a task submitted to the executor; only meaningful in CONNECTED (and
     * CLOSING for CLOSE). Returns false, sending nothing, if there is no open transport: the caller keeps (queues) the
     * message and sends it on the next CONNECTED.
     */
    public boolean send(ProtocolMessage message) {
        return transport.send(message);
    }

    /** The client's host policy (REC1-REC3, RTN17, RSC15), shared with its HTTP requests. */
    public HostPolicy hostPolicy() {
        return hosts;
    }

    /** The host of the current connection (the primary domain or a fallback), or null when not CONNECTED. */
    public @Nullable String host() {
        return host;
    }

    ClientRuntime runtime() {
        return runtime;
    }

    /**
     * A recovery key for this connection (RTN16g), or null in CLOSING, CLOSED, FAILED or SUSPENDED, or without a
     * connection key (RTN16g2). Callable from any thread.
     */
    public @Nullable String createRecoveryKey() {
        return recovery.createKey(state, key);
    }

    /** The client's serial executor, on which all connection and channel state lives. */
    /**
     * True on the client's serial executor: for {@code assert onExecutor()} at the entry of the methods that touch client
     * state (tests run with {@code -ea}; a plain field read otherwise never runs).
     */
    public boolean onExecutor() {
        return serial.inExecutor();
    }

    public SerialExecutor executor() {
        return serial;
    }

    /** The client's inbound backlog: its bound, the transport's read pause, and its gauges (for tests). */
    public InboundBacklog backlog() {
        return backlog;
    }

    /**
     * The client's callback executor (ordered); complete user-visible futures and run listeners here. A task queued
     * while an inbound message is handled keeps that message counted in the {@link #backlog()} until it has run.
     */
    public Executor callbacks() {
        return callbacks;
    }

    /** Schedules {@code task} on the serial executor after {@code delay}. Cancel it from the serial executor. */
    public Cancellable schedule(Duration delay, Runnable task) {
        return timers.schedule(delay, task);
    }

    public long nanoTime() {
        return timers.nanoTime();
    }

    /** A uniform random number in [0, 1] for RTB1b retry jitter (channels use it for RTL13b). */
    public double jitter() {
        return runtime.jitter().getAsDouble();
    }

    public ClientOptions options() {
        return options;
    }

    public Log log() {
        return log;
    }

    public ConnectionState state() {
        return state;
    }

    public @Nullable String id() {
        return id;
    }

    public @Nullable String key() {
        return key;
    }

    public @Nullable ErrorInfo errorReason() {
        return errorReason;
    }

    /** The details from the latest CONNECTED (RTN21), or null before the first. */
    public @Nullable ConnectionDetails connectionDetails() {
        return details;
    }

    Emitter<ConnectionEvent, ConnectionStateChange> emitter() {
        return events.emitter();
    }

    // ---------------------------------------------------------------- public operations

    public void connect() {
        serial.execute(this::connectNow);
    }

    public void close() {
        serial.execute(this::closeNow);
    }

    /**
     * Closes (RTN12) and completes {@code done} on the callback executor once the state is CLOSED or FAILED, after the
     * listeners of that state change; at once if it already is. If {@link #connect()} abandons the close first
     * (RTN11b), {@code done} fails with 80017.
     */
    public void close(CompletableFuture<Void> done) {
        serial.execute(() -> {
            closeNow();
            if (state == ConnectionState.CLOSED || state == ConnectionState.FAILED) {
                callbacks.execute(() -> done.complete(null));
            } else {
                closeWaiters.add(done);
            }
        });
    }

    public AblyFuture<Duration> ping() {
        ClientFuture<Duration> f = ClientFuture.create(callbacks);
        serial.execute(() -> pings.ping(f, state));
        return f;
    }

    private void connectNow() {
        switch (state) {
            case CONNECTING, CONNECTED -> {
                return; // RTN11e
            }
            case CLOSING -> { // RTN11b: new transport; the old one's CLOSED must not affect it
                abandonTransport();
                cancel(closeTimer);
                resetConnectionData();
                events.reset(true);
            }
            case CLOSED, FAILED -> { // RTN11d
                resetConnectionData();
                events.reset(false);
            }
            default -> {} // INITIALIZED; DISCONNECTED and SUSPENDED skip the wait (RTN11c)
        }
        startConnecting();
    }

    private void closeNow() {
        switch (state) {
            case CONNECTED -> { // RTN12a
                sendClose();
                setState(ConnectionState.CLOSING, null, null, false);
            }
            case CONNECTING -> { // RTN12f: the connect timer still bounds the wait
                setState(ConnectionState.CLOSING, null, null, false);
                ConnectAttempt a = attempt;
                if (state == ConnectionState.CLOSING && a != null && !a.hasTransport()) {
                    toClosed(null); // no transport in flight (credentials, connectivity check): none can succeed
                }
            }
            case INITIALIZED, DISCONNECTED, SUSPENDED -> toClosed(null); // RTN12d
            default -> {} // CLOSING, CLOSED, FAILED
        }
    }

    // ---------------------------------------------------------------- connecting (see ConnectAttempt)

    /**
     * While CONNECTING: drop the attempt in flight and start another at once, e.g. with a new token (RTN14b, RTC8b).
     */
    void restartAttempt() {
        if (state == ConnectionState.CONNECTING) {
            startConnecting();
        }
    }

    /** authorize() obtains {@code newToken}: the connection takes it (RTC8) or reacts to its failure (RSA4d1). */
    public CompletableFuture<Void> reauthorize(CompletionStage<?> newToken) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        newToken.whenComplete((t, failure) -> serial.execute(() -> auth.reauthorize(failure, done)));
        return done;
    }

    /** Authenticating failed outside an attempt (RTN22, RTC8): FAILED, or just the errorReason (see AuthFlow). */
    void authFailed(ErrorInfo error) {
        if (AuthFlow.failsTheConnection(error)) {
            toFailed(error);
        } else {
            errorReason = error;
        }
    }

    void startConnecting() {
        assert onExecutor() : "startConnecting off the serial executor";
        endAttempt();
        retry.cancelRetry();
        abandonTransport();
        // RTN15b1, RTN14h: always try to resume a known connection; else recover from the option (RTN16k)
        ConnectAttempt a = new ConnectAttempt(this, key, recovery.beforeAttempt(key));
        attempt = a;
        setState(ConnectionState.CONNECTING, null, null, false);
        if (attempt != a) {
            return; // an observer changed the state
        }
        a.start(auth.credentials());
    }

    /** The attempt opens a transport: it becomes the current one, whose events count (RTN11b). */
    void installTransport(ActiveTransport t) {
        transport.install(t);
    }

    /** The attempt gave up on a transport. */
    void dropTransport(ActiveTransport t) {
        transport.drop(t);
    }

    /** The attempt's timeout fired while CLOSING (RTN12f): the close completes instead. True if so. */
    boolean closingDuringAttempt(ConnectAttempt a) {
        if (attempt == a && state == ConnectionState.CLOSING) {
            toClosed(null);
            return true;
        }
        return false;
    }

    /** A recoverable failure of the whole attempt, every allowed host tried (RTN14d, RTN14e, RTN17). */
    void onAttemptFailed(ConnectAttempt a, ErrorInfo error) {
        if (attempt != a) {
            return;
        }
        attempt = null;
        abandonTransport();
        if (state == ConnectionState.CLOSING) {
            toClosed(null); // RTN12f: the attempt did not succeed
            return;
        }
        waiting.attemptFailed(error);
    }

    /** The attempt cannot go on at all (e.g. an unusable URL). */
    void onAttemptFatal(ConnectAttempt a, ErrorInfo error) {
        if (attempt == a) {
            toFailed(error);
        }
    }

    /** The transport was lost, or DISCONNECTED arrived, while CONNECTED: reconnect at once and resume (RTN15a, h3). */
    void onConnectionLost(ErrorInfo error) {
        waiting.connectionLost(error);
    }

    // ---------------------------------------------------------------- closing and failing

    /**
     * Sends CLOSE on the current transport and starts the RTN12b timeout, once per transport: a CONNECTED arriving
     * while CLOSING must neither send it again nor restart the timeout.
     */
    private void sendClose() {
        ActiveTransport t = transport.current();
        if (t == null || t.closeSent) {
            return;
        }
        t.closeSent = true;
        send(ProtocolMessage.of(Action.CLOSE));
        cancel(closeTimer);
        closeTimer = schedule(options.realtimeRequestTimeout(), () -> {
            if (state == ConnectionState.CLOSING) {
                log.info("No CLOSED within realtimeRequestTimeout; dropping the transport (RTN12b)");
                toClosed(null);
            }
        });
    }

    void toClosed(@Nullable ErrorInfo reason) {
        cancelTimers();
        abandonTransport();
        setState(ConnectionState.CLOSED, reason, null, false);
    }

    void toFailed(ErrorInfo reason) {
        cancelTimers();
        abandonTransport();
        setState(ConnectionState.FAILED, reason, null, false);
    }

    private void resetConnectionData() { // RTN11d
        retry.reset(); // a TTL clock from before the close must not suspend the new connection
        errorReason = null;
        id = null;
        key = null;
        details = null;
        recovery.reset(); // RTN16k: recover is only for the first connection
    }

    // ---------------------------------------------------------------- inbound

    /** CONNECTED from the current transport (RTN4b, RTN15c6, RTN16l, RTN21, RTN24; RTC8a1 while CONNECTED). */
    void onConnected(ProtocolMessage pm) {
        assert onExecutor() : "onConnected off the serial executor";
        ConnectionDetails d = pm.connectionDetails();
        String newKey = d != null && d.connectionKey() != null ? d.connectionKey() : pm.connectionKey();
        switch (state) {
            case CONNECTING -> {
                ConnectAttempt a = attempt;
                String via = a != null ? a.host() : hosts.primary();
                endAttempt();
                String previousId = id;
                boolean recovered = recovery.onConnected(pm.error()); // RTN16l
                boolean resumed = previousId != null ? previousId.equals(pm.connectionId()) : recovered; // RTN15c6
                applyDetails(d);
                id = pm.connectionId();
                key = newKey;
                retry.connected();
                connectedTo(via);
                if (clientIdRejected(d)) {
                    return;
                }
                errorReason = pm.error(); // RTN15c7 sets it; a clean connection clears it (RTN25)
                setState(ConnectionState.CONNECTED, pm.error(), null, resumed);
                startIdleTimer();
            }
            case CLOSING -> { // RTN12f: the attempt succeeded, so close it properly (RTN12a)
                endAttempt();
                sendClose();
            }
            case CONNECTED -> { // RTN24
                applyDetails(d);
                if (newKey != null) {
                    key = newKey; // RTN15e
                }
                if (pm.error() != null) {
                    errorReason = pm.error();
                }
                if (clientIdRejected(d)) {
                    return;
                }
                emitUpdate(pm.error());
                auth.updated(); // RTC8a1
                startIdleTimer();
            }
            default -> log.debug(() -> "Ignored CONNECTED in state " + state);
        }
    }

    private void applyDetails(@Nullable ConnectionDetails d) { // RTN21
        if (d == null) {
            return;
        }
        details = d;
        retry.applyTtl(d.connectionStateTtl());
    }

    /** RSA7b3, RSA15c: the connection's client id is adopted, or fails the connection if it contradicts ours. */
    private boolean clientIdRejected(@Nullable ConnectionDetails d) {
        ErrorInfo mismatch = auth.credentials().connectedAs(d == null ? null : d.clientId());
        if (mismatch != null) {
            toFailed(mismatch);
        }
        return mismatch != null;
    }

    private void connectedTo(String via) {
        if (!via.equals(host)) {
            log.info(
                    via.equals(hosts.primary())
                            ? "Connected to " + via
                            : "Connected to fallback host " + via + " (RTN17)");
        }
        host = via;
        hosts.realtimeConnectedTo(via); // RTN17e
    }

    private void onIdle() { // RTN23a
        if (state != ConnectionState.CONNECTED) {
            return;
        }
        long ms = idle.timeout().toMillis();
        log.info("No activity for " + ms + " ms; dropping the transport (RTN23a)");
        onConnectionLost(Errors.disconnected("Connection idle: no activity from the server for " + ms + " ms"));
    }

    private void startIdleTimer() {
        ConnectionDetails d = details;
        idle.start(d == null ? null : d.maxIdleInterval(), options.realtimeRequestTimeout());
    }

    // ---------------------------------------------------------------- state changes

    void setState(ConnectionState next, @Nullable ErrorInfo reason, @Nullable Duration retryIn, boolean resumed) {
        assert onExecutor() : "connection setState off the serial executor";
        ConnectionState previous = state;
        if (previous == next) {
            return; // never emit a state event equal to the current state (RTN4h)
        }
        state = next;
        if (next != ConnectionState.CONNECTED) {
            idle.stop();
            if (host != null) {
                host = null;
                hosts.realtimeConnectedTo(null); // RTN17e: only while connected
            }
        }
        if (next == ConnectionState.CLOSING || next == ConnectionState.CLOSED || next == ConnectionState.FAILED) {
            id = null; // RTN8d, RTN9d
            key = null;
        }
        if (next == ConnectionState.DISCONNECTED
                || next == ConnectionState.SUSPENDED
                || next == ConnectionState.FAILED) {
            errorReason = reason; // RTN25
        }
        ConnectionStateChange change = new ConnectionStateChange(previous, next, next.event(), reason, retryIn);
        log.debug(() -> "Connection " + previous + " -> " + next + (reason == null ? "" : ": " + reason));
        pings.onStateChange(next);
        auth.stateChanged(previous, next, reason);
        events.changed(change, resumed); // RTC11: an internal failure must not corrupt the connection
        if (!closeWaiters.isEmpty() && next != ConnectionState.CLOSING) {
            settleCloseWaiters(next);
        }
    }

    /** After the state change's listeners (queued first on the same ordered executor), settle close(done)'s futures. */
    private void settleCloseWaiters(ConnectionState next) {
        List<CompletableFuture<Void>> waiters = new ArrayList<>(closeWaiters);
        closeWaiters.clear();
        boolean closed = next == ConnectionState.CLOSED || next == ConnectionState.FAILED;
        AblyException abandoned = new AblyException(
                Errors.connectionClosed("The close was abandoned: the connection went " + next + " instead"));
        for (CompletableFuture<Void> done : waiters) {
            callbacks.execute(() -> {
                if (closed) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(abandoned);
                }
            });
        }
    }

    private void emitUpdate(@Nullable ErrorInfo reason) {
        events.changed(new ConnectionStateChange(state, state, ConnectionEvent.UPDATE, reason, null), true);
    }

    // ---------------------------------------------------------------- helpers

    void abandonTransport() {
        transport.abandon();
    }

    private void cancelTimers() {
        endAttempt();
        cancel(closeTimer);
        closeTimer = null;
        retry.cancelAll();
        idle.stop();
    }

    private void endAttempt() {
        ConnectAttempt a = attempt;
        attempt = null;
        if (a != null) {
            a.abandon();
        }
    }

    AuthFlow auth() {
        return auth;
    }

    /** Where the events of transports arrive (see {@link ActiveTransport}). */
    InboundDispatch inbound() {
        return inbound;
    }

    @Nullable
    ActiveTransport currentTransport() {
        return transport.current();
    }

    @Nullable
    ConnectAttempt currentAttempt() {
        return attempt;
    }

    private static void cancel(@Nullable Cancellable c) {
        SerialTimers.cancel(c);
    }
}
