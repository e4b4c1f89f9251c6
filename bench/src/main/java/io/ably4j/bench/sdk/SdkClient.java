package io.ably4j.bench.sdk;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One realtime client of either SDK, reduced to what the scenarios need, so that the measuring code is shared. Both
 * implementations connect over plain WebSocket to the local emulator with key (basic) auth and msgpack.
 */
interface SdkClient {
    /** What a client is created with. {@code echo}: whether the server echoes the client's own messages back. */
    record Config(int port, String key, boolean echo) {}

    /** Receives the outcome of one publish: true on ACK, false on NACK or failure. */
    @FunctionalInterface
    interface AckListener {
        void done(boolean ok);
    }

    /** Starts connecting; completes when CONNECTED, fails if the connection fails first. */
    CompletableFuture<Void> connect();

    /** Attaches {@code channel}; completes when ATTACHED. */
    CompletableFuture<Void> attach(String channel);

    /**
     * Attaches {@code channel} with the given channel {@code params} (e.g. {@code delta=vcdiff}); completes when
     * ATTACHED. Only the ably4j and ably-java clients support it.
     */
    default CompletableFuture<Void> attach(String channel, Map<String, String> params) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("channel params on " + getClass()));
    }

    /** Closes the client (the workers do not: they exit); by default does nothing. */
    default void close() {}

    /** Calls {@code listener} with the data of every message on {@code channel} (which should be attached). */
    void subscribe(String channel, Consumer<Object> listener);

    /** Publishes one message named "m" with string {@code data}; {@code ack} gets the outcome. */
    void publish(String channel, String data, AckListener ack);

    /**
     * Calls attach on {@code channel}, then gets its presence set waiting for the sync to complete (blocking, at most
     * {@code timeoutSeconds}); returns the number of members present.
     */
    int attachAndGetPresence(String channel, long timeoutSeconds) throws Exception;

    /** Creates an unconnected client of {@code sdk}. Only that SDK's classes are loaded. */
    static SdkClient create(String sdk, Config config) {
        return switch (sdk) {
            case Ably4jClient.NAME -> new Ably4jClient(config, io.ably4j.WebSocketEngine.JDK);
            case Ably4jClient.NIO_NAME -> new Ably4jClient(config, io.ably4j.WebSocketEngine.NIO);
            case Ably4jClient.DIRECT_NAME -> new Ably4jClient(config, io.ably4j.WebSocketEngine.NIO, true);
            case RawReaderClient.NAME -> new RawReaderClient(config);
            case AblyJavaClient.NAME -> AblyJavaClient.create(config);
            default ->
                throw new IllegalArgumentException(
                        "unknown SDK " + sdk + " (ably4j, ably4j-nio, ably4j-direct, raw or ably-java)");
        };
    }
}
