/**
 * Ably wire types ({@code io.ably4j.types}, public) and their codecs ({@code io.ably4j.internal.protocol},
 * exported only to the client).
 */
module io.ably4j.protocol {
    requires static transitive org.jspecify;
    requires com.fasterxml.jackson.core;

    exports io.ably4j.types;
    exports io.ably4j.internal.protocol to
            io.ably4j.client;
}
