package io.ably4j.bench.sdk;

/**
 * One REST client of either SDK, reduced to what the {@code rest} scenario needs. Both implementations send plain
 * HTTP to the local emulator with key (basic) auth and msgpack bodies, with no fallback hosts.
 */
interface RestSdkClient {
    /**
     * Publishes one message named "m" with string {@code data} in one request, without blocking the caller; {@code
     * done} gets the outcome (true on a 2xx response), on a thread of the SDK.
     */
    void publish(String channel, String data, SdkClient.AckListener done);

    /** Creates a REST client of {@code sdk}. Only that SDK's classes are loaded. */
    static RestSdkClient create(String sdk, SdkClient.Config config) {
        return switch (sdk) {
            case Ably4jClient.NAME -> new Ably4jRestClient(config);
            case AblyJavaClient.NAME -> AblyJavaRestClient.create(config);
            default -> throw new IllegalArgumentException("no REST client for " + sdk + " (ably4j or ably-java)");
        };
    }
}
