package io.ably4j.bench.sdk;

import io.ably4j.ClientOptions;
import io.ably4j.LogLevel;
import io.ably4j.RestClient;
import java.util.concurrent.CompletableFuture;

/**
 * ably4j's {@link RestClient} with the settings the benchmark uses: endpoint localhost, plain HTTP on the emulator's
 * port, key auth (allowed over non-TLS only because the emulator is local), msgpack, errors-only logging; all other
 * options at their defaults (the shared JDK HttpClient, completions on the shared callback pool). {@code publish} is
 * the asynchronous {@code RestChannel.publish(name, data)}, whose future completes on the callback executor.
 */
final class Ably4jRestClient implements RestSdkClient {
    private final RestClient client;

    Ably4jRestClient(SdkClient.Config config) {
        this.client = new RestClient(ClientOptions.builder()
                .key(config.key())
                .endpoint("localhost")
                .port(config.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .useBinaryProtocol(true)
                .logLevel(LogLevel.ERROR)
                .build());
    }

    @Override
    public void publish(String channel, String data, SdkClient.AckListener done) {
        CompletableFuture<?> unused =
                client.channels().get(channel).publish("m", data).whenComplete((r, e) -> done.done(e == null));
    }
}
