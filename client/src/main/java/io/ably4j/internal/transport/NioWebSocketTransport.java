package io.ably4j.internal.transport;

import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.internal.util.SharedResources;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Transport} over ably4j's own RFC 6455 client on non-blocking sockets ({@link
 * io.ably4j.WebSocketEngine#NIO}), with the same observable behaviour as {@link JdkWebSocketTransport}: the same error
 * codes and messages, {@link #close()} flushes the queued frames, sends close 1000 and waits up to 5 s for the
 * server's close, a server close is reported as error 80003, a message over {@link
 * JdkWebSocketTransport#MAX_MESSAGE_BYTES} fails the connection, and an undecodable message is dropped with a warning.
 *
 * <ul>
 *   <li>All I/O runs on the one shared {@link NioLoop} thread, which also delivers the listener's events (one at a
 *       time, in order). Host names are resolved on the shared worker pool first; IP literals need no lookup.
 *   <li>{@link #send} encodes on the calling thread and queues the frame payload; the loop masks it while copying it
 *       into its output buffer and writes many frames (of many sends) per system call. A send schedules at most one
 *       pending flush per connection.
 *   <li>TLS ({@code wss}) uses an {@link SSLEngine} from the given context (else the JDK default) with SNI and hostname
 *       verification ({@code HTTPS} endpoint identification).
 *   <li>The connect timeout covers resolution, TCP, TLS and the upgrade.
 * </ul>
 */
public final class NioWebSocketTransport implements Transport {
    private static final Object CLOSE_MARKER = new Object();
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);
    /**
     * Output batches one flush writes before it lets the loop serve other connections (it then continues when the
     * socket is next writable): 8 batches of the loop's 32 KiB plaintext buffer.
     */
    static final int MAX_BATCHES_PER_TURN = 8;

    private static final int RESOLVING = 0;
    private static final int CONNECTING = 1;
    private static final int TLS_HANDSHAKE = 2;
    private static final int UPGRADING = 3;
    private static final int OPEN = 4;
    private static final int CLOSED = 5;

    /** A pong to send, answering a ping with the same payload. */
    private static final class Pong {
        final byte[] payload;

        Pong(byte[] payload) {
            this.payload = payload;
        }
    }

    private final NioLoop loop;
    private final FrameCodec codec;
    private final int dataOpcode;
    private final TransportListener listener;
    private final Log log;
    private final String host;
    private final int port;
    private final boolean tls;
    private final @Nullable SSLContext sslContext;
    private final Queue<Object> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicBoolean closeRequested = new AtomicBoolean();
    private final Runnable flushTask = this::scheduledFlush;
    private final Events events = new Events();
    private volatile boolean closed;
    private volatile @Nullable Cancellable timer;
    /** Reading is paused ({@link #pauseReading}): {@code OP_READ} is off and the read loop stops after one read. */
    private volatile boolean readPaused;

    private final Runnable applyReadPause = this::applyReadPause;

    // Loop-thread state.
    private int state = RESOLVING;
    private @Nullable Upgrade upgrade;
    private byte @Nullable [] upgradeRequest;
    private @Nullable SocketChannel channel;
    private @Nullable SelectionKey key;
    private @Nullable NioWire wire;
    private @Nullable FrameReader reader;
    private final FrameWriter writer = new FrameWriter();
    private boolean closeSent;

    private NioWebSocketTransport(
            NioLoop loop,
            URI uri,
            FrameCodec codec,
            TransportListener listener,
            Log log,
            @Nullable SSLContext sslContext) {
        this.loop = loop;
        this.codec = codec;
        this.dataOpcode = switch (codec.format()) {
            case JSON -> FrameReader.TEXT;
            case MSGPACK -> FrameReader.BINARY;
        };
        this.listener = listener;
        this.log = log;
        String h = uri.getHost();
        this.host = h == null ? "" : h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
        this.tls = "wss".equalsIgnoreCase(uri.getScheme());
        this.port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
        this.sslContext = sslContext;
    }

    /**
     * A factory of NIO transports.
     *
     * @param sslContext the TLS context for {@code wss}, or null for the JDK default
     * @param connectTimeout bounds resolution, TCP connect, TLS handshake and upgrade together
     */
    public static TransportFactory factory(@Nullable SSLContext sslContext, Duration connectTimeout, Log log) {
        return (uri, headers, format, listener) -> {
            NioWebSocketTransport t =
                    new NioWebSocketTransport(NioLoop.get(), uri, new FrameCodec(format), listener, log, sslContext);
            t.start(uri, headers, connectTimeout);
            return t;
        };
    }

    private void start(URI uri, Map<String, String> headers, Duration connectTimeout) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (host.isEmpty() || !(scheme.equals("ws") || scheme.equals("wss"))) {
            loop.execute(() -> finish(openError("not a ws:// or wss:// URI with a host: " + uri)));
            return;
        }
        Upgrade u = new Upgrade();
        upgrade = u;
        upgradeRequest = u.request(uri, headers);
        timer = SharedResources.scheduler()
                .schedule(
                        connectTimeout,
                        () -> loop.execute(() -> {
                            if (state < OPEN) {
                                finish(openError("timed out after " + connectTimeout.toMillis() + " ms"));
                            }
                        }));
        if (TlsWire.isIpLiteral(host)) {
            loop.execute(() -> connect(new InetSocketAddress(host, port))); // a literal needs no lookup
        } else {
            SharedResources.workers().execute(() -> {
                try {
                    InetAddress address = InetAddress.getByName(host);
                    loop.execute(() -> connect(new InetSocketAddress(address, port)));
                } catch (UnknownHostException e) {
                    loop.execute(() -> finish(openError(e.toString())));
                }
            });
        }
    }

    @Override
    public void send(ProtocolMessage message) {
        if (closed || closeRequested.get()) {
            return;
        }
        synchronized (outbound) { // encode and enqueue atomically: frames go out in call order
            outbound.add(codec.encodeBytes(message));
        }
        scheduleFlush();
    }

    @Override
    public void close() {
        if (closeRequested.compareAndSet(false, true)) {
            outbound.add(CLOSE_MARKER);
            scheduleFlush();
            pauseReading(false); // read the server's close frame
        }
    }

    @Override
    public void pauseReading(boolean paused) {
        readPaused = paused;
        if (paused && closeRequested.get()) {
            readPaused = false; // closing (perhaps meanwhile): keep reading so that the close handshake completes
        }
        if (loop.inLoop()) {
            applyReadPause();
        } else {
            loop.execute(applyReadPause);
        }
    }

    /**
     * Turns {@code OP_READ} off or on to match {@link #readPaused} (whatever the order of pause and resume calls). With
     * it off the selector does not report this socket readable, so a paused connection costs the loop nothing. Loop
     * thread.
     */
    private void applyReadPause() {
        SelectionKey k = key;
        if (state != OPEN || k == null || !k.isValid()) {
            return; // before OPEN nothing is paused; after it the key is gone
        }
        int ops = k.interestOps();
        interest(readPaused ? ops & ~SelectionKey.OP_READ : ops | SelectionKey.OP_READ);
    }

    /** Bytes this connection holds between events beyond its fixed fields (for tests). Loop thread only. */
    int heldBytes() {
        NioWire w = wire;
        FrameReader r = reader;
        return (w == null ? 0 : w.heldBytes()) + (r == null ? 0 : r.heldBytes());
    }

    /** Frames queued and not yet taken for writing (for tests). Any thread. */
    int queuedFrames() {
        return outbound.size();
    }

    /** Whether the socket is still open or registered with the selector (for tests). Loop thread only. */
    boolean holdsSocket() {
        SocketChannel ch = channel;
        SelectionKey k = key;
        return (ch != null && ch.isOpen()) || (k != null && k.isValid());
    }

    /** The selection key's interest set, or -1 without a valid key (for tests). Loop thread only. */
    int interestOps() {
        SelectionKey k = key;
        return k != null && k.isValid() ? k.interestOps() : -1;
    }

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            loop.execute(flushTask); // at most one pending flush (and loop wakeup) per connection
        }
    }

    private void scheduledFlush() {
        flushScheduled.set(false);
        try {
            flush();
        } catch (IOException | RuntimeException e) {
            failed("WebSocket send failed: " + e);
        }
    }

    /**
     * Ends an open connection that failed. After {@link #close()} the failure is typically the server dropping the
     * connection instead of answering the close frame; the connection ends as asked, so it is a normal close.
     */
    private void failed(String message) {
        finish(closeRequested.get() ? null : Errors.disconnected(message));
    }

    /**
     * Writes queued frames, many per system call, until the queue is empty, the socket is full, or this turn's share
     * ({@link #MAX_BATCHES_PER_TURN}) is written; the rest waits for {@code OP_WRITE}. Loop thread.
     */
    private void flush() throws IOException {
        NioWire w = wire;
        if (state != OPEN || w == null || w.hasUnsent() || (closeSent && !writer.partial())) {
            return; // not open yet, or waiting for OP_WRITE, or done writing
        }
        for (int batch = 0; ; batch++) {
            if (batch == MAX_BATCHES_PER_TURN) {
                if (!writer.partial() && outbound.isEmpty()) {
                    return;
                }
                interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE); // yield; writable() continues
                return;
            }
            ByteBuffer out = loop.plainOut();
            writer.resume(out);
            Object item;
            while (!closeSent
                    && !writer.partial()
                    && out.remaining() >= FrameWriter.MAX_HEADER
                    && (item = outbound.poll()) != null) {
                if (item == CLOSE_MARKER) {
                    writer.write(out, FrameReader.CLOSE, new byte[] {3, (byte) 232}, loop.nextMask()); // 1000
                    closeSent = true;
                } else if (item instanceof Pong p) {
                    writer.write(out, FrameReader.PONG, p.payload, loop.nextMask());
                } else {
                    writer.write(out, dataOpcode, (byte[]) item, loop.nextMask());
                }
            }
            if (out.position() == 0) {
                return;
            }
            out.flip();
            boolean written = w.write(out);
            if (closeSent && !writer.partial()) {
                outbound.clear();
                startCloseGrace();
            }
            if (!written) {
                interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            if (closeSent && !writer.partial()) {
                return;
            }
        }
    }

    private void startCloseGrace() {
        Cancellable old = timer;
        if (old != null) {
            old.cancel();
        }
        timer = SharedResources.scheduler().schedule(CLOSE_GRACE, () -> loop.execute(() -> finish(null)));
    }

    /** Sets the key's interest set; {@code OP_READ} stays off while reading is paused. Loop thread. */
    private void interest(int ops) {
        SelectionKey k = key;
        int effective = readPaused && state == OPEN ? ops & ~SelectionKey.OP_READ : ops;
        if (k != null && k.isValid() && k.interestOps() != effective) {
            k.interestOps(effective);
        }
    }

    private void connect(InetSocketAddress address) {
        if (closed) {
            return;
        }
        try {
            SocketChannel ch = SocketChannel.open();
            channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            boolean connected = ch.connect(address);
            state = CONNECTING;
            key = loop.register(ch, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, events);
            if (connected) {
                connected(ch);
            }
        } catch (IOException | RuntimeException e) {
            finish(openError(e.toString()));
        }
    }

    private void connected(SocketChannel ch) throws IOException {
        interest(SelectionKey.OP_READ);
        if (!tls) {
            wire = new NioWire(loop, ch);
            startUpgrade();
            return;
        }
        SSLEngine engine = TlsWire.clientEngine(sslContext, host, port);
        TlsWire t = new TlsWire(loop, ch, engine);
        wire = t;
        state = TLS_HANDSHAKE;
        t.begin();
        continueTls(t);
    }

    private void continueTls(NioWire w) throws IOException {
        if (w.handshake()) {
            startUpgrade();
        } else if (w.hasUnsent()) {
            interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void startUpgrade() throws IOException {
        state = UPGRADING;
        byte[] request = upgradeRequest;
        upgradeRequest = null;
        NioWire w = wire;
        if (request == null || w == null) {
            throw new IOException("no upgrade request");
        }
        ByteBuffer out = loop.plainOut();
        ByteBuffer req = request.length <= out.capacity() ? out.put(request).flip() : ByteBuffer.wrap(request);
        if (!w.write(req)) {
            interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private void opened() throws IOException {
        state = OPEN;
        upgrade = null;
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
        reader = new FrameReader(JdkWebSocketTransport.MAX_MESSAGE_BYTES);
        applyReadPause(); // a pause asked for before OPEN takes effect now (else readable() would spin the selector)
        listener.onOpen();
    }

    private static ErrorInfo openError(String cause) {
        // The cause may quote the URL, whose query carries the key or token.
        return Errors.disconnected("Unable to open WebSocket: " + UrlCredentials.redact(cause));
    }

    /** Ends the connection and reports it (once). Loop thread only. */
    private void finish(@Nullable ErrorInfo error) {
        if (closed) {
            return;
        }
        closed = true;
        state = CLOSED;
        Cancellable t = timer;
        if (t != null) {
            t.cancel();
        }
        NioWire w = wire;
        if (w != null) {
            w.closeOutbound();
        }
        SelectionKey k = key;
        if (k != null) {
            k.cancel();
        }
        SocketChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                log.debug(() -> "closing the socket failed: " + e);
            }
        }
        wire = null;
        reader = null;
        upgrade = null;
        upgradeRequest = null;
        writer.clear();
        outbound.clear();
        batch.flush(listener); // the messages read before the close frame (or the failure) first
        listener.onClose(error);
    }

    /** Writes a close frame at once, if nothing else is half-written, then ends the connection. */
    private void closeWith(byte[] closePayload, ErrorInfo error) {
        NioWire w = wire;
        if (w != null && !w.hasUnsent() && !writer.partial() && !closeSent) {
            closeSent = true;
            ByteBuffer out = loop.plainOut();
            writer.write(out, FrameReader.CLOSE, closePayload, loop.nextMask());
            try {
                w.write(out.flip());
            } catch (IOException e) {
                // failing anyway
            }
        }
        finish(error);
    }

    /** The messages decoded from the current read, not yet handed to the listener; loop thread only. */
    private final ReadBatch batch = new ReadBatch();

    /** The loop's callbacks: socket readiness, plaintext input and parsed frames. Loop thread only. */
    private final class Events implements NioLoop.Handler, NioWire.Sink, FrameReader.Handler {
        @Override
        public void ready(int readyOps) {
            try {
                SocketChannel ch = channel;
                if (closed || ch == null) {
                    return;
                }
                if ((readyOps & SelectionKey.OP_CONNECT) != 0) {
                    if (!ch.finishConnect()) {
                        return;
                    }
                    connected(ch);
                }
                if (!closed && (readyOps & SelectionKey.OP_WRITE) != 0) {
                    writable();
                }
                if (!closed && (readyOps & SelectionKey.OP_READ) != 0) {
                    readable();
                }
            } catch (IOException | RuntimeException e) {
                String cause = e instanceof Upgrade.Failure ? String.valueOf(e.getMessage()) : e.toString();
                if (state < OPEN) {
                    finish(openError(cause));
                } else {
                    failed("WebSocket error: " + cause);
                }
            }
        }

        private void writable() throws IOException {
            NioWire w = wire;
            if (w == null || !w.flushUnsent()) {
                return;
            }
            interest(SelectionKey.OP_READ);
            if (state == TLS_HANDSHAKE) {
                continueTls(w);
            } else if (state == OPEN) {
                flush();
            }
        }

        private void readable() throws IOException {
            NioWire w = wire;
            if (w == null || (readPaused && state == OPEN)) {
                return; // paused after this round's selection: leave the data to TCP flow control
            }
            boolean more = w.read(this);
            if (closed) {
                return;
            }
            if (w.hasUnsent()) { // reading made output the socket did not take at once (e.g. a TLS key update reply)
                interest(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            if (!more) {
                if (state < OPEN) {
                    finish(openError("the server closed the connection during the handshake"));
                } else {
                    finish(
                            closeRequested.get() && closeSent
                                    ? null
                                    : Errors.disconnected(
                                            "WebSocket error: the server closed the connection without a close frame"));
                }
            } else if (state == TLS_HANDSHAKE) {
                continueTls(w);
            }
        }

        @Override
        public boolean accept(ByteBuffer data) throws IOException {
            if (closed) {
                return false;
            }
            if (state < OPEN) {
                Upgrade u = upgrade;
                if (state != UPGRADING || u == null) {
                    throw new IOException("data from the server before the upgrade request");
                }
                if (!u.feed(data)) {
                    return true;
                }
                u.verify();
                opened();
                NioWebSocketTransport.this.flush(); // sends queued before the connection opened
            }
            FrameReader r = reader;
            if (r == null || closed) {
                return false;
            }
            r.feed(data, this);
            batch.flush(listener); // one batch per read: the backlog may pause reading before the next one
            return !closed && !r.done();
        }

        @Override
        public boolean readPaused() {
            return readPaused && state == OPEN;
        }

        @Override
        public void onText(String text) {
            onText(text, text.length());
        }

        @Override
        public void onText(String text, int utf8Bytes) {
            batch.add(codec.decodeTextOrDrop(text, log), utf8Bytes);
        }

        @Override
        public void onBinary(byte[] data) {
            onBinary(data, 0, data.length);
        }

        @Override
        public void onBinary(byte[] data, int offset, int length) {
            batch.add(codec.decodeBinaryOrDrop(data, offset, length, log), length); // in place: no copy per frame
        }

        @Override
        public void onPing(byte[] payload) {
            batch.flush(listener); // the messages before the ping first
            listener.onPing();
            if (!closeSent) {
                outbound.add(new Pong(payload));
                scheduleFlush();
            }
        }

        @Override
        public void onPong() {}

        @Override
        public void onClose(int code, String reason) {
            if (closeRequested.get()) {
                finish(null);
                return;
            }
            byte[] reply = code == FrameReader.NO_STATUS ? new byte[0] : new byte[] {(byte) (code >> 8), (byte) code};
            closeWith(reply, Errors.disconnected("WebSocket closed by the server (" + code + " " + reason + ")"));
        }

        @Override
        public void onError(int closeCode, String message) {
            String m = closeCode == FrameReader.TOO_BIG ? message : "WebSocket protocol error: " + message;
            closeWith(new byte[] {(byte) (closeCode >> 8), (byte) closeCode}, Errors.disconnected(m));
        }
    }
}
