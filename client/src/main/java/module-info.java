/**
 * The ably4j realtime client. The public API is the {@code io.ably4j} package; everything under {@code
 * io.ably4j.internal} is an implementation detail and is not exported.
 */
module io.ably4j.client {
    requires transitive io.ably4j.protocol;
    requires java.net.http;
    requires static org.jspecify;

    exports io.ably4j;
}
