package io.ably4j.internal.transport;

import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Receives the events of one {@link Transport}. Invoked from I/O threads, one event at a time and in order;
 * implementations hand the events to their serial executor and return quickly.
 */
public interface TransportListener {
    /** The transport is open (the WebSocket handshake succeeded). */
    void onOpen();

    /**
     * A protocol message arrived, decoded by the wire codec, in a frame of {@code frameBytes} bytes (the WebSocket
     * payload: UTF-8 or msgpack); the size feeds the client's inbound backlog bound.
     */
    void onMessage(ProtocolMessage message, int frameBytes);

    /**
     * The protocol messages one socket read produced, in order, in frames of {@code frameBytes} bytes in all (the NIO
     * engine calls this form, so that the client can dispatch them as one task). The list is the listener's to keep.
     * The default hands each message to {@link #onMessage}, the whole size with the first.
     */
    default void onMessages(List<ProtocolMessage> messages, long frameBytes) {
        long size = frameBytes;
        for (ProtocolMessage m : messages) {
            onMessage(m, (int) Math.min(Integer.MAX_VALUE, size));
            size = 0;
        }
    }

    /** A WebSocket ping frame arrived (the transport answers it); counts as activity (RTN23b). */
    void onPing();

    /**
     * The transport is closed or could not be opened; no further events follow.
     *
     * @param error why, or null for a close this side requested
     */
    void onClose(@Nullable ErrorInfo error);
}
