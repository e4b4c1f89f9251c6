package io.ably4j.internal.transport;

import io.ably4j.types.ProtocolMessage;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;

/**
 * The protocol messages decoded from one socket read, collected so that the transport's listener gets them as one
 * {@link TransportListener#onMessages} call: the client then dispatches them as one task and runs their callbacks as
 * one callback task. Confined to the transport's I/O thread; a new list per read, handed over to the listener.
 */
final class ReadBatch {
    private @Nullable ArrayList<ProtocolMessage> messages;
    private long bytes;
    /** The size of the last batch: the next list starts there, so a stream of full reads does not regrow it. */
    private int lastSize = 4;

    /** Adds a decoded message (null, a frame that was dropped, is ignored) of {@code frameBytes} bytes. */
    void add(@Nullable ProtocolMessage m, int frameBytes) {
        if (m == null) {
            return;
        }
        ArrayList<ProtocolMessage> list = messages;
        if (list == null) {
            list = new ArrayList<>(lastSize);
            messages = list;
        }
        list.add(m);
        bytes += frameBytes;
    }

    /** Hands the messages collected so far to {@code listener}, if any, and starts a new batch. */
    void flush(TransportListener listener) {
        ArrayList<ProtocolMessage> list = messages;
        if (list != null) {
            messages = null;
            lastSize = Math.max(4, Math.min(list.size(), 1024));
            long b = bytes;
            bytes = 0;
            listener.onMessages(list, b);
        }
    }
}
