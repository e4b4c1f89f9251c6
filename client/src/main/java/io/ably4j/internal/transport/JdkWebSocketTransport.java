package io.ably4j.internal.transport;

import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.SharedResources;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} over the JDK's {@link java.net.http.WebSocket}.
 *
 * <ul>
 *   <li>One {@link HttpClient} per {@link SSLContext} is shared by all transports (one selector thread in total), so
 *       threads do not grow with the number of connections. Its executor runs tasks on the thread that submits them:
 *       the selector thread reads, decodes and hands each message to the client's serial executor itself, instead of
 *       waking a pool thread per message (the JDK's default offloads listener calls because a listener might block;
 *       this one never blocks: user callbacks run on the client's callback executor).
 *   <li>The JDK allows one outstanding send at a time, so sends go through a queue and are written one after another.
 *   <li>Fragmented text and binary messages are reassembled, up to {@link #MAX_MESSAGE_BYTES}; a larger message closes
 *       the transport with an error.
 *   <li>Flow control: one message is requested at a time ({@code request(1)}), after the previous one is decoded; while
 *       reading is paused ({@link #pauseReading}) none is requested, so the JDK stops reading the socket.
 *   <li>TLS hostname verification is the JDK default (on); a custom {@link SSLContext} only changes trust.
 * </ul>
 */
public final class JdkWebSocketTransport implements Transport {
    /** The largest inbound message accepted (bytes for binary, chars for text). */
    public static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

    private static final Object DEFAULT_CONTEXT = new Object();
    private static final Map<Object, HttpClient> CLIENTS = new ConcurrentHashMap<>();
    private static final Object CLOSE_MARKER = new Object();
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final FrameCodec codec;
    private final TransportListener listener;
    private final Log log;
    private final Queue<Object> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sending = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private volatile @Nullable Cancellable closeGrace;
    /** Reading is paused: the next message is not requested. */
    private final AtomicBoolean readPaused = new AtomicBoolean();
    /** A request for the next message was held back by the pause; whoever clears it makes the request. */
    private final AtomicBoolean requestOwed = new AtomicBoolean();

    private volatile @Nullable WebSocket webSocket;

    private JdkWebSocketTransport(FrameCodec codec, TransportListener listener, Log log) {
        this.codec = codec;
        this.listener = listener;
        this.log = log;
    }

    /** A factory whose transports share one HttpClient for {@code sslContext} (null: the JDK default). */
    public static TransportFactory factory(@Nullable SSLContext sslContext, Duration connectTimeout, Log log) {
        HttpClient client = CLIENTS.computeIfAbsent(sslContext == null ? DEFAULT_CONTEXT : sslContext, k -> {
            HttpClient.Builder b = HttpClient.newBuilder().executor(Runnable::run); // see the class comment
            if (k instanceof SSLContext ctx) {
                b.sslContext(ctx);
            }
            return b.build();
        });
        return (uri, headers, format, listener) -> {
            JdkWebSocketTransport t = new JdkWebSocketTransport(new FrameCodec(format), listener, log);
            t.start(client, uri, headers, connectTimeout);
            return t;
        };
    }

    private void start(HttpClient client, URI uri, Map<String, String> headers, Duration connectTimeout) {
        WebSocket.Builder b = client.newWebSocketBuilder().connectTimeout(connectTimeout);
        headers.forEach(b::header);
        CompletableFuture<WebSocket> opening = b.buildAsync(uri, new Receiver());
        CompletableFuture<?> unused = opening.whenComplete((ws, error) -> {
            if (error != null) {
                Throwable cause =
                        error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                // The JDK may quote the URL, whose query carries the key or token.
                finish(Errors.disconnected("Unable to open WebSocket: " + UrlCredentials.redact(cause.toString())));
            } else if (closeRequested.get()) {
                flush(); // close() came before the handshake finished: send the queued close now
            }
        });
    }

    @Override
    public void send(ProtocolMessage message) {
        if (closed.get() || closeRequested.get()) {
            return;
        }
        synchronized (outbound) { // encode and enqueue atomically: frames go out in call order
            outbound.add(codec.encode(message));
        }
        flush();
    }

    @Override
    public void close() {
        if (closeRequested.compareAndSet(false, true)) {
            outbound.add(CLOSE_MARKER);
            flush();
            pauseReading(false); // read the server's close frame
        }
    }

    @Override
    public void pauseReading(boolean paused) {
        if (paused) {
            readPaused.set(true);
            if (!closeRequested.get()) {
                return;
            }
            // closing (perhaps meanwhile): keep reading so that the close handshake completes
        }
        readPaused.set(false);
        WebSocket ws = webSocket;
        if (ws != null && requestOwed.compareAndSet(true, false)) {
            // The JDK may run its receive task on the thread that calls request(): never the caller's (a listener's or
            // the serial executor's, inside the backlog's lock), but a shared worker.
            SharedResources.workers().execute(() -> ws.request(1));
        }
    }

    /**
     * Requests the next message unless reading is paused; then the request is owed to {@link #pauseReading}. Each side
     * writes its flag before reading the other's, so one of them sees both and makes the request, once (the CAS).
     */
    private void requestNext(WebSocket ws) {
        if (!readPaused.get()) {
            ws.request(1);
            return;
        }
        requestOwed.set(true);
        if (!readPaused.get() && requestOwed.compareAndSet(true, false)) {
            ws.request(1);
        }
    }

    /**
     * Writes queued frames one at a time; the JDK permits a single pending send. Sends that complete at once (the
     * usual case on the selector thread) are followed in a loop, not by recursion, so a long queue cannot overflow the
     * stack.
     */
    private void flush() {
        while (true) {
            WebSocket ws = webSocket;
            if (ws == null || !sending.compareAndSet(false, true)) {
                return;
            }
            Object frame = outbound.poll();
            if (frame == null) {
                sending.set(false);
                if (outbound.isEmpty()) {
                    return;
                }
                continue; // a frame was queued after poll() and before set(false)
            }
            CompletableFuture<WebSocket> sent;
            if (frame == CLOSE_MARKER) {
                sent = ws.sendClose(WebSocket.NORMAL_CLOSURE, "");
            } else if (frame instanceof String text) {
                sent = ws.sendText(text, true);
            } else {
                sent = ws.sendBinary(ByteBuffer.wrap((byte[]) frame), true);
            }
            if (frame != CLOSE_MARKER && sent.isDone() && !sent.isCompletedExceptionally()) {
                sending.set(false);
                continue;
            }
            CompletableFuture<?> unused = sent.whenComplete((w, error) -> sent(ws, frame, error));
            return;
        }
    }

    private void sent(WebSocket ws, Object frame, @Nullable Throwable error) {
        sending.set(false);
        if (error != null) {
            ws.abort();
            failed("WebSocket send failed: " + error);
        } else if (frame == CLOSE_MARKER) {
            // Wait for the server's close frame, but not forever. The timer is cancelled when the close completes, so
            // a closed transport leaves no timer holding it (and its buffers) behind.
            closeGrace = SharedResources.scheduler().schedule(CLOSE_GRACE, () -> {
                ws.abort();
                finish(null);
            });
            if (closed.get()) {
                closeGrace.cancel();
            }
        } else {
            flush();
        }
    }

    /**
     * Ends a connection that failed. After {@link #close()} the failure is typically the server dropping the
     * connection instead of answering the close frame; the connection ends as asked, so it is a normal close.
     */
    private void failed(String message) {
        finish(closeRequested.get() ? null : Errors.disconnected(message));
    }

    private void finish(@Nullable ErrorInfo error) {
        if (closed.compareAndSet(false, true)) {
            outbound.clear();
            Cancellable grace = closeGrace;
            if (grace != null) {
                grace.cancel();
            }
            listener.onClose(error);
        }
    }

    private void deliver(Supplier<ProtocolMessage> decoder, int frameBytes) {
        FrameCodec.deliver(decoder, frameBytes, listener, log);
    }

    private final class Receiver implements WebSocket.Listener {
        private @Nullable StringBuilder text;
        private @Nullable ByteArrayOutputStream binary;

        @Override
        public void onOpen(WebSocket ws) {
            // Called by the JDK before any message is delivered, so the listener always sees onOpen first.
            webSocket = ws;
            listener.onOpen();
            ws.request(1);
            flush();
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            if (text == null && last) {
                String frame = data.toString();
                deliver(() -> codec.decodeText(frame), frame.length());
            } else {
                StringBuilder sb = text;
                if (sb == null) {
                    sb = new StringBuilder();
                    text = sb;
                }
                if (sb.length() + data.length() > MAX_MESSAGE_BYTES) {
                    tooLarge(ws);
                    return null;
                }
                sb.append(data);
                if (last) {
                    text = null;
                    String frame = sb.toString();
                    deliver(() -> codec.decodeText(frame), frame.length());
                }
            }
            requestNext(ws);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            if (binary == null && last) { // a whole message in one piece (the usual case): one copy, no stream
                byte[] frame = new byte[data.remaining()];
                data.get(frame);
                deliver(() -> codec.decodeBinary(frame), frame.length);
                requestNext(ws);
                return null;
            }
            ByteArrayOutputStream out = binary;
            if (out == null) {
                out = new ByteArrayOutputStream();
                binary = out;
            }
            if (out.size() + data.remaining() > MAX_MESSAGE_BYTES) {
                tooLarge(ws);
                return null;
            }
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            out.write(chunk, 0, chunk.length);
            if (last) {
                binary = null;
                byte[] frame = out.toByteArray();
                deliver(() -> codec.decodeBinary(frame), frame.length);
            }
            requestNext(ws);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            listener.onPing(); // the JDK sends the pong
            requestNext(ws);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            requestNext(ws);
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            finish(
                    closeRequested.get()
                            ? null
                            : Errors.disconnected(
                                    "WebSocket closed by the server (" + statusCode + " " + reason + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            failed("WebSocket error: " + error);
        }

        private void tooLarge(WebSocket ws) {
            ws.abort();
            finish(Errors.disconnected("Inbound message larger than " + MAX_MESSAGE_BYTES + " bytes"));
        }
    }
}
