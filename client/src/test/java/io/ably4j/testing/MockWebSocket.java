package io.ably4j.testing;

import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.transport.FrameCodec;
import io.ably4j.internal.transport.Transport;
import io.ably4j.internal.transport.TransportFactory;
import io.ably4j.internal.transport.TransportListener;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The UTS mock WebSocket ({@code uts/realtime/unit/helpers/mock_websocket.md}) as a {@link TransportFactory}: every
 * dial becomes a {@link PendingConnection} the test resolves; frames in both directions go through the real wire
 * codec; client sends and closes are recorded in {@link #events}. Events reach the client through the {@link
 * ManualExecutor}, i.e. asynchronously, as from an I/O thread.
 */
public final class MockWebSocket implements TransportFactory {
    /** The UTS event types. */
    public enum EventType {
        CONNECTION_ATTEMPT,
        CONNECTION_SUCCESS,
        CONNECTION_FAILURE,
        MESSAGE_FROM_CLIENT,
        MESSAGE_TO_CLIENT,
        PING_FRAME,
        SERVER_DISCONNECT,
        CLIENT_CLOSE
    }

    /** One recorded event; {@code data} is a PendingConnection, ProtocolMessage, ErrorInfo or ClientClose. */
    public static final class Event {
        public final EventType type;
        public final @Nullable Object data;

        Event(EventType type, @Nullable Object data) {
            this.type = type;
            this.data = data;
        }

        public ProtocolMessage message() {
            return (ProtocolMessage) java.util.Objects.requireNonNull(data);
        }

        @Override
        public String toString() {
            return type + (data == null ? "" : "(" + data + ")");
        }
    }

    /** A CLIENT_CLOSE: the library closed the socket. */
    public static final class ClientClose {
        public final int code;
        public final String reason;

        ClientClose(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }
    }

    private final ManualExecutor io;
    public final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    public final List<PendingConnection> connectAttempts = Collections.synchronizedList(new ArrayList<>());
    private @Nullable Consumer<PendingConnection> onConnectionAttempt;
    private @Nullable Consumer<ProtocolMessage> onMessageFromClient;
    private @Nullable Consumer<Object> onRawFrame;

    public MockWebSocket(ManualExecutor io) {
        this.io = io;
    }

    /** Handler pattern: called for each connection attempt, inside the dial. */
    public MockWebSocket onConnectionAttempt(@Nullable Consumer<PendingConnection> handler) {
        this.onConnectionAttempt = handler;
        return this;
    }

    /** Handler pattern: called with each decoded message the client sends. */
    public MockWebSocket onMessageFromClient(@Nullable Consumer<ProtocolMessage> handler) {
        this.onMessageFromClient = handler;
        return this;
    }

    /** Called with each raw frame the client sends: a String (JSON text) or byte[] (msgpack). */
    public MockWebSocket onRawFrame(@Nullable Consumer<Object> handler) {
        this.onRawFrame = handler;
        return this;
    }

    /** {@code mock_ws.on_connect(respond_with: msg)}: every attempt succeeds with {@code connected}. */
    public MockWebSocket respondToEveryAttemptWith(ProtocolMessage connected) {
        return onConnectionAttempt(c -> c.respondWithSuccess(connected));
    }

    /** The most recent connection attempt. */
    public PendingConnection lastAttempt() {
        synchronized (connectAttempts) {
            if (connectAttempts.isEmpty()) {
                throw new AssertionError("no connection attempt was made");
            }
            return connectAttempts.get(connectAttempts.size() - 1);
        }
    }

    /** The connection of the most recent successful attempt. */
    public PendingConnection activeConnection() {
        synchronized (connectAttempts) {
            for (int i = connectAttempts.size() - 1; i >= 0; i--) {
                if (connectAttempts.get(i).succeeded) {
                    return connectAttempts.get(i);
                }
            }
        }
        throw new AssertionError("no connection was established");
    }

    public List<Event> events(EventType type) {
        synchronized (events) {
            return events.stream().filter(e -> e.type == type).collect(Collectors.toList());
        }
    }

    /** Decoded messages the client sent with {@code action}. */
    public List<ProtocolMessage> sent(Action action) {
        return events(EventType.MESSAGE_FROM_CLIENT).stream()
                .map(Event::message)
                .filter(m -> m.action() == action)
                .collect(Collectors.toList());
    }

    public void reset() {
        events.clear();
        connectAttempts.clear();
    }

    @Override
    public Transport open(URI uri, Map<String, String> headers, WireFormat format, TransportListener listener) {
        PendingConnection c = new PendingConnection(uri, headers, format, listener);
        connectAttempts.add(c);
        events.add(new Event(EventType.CONNECTION_ATTEMPT, c));
        Consumer<PendingConnection> handler = onConnectionAttempt;
        if (handler != null) {
            handler.accept(c);
        }
        return c;
    }

    /** One dial: the pending connection the test resolves, and afterwards the established mock socket. */
    public final class PendingConnection implements Transport {
        public final URI url;
        public final Map<String, String> headers;
        public final WireFormat format;
        private final TransportListener listener;
        private final FrameCodec codec;
        private boolean succeeded;
        private boolean closed;
        /** The client's read pauses, in call order (true: paused, false: resumed). */
        public final List<Boolean> readPauses = new CopyOnWriteArrayList<>();

        private volatile boolean readPaused;
        /** What the server sent while reading was paused: delivered in order once reading resumes. */
        private final ArrayDeque<Runnable> held = new ArrayDeque<>();

        PendingConnection(URI url, Map<String, String> headers, WireFormat format, TransportListener listener) {
            this.url = url;
            this.headers = headers;
            this.format = format;
            this.listener = listener;
            this.codec = new FrameCodec(format);
        }

        /** The decoded query parameters of the URL. */
        public Map<String, String> queryParams() {
            Map<String, String> params = new LinkedHashMap<>();
            String q = url.getRawQuery();
            if (q != null) {
                for (String pair : q.split("&", -1)) {
                    int eq = pair.indexOf('=');
                    String k = eq < 0 ? pair : pair.substring(0, eq);
                    String v = eq < 0 ? "" : pair.substring(eq + 1);
                    params.put(decode(k), decode(v));
                }
            }
            return params;
        }

        /** The socket opens; no CONNECTED is sent (the test sends it, or nothing for an unresponsive server). */
        public void respondWithSuccess() {
            succeeded = true;
            events.add(new Event(EventType.CONNECTION_SUCCESS, this));
            io.execute(listener::onOpen);
        }

        /** The socket opens, then (asynchronously) {@code connected} is delivered. */
        public void respondWithSuccess(ProtocolMessage connected) {
            respondWithSuccess();
            sendToClient(connected);
        }

        public void respondWithRefused() {
            fail("Connection refused");
        }

        public void respondWithDnsError() {
            fail("Unable to resolve host " + url.getHost());
        }

        /** The server never answers: nothing happens until the client's own timeout. */
        public void respondWithTimeout() {
            events.add(new Event(EventType.CONNECTION_FAILURE, "timeout"));
        }

        /** The socket opens, the server sends {@code error}, and (by default) closes the socket. */
        public void respondWithError(ProtocolMessage error, boolean thenClose) {
            respondWithSuccess();
            if (thenClose) {
                sendToClientAndClose(error);
            } else {
                sendToClient(error);
            }
        }

        public void respondWithError(ProtocolMessage error) {
            respondWithError(error, true);
        }

        private void fail(String why) {
            events.add(new Event(EventType.CONNECTION_FAILURE, why));
            closed = true;
            io.execute(() -> listener.onClose(ErrorInfo.of(80003, 503, why)));
        }

        /** Delivers {@code message} through the real codec: encoded in this connection's format, then decoded. */
        public void sendToClient(ProtocolMessage message) {
            Object frame = codec.encode(message);
            events.add(new Event(EventType.MESSAGE_TO_CLIENT, message));
            deliverFrame(frame);
        }

        public void sendToClientAndClose(ProtocolMessage message) {
            sendToClient(message);
            simulateDisconnect(null);
        }

        /** Delivers a raw JSON text frame (RTF1/RSF1: fields or values unknown to the types). */
        public void sendToClientRaw(String json) {
            events.add(new Event(EventType.MESSAGE_TO_CLIENT, json));
            read(() -> {
                if (!closed) {
                    listener.onMessage(new FrameCodec(WireFormat.JSON).decodeText(json), json.length());
                }
            });
        }

        /** Delivers raw bytes as a frame in this connection's format (for malformed-frame tests). */
        public void sendRawFrame(Object frame) {
            deliverFrame(frame);
        }

        private void deliverFrame(Object frame) {
            read(() -> {
                if (closed) {
                    return;
                }
                ProtocolMessage decoded;
                try {
                    decoded =
                            frame instanceof String text ? codec.decodeText(text) : codec.decodeBinary((byte[]) frame);
                } catch (RuntimeException e) {
                    return; // the real transport drops undecodable frames too
                }
                listener.onMessage(decoded, frame instanceof String text ? text.length() : ((byte[]) frame).length);
            });
        }

        /** Runs {@code reading} on the I/O executor, or holds it while the client has paused reading. */
        private void read(Runnable reading) {
            io.execute(() -> {
                if (readPaused) {
                    held.add(reading);
                } else {
                    reading.run();
                }
            });
        }

        /** Whether the client has paused reading now. */
        public boolean readingPaused() {
            return readPaused;
        }

        /** Frames held because reading is paused. */
        public int heldFrames() {
            return held.size();
        }

        /** An abrupt close by the server or the network. */
        public void simulateDisconnect(@Nullable ErrorInfo error) {
            events.add(new Event(EventType.SERVER_DISCONNECT, error));
            io.execute(() -> {
                if (!closed) {
                    closed = true;
                    listener.onClose(error != null ? error : ErrorInfo.of(80003, 503, "Connection closed by server"));
                }
            });
        }

        public void closeFromServer() {
            simulateDisconnect(null);
        }

        public void sendPingFrame() {
            events.add(new Event(EventType.PING_FRAME, null));
            read(() -> {
                if (!closed) {
                    listener.onPing();
                }
            });
        }

        public boolean isClosed() {
            return closed;
        }

        // ---- Transport: the client's side

        @Override
        public void send(ProtocolMessage message) {
            if (closed) {
                return;
            }
            Object frame = codec.encode(message);
            Consumer<Object> raw = onRawFrame;
            if (raw != null) {
                raw.accept(frame);
            }
            ProtocolMessage decoded =
                    frame instanceof String text ? codec.decodeText(text) : codec.decodeBinary((byte[]) frame);
            events.add(new Event(EventType.MESSAGE_FROM_CLIENT, decoded));
            Consumer<ProtocolMessage> handler = onMessageFromClient;
            if (handler != null) {
                handler.accept(decoded);
            }
        }

        /** Pauses at once (nothing more is read); resuming delivers what was held, in order, on the I/O executor. */
        @Override
        public void pauseReading(boolean paused) {
            readPauses.add(paused);
            readPaused = paused;
            if (!paused) {
                io.execute(() -> {
                    Runnable r;
                    while (!readPaused && (r = held.poll()) != null) {
                        r.run();
                    }
                });
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            events.add(new Event(EventType.CLIENT_CLOSE, new ClientClose(1000, "")));
            io.execute(() -> listener.onClose(null)); // asynchronously, as the contract requires
        }

        @Override
        public String toString() {
            return "PendingConnection(" + url + ")";
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
