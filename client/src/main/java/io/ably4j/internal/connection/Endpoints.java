package io.ably4j.internal.connection;

import io.ably4j.internal.util.Errors;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The domain rules of the endpoint options (REC1, REC2, REC3): the primary domain, the fallback domains and the
 * connectivity check URL, from the option values as given, and the checks of their combinations. Pure functions;
 * {@link HostPolicy} holds the result for a client.
 */
public final class Endpoints {
    /** The default primary domain (REC1a). */
    public static final String DEFAULT_PRIMARY = "main.realtime.ably.net";
    /** The default connectivity check URL (REC3a). */
    public static final String DEFAULT_CONNECTIVITY_CHECK_URL =
            "https://internet-up.ably-realtime.com/is-the-internet-up.txt";

    private static final List<String> LETTERS = List.of("a", "b", "c", "d", "e");

    private Endpoints() {}

    /** The endpoint-related option values as given (null where not set). */
    public record Spec(
            @Nullable String endpoint,
            @Nullable String environment,
            @Nullable String restHost,
            @Nullable String realtimeHost,
            @Nullable List<String> fallbackHosts,
            boolean fallbackHostsUseDefault) {}

    /** Whether {@code endpoint} names a host rather than a routing policy (REC1b2). */
    public static boolean isHostname(String endpoint) {
        return endpoint.contains(".") || endpoint.contains("::") || endpoint.equals("localhost");
    }

    /**
     * Checks the combination of options (REC1b1, REC1c1, REC2a1).
     *
     * @throws io.ably4j.types.AblyException 40000 for a conflicting combination
     */
    public static void check(Spec s) {
        boolean deprecated = s.environment() != null
                || s.restHost() != null
                || s.realtimeHost() != null
                || s.fallbackHostsUseDefault();
        if (s.endpoint() != null && deprecated) { // REC1b1
            throw Errors.badArgument("endpoint cannot be combined with the deprecated environment, restHost,"
                    + " realtimeHost or fallbackHostsUseDefault options");
        }
        if (s.environment() != null && (s.restHost() != null || s.realtimeHost() != null)) { // REC1c1
            throw Errors.badArgument("environment cannot be combined with restHost or realtimeHost");
        }
        if (s.fallbackHosts() != null && s.fallbackHostsUseDefault()) { // REC2a1
            throw Errors.badArgument("fallbackHosts cannot be combined with fallbackHostsUseDefault");
        }
    }

    /** The primary domain (REC1). */
    public static String primary(Spec s) {
        String endpoint = s.endpoint();
        if (endpoint != null) {
            if (isHostname(endpoint)) { // REC1b2
                return endpoint;
            }
            if (endpoint.startsWith("nonprod:")) { // REC1b3
                return endpoint.substring("nonprod:".length()) + ".realtime.ably-nonprod.net";
            }
            return endpoint + ".realtime.ably.net"; // REC1b4
        }
        String environment = s.environment();
        if (environment != null) { // REC1c2
            return environment + ".realtime.ably.net";
        }
        String restHost = s.restHost();
        if (restHost != null) { // REC1d1
            return restHost;
        }
        String realtimeHost = s.realtimeHost();
        if (realtimeHost != null) { // REC1d2
            return realtimeHost;
        }
        return DEFAULT_PRIMARY; // REC1a
    }

    /** The fallback domains, in the spec's order (REC2); empty when fallback does not apply. */
    public static List<String> fallbacks(Spec s) {
        List<String> given = s.fallbackHosts();
        if (given != null) { // REC2a2
            return List.copyOf(given);
        }
        if (s.fallbackHostsUseDefault()) { // REC2b
            return lettered("main", "ably-realtime.com");
        }
        String endpoint = s.endpoint();
        if (endpoint != null) {
            if (isHostname(endpoint)) { // REC2c2
                return List.of();
            }
            if (endpoint.startsWith("nonprod:")) { // REC2c3
                return lettered(endpoint.substring("nonprod:".length()), "ably-realtime-nonprod.com");
            }
            return lettered(endpoint, "ably-realtime.com"); // REC2c4
        }
        String environment = s.environment();
        if (environment != null) { // REC2c5
            return lettered(environment, "ably-realtime.com");
        }
        if (s.restHost() != null || s.realtimeHost() != null) { // REC2c6
            return List.of();
        }
        return lettered("main", "ably-realtime.com"); // REC2c1
    }

    private static List<String> lettered(String id, String domain) {
        return LETTERS.stream().map(l -> id + "." + l + ".fallback." + domain).toList();
    }

    /** Whether {@code host} can be the host of a URL (a host name, IPv4 or IPv6 literal). */
    public static boolean isValidHost(String host) {
        if (host.isEmpty() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/' || c == '?')) {
            return false;
        }
        try {
            return new URI("wss://" + ConnectionUrls.urlHost(host) + ":443/").getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
