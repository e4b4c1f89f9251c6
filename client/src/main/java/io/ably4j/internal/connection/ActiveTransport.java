package io.ably4j.internal.connection;

import io.ably4j.internal.transport.Transport;
import io.ably4j.internal.transport.TransportListener;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import org.jspecify.annotations.Nullable;

/**
 * One connection attempt's transport and its listener. Events are handed to the manager's serial executor, where the
 * manager ignores them unless this is still its current transport (RTN11b); each message is counted in the client's
 * {@link InboundBacklog} on arrival, which may pause this transport's reading. The fields are confined to that
 * executor, except the transport and its read pause, which are guarded by this object's lock.
 */
final class ActiveTransport implements TransportListener, InboundBacklog.Reader {
    private final ConnectionManager manager;

    /** Set once {@link io.ably4j.internal.transport.TransportFactory#open} returns; written under {@code this}. */
    private volatile @Nullable Transport transport;

    /** The backlog asked this transport to stop reading; guarded by {@code this}. */
    private boolean readPaused;

    /** The transport is open (onOpen, or a message arrived). */
    boolean open;

    /** CLOSE was sent on this transport (RTN12a). */
    boolean closeSent;

    ActiveTransport(ConnectionManager manager) {
        this.manager = manager;
    }

    /** The transport was opened; it takes a read pause asked for before (a message may arrive before this). */
    synchronized void attach(Transport t) {
        transport = t;
        if (readPaused) {
            t.pauseReading(true);
        }
    }

    @Override
    public synchronized void pauseReading(boolean paused) {
        readPaused = paused;
        Transport t = transport;
        if (t != null) {
            t.pauseReading(paused);
        }
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
        onMessage(message, 0);
    }

    @Override
    public void onMessage(ProtocolMessage message, int frameBytes) {
        InboundBacklog.Item item = manager.backlog().arrived(this, frameBytes);
        // Run on the transport's receive thread when idle: saves a hand-off per inbound message.
        manager.executor()
                .executeOrRun(() -> item.dispatch(() -> manager.inbound().onTransportMessage(this, message)));
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
