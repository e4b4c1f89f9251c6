package io.ably4j.internal.transport;

import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import org.jspecify.annotations.Nullable;

/**
 * Receives the events of one {@link Transport}. Invoked from I/O threads, one event at a time and in order;
 * implementations hand the events to their serial executor and return quickly.
 */
public interface TransportListener {
    /** The transport is open (the WebSocket handshake succeeded). */
    void onOpen();

    /** A protocol message arrived, decoded by the wire codec. */
    void onMessage(ProtocolMessage message);

    /**
     * A protocol message arrived in a frame of {@code frameBytes} bytes (the WebSocket payload: UTF-8 or msgpack).
     * The engines call this form; the size feeds the client's inbound backlog bound.
     */
    default void onMessage(ProtocolMessage message, int frameBytes) {
        onMessage(message);
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
