package io.ably4j.internal.util;

import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.LogHandler;
import io.ably4j.LogLevel;
import io.ably4j.VcdiffDecoder;
import io.ably4j.WebSocketEngine;
import io.ably4j.internal.connection.Endpoints;
import io.ably4j.types.TokenDetails;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The values behind {@code ClientOptions} and its builder, with their defaults (TO3), and the checks of their
 * combination. The builder fills one of these (each setter checks its own value); {@code build()} checks the
 * combination with {@link #check()} and the options keep a {@link #copy()} that nothing changes afterwards.
 *
 * <p>Mutable and not thread-safe: only {@code ClientOptions} uses it, and never lets one escape.
 */
public final class ClientSettings {
    public AuthOptions.Builder auth = AuthOptions.builder();
    public @Nullable String clientId;
    public @Nullable String endpoint;
    public @Nullable String environment;
    public @Nullable String restHost;
    public @Nullable String realtimeHost;
    public @Nullable List<String> fallbackHosts;
    public boolean fallbackHostsUseDefault;
    public URI connectivityCheckUrl = URI.create(Endpoints.DEFAULT_CONNECTIVITY_CHECK_URL);
    public Duration fallbackRetryTimeout = ClientOptions.DEFAULT_FALLBACK_RETRY_TIMEOUT;
    public @Nullable String recover;
    public int port = ClientOptions.DEFAULT_PORT;
    public int tlsPort = ClientOptions.DEFAULT_TLS_PORT;
    public boolean tls = true;
    public boolean useBinaryProtocol = true;
    public boolean echoMessages = true;
    public boolean autoConnect = true;
    public boolean queueMessages = true;
    public Duration realtimeRequestTimeout = ClientOptions.DEFAULT_REALTIME_REQUEST_TIMEOUT;
    public Duration disconnectedRetryTimeout = ClientOptions.DEFAULT_DISCONNECTED_RETRY_TIMEOUT;
    public Duration suspendedRetryTimeout = ClientOptions.DEFAULT_SUSPENDED_RETRY_TIMEOUT;
    public Duration channelRetryTimeout = ClientOptions.DEFAULT_CHANNEL_RETRY_TIMEOUT;
    public Duration httpOpenTimeout = ClientOptions.DEFAULT_HTTP_OPEN_TIMEOUT;
    public Duration httpRequestTimeout = ClientOptions.DEFAULT_HTTP_REQUEST_TIMEOUT;
    public int httpMaxRetryCount = ClientOptions.DEFAULT_HTTP_MAX_RETRY_COUNT;
    public Duration httpMaxRetryDuration = ClientOptions.DEFAULT_HTTP_MAX_RETRY_DURATION;
    public boolean addRequestIds;
    public boolean idempotentRestPublishing = true;
    public final Map<String, String> transportParams = new LinkedHashMap<>();
    public LogLevel logLevel = LogLevel.WARN;
    public @Nullable LogHandler logHandler;
    public @Nullable Executor callbackExecutor;
    public @Nullable SSLContext sslContext;
    public WebSocketEngine webSocketEngine = WebSocketEngine.NIO;
    public boolean allowInsecureBasicAuthForLocalDevelopment;
    /** The vcdiff decoder chosen by the user; meaningful only when {@link #vcdiffDecoderSet}. */
    public @Nullable VcdiffDecoder vcdiffDecoder;
    /** Whether the user chose the vcdiff decoder (possibly none); otherwise the built-in decoder is used. */
    public boolean vcdiffDecoderSet;

    /** A copy that shares nothing mutable with this one (the auth builder is copied too). */
    public ClientSettings copy() {
        ClientSettings c = new ClientSettings();
        c.auth = auth.build().toBuilder();
        c.clientId = clientId;
        c.endpoint = endpoint;
        c.environment = environment;
        c.restHost = restHost;
        c.realtimeHost = realtimeHost;
        c.fallbackHosts = fallbackHosts; // an immutable list
        c.fallbackHostsUseDefault = fallbackHostsUseDefault;
        c.connectivityCheckUrl = connectivityCheckUrl;
        c.fallbackRetryTimeout = fallbackRetryTimeout;
        c.recover = recover;
        c.port = port;
        c.tlsPort = tlsPort;
        c.tls = tls;
        c.useBinaryProtocol = useBinaryProtocol;
        c.echoMessages = echoMessages;
        c.autoConnect = autoConnect;
        c.queueMessages = queueMessages;
        c.realtimeRequestTimeout = realtimeRequestTimeout;
        c.disconnectedRetryTimeout = disconnectedRetryTimeout;
        c.suspendedRetryTimeout = suspendedRetryTimeout;
        c.channelRetryTimeout = channelRetryTimeout;
        c.httpOpenTimeout = httpOpenTimeout;
        c.httpRequestTimeout = httpRequestTimeout;
        c.httpMaxRetryCount = httpMaxRetryCount;
        c.httpMaxRetryDuration = httpMaxRetryDuration;
        c.addRequestIds = addRequestIds;
        c.idempotentRestPublishing = idempotentRestPublishing;
        c.transportParams.putAll(transportParams);
        c.logLevel = logLevel;
        c.logHandler = logHandler;
        c.callbackExecutor = callbackExecutor;
        c.sslContext = sslContext;
        c.webSocketEngine = webSocketEngine;
        c.allowInsecureBasicAuthForLocalDevelopment = allowInsecureBasicAuthForLocalDevelopment;
        c.vcdiffDecoder = vcdiffDecoder;
        c.vcdiffDecoderSet = vcdiffDecoderSet;
        return c;
    }

    /** The host options, for {@link Endpoints} (REC1, REC2). */
    public Endpoints.Spec endpointSpec() {
        return new Endpoints.Spec(
                endpoint, environment, restHost, realtimeHost, fallbackHosts, fallbackHostsUseDefault);
    }

    /** A checked, immutable copy of {@code hosts}, or null (TO3k6). */
    public static @Nullable List<String> hosts(@Nullable List<String> hosts) {
        if (hosts == null) {
            return null;
        }
        List<String> copy = new ArrayList<>(hosts.size());
        for (String h : hosts) {
            copy.add(OptionChecks.host(OptionChecks.notNull(h, "fallbackHosts entry"), "fallbackHosts entry"));
        }
        return List.copyOf(copy);
    }

    /** Replaces the transport params with {@code params}, all checked first so a failure changes nothing (RTC1f). */
    public void transportParams(@Nullable Map<String, ?> params) {
        if (params == null) {
            throw Errors.badArgument("transportParams must not be null");
        }
        params.forEach((name, value) -> OptionChecks.transportParam(name, value));
        transportParams.clear();
        params.forEach((name, value) -> transportParams.put(name, String.valueOf(value)));
    }

    /** {@code count} if not negative (TO3l5). */
    public static int retryCount(int count) {
        if (count < 0) {
            throw Errors.badArgument("httpMaxRetryCount must not be negative, got " + count);
        }
        return count;
    }

    /**
     * Checks the combination of the values and returns the built auth options.
     *
     * @throws io.ably4j.types.AblyException 40000 for conflicting host options (REC1b1); 40106 with neither key nor
     *     token (RSC1b); 40102 for a client id the token does not allow (RSA15a, RSA15c); 40103 for basic auth without
     *     TLS (RSC18)
     */
    public AuthOptions check() {
        Endpoints.check(endpointSpec());
        AuthOptions a = auth.build();
        if (!a.hasCredentials()) { // RSC1b, RSA14
            throw Errors.exception(
                    Errors.NO_AUTHENTICATION_METHOD, "No authentication options provided: set a key or a token");
        }
        TokenDetails td = a.tokenDetails();
        String tokenClientId = td == null ? null : td.clientId();
        if (clientId != null
                && tokenClientId != null
                && !tokenClientId.equals("*")
                && !tokenClientId.equals(clientId)) { // RSA15a, RSA15c
            throw Errors.exception(
                    Errors.INCOMPATIBLE_CREDENTIALS,
                    "clientId '" + clientId + "' does not match the token's clientId '" + tokenClientId + "'");
        }
        if (!tls && !a.usesTokenAuth() && !allowInsecureBasicAuthForLocalDevelopment) { // RSC18
            throw Errors.exception(
                    Errors.BASIC_AUTH_OVER_NON_TLS, "Cannot use basic auth (an API key) over a non-TLS connection");
        }
        return a;
    }
}
