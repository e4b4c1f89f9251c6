package io.ably4j.bench.emulator;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.ProtocolMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A raw msgpack realtime connection over the JDK WebSocket, for load generation. Inbound frames are decoded with
 * {@link ProtocolCodec} on the WebSocket's listener thread (callbacks of one connection never overlap) and handed
 * to the handler. {@link #send} may be called from one thread at a time.
 */
public final class RawConnection implements WebSocket.Listener {
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ProtocolCodec decoder = ProtocolCodec.create(WireFormat.MSGPACK);
    private final ProtocolCodec encoder = ProtocolCodec.create(WireFormat.MSGPACK);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final Consumer<ProtocolMessage> handler;
    /** Completes with the CONNECTED frame (or fails on ERROR or close before it). */
    public final CompletableFuture<ProtocolMessage> connected = new CompletableFuture<>();
    /** Completes with the close status (-1 on error). */
    public final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private @Nullable WebSocket ws;

    private RawConnection(Consumer<ProtocolMessage> handler) {
        this.handler = handler;
    }

    /** Starts opening a connection; {@link #connected} completes with the CONNECTED frame. */
    public static CompletableFuture<RawConnection> open(
            HttpClient client, URI realtime, String key, Consumer<ProtocolMessage> handler) {
        String query = "?v=6&format=msgpack&heartbeats=false&key="
                + java.net.URLEncoder.encode(key, java.nio.charset.StandardCharsets.UTF_8);
        RawConnection c = new RawConnection(handler);
        return client.newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .buildAsync(realtime.resolve("/" + query), c)
                .thenApply(ws -> {
                    c.ws = ws;
                    return c;
                });
    }

    /** Encodes and sends one frame, waiting until the JDK accepted it (it allows one send in flight). */
    public void send(ProtocolMessage message) {
        WebSocket w = ws;
        if (w == null) {
            throw new IllegalStateException("not open");
        }
        w.sendBinary(ByteBuffer.wrap(encoder.encode(message)), true)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .join();
    }

    /** Aborts the WebSocket (no close handshake). */
    public void abort() {
        WebSocket w = ws;
        if (w != null) {
            w.abort();
        }
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        ProtocolMessage m;
        if (last && partial.size() == 0) {
            m = decoder.decode(data);
        } else {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (!last) {
                return null;
            }
            m = decoder.decode(partial.toByteArray());
            partial.reset();
        }
        if (m.action() == ProtocolMessage.Action.CONNECTED) {
            connected.complete(m);
        } else if (m.action() == ProtocolMessage.Action.ERROR && !connected.isDone()) {
            connected.completeExceptionally(new IllegalStateException("ERROR " + m.error()));
        }
        handler.accept(m);
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        connected.completeExceptionally(new IllegalStateException("closed " + statusCode));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
        connected.completeExceptionally(error);
    }
}
