package io.ably4j;

/**
 * The WebSocket implementation a {@link RealtimeClient} uses for its realtime connection (see {@link
 * ClientOptions.Builder#webSocketEngine(WebSocketEngine)}). Both engines behave the same towards the client: the same
 * upgrade request, the same frames, the same error codes and the same TLS checks (hostname verification on, the
 * {@link ClientOptions#sslContext()} or the JDK default context). They differ in threads and memory.
 */
public enum WebSocketEngine {
    /**
     * The JDK's {@link java.net.http.WebSocket}, available as an option. All connections share one {@link
     * java.net.http.HttpClient} (one selector thread) per {@link javax.net.ssl.SSLContext}. Each connection holds the
     * HttpClient's per-connection buffers and schedulers (tens of KiB) while idle.
     */
    JDK,

    /**
     * ably4j's own RFC 6455 WebSocket client over non-blocking sockets, the default: every connection of the process is
     * served by
     * one shared selector thread ({@code ably4j-nio}, a daemon started on first use), and TLS runs on {@link
     * javax.net.ssl.SSLEngine}. Read and write buffers belong to that thread, not to the connections: an idle
     * connection holds no I/O buffers, only the bytes of a partly received frame or TLS record. Host names are
     * resolved on the library's shared worker threads, never on the selector thread.
     */
    NIO
}
