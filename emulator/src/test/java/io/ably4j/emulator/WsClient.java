package io.ably4j.emulator;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/** A minimal raw realtime client for tests: JDK WebSocket, JSON or msgpack frames. */
final class WsClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** {@link #awaitClosed()}'s result when the JDK missed the close and a write found the socket dead. */
    static final int CLOSED_UNNOTICED = -2;

    private static final HttpClient SHARED = HttpClient.newHttpClient();
    private static final AtomicInteger ROUND_TRIPS = new AtomicInteger();

    final boolean json;
    private final WebSocket ws;
    private final List<Frame> received;
    final CompletableFuture<Integer> closed;
    final AtomicInteger pings;

    private WsClient(boolean json, WebSocket ws, Holder h) {
        this.json = json;
        this.ws = ws;
        this.received = h.received;
        this.closed = h.closed;
        this.pings = h.pings;
    }

    /** Connects with extra query parameters, e.g. {@code key}, {@code format}. */
    static WsClient connect(Emulator emu, Map<String, String> params) {
        return connect(emu, params, null, Long.MAX_VALUE);
    }

    static WsClient connect(Emulator emu, Map<String, String> params, @Nullable SSLContext ssl, long demand) {
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&")
                .append(k)
                .append('=')
                .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = URI.create(emu.realtimeUri() + q.toString());
        boolean json = !"msgpack".equals(params.get("format"));
        HttpClient client =
                ssl == null ? SHARED : HttpClient.newBuilder().sslContext(ssl).build();
        Holder h = new Holder(json, demand);
        WebSocket ws = client.newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(uri, h)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
        return new WsClient(json, ws, h);
    }

    /** Key-authenticated JSON connection. */
    static WsClient connect(Emulator emu, String... extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("key", emu.key());
        p.put("format", "json");
        p.put("v", "6");
        for (int i = 0; i + 1 < extra.length; i += 2) {
            p.put(extra[i], extra[i + 1]);
        }
        return connect(emu, p);
    }

    /** Connects and returns once CONNECTED arrived. */
    static WsClient connected(Emulator emu, String... extra) throws Exception {
        WsClient c = connect(emu, extra);
        c.await(Frame.CONNECTED);
        return c;
    }

    void send(Frame f) {
        if (json) {
            ws.sendText(f.toJson(), true).orTimeout(10, TimeUnit.SECONDS).join();
        } else {
            ws.sendBinary(ByteBuffer.wrap(Wire.encodeMsgpack(f.fields())), true)
                    .orTimeout(10, TimeUnit.SECONDS)
                    .join();
        }
    }

    void sendJson(String json) throws Wire.MalformedException {
        send(Frame.parseJson(json));
    }

    void sendRawText(String text) {
        ws.sendText(text, true).join();
    }

    void sendRawBinary(byte[] bytes) {
        ws.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** Waits for (and consumes) the first received frame matching. */
    Frame await(Predicate<Frame> p) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (received) {
            while (true) {
                for (Iterator<Frame> it = received.iterator(); it.hasNext(); ) {
                    Frame f = it.next();
                    if (p.test(f)) {
                        it.remove();
                        return f;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching frame within " + TIMEOUT + "; received " + received);
                }
                received.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    Frame await(int action) throws InterruptedException {
        return await(f -> f.action() == action);
    }

    Frame await(int action, String channel) throws InterruptedException {
        return await(f -> f.action() == action && channel.equals(f.channel()));
    }

    /** Frames received and not yet consumed, with this action. */
    List<Frame> pending(int action) {
        synchronized (received) {
            List<Frame> out = new ArrayList<>();
            for (Frame f : received) {
                if (f.action() == action) {
                    out.add(f);
                }
            }
            return out;
        }
    }

    /** Close code from the server (or -1 for an abrupt end), waiting up to the timeout. */
    /**
     * Waits until the server ends the connection: its close code, or {@link #CLOSED_UNNOTICED} when the JDK missed
     * the end of the stream and a write to the dead socket failed instead.
     *
     * <p>The JDK's WebSocket client (17.0.15, and the same code in 25) loses a TCP FIN that arrives while the
     * listener is still handling the previous message: the transport's receive task calls {@code
     * acknowledgeReception()} with no demand left, which throws {@code InternalError} on the selector thread, so
     * neither {@code onClose} nor {@code onError} is ever called and the socket stays in CLOSE_WAIT. About 1 in 100
     * FIN-after-frame closes hit it. A peer that stops sending is then only noticed by writing to it: the first write
     * after the server closed draws an RST, a later one fails. So after a short wait this sends empty pings until one
     * fails.
     */
    int awaitClosed() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            while (true) {
                try {
                    return closed.get(200, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("connection not closed within " + TIMEOUT, e);
                    }
                }
                if (!writable()) {
                    return CLOSED_UNNOTICED;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    /** False when an empty ping cannot be written any more (a write that stays pending proves nothing). */
    private boolean writable() throws InterruptedException {
        try {
            ws.sendPing(ByteBuffer.allocate(0)).get(1, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException | IllegalStateException failed) {
            return false;
        } catch (TimeoutException pending) {
            return true;
        }
    }

    /**
     * Sends a HEARTBEAT with a fresh id and waits for its echo: every frame the server queued for this connection
     * before it handled the HEARTBEAT has then been received (to assert that something was not sent).
     */
    void roundTrip() throws InterruptedException {
        String id = "rt-" + ROUND_TRIPS.incrementAndGet();
        send(Frame.of(Frame.HEARTBEAT).put("id", id));
        await(f -> f.action() == Frame.HEARTBEAT && id.equals(f.string("id")));
    }

    Frame attach(String channel) throws Exception {
        send(Frame.of(Frame.ATTACH).put("channel", channel));
        return await(Frame.ATTACHED, channel);
    }

    void request(long n) {
        ws.request(n);
    }

    /** Ends the TCP connection abruptly (a transport loss, as far as the server can tell). */
    void abort() {
        ws.abort();
    }

    @Override
    public void close() {
        ws.abort();
    }

    private static final class Holder implements WebSocket.Listener {
        private final boolean json;
        private final long demand;
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        final List<Frame> received = new ArrayList<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final AtomicInteger pings = new AtomicInteger();

        Holder(boolean json, long demand) {
            this.json = json;
            this.demand = demand;
        }

        private void deliver(Frame f) {
            synchronized (received) {
                received.add(f);
                received.notifyAll();
            }
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(demand);
        }

        @Override
        public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String s = text.toString();
                text.setLength(0);
                try {
                    Frame f = Frame.parseJson(s);
                    deliver(f);
                } catch (Wire.MalformedException e) {
                    throw new AssertionError("server sent malformed JSON: " + s, e);
                }
            }
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                byte[] all = binary.toByteArray();
                binary.reset();
                try {
                    Frame f = json
                            ? Frame.parseJson(new String(all, StandardCharsets.UTF_8))
                            : Frame.wrap(Wire.decodeMsgpackObject(all));
                    deliver(f);
                } catch (Wire.MalformedException e) {
                    throw new AssertionError("server sent a malformed frame", e);
                }
            }
            return null;
        }

        @Override
        public @Nullable CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            pings.incrementAndGet();
            return WebSocket.Listener.super.onPing(webSocket, message);
        }

        @Override
        public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
