package io.ably4j.internal.connection;

import io.ably4j.internal.transport.Transport;
import io.ably4j.internal.transport.TransportListener;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import java.util.List;
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
    public void onMessage(ProtocolMessage message, int frameBytes) {
        manager.backlog().arrived(this, 1, frameBytes);
        // Run on the transport's receive thread when idle: saves a hand-off per inbound read.
        manager.executor().executeOrRun(new InboundBatch(this, message, null, frameBytes));
    }

    @Override
    public void onMessages(List<ProtocolMessage> messages, long frameBytes) {
        int n = messages.size();
        if (n == 0) {
            return;
        }
        manager.backlog().arrived(this, n, frameBytes);
        manager.executor().executeOrRun(new InboundBatch(this, null, messages, frameBytes));
    }

    /**
     * What one read delivered, dispatched on the serial executor as one task: each message in order (one that throws
     * is logged and the next is dispatched), with the callback tasks they queue run as one callback task (see {@link
     * InboundBacklog#dispatch}).
     */
    private final class InboundBatch implements Runnable {
        private final ActiveTransport from;
        private final @Nullable ProtocolMessage single;
        private final @Nullable List<ProtocolMessage> messages;
        private final long frameBytes;

        InboundBatch(
                ActiveTransport from,
                @Nullable ProtocolMessage single,
                @Nullable List<ProtocolMessage> messages,
                long frameBytes) {
            this.from = from;
            this.single = single;
            this.messages = messages;
            this.frameBytes = frameBytes;
        }

        @Override
        public void run() {
            List<ProtocolMessage> list = messages;
            InboundBacklog backlog = manager.backlog();
            InboundBacklog.Batch b = backlog.beginDispatch(list == null ? 1 : list.size(), frameBytes);
            try {
                dispatchAll();
            } finally {
                backlog.endDispatch(b);
            }
        }

        private void dispatchAll() {
            ProtocolMessage one = single;
            if (one != null) {
                manager.inbound().onTransportMessage(from, one);
                return;
            }
            List<ProtocolMessage> list = messages;
            if (list == null) {
                return;
            }
            for (int i = 0, n = list.size(); i < n; i++) {
                try {
                    manager.inbound().onTransportMessage(from, list.get(i));
                } catch (RuntimeException e) { // one failing message must not stall the rest of the read
                    manager.log().error("Unexpected exception in an internal task", e);
                }
            }
        }
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
