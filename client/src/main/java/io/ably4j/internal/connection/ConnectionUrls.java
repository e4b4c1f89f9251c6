package io.ably4j.internal.connection;

import io.ably4j.ClientOptions;
import io.ably4j.internal.transport.UrlCredentials;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * Builds the realtime connection URL (RTN2) and upgrade headers (RSC7d). The credentials in the URL are the auth
 * params the client's {@link Credentials} give for the attempt (RTN2e), never read from the options here.
 */
public final class ConnectionUrls {
    /** The protocol version sent as {@code v} (RTN2f, CSV2). */
    public static final String PROTOCOL_VERSION = "6";
    /** This library's version, sent in the {@code Ably-Agent} header. */
    public static final String LIBRARY_VERSION = "0.1.0";

    private ConnectionUrls() {}

    /**
     * The query parameters, in order: {@code v}, {@code format}, {@code echo}, {@code heartbeats}, the auth params
     * ({@code key} or {@code accessToken}), {@code clientId}, {@code resume} (RTN15b1) or else {@code recover}
     * (RTN16k); then {@code transportParams}, which override (RTC1f1).
     */
    public static Map<String, String> queryParams(
            ClientOptions o, Map<String, String> auth, @Nullable String resumeKey, @Nullable String recoverKey) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("v", PROTOCOL_VERSION);
        q.put("format", o.useBinaryProtocol() ? "msgpack" : "json");
        q.put("echo", Boolean.toString(o.echoMessages()));
        // RTN23b: the JDK WebSocket surfaces ping frames, so the server may use them instead of HEARTBEATs.
        q.put("heartbeats", "false");
        q.putAll(auth);
        String clientId = o.clientId();
        if (clientId != null) {
            q.put("clientId", clientId);
        }
        if (resumeKey != null) {
            q.put("resume", resumeKey);
        } else if (recoverKey != null) {
            q.put("recover", recoverKey);
        }
        q.putAll(o.transportParams());
        return q;
    }

    /** {@code host} as written in a URL: an IPv6 literal in brackets, anything else as it is. */
    public static String urlHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The complete connection URL: {@code wss://host:tlsPort/?...} or {@code ws://host:port/?...}. */
    public static URI uri(
            ClientOptions o,
            String domain,
            Map<String, String> auth,
            @Nullable String resumeKey,
            @Nullable String recoverKey) {
        String host = urlHost(domain);
        StringJoiner query = new StringJoiner("&");
        queryParams(o, auth, resumeKey, recoverKey).forEach((k, v) -> query.add(encode(k) + "=" + encode(v)));
        String scheme = o.tls() ? "wss" : "ws";
        int port = o.tls() ? o.tlsPort() : o.port();
        return URI.create(scheme + "://" + host + ":" + port + "/?" + query);
    }

    /** The upgrade request headers: {@code Ably-Agent} (RSC7d). */
    public static Map<String, String> headers() {
        return Map.of("Ably-Agent", agent());
    }

    /** {@code ably4j/<version> jre/<java.version>} (RSC7d1, RSC7d2). */
    public static String agent() {
        return "ably4j/" + LIBRARY_VERSION + " jre/" + System.getProperty("java.version", "unknown");
    }

    /** The URL with credentials removed, for logs. */
    public static String redact(URI uri) {
        return UrlCredentials.redact(uri.toString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
