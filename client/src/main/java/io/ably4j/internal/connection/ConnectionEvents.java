package io.ably4j.internal.connection;

import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionStateChange;
import io.ably4j.internal.util.Log;
import io.ably4j.types.ProtocolMessage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/**
 * Where the connection's events go: first the internal {@link ConnectionObserver}s (channels, in registration order,
 * on the serial executor), then the user's listeners (on the callback executor). An observer that throws is logged
 * and skipped (RTC11): it must not corrupt the connection or keep the others from seeing the event.
 */
final class ConnectionEvents {
    private final CopyOnWriteArrayList<ConnectionObserver> observers = new CopyOnWriteArrayList<>();
    private final Emitter<ConnectionEvent, ConnectionStateChange> emitter;
    private final Log log;

    ConnectionEvents(Executor callbacks, Log log) {
        this.emitter = new Emitter<>(callbacks, log);
        this.log = log;
    }

    void addObserver(ConnectionObserver observer) {
        observers.add(observer);
    }

    Emitter<ConnectionEvent, ConnectionStateChange> emitter() {
        return emitter;
    }

    /** A state change or UPDATE: observers first (RTL3d), then users. */
    void changed(ConnectionStateChange change, boolean resumed) {
        for (ConnectionObserver o : observers) {
            try {
                o.onConnectionStateChange(change, resumed);
            } catch (RuntimeException e) {
                log.error("A connection observer failed on " + change.event(), e);
            }
        }
        emitter.emit(change.event(), change);
    }

    /** A protocol message the connection does not consume. */
    void forward(ProtocolMessage pm) {
        for (ConnectionObserver o : observers) {
            try {
                o.onProtocolMessage(pm);
            } catch (RuntimeException e) {
                log.error("A connection observer failed on " + pm.action(), e);
            }
        }
    }

    /** Connection data was cleared (RTN11b, RTN11d). */
    void reset(boolean fromClosing) {
        for (ConnectionObserver o : observers) {
            try {
                o.onConnectionReset(fromClosing);
            } catch (RuntimeException e) {
                log.error("A connection observer failed on reset", e);
            }
        }
    }
}
