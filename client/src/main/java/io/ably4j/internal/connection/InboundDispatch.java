package io.ably4j.internal.connection;

import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import org.jspecify.annotations.Nullable;

/**
 * The events of transports, handed over by {@link ActiveTransport}: an event counts only if it comes from the current
 * transport, so a late event from an abandoned transport never affects its successor (RTN11b). Each protocol message
 * of the current transport is activity for the idle timer (RTN23a) and goes by its action to the part of the
 * connection that handles it: HEARTBEAT to the ping tracker, CONNECTED to the {@link ConnectionManager}, DISCONNECTED,
 * CLOSED and connection ERRORs to {@link Interruptions}, AUTH to {@link AuthFlow} (RTN22), and everything else
 * (channel messages, ACK/NACK, unknown actions, RTF1) to the observers. Confined to the serial executor.
 */
final class InboundDispatch {
    private final ConnectionManager manager;
    private final TransportSlot transport;
    private final IdleMonitor idle;
    private final PingTracker pings;
    private final AuthFlow auth;
    private final ConnectionEvents events;
    private final Interruptions interruptions;

    InboundDispatch(
            ConnectionManager manager,
            TransportSlot transport,
            IdleMonitor idle,
            PingTracker pings,
            AuthFlow auth,
            ConnectionEvents events) {
        this.manager = manager;
        this.transport = transport;
        this.idle = idle;
        this.pings = pings;
        this.auth = auth;
        this.events = events;
        this.interruptions = new Interruptions(manager);
    }

    void onTransportOpen(ActiveTransport t) {
        if (transport.isCurrent(t)) {
            t.open = true;
        }
    }

    void onTransportMessage(ActiveTransport t, ProtocolMessage message) {
        if (transport.isCurrent(t)) {
            t.open = true; // a message proves the transport is open, whatever the event order
            idle.activity();
            dispatch(message);
        }
    }

    void onTransportPing(ActiveTransport t) {
        if (transport.isCurrent(t)) {
            idle.activity(); // RTN23b: ping frames count as activity
        }
    }

    void onTransportClose(ActiveTransport t, @Nullable ErrorInfo error) {
        if (transport.isCurrent(t)) {
            interruptions.onTransportClosed(t, error);
        }
    }

    private void dispatch(ProtocolMessage pm) {
        Action action = pm.action();
        manager.log().verbose(() -> "Received " + action);
        switch (action) {
            case HEARTBEAT -> pings.onHeartbeat(pm.id());
            case CONNECTED -> manager.onConnected(pm);
            case DISCONNECTED -> interruptions.onDisconnectedMessage(pm);
            case CLOSED -> interruptions.onClosedMessage(pm);
            case ERROR -> {
                String channel = pm.channel();
                if (channel != null && !channel.isEmpty()) {
                    events.forward(pm);
                } else { // an empty channel attribute means a connection error (RTN14g, RTN15j)
                    interruptions.onErrorMessage(pm);
                }
            }
            case AUTH -> auth.onServerAuth(); // RTN22
            default -> events.forward(pm); // RTC11: a failing observer is logged and skipped
        }
    }
}
