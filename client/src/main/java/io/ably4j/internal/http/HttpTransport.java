package io.ably4j.internal.http;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one HTTP request; the seam between the library and the network, so unit tests drive HTTP with a fake. The
 * production implementation is on {@code java.net.http.HttpClient}.
 *
 * <p>The returned future completes with the response, whatever its status, or exceptionally with an {@link
 * java.io.IOException} when no response arrived: {@link java.net.http.HttpTimeoutException} (or {@link
 * java.net.http.HttpConnectTimeoutException}) when {@link HttpCall#timeout()} passed, {@link
 * java.net.UnknownHostException} or {@link java.net.ConnectException} when the host could not be reached. It never
 * completes on the caller's thread while the caller holds a lock of the library's, and never on a client's serial
 * executor. A body over {@link HttpCall#maxBodyBytes()} fails it with {@link ResponseTooLargeException}, without
 * reading the rest of the body. Cancelling the future aborts the exchange.
 */
@FunctionalInterface
public interface HttpTransport {
    CompletableFuture<HttpResult> send(HttpCall call);
}
