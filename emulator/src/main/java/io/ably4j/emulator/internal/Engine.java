package io.ably4j.emulator.internal;

import io.ably4j.emulator.ConnectionInfo;
import io.ably4j.emulator.DropMode;
import io.ably4j.emulator.EmulatorClock.Cancellable;
import io.ably4j.emulator.EmulatorEvent;
import io.ably4j.emulator.RefuseMode;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The emulator's state machine. All connection, channel, presence and token state is confined to one engine thread,
 * which is also the Netty event loop of every connection of the main listener: a connection's frames are decoded,
 * handled and answered on that thread with no hand-off ({@link #runOrExecute}), and the frames a task writes are
 * flushed once when it ends. Other threads (admin API, clock timers, the other listeners' loops) hand tasks over with
 * {@link #execute}. One thread keeps ordering trivially correct (ACKs, fan-out, replay); measured, it also beat a
 * design with decoding and encoding on separate I/O threads, whose two hand-offs per read cost more than they saved
 * (SideBySide throughput: emulator CPU per ACKed publish 4.6 → 2.7 µs).
 */
public final class Engine {
    static final System.Logger LOG = System.getLogger("io.ably4j.emulator");

    final Config config;
    final Auth auth;
    final FaultState faults;
    private final Consumer<EmulatorEvent> eventSink;
    /** The engine thread; the main listener's connections are served on it too. */
    private final EngineThread thread = new EngineThread();

    final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, Session> byKey = new HashMap<>();
    /** The apps; each holds its own channels. */
    final Apps apps;

    private final Set<Transport> transports = new LinkedHashSet<>();
    final ChannelService channelService;
    final PresenceService presence;
    final Annotations annotations = new Annotations(this);
    /** How long a lost connection's members stay present (changeable at runtime, {@link #presenceLeaveGrace}). */
    private Duration presenceLeaveGrace;

    private @Nullable Cancellable sweepTimer;
    private volatile boolean stopped;

    private final TokenTimers tokenTimers = new TokenTimers(this);

    public Engine(Config config, FaultState faults, Consumer<EmulatorEvent> eventSink) {
        this.config = config;
        this.faults = faults;
        this.eventSink = eventSink;
        this.auth = new Auth(config.keys());
        this.channelService = new ChannelService(this);
        this.presence = new PresenceService(this);
        this.apps = new Apps(this, config.keys());
        this.presenceLeaveGrace = config.presenceLeaveGrace();
        execute(this::scheduleSweep);
    }

    // ---------------------------------------------------------------- threading and time

    /** The engine thread's event loop group: the main listener registers its connections on it. */
    public MultiThreadIoEventLoopGroup loopGroup() {
        return thread.loopGroup();
    }

    /** See {@link EngineThread#runOrExecute}. */
    public void runOrExecute(Runnable task) {
        thread.runOrExecute(task);
    }

    /** Runs a task on the engine thread; failures are logged, never propagated. */
    public void execute(Runnable task) {
        thread.execute(task);
    }

    /** See {@link EngineThread#inTask}. */
    boolean inTask() {
        return thread.inTask();
    }

    /** Flushes {@code t} when the current engine task ends. */
    void flushAtEndOfTask(Transport t) {
        thread.flushAtEndOfTask(t);
    }

    /** Runs a task on the engine thread and waits for its result. */
    public <T> T call(Callable<T> task) {
        return thread.call(task);
    }

    public long now() {
        return config.clock().millis();
    }

    /** Schedules a task on the emulator clock; it runs on the engine thread. */
    Cancellable schedule(Duration delay, Runnable task) {
        return config.clock().schedule(delay, () -> execute(task));
    }

    void event(EmulatorEvent.Type type, @Nullable String connectionId, @Nullable Frame frame, @Nullable String note) {
        int action = frame == null ? -1 : frame.action();
        String channel = frame == null ? null : frame.channel();
        eventSink.accept(new EmulatorEvent(now(), type, connectionId, action, channel, () -> {
            if (frame == null) {
                return String.valueOf(note);
            }
            return note == null ? frame.toJson() : frame.toJson() + " (" + note + ")";
        }));
    }

    public void logEvent(EmulatorEvent.Type type, @Nullable String connectionId, String detail) {
        eventSink.accept(new EmulatorEvent(now(), type, connectionId, -1, null, () -> detail));
    }

    private void scheduleSweep() {
        sweepTimer = schedule(Duration.ofSeconds(30), () -> {
            long now = now();
            for (App app : apps.all()) {
                app.channels.values().removeIf(c -> {
                    c.prune(now);
                    return c.idle();
                });
                annotations.prune(app, now);
            }
            scheduleSweep();
        });
    }

    // ---------------------------------------------------------------- transport lifecycle

    /** A WebSocket upgrade completed: authenticate and send CONNECTED (or ERROR). */
    void onOpen(Transport t) {
        transports.add(t);
        logEvent(
                EmulatorEvent.Type.WS_OPEN,
                null,
                t.label + " " + redact(t.query) + " agent=" + t.query.getOrDefault("agent", ""));
        if (faults.refuse() == RefuseMode.HOLD) {
            t.held = true;
            return;
        }
        connect(t);
    }

    private void connect(Transport t) {
        Map<String, String> q = t.query;
        Auth.Credential cred;
        String clientId;
        App app;
        try {
            cred = authenticate(q.get("key"), firstNonNull(q.get("accessToken"), q.get("access_token")));
            clientId = Auth.resolveClientId(cred, q.get("clientId"));
            app = apps.of(cred.key());
        } catch (ErrorInfo e) {
            fatal(t, e);
            return;
        }
        boolean echo = !"false".equals(q.get("echo"));
        String resumeKey = firstNonNull(q.get("resume"), q.get("recover"));
        ErrorInfo resumeError = null;
        if (resumeKey != null) {
            Session old = byKey.get(resumeKey);
            if (old != null && !old.disposed && old.app == app) { // a key never resumes another app's connection
                if (!java.util.Objects.equals(old.clientId, clientId)) {
                    fatal(t, new ErrorInfo(40102, 401, "Incompatible clientId on resume"));
                    return;
                }
                resume(t, old, cred, echo);
                return;
            }
            resumeError = old != null && !old.disposed // a live connection of another app
                    ? new ErrorInfo(80018, 400, "Invalid connection key: not a connection of this app")
                    : resumeKey.matches("[A-Za-z0-9_-]+![A-Za-z0-9_-]+-[0-9]+")
                            ? new ErrorInfo(80008, 400, "Unable to recover connection (connection expired)")
                            : new ErrorInfo(80018, 400, "Invalid connection key: " + resumeKey);
        }
        Session s = new Session(Auth.randomId(10), app, cred, clientId, echo);
        sessions.put(s.id, s);
        attach(t, s);
        sendConnected(s, resumeError);
        LOG.log(
                connectionLogLevel(),
                "connection {0} opened (clientId={1}, format={2}, v={3}, agent={4})",
                s.id,
                clientId,
                s.format,
                q.get("v"),
                q.get("agent"));
    }

    private void resume(Transport t, Session s, Auth.Credential cred, boolean echo) {
        Transport previous = s.transport;
        if (previous != null) {
            previous.session = null;
            previous.drop(DropMode.FIN);
        }
        if (s.ttlTimer != null) {
            s.ttlTimer.cancel();
            s.ttlTimer = null;
        }
        if (s.graceTimer != null) {
            s.graceTimer.cancel();
            s.graceTimer = null;
        }
        s.credential = cred;
        s.echo = echo;
        s.awaitReattach();
        attach(t, s);
        sendConnected(s, null);
        LOG.log(connectionLogLevel(), "connection {0} resumed", s.id);
    }

    private void attach(Transport t, Session s) {
        t.session = s;
        s.transport = t;
        s.format = t.json ? "json" : "msgpack";
        t.startHeartbeats();
    }

    void sendConnected(Session s, @Nullable ErrorInfo error) {
        Transport t = s.transport;
        if (t == null) {
            return;
        }
        String key = s.newKey();
        byKey.put(key, s);
        Map<String, Object> details = new LinkedHashMap<>();
        if (s.clientId != null) {
            details.put("clientId", s.clientId);
        }
        details.put("connectionKey", key);
        details.put("connectionStateTtl", config.connectionStateTtl().toMillis());
        details.put("maxIdleInterval", config.maxIdleInterval().toMillis());
        details.put("maxMessageSize", (long) config.maxMessageSize());
        details.put("maxFrameSize", (long) config.maxFrameSize());
        details.put("maxInboundRate", 250L);
        details.put("maxOutboundRate", 100L);
        details.put("serverId", config.serverId());
        details.put("siteCode", "local");
        Frame f = Frame.of(Frame.CONNECTED)
                .put("connectionId", s.id)
                .put("connectionKey", key)
                .put("connectionDetails", details)
                .put("timestamp", now());
        if (error != null) {
            f.put("error", error.toMap());
        }
        // Replace the expiry timer before the client can see CONNECTED: a test that advances the clock on
        // CONNECTED must not fire the previous token's timer.
        tokenTimers.schedule(s);
        t.send(f);
    }

    private Auth.Credential authenticate(@Nullable String key, @Nullable String token) throws ErrorInfo {
        if (key != null) {
            if (config.strictBasicAuth() && !config.tls()) {
                throw new ErrorInfo(40103, 401, "Invalid use of Basic auth over non-TLS transport");
            }
            return auth.basic(key);
        }
        if (token != null) {
            return auth.token(token, now());
        }
        throw new ErrorInfo(40106, 401, "No authentication method provided (key or accessToken)");
    }

    /** A fatal connection error: ERROR frame, then close; no connection state is created. */
    void fatal(Transport t, ErrorInfo e) {
        t.sendAndClose(Frame.of(Frame.ERROR).put("error", e.toMap()));
        Session s = t.session;
        if (s != null) {
            dispose(s, false);
        }
    }

    /** The transport went away (any reason). */
    void onTransportClosed(Transport t, String reason) {
        transports.remove(t);
        t.closed = true;
        t.stopTimers();
        Session s = t.session;
        logEvent(EmulatorEvent.Type.WS_CLOSE, s == null ? null : s.id, t.label + " " + reason);
        if (s == null || s.transport != t) {
            return;
        }
        s.transport = null;
        if (s.disposed) {
            return;
        }
        s.awaitReattach();
        LOG.log(connectionLogLevel(), "connection {0} transport closed ({1}); state kept", s.id, reason);
        s.graceTimer = schedule(presenceLeaveGrace, () -> {
            s.graceTimer = null;
            presence.graceExpired(s);
        });
        s.ttlTimer = schedule(config.connectionStateTtl(), () -> {
            s.ttlTimer = null;
            dispose(s, false);
        });
    }

    /** Discards a connection's state (CLOSE, TTL expiry, fault). */
    void dispose(Session s, boolean closeTransport) {
        if (s.disposed) {
            return;
        }
        s.disposed = true;
        s.cancelTimers();
        presence.leaveAll(s);
        channelService.detachAll(s);
        sessions.remove(s.id);
        for (String k : s.keys) {
            byKey.remove(k);
        }
        Transport t = s.transport;
        if (closeTransport && t != null) {
            t.drop(DropMode.FIN);
        }
        LOG.log(Level.DEBUG, "connection {0} state disposed", s.id);
    }

    // ---------------------------------------------------------------- inbound protocol messages

    void dispatch(Transport t, Frame f) {
        Session s = t.session;
        if (t.held) {
            return;
        }
        if (s == null || s.disposed) {
            return; // ERROR already sent
        }
        switch (f.action()) {
            case Frame.HEARTBEAT -> {
                if (f.get("id") != null) {
                    t.send(Frame.of(Frame.HEARTBEAT).put("id", f.get("id")));
                }
            }
            case Frame.CLOSE -> {
                t.sendAndClose(Frame.of(Frame.CLOSED));
                t.session = null;
                s.transport = null;
                dispose(s, false);
            }
            case Frame.DISCONNECT -> t.drop(DropMode.CLEAN);
            case Frame.ATTACH -> channelService.attach(s, t, f);
            case Frame.DETACH -> channelService.detach(s, t, f);
            case Frame.MESSAGE, Frame.PRESENCE, Frame.ANNOTATION -> channelService.publish(s, t, f);
            case Frame.SYNC -> presence.requestSync(s, t, f);
            case Frame.AUTH -> reauth(s, t, f);
            default -> {
                Long msgSerial = f.longValue("msgSerial");
                if (msgSerial != null) { // a client waits for the ACK of what it numbered: refuse, never drop
                    t.send(ChannelService.nack(
                            msgSerial, new ErrorInfo(40000, 400, "Unsupported protocol message action " + f.action())));
                } else {
                    LOG.log(Level.DEBUG, "ignoring {0} from {1}", Frame.actionName(f.action()), s.id);
                }
            }
        }
    }

    private void reauth(Session s, Transport t, Frame f) {
        Map<String, Object> authDetails = f.map("auth");
        Object token = authDetails == null ? null : authDetails.get("accessToken");
        if (!(token instanceof String accessToken)) {
            fatal(t, new ErrorInfo(40101, 401, "AUTH without auth.accessToken"));
            return;
        }
        Auth.Credential cred;
        String clientId;
        boolean sameApp;
        try {
            cred = auth.token(accessToken, now());
            sameApp = apps.of(cred.key()) == s.app;
            clientId = Auth.resolveClientId(cred, s.clientId == null || "*".equals(s.clientId) ? null : s.clientId);
        } catch (ErrorInfo e) {
            if (e.code() >= 40140 && e.code() < 40150) {
                t.sendAndClose(Frame.of(Frame.DISCONNECTED).put("error", e.toMap()));
            } else {
                fatal(t, e);
            }
            return;
        }
        if (s.clientId != null && !s.clientId.equals(clientId) && !"*".equals(s.clientId)) {
            fatal(t, new ErrorInfo(40102, 401, "Incompatible credentials: clientId changed"));
            return;
        }
        if (!sameApp || !cred.key().appId().equals(s.credential.key().appId())) {
            fatal(t, new ErrorInfo(40102, 401, "Incompatible credentials: token is for another application"));
            return;
        }
        s.credential = cred;
        s.clientId = clientId;
        sendConnected(s, null);
        // RTC8a1: a capability downgrade fails the channels the new token no longer permits
        channelService.enforceCapability(s);
    }

    // ---------------------------------------------------------------- fault and inspection API

    public List<ConnectionInfo> connections() {
        return call(() -> {
            List<ConnectionInfo> out = new ArrayList<>();
            for (Session s : sessions.values()) {
                out.add(new ConnectionInfo(
                        s.id,
                        s.clientId,
                        s.transport != null,
                        s.format,
                        java.util.Collections.unmodifiableSet(new TreeSet<>(s.attachments.keySet()))));
            }
            return out;
        });
    }

    /** Runs an operation on a connection on the engine thread; false if unknown. */
    public boolean withSession(String connectionId, Consumer<Session> op) {
        return call(() -> {
            Session s = sessions.get(connectionId);
            if (s == null) {
                return false;
            }
            op.accept(s);
            return true;
        });
    }

    public boolean drop(String connectionId, DropMode mode) {
        return withSession(connectionId, s -> {
            logEvent(EmulatorEvent.Type.FAULT, s.id, "drop " + mode);
            Transport t = s.transport;
            if (t != null) {
                t.drop(mode);
            }
        });
    }

    public boolean inject(String connectionId, Frame f, boolean thenClose) {
        return withSession(connectionId, s -> {
            logEvent(EmulatorEvent.Type.FAULT, s.id, "inject " + f.toJson() + (thenClose ? " and close" : ""));
            Transport t = s.transport;
            if (t != null) {
                if (thenClose) {
                    t.sendAndClose(f);
                } else {
                    t.send(f);
                }
            }
            if (thenClose && f.action() == Frame.ERROR && f.channel() == null) {
                // a fatal ERROR ends the connection (the client goes FAILED): its state and members go at once
                dispose(s, false);
            }
        });
    }

    public boolean expireToken(String connectionId) {
        return withSession(connectionId, s -> {
            logEvent(EmulatorEvent.Type.FAULT, s.id, "expire token");
            String token = s.credential.token();
            if (token != null) {
                auth.expire(token, now());
            }
            tokenTimers.expired(s);
        });
    }

    public boolean expireState(String connectionId) {
        return withSession(connectionId, s -> {
            logEvent(EmulatorEvent.Type.FAULT, s.id, "expire resume state");
            dispose(s, true);
        });
    }

    public boolean suppressHeartbeats(String connectionId, boolean suppressed) {
        return withSession(connectionId, s -> s.heartbeatsSuppressed = suppressed);
    }

    /** Releases held transports: they now get CONNECTED (or ERROR). */
    public void releaseHeld() {
        execute(() -> {
            for (Transport t : new ArrayList<>(transports)) {
                if (t.held && !t.closed) {
                    t.held = false;
                    connect(t);
                }
            }
        });
    }

    /** Server-side publish of one message on a channel of the default app (as if by REST). */
    public void publish(String channel, Map<String, Object> message) {
        publish(null, channel, message);
    }

    /**
     * Server-side publish of one message on a channel of an app (null: the default app), as if by REST.
     *
     * @throws IllegalArgumentException if there is no such app
     */
    public void publish(@Nullable String appId, String channel, Map<String, Object> message) {
        call(() -> {
            channelService.restPublish(app(appId), channel, List.of(message), null);
            return null;
        });
    }

    /** Sends an unsolicited DETACHED for a channel of the default app to every attached connection. */
    public void detachChannel(String channel, ErrorInfo error) {
        call(() -> {
            channelService.serverDetach(apps.defaultApp, channel, error);
            return null;
        });
    }

    /** The present members of a channel of an app (null: the default app), oldest first (copies). */
    public List<Map<String, Object>> presenceMembers(@Nullable String appId, String channel) {
        return call(() -> presence.members(app(appId), channel));
    }

    private App app(@Nullable String appId) {
        App app = appId == null ? apps.defaultApp : apps.get(appId);
        if (app == null) {
            throw new IllegalArgumentException("no such app: " + appId);
        }
        return app;
    }

    /** Ends every connection of a deleted app with a fatal ERROR and discards its state. */
    void disposeApp(App app, ErrorInfo error) {
        for (Session s : new ArrayList<>(sessions.values())) {
            if (s.app != app) {
                continue;
            }
            Transport t = s.transport;
            if (t != null) {
                fatal(t, error);
            }
            dispose(s, false);
        }
    }

    /** Ends a connection's leave grace now: its members leave (its state is kept for resume). */
    public boolean leavePresence(String connectionId) {
        return withSession(connectionId, s -> {
            logEvent(EmulatorEvent.Type.FAULT, s.id, "presence leave grace ended");
            if (s.graceTimer != null) {
                s.graceTimer.cancel();
                s.graceTimer = null;
            }
            presence.graceExpired(s);
        });
    }

    /** The leave grace for connections that lose their transport from now on. */
    public void presenceLeaveGrace(Duration grace) {
        call(() -> {
            logEvent(EmulatorEvent.Type.FAULT, null, "presence leave grace " + grace.toMillis() + " ms");
            presenceLeaveGrace = grace;
            return null;
        });
    }

    public int channelCount() {
        return call(() -> apps.all().stream().mapToInt(a -> a.channels.size()).sum());
    }

    public void stop() {
        if (stopped) {
            return;
        }
        call(() -> {
            if (sweepTimer != null) {
                sweepTimer.cancel();
            }
            for (Session s : new ArrayList<>(sessions.values())) {
                s.cancelTimers();
            }
            for (Transport t : new ArrayList<>(transports)) {
                t.drop(DropMode.FIN);
            }
            return null;
        });
        stopped = true;
        thread.stop();
    }

    /** Stops the engine thread (after {@link #stop} and after the server closed its connections); waits, bounded. */
    public void shutdownLoop() {
        stopped = true;
        thread.shutdown();
    }

    private Level connectionLogLevel() {
        return config.logConnections() ? Level.INFO : Level.DEBUG;
    }

    static @Nullable String firstNonNull(@Nullable String a, @Nullable String b) {
        return a != null ? a : b;
    }

    /** Query parameters with secrets removed (never log keys or tokens). */
    static String redact(Map<String, String> query) {
        Map<String, String> copy = new LinkedHashMap<>(query);
        for (String k : new String[] {"key", "accessToken", "access_token"}) {
            copy.computeIfPresent(k, (kk, v) -> "<redacted>");
        }
        return copy.toString();
    }
}
