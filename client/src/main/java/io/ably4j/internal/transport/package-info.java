/** Internal: the transport SPI and its {@code java.net.http.WebSocket} implementation. Not public API. */
@NullMarked
package io.ably4j.internal.transport;

import org.jspecify.annotations.NullMarked;
