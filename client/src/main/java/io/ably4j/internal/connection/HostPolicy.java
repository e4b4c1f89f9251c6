package io.ably4j.internal.connection;

import io.ably4j.types.ErrorInfo;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Which host a client talks to (REC1-REC3, RTN17, RSC15), shared by the realtime connection and HTTP requests of one
 * client: the primary domain, the fallback domains, which failures allow a fallback, the connectivity check URL, the
 * fallback host an HTTP client remembers for {@code fallbackRetryTimeout} (RSC15f), and the fallback host the realtime
 * connection is on (RTN17e).
 *
 * <p>Thread-safe: the realtime connection updates it on its serial executor while HTTP requests read it from any
 * thread. It reads no clock; callers pass {@code System.nanoTime()}-style timestamps.
 */
public final class HostPolicy {
    private final String primary;
    private final List<String> fallbacks;
    private final URI connectivityCheckUrl;
    private final Duration fallbackRetryTimeout;

    private @Nullable String realtimeFallback; // RTN17e
    private @Nullable String rememberedFallback; // RSC15f
    private long rememberedUntilNanos;
    private long generation;

    /**
     * @param primary the primary domain (REC1)
     * @param fallbacks the fallback domains (REC2); empty disables fallback (RTN17g, RSC15m)
     * @param connectivityCheckUrl the connectivity check URL (REC3)
     * @param fallbackRetryTimeout how long a successful HTTP fallback host is preferred (RSC15f, TO3l10)
     */
    public HostPolicy(String primary, List<String> fallbacks, URI connectivityCheckUrl, Duration fallbackRetryTimeout) {
        this.primary = primary;
        this.fallbacks = List.copyOf(fallbacks);
        this.connectivityCheckUrl = connectivityCheckUrl;
        this.fallbackRetryTimeout = fallbackRetryTimeout;
    }

    /** The policy of a client with these options. */
    public static HostPolicy of(io.ably4j.ClientOptions options) {
        return new HostPolicy(
                options.primaryDomain(),
                options.fallbackDomains(),
                options.connectivityCheckUrl(),
                options.fallbackRetryTimeout());
    }

    /** The primary domain (REC1). */
    public String primary() {
        return primary;
    }

    /** The fallback domains in the order the options define them (REC2). */
    public List<String> fallbacks() {
        return fallbacks;
    }

    /** Whether fallback applies at all: the fallback set is not empty (RTN17g, RSC15m). */
    public boolean hasFallbacks() {
        return !fallbacks.isEmpty();
    }

    /** The connectivity check URL (REC3). */
    public URI connectivityCheckUrl() {
        return connectivityCheckUrl;
    }

    /**
     * The fallback domains in a random order (RSC15a, RTN17j): a Fisher-Yates shuffle driven by {@code random}, a
     * source of uniform numbers in [0, 1).
     */
    public List<String> shuffledFallbacks(DoubleSupplier random) {
        List<String> hosts = new ArrayList<>(fallbacks);
        for (int i = hosts.size() - 1; i > 0; i--) {
            int j = Math.min((int) (random.getAsDouble() * (i + 1)), i);
            Collections.swap(hosts, i, Math.max(j, 0));
        }
        return hosts;
    }

    /**
     * Whether a failed realtime connection attempt allows trying a fallback host (RTN17f): the host was unresolvable
     * or unreachable, or the transport closed before CONNECTED (RSC15l1; the transports report these as status 503),
     * the attempt timed out (RSC15l2, status 408), or a DISCONNECTED or transport failure carried a status code from
     * 500 to 504 (RTN17f1, RSC15l3).
     */
    public static boolean qualifiesForFallback(ErrorInfo error) {
        int status = error.statusCode();
        return status == 408 || (status >= 500 && status <= 504);
    }

    /** Whether an HTTP response status allows a fallback (RSC15l3, RSC15l4). */
    public static boolean qualifiesForFallback(int httpStatus, @Nullable String serverHeader) {
        if (httpStatus >= 500 && httpStatus <= 504) {
            return true;
        }
        return httpStatus >= 400 && serverHeader != null && serverHeader.trim().equalsIgnoreCase("CloudFront");
    }

    // ---------------------------------------------------------------- realtime (RTN17e)

    /**
     * The realtime connection is connected to {@code host}, or to no host ({@code null}). While it is connected to a
     * fallback, HTTP requests try that host first (RTN17e).
     */
    public synchronized void realtimeConnectedTo(@Nullable String host) {
        this.realtimeFallback = host != null && !host.equals(primary) ? host : null;
    }

    /** The fallback host the realtime connection is on, or null (on the primary, or not connected). */
    public synchronized @Nullable String realtimeFallback() {
        return realtimeFallback;
    }

    // ---------------------------------------------------------------- HTTP (RSC15f)

    /**
     * The host an HTTP request should try first at {@code nowNanos}: the realtime connection's fallback (RTN17e), else
     * a fallback that succeeded less than {@code fallbackRetryTimeout} ago (RSC15f), else the primary.
     */
    public synchronized String preferredHttpHost(long nowNanos) {
        if (realtimeFallback != null) {
            return realtimeFallback;
        }
        if (rememberedFallback != null) {
            if (nowNanos - rememberedUntilNanos < 0) {
                return rememberedFallback;
            }
            forget(); // expired
        }
        return primary;
    }

    /**
     * How many times a remembered fallback has been forgotten (expired or failed). A request reads it when it starts
     * trying a host and passes it to {@link #httpSucceeded}, so a success that started before a forget cannot bring a
     * forgotten host back (RSC15f); a counter rather than timestamps, so that it holds on a clock that does not move.
     */
    public synchronized long generation() {
        return generation;
    }

    /**
     * An HTTP request to the fallback {@code host}, which started when {@link #generation()} was {@code generation},
     * succeeded at {@code nowNanos}: the host is remembered for {@code fallbackRetryTimeout} from now (RSC15f), unless
     * a remembered host was forgotten since the request started. Succeeding again on the host already remembered does
     * not extend its time: it runs from the success that stored it.
     */
    public synchronized void httpSucceeded(String host, long generation, long nowNanos) {
        if (host.equals(primary) || host.equals(realtimeFallback)) {
            return;
        }
        if (rememberedFallback != null && nowNanos - rememberedUntilNanos >= 0) {
            forget(); // expired
        }
        if (generation != this.generation || host.equals(rememberedFallback)) {
            return;
        }
        rememberedFallback = host;
        rememberedUntilNanos = nowNanos + saturatedNanos(fallbackRetryTimeout);
    }

    /** A qualifying error on {@code host} at {@code nowNanos}: a remembered fallback is forgotten (RSC15f). */
    public synchronized void httpFailed(String host, long nowNanos) {
        if (host.equals(rememberedFallback)) {
            forget();
        }
    }

    private void forget() {
        rememberedFallback = null;
        generation++;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
