package io.ably4j.internal.http;

import io.ably4j.internal.connection.ClientRuntime;
import io.ably4j.internal.connection.ConnectionUrls;
import io.ably4j.internal.connection.HostPolicy;
import io.ably4j.internal.util.Scheduler;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The internet connectivity check (RTN17j, REC3): a {@code GET} of the connectivity check URL, which tells whether the
 * internet is reachable before the realtime connection tries fallback hosts. The check passes if and only if the
 * response has a 2xx status and its body contains {@code yes}; any other status, another body, a network failure or no
 * response within the timeout (on the scheduler's clock) means no connectivity. It never fails exceptionally.
 *
 * <p>No fallback applies and no credentials are sent; the request carries the {@code Ably-Agent} header (RSC7d2), the
 * default URL being Ably's. Thread-safe.
 */
public final class ConnectivityCheck {
    /** The default time allowed for the check: {@code httpRequestTimeout}'s default (TO3l4). */
    public static final Duration DEFAULT_TIMEOUT = HttpRequester.Limits.DEFAULTS.requestTimeout();

    /** The largest body read: Ably's answer is {@code yes}; a portal page or a stream is not read to its end. */
    public static final int MAX_BODY_BYTES = 16 * 1024;

    private final HttpTransport transport;
    private final Scheduler scheduler;
    private final Executor executor;
    private final URI url;
    private final Duration timeout;

    /**
     * @param transport sends the request
     * @param scheduler the clock of the timeout
     * @param executor the result completes here
     * @param url the connectivity check URL (REC3)
     * @param timeout the time allowed for the exchange
     */
    public ConnectivityCheck(
            HttpTransport transport, Scheduler scheduler, Executor executor, URI url, Duration timeout) {
        this.transport = transport;
        this.scheduler = scheduler;
        this.executor = executor;
        this.url = url;
        this.timeout = timeout;
    }

    /** The check of a client: its policy's URL (REC3a default, REC3b option), on its runtime, with {@code timeout}. */
    public static ConnectivityCheck of(HostPolicy hosts, ClientRuntime runtime, Duration timeout) {
        return new ConnectivityCheck(
                runtime.http(), runtime.scheduler(), runtime.executor(), hosts.connectivityCheckUrl(), timeout);
    }

    /** The URL checked. */
    public URI url() {
        return url;
    }

    /**
     * Whether the internet is reachable: true iff a 2xx response with {@code yes} in its body arrives in time. A body
     * over {@value #MAX_BODY_BYTES} bytes is not read to its end and means no connectivity. Cancelling the returned
     * future aborts the request.
     */
    public CompletableFuture<Boolean> check() {
        HttpCall call = new HttpCall("GET", url, Map.of("Ably-Agent", ConnectionUrls.agent()), null, timeout)
                .withMaxBodyBytes(MAX_BODY_BYTES);
        CompletableFuture<HttpResult> sent = TimedSend.send(transport, call, scheduler);
        CompletableFuture<Boolean> result = sent.handleAsync(
                (response, failure) -> failure == null
                        && response != null
                        && response.status() >= 200
                        && response.status() < 300
                        && response.text().contains("yes"),
                executor);
        CompletableFuture<?> unused = result.whenComplete((up, failure) -> {
            if (result.isCancelled()) {
                sent.cancel(true);
            }
        });
        return result;
    }
}
