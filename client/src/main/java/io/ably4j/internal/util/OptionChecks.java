package io.ably4j.internal.util;

import io.ably4j.internal.connection.Endpoints;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** The checks of single option values, shared by the options builders; each failure is an AblyException 40000. */
public final class OptionChecks {
    private OptionChecks() {}

    /**
     * {@code d} if positive, saturated to {@link Scheduler#MAX_DELAY}: a huge timeout or retry delay means "never", and
     * the cap keeps every later conversion (to millis or nanos, deadlines on the monotonic clock) free of overflow.
     */
    public static Duration positive(@Nullable Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw Errors.badArgument(name + " must be a positive duration, got " + d);
        }
        return Scheduler.capped(d);
    }

    /** {@code port} if in 1-65535. */
    public static int port(int port, String name) {
        if (port < 1 || port > 65535) {
            throw Errors.badArgument(name + " must be between 1 and 65535, got " + port);
        }
        return port;
    }

    /** {@code host} if null or a valid host name or address. */
    public static @Nullable String host(@Nullable String host, String name) {
        if (host != null && !Endpoints.isValidHost(host)) {
            throw Errors.badArgument("Invalid " + name + ": '" + host + "'");
        }
        return host;
    }

    /** The endpoint option (REC1): a hostname, {@code nonprod:[id]} or a routing policy id. */
    public static @Nullable String endpoint(@Nullable String endpoint) {
        if (endpoint != null
                && (endpoint.isEmpty()
                        || endpoint.equals("nonprod:")
                        || endpoint.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/' || c == '?')
                        || !Endpoints.isValidHost(
                                Endpoints.primary(new Endpoints.Spec(endpoint, null, null, null, null, false))))) {
            throw Errors.badArgument("Invalid endpoint: '" + endpoint + "'");
        }
        return endpoint;
    }

    /** An absolute http or https URL. */
    public static URI httpUrl(@Nullable String url, String name) {
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null
                || uri.getHost() == null
                || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
            // not the URL itself: its query or user info may hold credentials
            throw Errors.badArgument(name + " must be an absolute http or https URL");
        }
        return uri;
    }

    /** A transport param: a non-empty name and a String, Number or Boolean value (RTC1f). */
    public static void transportParam(@Nullable String name, @Nullable Object value) {
        if (name == null || name.isEmpty()) {
            throw Errors.badArgument("transportParams names must not be empty");
        }
        if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
            throw Errors.badArgument("transportParams value for '" + name + "' must be a String, Number or Boolean");
        }
    }

    /** {@code value} if not null. */
    public static <T> T notNull(@Nullable T value, String name) {
        if (value == null) {
            throw Errors.badArgument(name + " must not be null");
        }
        return value;
    }
}
