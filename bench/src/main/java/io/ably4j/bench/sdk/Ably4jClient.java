package io.ably4j.bench.sdk;

import io.ably4j.ChannelOptions;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * ably4j with the settings the benchmark uses: endpoint localhost, plain ws on the emulator's port, key auth (allowed
 * over non-TLS only because the emulator is local), msgpack, no auto-connect, errors-only logging, and the given
 * WebSocket engine ({@value #NAME}: the default JDK one; {@value #NIO_NAME}: ably4j's NIO engine); all other options at
 * their defaults (callbacks on the shared pool), except for {@value #DIRECT_NAME}: the NIO engine in direct mode.
 */
final class Ably4jClient implements SdkClient {
    static final String NAME = "ably4j";
    static final String NIO_NAME = "ably4j-nio";
    /** ably4j's NIO engine in direct mode: listeners run inline on the I/O thread ({@code Runnable::run}). */
    static final String DIRECT_NAME = "ably4j-direct";

    private final RealtimeClient client;

    Ably4jClient(Config config, WebSocketEngine engine) {
        this(config, engine, false);
    }

    Ably4jClient(Config config, WebSocketEngine engine, boolean direct) {
        ClientOptions.Builder b = ClientOptions.builder();
        if (direct) {
            b.callbackExecutor(Runnable::run);
        }
        this.client = new RealtimeClient(b.webSocketEngine(engine)
                .key(config.key())
                .endpoint("localhost")
                .port(config.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .useBinaryProtocol(true)
                .echoMessages(config.echo())
                .autoConnect(false)
                .logLevel(LogLevel.ERROR)
                .build());
    }

    @Override
    public CompletableFuture<Void> connect() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<?> unused =
                client.connection().whenState(ConnectionState.CONNECTED).thenRun(() -> done.complete(null));
        CompletableFuture<?> unused2 = client.connection()
                .whenState(ConnectionState.FAILED)
                .thenRun(() -> done.completeExceptionally(new IllegalStateException(
                        "ably4j connection failed: " + client.connection().errorReason())));
        client.connect();
        return done;
    }

    @Override
    public CompletableFuture<Void> attach(String channel) {
        return client.channels().get(channel).attach();
    }

    @Override
    public CompletableFuture<Void> attach(String channel, Map<String, String> params) {
        return client.channels()
                .get(channel, ChannelOptions.builder().params(params).build())
                .attach();
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public int attachAndGetPresence(String channel, long timeoutSeconds) {
        RealtimeChannel ch = client.channels().get(channel);
        CompletableFuture<?> unused = ch.attach();
        return ch.presence().get().await(Duration.ofSeconds(timeoutSeconds)).size();
    }

    @Override
    public void subscribe(String channel, Consumer<Object> listener) {
        client.channels().get(channel).subscribe(m -> {
            Object data = m.data();
            if (data != null) {
                listener.accept(data);
            }
        });
    }

    @Override
    public void publish(String channel, String data, AckListener ack) {
        CompletableFuture<?> unused =
                client.channels().get(channel).publish("m", data).whenComplete((r, e) -> ack.done(e == null));
    }
}
