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

/** Builds the realtime connection URL (RTN2) and upgrade headers (RSC7d). */
public final class ConnectionUrls {
    /** The protocol version sent as {@code v} (RTN2f, CSV2). */
    public static final String PROTOCOL_VERSION = "6";
    /** This library's version, sent in the {@code Ably-Agent} header. */
    public static final String LIBRARY_VERSION = "0.1.0";

    private ConnectionUrls() {}

    /**
     * The query parameters, in order: {@code v}, {@code format}, {@code echo}, {@code heartbeats}, {@code key} or
     * {@code accessToken}, {@code clientId}, {@code resume}; then {@code transportParams}, which override (RTC1f1).
     */
    public static Map<String, String> queryParams(ClientOptions o, @Nullable String resumeKey) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("v", PROTOCOL_VERSION);
        q.put("format", o.useBinaryProtocol() ? "msgpack" : "json");
        q.put("echo", Boolean.toString(o.echoMessages()));
        // RTN23b: the JDK WebSocket surfaces ping frames, so the server may use them instead of HEARTBEATs.
        q.put("heartbeats", "false");
        String token = o.token();
        String key = o.key();
        if (token != null) {
            q.put("accessToken", token);
        } else if (key != null) {
            q.put("key", key);
        }
        String clientId = o.clientId();
        if (clientId != null) {
            q.put("clientId", clientId);
        }
        if (resumeKey != null) {
            q.put("resume", resumeKey);
        }
        q.putAll(o.transportParams());
        return q;
    }

    /** {@code host} as written in a URL: an IPv6 literal in brackets, anything else as it is. */
    public static String urlHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** The complete connection URL: {@code wss://host:tlsPort/?...} or {@code ws://host:port/?...}. */
    public static URI uri(ClientOptions o, @Nullable String resumeKey) {
        String host = urlHost(o.primaryDomain());
        StringJoiner query = new StringJoiner("&");
        queryParams(o, resumeKey).forEach((k, v) -> query.add(encode(k) + "=" + encode(v)));
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
