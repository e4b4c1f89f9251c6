package io.ably4j.internal.connection;

import io.ably4j.internal.transport.Transport;
import io.ably4j.internal.transport.TransportListener;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import org.jspecify.annotations.Nullable;

/**
 * One connection attempt's transport and its listener. Events are handed to the manager's serial executor, where the
 * manager ignores them unless this is still its current transport (RTN11b). The fields are confined to that executor.
 */
final class ActiveTransport implements TransportListener {
    private final ConnectionManager manager;

    /** Set once {@link io.ably4j.internal.transport.TransportFactory#open} returns. */
    @Nullable
    Transport transport;

    /** The transport is open (onOpen, or a message arrived). */
    boolean open;

    /** CLOSE was sent on this transport (RTN12a). */
    boolean closeSent;

    ActiveTransport(ConnectionManager manager) {
        this.manager = manager;
    }

    Transport transport() {
        Transport t = transport;
        if (t == null) {
            throw new IllegalStateException("transport not created yet");
        }
        return t;
    }

    void closeQuietly() {
        Transport t = transport;
        if (t != null) {
            try {
                t.close();
            } catch (RuntimeException e) {
                manager.log().debug(() -> "Closing a transport failed: " + e);
            }
        }
    }

    @Override
    public void onOpen() {
        manager.executor().execute(() -> manager.inbound().onTransportOpen(this));
    }

    @Override
    public void onMessage(ProtocolMessage message) {
        // Run on the transport's receive thread when idle: saves a hand-off per inbound message.
        manager.executor().executeOrRun(() -> manager.inbound().onTransportMessage(this, message));
    }

    @Override
    public void onPing() {
        manager.executor().execute(() -> manager.inbound().onTransportPing(this));
    }

    @Override
    public void onClose(@Nullable ErrorInfo error) {
        manager.executor().execute(() -> manager.inbound().onTransportClose(this, error));
    }
}
