package io.ably4j.internal.connection;

import io.ably4j.ConnectionStateChange;
import io.ably4j.types.ProtocolMessage;

/**
 * The seam through which the channel registry (and later presence and publishing) follows the connection. Every method
 * is called on the client's serial executor, so implementations may read and change their own state without locks and
 * may call {@link ConnectionManager#send} directly. They must not block.
 */
public interface ConnectionObserver {
    /**
     * The connection state changed, or an UPDATE occurred. Called <em>before</em> user listeners are notified, with the
     * manager's state already updated, so channels can send ATTACH before users see CONNECTED (RTL3d).
     *
     * @param change the change users will see
     * @param resumed for CONNECTED and UPDATE: true if the connection was resumed (same connection id, RTN15c6), false
     *     for a new connection (first connection, or a failed resume, RTN15c7: reset msgSerial)
     */
    default void onConnectionStateChange(ConnectionStateChange change, boolean resumed) {}

    /**
     * A protocol message this manager does not consume: every message with a {@code channel} (ATTACHED, DETACHED,
     * MESSAGE, PRESENCE, SYNC, channel ERROR, ...), ACK, NACK and actions unknown to this version.
     */
    default void onProtocolMessage(ProtocolMessage message) {}

    /**
     * {@code connect()} was called in CLOSING, CLOSED or FAILED: connection data was cleared (RTN11d). Channels go to
     * INITIALIZED with their errorReason cleared; with {@code fromClosing} (RTN11b) they first go DETACHED (RTL3b).
     * Called before the CONNECTING state change.
     */
    default void onConnectionReset(boolean fromClosing) {}
}
