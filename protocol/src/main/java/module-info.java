/**
 * Ably wire types ({@code io.ably4j.types}, public) and their codecs ({@code io.ably4j.internal.protocol},
 * exported only to the client).
 */
// msgpack-core 0.9.x ships no module descriptor or Automatic-Module-Name, so it can only be required by
// its file-derived automatic name; that is the one warning suppressed here.
@SuppressWarnings("requires-automatic")
module io.ably4j.protocol {
    requires static transitive org.jspecify;
    requires com.fasterxml.jackson.core;
    requires msgpack.core;

    exports io.ably4j.types;
    exports io.ably4j.internal.protocol to
            io.ably4j.client;
}
