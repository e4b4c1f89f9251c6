package io.ably4j.internal.connection;

import io.ably4j.ClientOptions;
import io.ably4j.internal.http.ConnectivityCheck;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.transport.UrlCredentials;
import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.ErrorInfo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * One connection attempt (RTN14, RTN17): credentials, then a host, then a transport to that host with its own timeout.
 * The primary domain comes first (RTN17i); when it fails in a way that allows a fallback (RTN17f) and the fallback set
 * is not empty (RTN17g), the connectivity check runs (RTN17j) and, if the internet is up, the fallback domains are
 * tried in random order. The attempt ends when the manager sees CONNECTED ({@link #succeeded()}), or it reports one
 * failure to the manager when no host is left ({@link ConnectionManager#onAttemptFailed}).
 *
 * <p>Asynchronous steps (credentials, the connectivity check) complete off the serial executor and hand their result
 * back to it; a result that arrives after the attempt ended is ignored. An attempt that ends (abandoned by the manager,
 * or over) cancels its connectivity check, which aborts the request. Confined to the serial executor.
 */
final class ConnectAttempt {
    private final ConnectionManager manager;
    private final HostPolicy hosts;
    private final ClientOptions options;
    private final @Nullable String resumeKey;
    private final @Nullable String recoverKey;
    private final Deque<String> remaining = new ArrayDeque<>();

    private boolean ended;
    private boolean fallbacksQueued;
    private @Nullable Map<String, String> authParams;
    private @Nullable ActiveTransport transport;
    private @Nullable Cancellable timer;
    private @Nullable CompletableFuture<Boolean> connectivityCheck; // in flight
    private String host;

    /**
     * @param resumeKey the connection key to resume (RTN15b1), or null
     * @param recoverKey the connection key of a recovery key (RTN16k), used when there is nothing to resume, or null
     */
    ConnectAttempt(ConnectionManager manager, @Nullable String resumeKey, @Nullable String recoverKey) {
        this.manager = manager;
        this.hosts = manager.hostPolicy();
        this.options = manager.options();
        this.resumeKey = resumeKey;
        this.recoverKey = recoverKey;
        this.host = hosts.primary();
    }

    /** Obtains credentials, then opens a transport to the primary domain (RTN17i). */
    void start(Credentials credentials) {
        CompletionStage<Map<String, String>> obtained;
        try {
            obtained = credentials.authParams();
        } catch (RuntimeException e) { // a bug in a credentials source must not leave the attempt hanging
            obtained = CompletableFuture.failedFuture(e);
        }
        obtained.whenComplete((params, failure) -> manager.executor().execute(() -> {
            if (ended) {
                return;
            }
            if (failure != null || params == null) {
                ErrorInfo error = credentialsError(failure);
                end();
                if (AuthFlow.failsTheConnection(error)) { // RSA4d, RSA15c: refused for good
                    manager.onAttemptFatal(this, error);
                } else { // RSA4c: DISCONNECTED or SUSPENDED
                    manager.onAttemptFailed(this, error);
                }
                return;
            }
            authParams = params;
            open(hosts.primary());
        }));
    }

    private static ErrorInfo credentialsError(@Nullable Throwable failure) {
        Throwable t = failure == null ? null : Errors.unwrap(failure);
        if (t instanceof io.ably4j.types.AblyException e) {
            return e.errorInfo();
        }
        return ErrorInfo.builder()
                .code(Errors.TOKEN_REQUEST_FAILED)
                .statusCode(401)
                .message("Unable to obtain credentials: " + (t == null ? "no credentials" : t))
                .build();
    }

    /** The host of the transport being opened (or opened). */
    String host() {
        return host;
    }

    /** Whether a transport is being opened (or is open); false between hosts, e.g. during the connectivity check. */
    boolean hasTransport() {
        return transport != null;
    }

    /** Whether {@code t} is this attempt's transport. */
    boolean owns(ActiveTransport t) {
        return !ended && transport == t;
    }

    /** CONNECTED arrived: the attempt is over. */
    void succeeded() {
        end();
    }

    /** The manager gave up on this attempt (close, a fatal error, a new attempt). */
    void abandon() {
        end();
    }

    private void end() {
        ended = true;
        SerialTimers.cancel(timer);
        timer = null;
        CompletableFuture<Boolean> check = connectivityCheck;
        connectivityCheck = null;
        if (check != null) {
            check.cancel(true); // aborts its HTTP request
        }
    }

    private void open(String h) {
        SerialTimers.cancel(timer);
        host = h;
        Map<String, String> params = authParams != null ? authParams : Map.of();
        URI uri;
        try {
            uri = ConnectionUrls.uri(options, h, params, resumeKey, recoverKey);
        } catch (IllegalArgumentException e) { // the builder validates hosts; the message would quote credentials
            manager.onAttemptFatal(this, Errors.badRequest("Invalid connection URL: unusable host '" + h + "'"));
            return;
        }
        ActiveTransport at = new ActiveTransport(manager);
        transport = at;
        manager.installTransport(at);
        Duration timeout = options.realtimeRequestTimeout();
        timer = manager.schedule(timeout, () -> onTimeout(at, timeout));
        manager.log().debug(() -> "Connecting to " + ConnectionUrls.redact(uri));
        WireFormat format = options.useBinaryProtocol() ? WireFormat.MSGPACK : WireFormat.JSON;
        try {
            at.attach(manager.runtime().transports().open(uri, ConnectionUrls.headers(), format, at));
        } catch (RuntimeException e) {
            String cause = UrlCredentials.redact(String.valueOf(e)); // an exception may quote the URL
            manager.log().warn("Unable to open a transport to " + h + ": " + cause);
            failed(at, Errors.disconnected("Unable to open a transport: " + cause));
        }
    }

    private void onTimeout(ActiveTransport at, Duration timeout) {
        if (!owns(at)) {
            return;
        }
        if (manager.closingDuringAttempt(this)) {
            return; // RTN12f: the close decides
        }
        failed(
                at,
                Errors.connectTimeout("Connection timeout: no CONNECTED from " + host + " within " + timeout.toMillis()
                        + " ms (RTN14c)"));
    }

    /**
     * The transport {@code at} failed before CONNECTED (it closed, could not open, or the server sent DISCONNECTED):
     * try the next host if the failure allows a fallback (RTN17f), else report the failure to the manager.
     */
    void failed(ActiveTransport at, ErrorInfo error) {
        if (!owns(at) || manager.closingDuringAttempt(this)) {
            return;
        }
        SerialTimers.cancel(timer);
        timer = null;
        transport = null;
        manager.dropTransport(at);
        if (!hosts.hasFallbacks() || !HostPolicy.qualifiesForFallback(error)) { // RTN17g, RTN17f
            end();
            manager.onAttemptFailed(this, error);
            return;
        }
        if (!fallbacksQueued) {
            fallbacksQueued = true;
            checkConnectivity(error);
            return;
        }
        String next = remaining.poll();
        if (next == null) {
            end();
            manager.onAttemptFailed(this, error);
            return;
        }
        manager.log().info("Connection to " + host + " failed (" + error.message() + "); trying fallback " + next);
        open(next);
    }

    /** RTN17j: fallbacks only if the internet is reachable; otherwise the failure stands. */
    private void checkConnectivity(ErrorInfo error) {
        CompletableFuture<Boolean> check;
        try {
            check = ConnectivityCheck.of(hosts, manager.runtime(), options.realtimeRequestTimeout())
                    .check();
        } catch (RuntimeException e) { // treated as no connectivity: the failure stands
            check = CompletableFuture.completedFuture(false);
        }
        connectivityCheck = check;
        CompletableFuture<Boolean> mine = check;
        var unused = check.whenComplete((up, failure) -> manager.executor().execute(() -> {
            if (ended || connectivityCheck != mine || manager.closingDuringAttempt(this)) {
                return;
            }
            connectivityCheck = null;
            if (!Boolean.TRUE.equals(up)) {
                manager.log().info("Connectivity check failed; not trying fallback hosts (RTN17j)");
                end();
                manager.onAttemptFailed(this, error);
                return;
            }
            remaining.addAll(hosts.shuffledFallbacks(manager.runtime().jitter()));
            String next = remaining.poll();
            if (next == null) {
                end();
                manager.onAttemptFailed(this, error);
                return;
            }
            manager.log()
                    .info("Connection to " + host + " failed (" + error.message()
                            + "); the internet is reachable, trying fallback " + next);
            open(next);
        }));
    }
}
