package io.ably4j.internal.connection;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.transport.UrlCredentials;
import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.SerialExecutor;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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
    /** The default connection state TTL, until the server sends one (DF1a, CD2f). */
    public static final Duration DEFAULT_CONNECTION_STATE_TTL = Duration.ofMinutes(2);

    private final ClientOptions options;
    private final ClientRuntime runtime;
    private final SerialExecutor serial;
    private final Executor callbacks;
    private final Log log;
    private final Emitter<ConnectionEvent, ConnectionStateChange> emitter;
    private final CopyOnWriteArrayList<ConnectionObserver> observers = new CopyOnWriteArrayList<>();
    private final PingTracker pings;
    private final SerialTimers timers;
    private final IdleMonitor idle;
    private final HostPolicy hostPolicy;

    private volatile ConnectionState state = ConnectionState.INITIALIZED;
    private volatile @Nullable String id;
    private volatile @Nullable String key;
    private volatile @Nullable ErrorInfo errorReason;
    private volatile @Nullable ConnectionDetails details;

    private volatile @Nullable RecoveryParticipant recoveryParticipant;
    private @Nullable ActiveTransport current;
    private @Nullable Cancellable connectTimer;
    private @Nullable Cancellable closeTimer;
    private @Nullable Cancellable retryTimer;
    private @Nullable Cancellable suspendTimer;
    private Duration connectionStateTtl = DEFAULT_CONNECTION_STATE_TTL;
    private boolean disconnectedSinceConnected; // the TTL clock (RTN14e) is running
    private boolean suspendedMode; // TTL expired: failures lead to SUSPENDED until CONNECTED
    private int retryAttempt;

    public ConnectionManager(
            ClientOptions options, ClientRuntime runtime, SerialExecutor serial, Executor callbacks, Log log) {
        this.options = options;
        this.runtime = runtime;
        this.serial = serial;
        this.callbacks = callbacks;
        this.log = log;
        this.hostPolicy = HostPolicy.of(options);
        this.emitter = new Emitter<>(callbacks, log);
        this.timers = new SerialTimers(runtime.scheduler(), serial);
        this.idle = new IdleMonitor(timers, this::onIdle);
        this.pings = new PingTracker(this, callbacks);
        if (options.token() != null && options.key() == null) { // RSA4a1
            log.info("A token was given with no means to renew it (code 40171); when it expires the connection fails."
                    + " See https://help.ably.io/error/40171");
        }
    }

    // ---------------------------------------------------------------- seams for channels and the public facade

    /** Registers the recovery participant (the channel registry); call before connecting. */
    public void setRecoveryParticipant(RecoveryParticipant participant) {
        this.recoveryParticipant = participant;
    }

    /** The recovery participant, or null if none registered. */
    public @Nullable RecoveryParticipant recoveryParticipant() {
        return recoveryParticipant;
    }

    /** Adds an observer (see {@link ConnectionObserver}); call before connecting. Thread-safe. */
    public void addObserver(ConnectionObserver observer) {
        observers.add(observer);
    }

    /**
     * Sends a message on the current transport. Must be called on the serial executor ({@link #executor()}), e.g. from
     * a {@link ConnectionObserver} callback or a task submitted to the executor; only meaningful in CONNECTED (and
     * CLOSING for CLOSE). Returns false, sending nothing, if there is no open transport: the caller keeps (queues) the
     * message and sends it on the next CONNECTED.
     */
    public boolean send(ProtocolMessage message) {
        ActiveTransport t = current;
        if (t == null || !t.open) {
            log.debug(() -> "Not sent (no open transport): " + message.action());
            return false;
        }
        log.verbose(() -> "Sending " + message.action());
        t.transport().send(message);
        return true;
    }

    /** The client's serial executor, on which all connection and channel state lives. */
    public SerialExecutor executor() {
        return serial;
    }

    /** The client's host policy (REC1-REC3, RSC15f, RTN17e), shared by its realtime connection and HTTP requests. */
    public HostPolicy hostPolicy() {
        return hostPolicy;
    }

    /** The client's callback executor (ordered); complete user-visible futures and run listeners here. */
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
        return emitter;
    }

    // ---------------------------------------------------------------- public operations

    public void connect() {
        serial.execute(this::connectNow);
    }

    public void close() {
        serial.execute(this::closeNow);
    }

    public CompletableFuture<Duration> ping() {
        CompletableFuture<Duration> f = new CompletableFuture<>();
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
                observers.forEach(o -> o.onConnectionReset(true));
            }
            case CLOSED, FAILED -> { // RTN11d
                resetConnectionData();
                observers.forEach(o -> o.onConnectionReset(false));
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
            case CONNECTING -> // RTN12f: the connect timer still bounds the wait
                setState(ConnectionState.CLOSING, null, null, false);
            case INITIALIZED, DISCONNECTED, SUSPENDED -> toClosed(null); // RTN12d
            default -> {} // CLOSING, CLOSED, FAILED
        }
    }

    // ---------------------------------------------------------------- connecting

    private void startConnecting() {
        cancel(retryTimer);
        cancel(connectTimer);
        abandonTransport();
        String resumeKey = key; // RTN15b1, RTN14h: always try to resume a known connection
        ActiveTransport at = new ActiveTransport(this);
        current = at;
        setState(ConnectionState.CONNECTING, null, null, false);
        if (current != at) {
            return; // an observer changed the state
        }
        URI uri;
        try {
            uri = ConnectionUrls.uri(options, resumeKey);
        } catch (IllegalArgumentException e) { // RTC11; defensive, as the builder validates the host. The message
            // would hold the URL, credentials included
            toFailed(ErrorInfo.of(
                    40000, 400, "Invalid connection URL: unusable host '" + options.primaryDomain() + "'"));
            return;
        }
        Duration timeout = options.realtimeRequestTimeout();
        connectTimer = schedule(timeout, () -> onConnectTimeout(at, timeout));
        log.debug(() -> "Connecting to " + ConnectionUrls.redact(uri));
        WireFormat format = options.useBinaryProtocol() ? WireFormat.MSGPACK : WireFormat.JSON;
        try {
            at.transport = runtime.transports().open(uri, ConnectionUrls.headers(), format, at);
        } catch (RuntimeException e) {
            String cause = UrlCredentials.redact(String.valueOf(e)); // an exception may quote the URL
            log.warn("Unable to open a transport: " + cause);
            onConnectFailure(ErrorInfo.of(80003, 503, "Unable to open a transport: " + cause));
        }
    }

    private void onConnectTimeout(ActiveTransport at, Duration timeout) {
        if (current != at) {
            return;
        }
        ErrorInfo error = ErrorInfo.of(
                80014, 408, "Connection timeout: no CONNECTED within " + timeout.toMillis() + " ms (RTN14c)");
        if (state == ConnectionState.CLOSING) {
            toClosed(null); // RTN12f: the attempt did not succeed
        } else {
            onConnectFailure(error);
        }
    }

    /** A recoverable failure while CONNECTING (RTN14d, RTN14e). */
    private void onConnectFailure(ErrorInfo error) {
        cancel(connectTimer);
        abandonTransport();
        startTtlClock();
        if (suspendedMode) {
            toSuspended(error);
            return;
        }
        retryAttempt++;
        Duration delay = backoff(retryAttempt);
        setState(ConnectionState.DISCONNECTED, error, delay, false);
        if (state == ConnectionState.DISCONNECTED) {
            retryTimer = schedule(delay, this::retryFromWaitingState);
        }
    }

    /** The transport was lost, or DISCONNECTED arrived, while CONNECTED: reconnect at once and resume (RTN15a, h3). */
    private void onConnectionLost(ErrorInfo error) {
        abandonTransport();
        retryAttempt = 0;
        startTtlClock();
        setState(ConnectionState.DISCONNECTED, error, Duration.ZERO, false);
        if (state == ConnectionState.DISCONNECTED) {
            startConnecting();
        }
    }

    private void retryFromWaitingState() {
        if (state == ConnectionState.DISCONNECTED || state == ConnectionState.SUSPENDED) {
            startConnecting();
        }
    }

    private void startTtlClock() {
        if (!disconnectedSinceConnected) {
            disconnectedSinceConnected = true;
            suspendTimer = schedule(connectionStateTtl, this::onTtlExpired);
        }
    }

    private void onTtlExpired() { // RTN14e
        suspendedMode = true;
        if (state == ConnectionState.DISCONNECTED) {
            cancel(retryTimer);
            toSuspended(null);
        }
        // While CONNECTING, the attempt in flight decides: success connects, failure suspends.
    }

    private void toSuspended(@Nullable ErrorInfo cause) {
        ErrorInfo error = ErrorInfo.builder()
                .code(80002)
                .statusCode(503)
                .message("Connection suspended: disconnected for longer than the connection state TTL ("
                        + connectionStateTtl.toMillis() + " ms)")
                .cause(cause)
                .build();
        Duration delay = options.suspendedRetryTimeout();
        setState(ConnectionState.SUSPENDED, error, delay, false);
        if (state == ConnectionState.SUSPENDED) {
            retryTimer = schedule(delay, this::retryFromWaitingState);
        }
    }

    private Duration backoff(int attempt) { // RTB1
        return Backoff.delay(
                options.disconnectedRetryTimeout(), attempt, runtime.jitter().getAsDouble());
    }

    // ---------------------------------------------------------------- closing and failing

    /**
     * Sends CLOSE on the current transport and starts the RTN12b timeout, once per transport: a CONNECTED arriving
     * while CLOSING must neither send it again nor restart the timeout.
     */
    private void sendClose() {
        ActiveTransport t = current;
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

    private void toClosed(@Nullable ErrorInfo reason) {
        cancelTimers();
        abandonTransport();
        setState(ConnectionState.CLOSED, reason, null, false);
    }

    private void toFailed(ErrorInfo reason) {
        cancelTimers();
        abandonTransport();
        setState(ConnectionState.FAILED, reason, null, false);
    }

    private void resetConnectionData() { // RTN11d
        cancel(suspendTimer); // a TTL clock from before the close must not suspend the new connection
        cancel(retryTimer);
        suspendTimer = retryTimer = null;
        errorReason = null;
        id = null;
        key = null;
        details = null;
        connectionStateTtl = DEFAULT_CONNECTION_STATE_TTL;
        disconnectedSinceConnected = false;
        suspendedMode = false;
        retryAttempt = 0;
    }

    // ---------------------------------------------------------------- inbound

    private void onTransportMessage(ProtocolMessage pm) {
        Action action = pm.action();
        log.verbose(() -> "Received " + action);
        switch (action) {
            case HEARTBEAT -> pings.onHeartbeat(pm.id());
            case CONNECTED -> onConnected(pm);
            case DISCONNECTED -> onDisconnectedMessage(pm);
            case CLOSED -> onClosedMessage(pm);
            case ERROR -> {
                String channel = pm.channel();
                if (channel != null && !channel.isEmpty()) {
                    forward(pm);
                } else {
                    onErrorMessage(pm); // an empty channel attribute means a connection error (RTN14g, RTN15j)
                }
            }
            case AUTH -> log.warn("Server requested re-authentication (RTN22); not supported yet");
            default -> forward(pm); // channel messages, ACK/NACK, and actions unknown to this version (RTF1)
        }
    }

    private void onConnected(ProtocolMessage pm) {
        ConnectionDetails d = pm.connectionDetails();
        String newKey = d != null && d.connectionKey() != null ? d.connectionKey() : pm.connectionKey();
        switch (state) {
            case CONNECTING -> {
                cancel(connectTimer);
                String previousId = id;
                boolean resumed = previousId != null && previousId.equals(pm.connectionId());
                applyDetails(d);
                id = pm.connectionId();
                key = newKey;
                cancel(suspendTimer);
                disconnectedSinceConnected = false;
                suspendedMode = false;
                retryAttempt = 0;
                errorReason = pm.error(); // RTN15c7 sets it; a clean connection clears it (RTN25)
                setState(ConnectionState.CONNECTED, pm.error(), null, resumed);
                startIdleTimer();
            }
            case CLOSING -> { // RTN12f: the attempt succeeded, so close it properly (RTN12a)
                cancel(connectTimer);
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
                emitUpdate(pm.error());
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
        Long ttl = d.connectionStateTtl();
        if (ttl != null && ttl > 0) {
            connectionStateTtl = Duration.ofMillis(ttl);
        }
    }

    private void onDisconnectedMessage(ProtocolMessage pm) { // RTN15h
        ErrorInfo error = pm.error() != null ? pm.error() : ErrorInfo.of(80003, 503, "Disconnected by the server");
        abandonTransport(); // the server closes it (RTN15h)
        if (isTokenError(error) && !canRenewToken()) {
            toFailed(error); // RTN15h1
            return;
        }
        switch (state) {
            case CONNECTED -> onConnectionLost(error); // RTN15h3
            case CONNECTING -> onConnectFailure(error); // RTN14d
            case CLOSING -> toClosed(null);
            default -> {}
        }
    }

    private void onErrorMessage(ProtocolMessage pm) { // RTN14g, RTN15j, RTN15c4
        ErrorInfo error = pm.error() != null ? pm.error() : ErrorInfo.of(80000, 400, "Connection failed");
        if (isTokenError(error) && !canRenewToken()) { // RSA4a2
            error = ErrorInfo.builder()
                    .code(40171)
                    .statusCode(401)
                    .message("Token rejected and no means to renew it was provided: " + error.message())
                    .cause(error)
                    .build();
        }
        toFailed(error);
    }

    private void onClosedMessage(ProtocolMessage pm) {
        if (state == ConnectionState.CLOSING) {
            toClosed(null);
        } else if (state == ConnectionState.CONNECTED || state == ConnectionState.CONNECTING) {
            log.info("The server closed the connection");
            toClosed(pm.error());
        }
    }

    private void onTransportClosed(@Nullable ErrorInfo error) {
        ErrorInfo reason = error != null ? error : ErrorInfo.of(80003, 503, "Connection closed unexpectedly");
        switch (state) {
            case CLOSING -> toClosed(null); // RTN12c, and RTN12f when the attempt fails
            case CONNECTING -> onConnectFailure(reason);
            case CONNECTED -> onConnectionLost(reason); // RTN15a
            default -> {}
        }
    }

    private void onIdle() { // RTN23a
        if (state != ConnectionState.CONNECTED) {
            return;
        }
        long ms = idle.timeout().toMillis();
        log.info("No activity for " + ms + " ms; dropping the transport (RTN23a)");
        onConnectionLost(ErrorInfo.of(80003, 503, "Connection idle: no activity from the server for " + ms + " ms"));
    }

    private void startIdleTimer() {
        ConnectionDetails d = details;
        idle.start(d == null ? null : d.maxIdleInterval(), options.realtimeRequestTimeout());
    }

    private void forward(ProtocolMessage pm) {
        for (ConnectionObserver o : observers) {
            try {
                o.onProtocolMessage(pm);
            } catch (RuntimeException e) { // RTC11
                log.error("A connection observer failed on " + pm.action(), e);
            }
        }
    }

    private static boolean isTokenError(ErrorInfo e) {
        return e.statusCode() == 401 && e.code() >= 40140 && e.code() < 40150;
    }

    /** Token renewal needs authCallback/authUrl or a key used for token auth (M3); none exist yet. */
    private boolean canRenewToken() {
        return false;
    }

    // ---------------------------------------------------------------- state changes

    private void setState(
            ConnectionState next, @Nullable ErrorInfo reason, @Nullable Duration retryIn, boolean resumed) {
        ConnectionState previous = state;
        if (previous == next) {
            return; // never emit a state event equal to the current state (RTN4h)
        }
        state = next;
        if (next != ConnectionState.CONNECTED) {
            idle.stop();
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
        for (ConnectionObserver o : observers) {
            try {
                o.onConnectionStateChange(change, resumed);
            } catch (RuntimeException e) { // RTC11: an internal failure must not corrupt the connection
                log.error("A connection observer failed", e);
            }
        }
        emitter.emit(change.event(), change);
    }

    private void emitUpdate(@Nullable ErrorInfo reason) {
        ConnectionStateChange change = new ConnectionStateChange(state, state, ConnectionEvent.UPDATE, reason, null);
        for (ConnectionObserver o : observers) {
            try {
                o.onConnectionStateChange(change, true);
            } catch (RuntimeException e) {
                log.error("A connection observer failed", e);
            }
        }
        emitter.emit(ConnectionEvent.UPDATE, change);
    }

    // ---------------------------------------------------------------- helpers

    private void abandonTransport() {
        ActiveTransport t = current;
        current = null;
        if (t != null) {
            t.closeQuietly();
        }
    }

    private void cancelTimers() {
        cancel(connectTimer);
        cancel(closeTimer);
        cancel(retryTimer);
        cancel(suspendTimer);
        idle.stop();
        connectTimer = closeTimer = retryTimer = suspendTimer = null;
    }

    private static void cancel(@Nullable Cancellable c) {
        SerialTimers.cancel(c);
    }

    // ---------------------------------------------------------------- transport events (from ActiveTransport)

    /*
     * Each runs on the serial executor and ignores an event unless it comes from the current transport, so a late
     * event from an abandoned transport never affects its successor (RTN11b).
     */

    void onTransportOpen(ActiveTransport t) {
        if (current == t) {
            t.open = true;
        }
    }

    void onTransportMessage(ActiveTransport t, ProtocolMessage message) {
        if (current == t) {
            t.open = true; // a message proves the transport is open, whatever the event order
            idle.activity();
            onTransportMessage(message);
        }
    }

    void onTransportPing(ActiveTransport t) {
        if (current == t) {
            idle.activity(); // RTN23b: ping frames count as activity
        }
    }

    void onTransportClose(ActiveTransport t, @Nullable ErrorInfo error) {
        if (current == t) {
            current = null;
            onTransportClosed(error);
        }
    }
}
