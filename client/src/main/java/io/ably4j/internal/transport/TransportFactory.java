package io.ably4j.internal.transport;

import io.ably4j.internal.protocol.WireFormat;
import java.net.URI;
import java.util.Map;

/** Opens transports. The seam that unit tests replace with a fake (UTS mock WebSocket contract). */
@FunctionalInterface
public interface TransportFactory {
    /**
     * Starts opening a transport. Returns at once; the outcome is reported to {@code listener} ({@link
     * TransportListener#onOpen} or {@link TransportListener#onClose}).
     *
     * @param uri the complete connection URL, query parameters included
     * @param headers extra headers for the upgrade request (e.g. {@code Ably-Agent})
     * @param format the wire format of the frames
     * @param listener receives the transport's events
     */
    Transport open(URI uri, Map<String, String> headers, WireFormat format, TransportListener listener);
}
