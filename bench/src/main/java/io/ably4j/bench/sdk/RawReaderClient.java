package io.ably4j.bench.sdk;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.ProtocolMessage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The reference of the saturation scenario ({@value #NAME}): a bare JDK WebSocket reader of the frames the emulator
 * has encoded. It decodes frames only until its channel is ATTACHED; after that it counts each complete binary frame
 * as one delivered message without decoding it (the publisher sends one message per frame, and heartbeats are off),
 * so it measures what reading the socket costs and nothing of an SDK. Subscribes to one channel only; cannot publish.
 */
final class RawReaderClient implements SdkClient, WebSocket.Listener {
    static final String NAME = "raw";
    private static final Object FRAME = "frame";

    private final Config config;
    private final ProtocolCodec codec = ProtocolCodec.create(WireFormat.MSGPACK);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> attached = new CompletableFuture<>();
    private volatile Consumer<Object> listener = data -> {};
    /** Set once ATTACHED has been read: from then on frames are counted, not decoded. Listener thread only. */
    private boolean counting;

    private volatile @Nullable WebSocket ws;

    RawReaderClient(Config config) {
        this.config = config;
    }

    @Override
    public CompletableFuture<Void> connect() {
        String query = "/?v=6&format=msgpack&heartbeats=false&echo=" + config.echo() + "&key="
                + URLEncoder.encode(config.key(), StandardCharsets.UTF_8);
        CompletableFuture<?> unused = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(URI.create("ws://127.0.0.1:" + config.port() + query), this)
                .whenComplete((w, e) -> {
                    if (e != null) {
                        connected.completeExceptionally(e);
                    }
                });
        return connected;
    }

    @Override
    public CompletableFuture<Void> attach(String channel) {
        WebSocket w = ws;
        if (w == null) {
            throw new IllegalStateException("not connected");
        }
        byte[] frame = codec.encode(ProtocolMessage.builder(ProtocolMessage.Action.ATTACH)
                .channel(channel)
                .build());
        return w.sendBinary(ByteBuffer.wrap(frame), true).thenCompose(x -> attached);
    }

    @Override
    public void subscribe(String channel, Consumer<Object> listener) {
        this.listener = listener;
    }

    @Override
    public void publish(String channel, String data, AckListener ack) {
        throw new UnsupportedOperationException("the raw reader only reads");
    }

    @Override
    public int attachAndGetPresence(String channel, long timeoutSeconds) {
        throw new UnsupportedOperationException("the raw reader only reads");
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        ws = webSocket; // before any frame: CONNECTED may arrive before buildAsync's future completes
        webSocket.request(Long.MAX_VALUE);
    }

    @Override
    public @Nullable CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        if (counting) {
            if (last) {
                listener.accept(FRAME);
            }
            return null;
        }
        byte[] b = new byte[data.remaining()];
        data.get(b);
        partial.writeBytes(b);
        if (!last) {
            return null;
        }
        ProtocolMessage m = codec.decode(partial.toByteArray());
        partial.reset();
        switch (m.action()) {
            case CONNECTED -> connected.complete(null);
            case ATTACHED -> {
                counting = true;
                attached.complete(null);
            }
            case ERROR -> {
                IllegalStateException e = new IllegalStateException("ERROR " + m.error());
                connected.completeExceptionally(e);
                attached.completeExceptionally(e);
            }
            default -> {}
        }
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        connected.completeExceptionally(error);
        attached.completeExceptionally(error);
    }
}
