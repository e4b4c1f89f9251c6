package io.ably4j.internal.transport;

import io.ably4j.types.ProtocolMessage;

/**
 * One transport connection (one WebSocket). Created by {@link TransportFactory#open}; reports to its {@link
 * TransportListener}. Methods may be called from any thread and never block.
 */
public interface Transport {
    /** Encodes and queues a message; messages are written in call order. Ignored once closed. */
    void send(ProtocolMessage message);

    /**
     * Stops ({@code true}) or resumes ({@code false}) reading from the socket, so that TCP flow control holds further
     * data at the server (the client's inbound backpressure, see {@code InboundBacklog}). Messages already read may
     * still be delivered after a pause (at most one socket read's worth); none is lost or reordered. Pings are not
     * answered and a server close is not seen while paused. {@link #close()} ends a pause so that the close handshake
     * completes. Any thread; never blocks; idempotent.
     */
    void pauseReading(boolean paused);

    /**
     * Closes the transport normally (WebSocket close code 1000) after the queued messages are written. The listener's
     * {@link TransportListener#onClose} is invoked later, asynchronously, unless it was already invoked; once the
     * connection is open it reports {@code null} (a normal close) even if the server drops the connection instead of
     * answering the close frame.
     */
    void close();
}
