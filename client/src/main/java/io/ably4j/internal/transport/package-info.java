/**
 * Internal: the transport SPI and its two WebSocket implementations, over {@code java.net.http.WebSocket} ({@code
 * JdkWebSocketTransport}) and over ably4j's own non-blocking RFC 6455 client ({@code NioWebSocketTransport}). Not
 * public API.
 */
@NullMarked
package io.ably4j.internal.transport;

import org.jspecify.annotations.NullMarked;
