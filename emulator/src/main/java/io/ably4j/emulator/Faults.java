package io.ably4j.emulator;

import io.ably4j.emulator.internal.Engine;
import io.ably4j.emulator.internal.ErrorInfo;
import io.ably4j.emulator.internal.FaultState;
import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.util.List;
import java.util.Map;

/**
 * Fault injection for one emulator. All methods are thread-safe and take effect before they return
 * (frames they send are queued to the connection in order). Methods naming a connection throw
 * {@link IllegalArgumentException} when no such connection state exists.
 */
public final class Faults {
    private final Engine engine;
    private final FaultState state;

    Faults(Engine engine, FaultState state) {
        this.engine = engine;
        this.state = state;
    }

    /** A registered frame rule; {@link #remove()} withdraws it. */
    public final class Registration {
        private final FaultState.Registered registered;

        private Registration(FaultState.Registered registered) {
            this.registered = registered;
        }

        /** {@return the registered rule} */
        public FrameRule rule() {
            return registered.rule();
        }

        /**
         * Withdraws the rule.
         *
         * @return false if it was already removed (or exhausted)
         */
        public boolean remove() {
            return state.remove(registered);
        }
    }

    /**
     * Ends a connection's current transport; its state is kept for resume.
     *
     * @param connectionId the connection id
     * @param mode how the transport ends
     */
    public void drop(String connectionId, DropMode mode) {
        check(engine.drop(connectionId, mode), connectionId);
    }

    /**
     * New connection attempts are refused in the given way until {@link #acceptConnections()}.
     *
     * @param mode how the attempts are refused
     */
    public void refuseConnections(RefuseMode mode) {
        engine.logEvent(EmulatorEvent.Type.FAULT, null, "refuse connections " + mode);
        state.refuse(mode);
    }

    /** Accepts connections again; connections held by {@link RefuseMode#HOLD} now get CONNECTED. */
    public void acceptConnections() {
        engine.logEvent(EmulatorEvent.Type.FAULT, null, "accept connections");
        state.refuse(null);
        engine.releaseHeld();
    }

    /**
     * Stops (or restarts) keep-alives (HEARTBEAT messages and WebSocket pings) on all connections.
     *
     * @param suppressed true to stop keep-alives, false to restart them
     */
    public void suppressHeartbeats(boolean suppressed) {
        state.heartbeatsSuppressed(suppressed);
    }

    /**
     * Stops (or restarts) keep-alives on one connection.
     *
     * @param connectionId the connection id
     * @param suppressed true to stop keep-alives, false to restart them
     */
    public void suppressHeartbeats(String connectionId, boolean suppressed) {
        check(engine.suppressHeartbeats(connectionId, suppressed), connectionId);
    }

    /**
     * Adds a frame rule (suppress or delay matching frames).
     *
     * @param rule the rule
     * @return a registration that can withdraw the rule
     */
    public Registration addRule(FrameRule rule) {
        engine.logEvent(EmulatorEvent.Type.FAULT, null, "add rule " + rule);
        return new Registration(state.add(rule));
    }

    /** {@return the active rules, in evaluation order} */
    public List<FrameRule> rules() {
        return state.rules();
    }

    /** Removes every frame rule. */
    public void clearRules() {
        state.clearRules();
    }

    /**
     * Sends any protocol message, given as JSON (for example {@code {"action":6,"error":{...}}}), to
     * a connection. It is re-encoded for the connection's format.
     *
     * @param connectionId the connection id
     * @param protocolMessageJson the protocol message as a JSON object
     * @throws IllegalArgumentException if the JSON is not an object or the connection is unknown
     */
    public void inject(String connectionId, String protocolMessageJson) {
        check(engine.inject(connectionId, parse(protocolMessageJson), false), connectionId);
    }

    /**
     * Sends a protocol message and then closes the WebSocket (e.g. a DISCONNECTED or ERROR). A connection-level ERROR
     * (no {@code channel}) also discards the connection's state, its presence members leaving at once.
     *
     * @param connectionId the connection id
     * @param protocolMessageJson the protocol message as a JSON object
     */
    public void injectAndClose(String connectionId, String protocolMessageJson) {
        check(engine.inject(connectionId, parse(protocolMessageJson), true), connectionId);
    }

    /**
     * Sends DISCONNECTED with the given error and closes the transport (state kept).
     *
     * @param connectionId the connection id
     * @param code the Ably error code
     * @param statusCode the HTTP status code of the error
     * @param message the error message
     */
    public void disconnect(String connectionId, int code, int statusCode, String message) {
        Frame f = Frame.of(Frame.DISCONNECTED).put("error", new ErrorInfo(code, statusCode, message).toMap());
        check(engine.inject(connectionId, f, true), connectionId);
    }

    /**
     * Sends a connection-level ERROR and closes the transport (the client goes FAILED). The connection's state is
     * discarded and its presence members leave at once, as the same ERROR sent with {@link #injectAndClose} does.
     *
     * @param connectionId the connection id
     * @param code the Ably error code
     * @param statusCode the HTTP status code of the error
     * @param message the error message
     */
    public void error(String connectionId, int code, int statusCode, String message) {
        Frame f = Frame.of(Frame.ERROR).put("error", new ErrorInfo(code, statusCode, message).toMap());
        check(engine.inject(connectionId, f, true), connectionId);
    }

    /**
     * Asks the client to re-authenticate now (a server-initiated AUTH). Spec: RTN22. The emulator also sends one by
     * itself {@link Emulator.Builder#authRequestLead(java.time.Duration)} before a connection's token expires.
     *
     * @param connectionId the connection id
     */
    public void requestAuth(String connectionId) {
        check(engine.inject(connectionId, Frame.of(Frame.AUTH), false), connectionId);
    }

    /**
     * Expires the connection's token now: DISCONNECTED 40142 and transport closed; the token is
     * refused from now on. No effect on basic-auth connections other than the DISCONNECTED.
     *
     * @param connectionId the connection id
     */
    public void expireToken(String connectionId) {
        check(engine.expireToken(connectionId), connectionId);
    }

    /**
     * Makes the next {@code count} vcdiff deltas the emulator sends (to connections attached with {@code
     * delta=vcdiff}) name a base message in {@code extras.delta.from} that is not the previous message, so that a
     * client fails the RTL20 check and re-attaches (RTL18). The payload itself stays a valid delta.
     *
     * @param count how many deltas to spoil; 0 cancels
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public void mismatchDeltaReferences(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        engine.logEvent(EmulatorEvent.Type.FAULT, null, "mismatch the next " + count + " delta references");
        state.mismatchDeltas(count);
    }

    /**
     * Discards the connection's resume state now (and drops its transport, FIN), so its next resume
     * gets a new connection id with error 80008.
     *
     * @param connectionId the connection id
     */
    public void expireResumeState(String connectionId) {
        check(engine.expireState(connectionId), connectionId);
    }

    /**
     * Sends an unsolicited DETACHED with the given error to every connection attached to a channel.
     *
     * @param channel the channel name
     * @param code the Ably error code
     * @param statusCode the HTTP status code of the error
     * @param message the error message
     */
    public void detachChannel(String channel, int code, int statusCode, String message) {
        engine.detachChannel(channel, new ErrorInfo(code, statusCode, message));
    }

    /**
     * Ends a connection's presence leave grace now, as if it had expired: its members leave on every channel (a
     * synthesized LEAVE each) and a later resume re-attaches those channels without RESUMED. The connection state is
     * kept; its transport is not touched (on a connected connection this models Ably losing its members).
     *
     * @param connectionId the connection id
     */
    public void leavePresence(String connectionId) {
        check(engine.leavePresence(connectionId), connectionId);
    }

    /**
     * Changes the presence leave grace ({@link Emulator.Builder#presenceLeaveGrace(java.time.Duration)}) for
     * connections that lose their transport from now on; graces already running keep their length.
     *
     * @param grace how long a member whose connection dropped stays present before it leaves
     * @throws IllegalArgumentException if negative
     */
    public void presenceLeaveGrace(java.time.Duration grace) {
        engine.presenceLeaveGrace(Emulator.Builder.nonNegative(grace));
    }

    private static Frame parse(String json) {
        try {
            Map<String, Object> m = Wire.decodeJsonObject(json);
            return Frame.wrap(m);
        } catch (Wire.MalformedException e) {
            throw new IllegalArgumentException("not a JSON protocol message: " + e.getMessage(), e);
        }
    }

    private static void check(boolean found, String connectionId) {
        if (!found) {
            throw new IllegalArgumentException("no such connection: " + connectionId);
        }
    }
}
