package io.ably4j;

import io.ably4j.internal.connection.Endpoints;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.OptionChecks;
import io.ably4j.types.AblyException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Immutable options for a {@link RealtimeClient} (TO3, RTC1). Build with {@link #builder()}; every setter validates
 * its argument and {@link Builder#build()} checks the combination, throwing {@link AblyException} with the Ably error
 * code (40000 for a bad value, 40005 for a malformed key, 40012 for a bad client id, 40103 for basic auth over an
 * insecure connection, 40106 when there are no credentials).
 *
 * <p>Defaults follow the Ably specification: TLS on, msgpack, {@code echoMessages} and {@code autoConnect} true,
 * {@code realtimeRequestTimeout} 10 s, {@code disconnectedRetryTimeout} 15 s, {@code suspendedRetryTimeout} 30 s,
 * {@code channelRetryTimeout} 15 s, log level {@link LogLevel#WARN}.
 */
public final class ClientOptions {
    /** Default {@code realtimeRequestTimeout} (TO3l11). */
    public static final Duration DEFAULT_REALTIME_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code disconnectedRetryTimeout} (TO3l1). */
    public static final Duration DEFAULT_DISCONNECTED_RETRY_TIMEOUT = Duration.ofSeconds(15);
    /** Default {@code suspendedRetryTimeout} (TO3l2). */
    public static final Duration DEFAULT_SUSPENDED_RETRY_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code channelRetryTimeout} (TO3l7). */
    public static final Duration DEFAULT_CHANNEL_RETRY_TIMEOUT = Duration.ofSeconds(15);
    /** Default non-TLS port (TO3k4). */
    public static final int DEFAULT_PORT = 80;
    /** Default TLS port (TO3k5). */
    public static final int DEFAULT_TLS_PORT = 443;
    /** Default {@code fallbackRetryTimeout} (TO3l10). */
    public static final Duration DEFAULT_FALLBACK_RETRY_TIMEOUT = Duration.ofMinutes(10);

    private final AuthOptions auth;
    private final @Nullable String clientId;
    private final @Nullable String endpoint;
    private final @Nullable String environment;
    private final @Nullable String restHost;
    private final @Nullable String realtimeHost;
    private final @Nullable List<String> fallbackHosts;
    private final boolean fallbackHostsUseDefault;
    private final URI connectivityCheckUrl;
    private final Duration fallbackRetryTimeout;
    private final @Nullable String recover;
    private final int port;
    private final int tlsPort;
    private final boolean tls;
    private final boolean useBinaryProtocol;
    private final boolean echoMessages;
    private final boolean autoConnect;
    private final boolean queueMessages;
    private final boolean idempotentRestPublishing;
    private final Duration realtimeRequestTimeout;
    private final Duration disconnectedRetryTimeout;
    private final Duration suspendedRetryTimeout;
    private final Duration channelRetryTimeout;
    private final Map<String, String> transportParams;
    private final LogLevel logLevel;
    private final @Nullable LogHandler logHandler;
    private final @Nullable Executor callbackExecutor;
    private final @Nullable SSLContext sslContext;
    private final WebSocketEngine webSocketEngine;
    private final boolean allowInsecureBasicAuthForLocalDevelopment;

    private ClientOptions(Builder b) {
        this.auth = b.auth.build();
        this.clientId = b.clientId;
        this.endpoint = b.endpoint;
        this.environment = b.environment;
        this.restHost = b.restHost;
        this.realtimeHost = b.realtimeHost;
        this.fallbackHosts = b.fallbackHosts;
        this.fallbackHostsUseDefault = b.fallbackHostsUseDefault;
        this.connectivityCheckUrl = b.connectivityCheckUrl;
        this.fallbackRetryTimeout = b.fallbackRetryTimeout;
        this.recover = b.recover;
        this.port = b.port;
        this.tlsPort = b.tlsPort;
        this.tls = b.tls;
        this.useBinaryProtocol = b.useBinaryProtocol;
        this.echoMessages = b.echoMessages;
        this.autoConnect = b.autoConnect;
        this.queueMessages = b.queueMessages;
        this.idempotentRestPublishing = b.idempotentRestPublishing;
        this.realtimeRequestTimeout = b.realtimeRequestTimeout;
        this.disconnectedRetryTimeout = b.disconnectedRetryTimeout;
        this.suspendedRetryTimeout = b.suspendedRetryTimeout;
        this.channelRetryTimeout = b.channelRetryTimeout;
        this.transportParams = Collections.unmodifiableMap(new LinkedHashMap<>(b.transportParams));
        this.logLevel = b.logLevel;
        this.logHandler = b.logHandler;
        this.callbackExecutor = b.callbackExecutor;
        this.sslContext = b.sslContext;
        this.webSocketEngine = b.webSocketEngine;
        this.allowInsecureBasicAuthForLocalDevelopment = b.allowInsecureBasicAuthForLocalDevelopment;
    }

    /** A new builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Options from a single credential string (RSC1, RSC1a): a string containing {@code :} is an API key, any other
     * string is a token.
     *
     * @throws AblyException 40106 if {@code keyOrToken} is null or empty
     */
    public static ClientOptions fromKeyOrToken(@Nullable String keyOrToken) {
        if (keyOrToken == null || keyOrToken.isEmpty()) {
            throw error(Errors.NO_AUTHENTICATION_METHOD, "No API key or token given");
        }
        Builder b = builder();
        return (keyOrToken.indexOf(':') >= 0 ? b.key(keyOrToken) : b.token(keyOrToken)).build();
    }

    /** A builder initialised with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.auth = auth.toBuilder();
        b.clientId = clientId;
        b.endpoint = endpoint;
        b.environment = environment;
        b.restHost = restHost;
        b.realtimeHost = realtimeHost;
        b.fallbackHosts = fallbackHosts;
        b.fallbackHostsUseDefault = fallbackHostsUseDefault;
        b.connectivityCheckUrl = connectivityCheckUrl;
        b.fallbackRetryTimeout = fallbackRetryTimeout;
        b.recover = recover;
        b.port = port;
        b.tlsPort = tlsPort;
        b.tls = tls;
        b.useBinaryProtocol = useBinaryProtocol;
        b.echoMessages = echoMessages;
        b.autoConnect = autoConnect;
        b.queueMessages = queueMessages;
        b.idempotentRestPublishing = idempotentRestPublishing;
        b.realtimeRequestTimeout = realtimeRequestTimeout;
        b.disconnectedRetryTimeout = disconnectedRetryTimeout;
        b.suspendedRetryTimeout = suspendedRetryTimeout;
        b.channelRetryTimeout = channelRetryTimeout;
        b.transportParams.putAll(transportParams);
        b.logLevel = logLevel;
        b.logHandler = logHandler;
        b.callbackExecutor = callbackExecutor;
        b.sslContext = sslContext;
        b.webSocketEngine = webSocketEngine;
        b.allowInsecureBasicAuthForLocalDevelopment = allowInsecureBasicAuthForLocalDevelopment;
        return b;
    }

    /** How the client authenticates (TO3j): key, token, authCallback, authUrl and the rest. */
    public AuthOptions authOptions() {
        return auth;
    }

    /** The API key ({@code keyName:keySecret}), or null; same as {@code authOptions().key()}. */
    public @Nullable String key() {
        return auth.key();
    }

    /** The token string, or null; same as {@code authOptions().token()}. */
    public @Nullable String token() {
        return auth.token();
    }

    /** The client id, or null (TO3a). */
    public @Nullable String clientId() {
        return clientId;
    }

    /** The {@code endpoint} option as given, or null for the default (REC1, TO3k8). */
    public @Nullable String endpoint() {
        return endpoint;
    }

    /**
     * The primary domain, the host every connection attempt and HTTP request tries first (REC1): {@code
     * main.realtime.ably.net} by default; the endpoint itself if it contains {@code .} or {@code ::} or is {@code
     * localhost}; {@code [id].realtime.ably-nonprod.net} for {@code nonprod:[id]}; otherwise {@code
     * [id].realtime.ably.net}. The deprecated {@code environment}, {@code restHost} and {@code realtimeHost} apply when
     * no endpoint is given.
     */
    public String primaryDomain() {
        return Endpoints.primary(endpointSpec());
    }

    /**
     * The fallback domains tried, in random order, when the primary domain is unreachable (REC2): five {@code
     * *.fallback.ably-realtime.com} domains of the endpoint's routing policy by default; none when the endpoint is a
     * hostname; {@link #fallbackHosts()} when given.
     */
    public List<String> fallbackDomains() {
        return Endpoints.fallbacks(endpointSpec());
    }

    private Endpoints.Spec endpointSpec() {
        return new Endpoints.Spec(
                endpoint, environment, restHost, realtimeHost, fallbackHosts, fallbackHostsUseDefault);
    }

    /** The deprecated {@code environment} option (REC1c), or null. Prefer {@link #endpoint()}. */
    public @Nullable String environment() {
        return environment;
    }

    /** The deprecated {@code restHost} option (REC1d1), or null. Prefer {@link #endpoint()}. */
    public @Nullable String restHost() {
        return restHost;
    }

    /** The deprecated {@code realtimeHost} option (REC1d2), or null. Prefer {@link #endpoint()}. */
    public @Nullable String realtimeHost() {
        return realtimeHost;
    }

    /** The {@code fallbackHosts} option (TO3k6, REC2a2), or null when not given; empty disables fallback. */
    public @Nullable List<String> fallbackHosts() {
        return fallbackHosts;
    }

    /** The deprecated {@code fallbackHostsUseDefault} option (REC2b); default false. */
    public boolean fallbackHostsUseDefault() {
        return fallbackHostsUseDefault;
    }

    /** The URL fetched to check for internet access before trying fallback hosts (REC3, RTN17j). */
    public URI connectivityCheckUrl() {
        return connectivityCheckUrl;
    }

    /** How long HTTP requests keep using a fallback host that worked (TO3l10, RSC15f); default 10 minutes. */
    public Duration fallbackRetryTimeout() {
        return fallbackRetryTimeout;
    }

    /**
     * The recovery key of a connection to recover (TO3i, RTN16), from {@link Connection#createRecoveryKey()} in an
     * earlier process, or null.
     */
    public @Nullable String recover() {
        return recover;
    }

    /** The port used when {@link #tls()} is false (TO3k4). */
    public int port() {
        return port;
    }

    /** The port used when {@link #tls()} is true (TO3k5). */
    public int tlsPort() {
        return tlsPort;
    }

    /** Whether to connect with TLS ({@code wss}); default true (TO3d). */
    public boolean tls() {
        return tls;
    }

    /** Whether to use msgpack (true, the default) or JSON (TO3f, RSC8). */
    public boolean useBinaryProtocol() {
        return useBinaryProtocol;
    }

    /** Whether messages published on this connection are echoed back to it; default true (RTC1a). */
    public boolean echoMessages() {
        return echoMessages;
    }

    /** Whether the client connects on construction; default true (RTC1b, RTN3). */
    public boolean autoConnect() {
        return autoConnect;
    }

    /**
     * Whether messages published while the connection is INITIALIZED, CONNECTING or DISCONNECTED are queued and sent
     * once CONNECTED (TO3g, RTL6c2); default true. When false they fail at once, and messages awaiting an ACK fail
     * when the connection becomes DISCONNECTED (RTN7d).
     */
    public boolean queueMessages() {
        return queueMessages;
    }

    /**
     * Whether REST publishes give messages without an id a library-generated one, so that a publish retried on a
     * fallback host is applied once (TO3n, RSL1k1, RSC22d); default true.
     */
    public boolean idempotentRestPublishing() {
        return idempotentRestPublishing;
    }

    /** Timeout for connect, ping, attach, detach and close (TO3l11); default 10 s. */
    public Duration realtimeRequestTimeout() {
        return realtimeRequestTimeout;
    }

    /** Initial retry delay while DISCONNECTED (TO3l1); default 15 s. */
    public Duration disconnectedRetryTimeout() {
        return disconnectedRetryTimeout;
    }

    /** Retry delay while SUSPENDED (TO3l2); default 30 s. */
    public Duration suspendedRetryTimeout() {
        return suspendedRetryTimeout;
    }

    /** Initial retry delay for SUSPENDED channels (TO3l7); default 15 s. */
    public Duration channelRetryTimeout() {
        return channelRetryTimeout;
    }

    /** Extra query parameters for the connection URL; they override the library's own (RTC1f, RTC1f1). */
    public Map<String, String> transportParams() {
        return transportParams;
    }

    /** The log level; default {@link LogLevel#WARN} (TO3b). */
    public LogLevel logLevel() {
        return logLevel;
    }

    /** The log handler, or null for {@link System.Logger} {@code io.ably4j} (TO3c). */
    public @Nullable LogHandler logHandler() {
        return logHandler;
    }

    /**
     * The executor on which listeners and future completions run, or null for the default. Either way, one client's
     * callbacks run one at a time and in order. The default uses a small thread pool shared by all clients, separate from
     * the threads that run the library's state machines and I/O: a listener that blocks never delays the library, but
     * it does hold one of those shared threads, so long or blocking work belongs on an executor of your own.
     */
    public @Nullable Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** The TLS context for {@code wss} connections (custom trust, e.g. an emulator's certificate), or null. */
    public @Nullable SSLContext sslContext() {
        return sslContext;
    }

    /** The WebSocket implementation of the realtime connection; default {@link WebSocketEngine#JDK}. */
    public WebSocketEngine webSocketEngine() {
        return webSocketEngine;
    }

    /**
     * Whether basic auth (an API key) is allowed over a non-TLS connection. <b>Unsafe</b>: it sends the key secret in
     * clear text. Only for local development against an emulator (see {@link
     * Builder#allowInsecureBasicAuthForLocalDevelopment(boolean)}).
     */
    public boolean allowInsecureBasicAuthForLocalDevelopment() {
        return allowInsecureBasicAuthForLocalDevelopment;
    }

    /** Whether the client authenticates with its API key (basic auth) rather than a token (RSA1, RSA4). */
    public boolean usesBasicAuth() {
        return !auth.usesTokenAuth() && auth.key() != null;
    }

    @Override
    public String toString() {
        // Never include key secrets or tokens.
        return "ClientOptions{auth=" + auth
                + ", clientId=" + clientId + ", host=" + primaryDomain() + ", tls=" + tls
                + ", binary=" + useBinaryProtocol + ", autoConnect=" + autoConnect + ", idempotentRestPublishing="
                + idempotentRestPublishing + ", webSocketEngine="
                + webSocketEngine
                + '}';
    }

    private static AblyException error(int code, String message) {
        return Errors.exception(code, message);
    }

    /** A mutable builder for {@link ClientOptions}; not thread-safe. */
    public static final class Builder {
        private AuthOptions.Builder auth = AuthOptions.builder();
        private @Nullable String clientId;
        private @Nullable String endpoint;
        private @Nullable String environment;
        private @Nullable String restHost;
        private @Nullable String realtimeHost;
        private @Nullable List<String> fallbackHosts;
        private boolean fallbackHostsUseDefault;
        private URI connectivityCheckUrl = URI.create(Endpoints.DEFAULT_CONNECTIVITY_CHECK_URL);
        private Duration fallbackRetryTimeout = DEFAULT_FALLBACK_RETRY_TIMEOUT;
        private @Nullable String recover;
        private int port = DEFAULT_PORT;
        private int tlsPort = DEFAULT_TLS_PORT;
        private boolean tls = true;
        private boolean useBinaryProtocol = true;
        private boolean echoMessages = true;
        private boolean autoConnect = true;
        private boolean queueMessages = true;
        private boolean idempotentRestPublishing = true;
        private Duration realtimeRequestTimeout = DEFAULT_REALTIME_REQUEST_TIMEOUT;
        private Duration disconnectedRetryTimeout = DEFAULT_DISCONNECTED_RETRY_TIMEOUT;
        private Duration suspendedRetryTimeout = DEFAULT_SUSPENDED_RETRY_TIMEOUT;
        private Duration channelRetryTimeout = DEFAULT_CHANNEL_RETRY_TIMEOUT;
        private final Map<String, String> transportParams = new LinkedHashMap<>();
        private LogLevel logLevel = LogLevel.WARN;
        private @Nullable LogHandler logHandler;
        private @Nullable Executor callbackExecutor;
        private @Nullable SSLContext sslContext;
        private WebSocketEngine webSocketEngine = WebSocketEngine.JDK;
        private boolean allowInsecureBasicAuthForLocalDevelopment;

        private Builder() {}

        /**
         * The API key, {@code keyName:keySecret}; null clears it.
         *
         * @throws AblyException 40005 if the key is not of the form {@code name:secret}
         */
        public Builder key(@Nullable String key) {
            auth.key(key);
            return this;
        }

        /**
         * A token string (an Ably token or a JWT); null clears it. Without a key, authCallback or authUrl the token
         * cannot be renewed: when it expires the connection fails (RSA4a).
         *
         * @throws AblyException 40106 if the token is empty
         */
        public Builder token(@Nullable String token) {
            auth.token(token);
            return this;
        }

        /**
         * Replaces every authentication option, key and token included (TO3j): {@code
         * .authOptions(AuthOptions.builder().authCallback(callback).build())}.
         *
         * @throws AblyException 40000 if {@code options} is null
         */
        public Builder authOptions(AuthOptions options) {
            this.auth = OptionChecks.notNull(options, "authOptions").toBuilder();
            return this;
        }

        /**
         * The client id; null clears it.
         *
         * @throws AblyException 40012 if it is empty or the wildcard {@code *} (RSA7c)
         */
        public Builder clientId(@Nullable String clientId) {
            if (clientId != null && (clientId.isEmpty() || clientId.equals("*"))) {
                throw error(Errors.INVALID_CLIENT_ID, "Invalid clientId: must not be empty or the wildcard '*'");
            }
            this.clientId = clientId;
            return this;
        }

        /**
         * The endpoint (REC1): a hostname (contains {@code .} or {@code ::}, or {@code localhost}), {@code
         * nonprod:[id]}, or a routing id; null for the default.
         *
         * @throws AblyException 40000 if it is empty, contains whitespace, {@code /} or {@code ?}, or does not resolve
         *     to a valid host name or IP address (a port belongs in {@link #port(int)} or {@link #tlsPort(int)})
         */
        public Builder endpoint(@Nullable String endpoint) {
            this.endpoint = OptionChecks.endpoint(endpoint);
            return this;
        }

        /**
         * Deprecated: use {@link #endpoint(String)}. A production routing policy id (REC1c); null clears it.
         *
         * @throws AblyException 40000 if it is not a valid host label
         */
        public Builder environment(@Nullable String environment) {
            this.environment = OptionChecks.host(environment, "environment");
            return this;
        }

        /** Deprecated: use {@link #endpoint(String)}. The primary domain (REC1d1); null clears it. */
        public Builder restHost(@Nullable String restHost) {
            this.restHost = OptionChecks.host(restHost, "restHost");
            return this;
        }

        /** Deprecated: use {@link #endpoint(String)}. The primary domain when no restHost is set (REC1d2). */
        public Builder realtimeHost(@Nullable String realtimeHost) {
            this.realtimeHost = OptionChecks.host(realtimeHost, "realtimeHost");
            return this;
        }

        /**
         * The fallback domains (TO3k6, REC2a2), replacing the default set; an empty list disables fallback, null
         * restores the default.
         *
         * @throws AblyException 40000 if a host is null, empty or not a valid host name or address
         */
        public Builder fallbackHosts(@Nullable List<String> hosts) {
            if (hosts != null) {
                List<String> copy = new ArrayList<>(hosts.size());
                for (String h : hosts) {
                    copy.add(OptionChecks.host(OptionChecks.notNull(h, "fallbackHosts entry"), "fallbackHosts entry"));
                }
                this.fallbackHosts = List.copyOf(copy);
            } else {
                this.fallbackHosts = null;
            }
            return this;
        }

        /** Deprecated: the default fallback domains with a custom primary domain (REC2b). */
        public Builder fallbackHostsUseDefault(boolean useDefault) {
            this.fallbackHostsUseDefault = useDefault;
            return this;
        }

        /**
         * The connectivity check URL (REC3b): an {@code http} or {@code https} URL whose body contains {@code yes}
         * while the internet is reachable.
         *
         * @throws AblyException 40000 if it is not an absolute http(s) URL
         */
        public Builder connectivityCheckUrl(String url) {
            this.connectivityCheckUrl = OptionChecks.httpUrl(url, "connectivityCheckUrl");
            return this;
        }

        /** See {@link ClientOptions#fallbackRetryTimeout()}; must be positive. */
        public Builder fallbackRetryTimeout(Duration timeout) {
            this.fallbackRetryTimeout = OptionChecks.positive(timeout, "fallbackRetryTimeout");
            return this;
        }

        /**
         * A recovery key from {@link Connection#createRecoveryKey()} (TO3i, RTN16): the new client continues that
         * connection, its msgSerial and its channels' positions. A key that cannot be read is logged and ignored
         * (RTN16f1). Null or empty clears it.
         */
        public Builder recover(@Nullable String recoveryKey) {
            this.recover = recoveryKey == null || recoveryKey.isEmpty() ? null : recoveryKey;
            return this;
        }

        /** The non-TLS port (TO3k4), 1-65535. */
        public Builder port(int port) {
            this.port = OptionChecks.port(port, "port");
            return this;
        }

        /** The TLS port (TO3k5), 1-65535. */
        public Builder tlsPort(int tlsPort) {
            this.tlsPort = OptionChecks.port(tlsPort, "tlsPort");
            return this;
        }

        /** Whether to use TLS (TO3d). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** msgpack (true) or JSON (false) (TO3f). */
        public Builder useBinaryProtocol(boolean useBinaryProtocol) {
            this.useBinaryProtocol = useBinaryProtocol;
            return this;
        }

        /** Whether this connection's own messages are echoed back to it (TO3h). */
        public Builder echoMessages(boolean echoMessages) {
            this.echoMessages = echoMessages;
            return this;
        }

        /** Whether to connect on construction (TO3e). */
        public Builder autoConnect(boolean autoConnect) {
            this.autoConnect = autoConnect;
            return this;
        }

        /** See {@link ClientOptions#queueMessages()} (TO3g). */
        public Builder queueMessages(boolean queueMessages) {
            this.queueMessages = queueMessages;
            return this;
        }

        /** See {@link ClientOptions#idempotentRestPublishing()} (TO3n). */
        public Builder idempotentRestPublishing(boolean idempotentRestPublishing) {
            this.idempotentRestPublishing = idempotentRestPublishing;
            return this;
        }

        /** See {@link ClientOptions#realtimeRequestTimeout()}; must be positive. */
        public Builder realtimeRequestTimeout(Duration timeout) {
            this.realtimeRequestTimeout = OptionChecks.positive(timeout, "realtimeRequestTimeout");
            return this;
        }

        /** See {@link ClientOptions#disconnectedRetryTimeout()}; must be positive. */
        public Builder disconnectedRetryTimeout(Duration timeout) {
            this.disconnectedRetryTimeout = OptionChecks.positive(timeout, "disconnectedRetryTimeout");
            return this;
        }

        /** See {@link ClientOptions#suspendedRetryTimeout()}; must be positive. */
        public Builder suspendedRetryTimeout(Duration timeout) {
            this.suspendedRetryTimeout = OptionChecks.positive(timeout, "suspendedRetryTimeout");
            return this;
        }

        /** See {@link ClientOptions#channelRetryTimeout()}; must be positive. */
        public Builder channelRetryTimeout(Duration timeout) {
            this.channelRetryTimeout = OptionChecks.positive(timeout, "channelRetryTimeout");
            return this;
        }

        /**
         * Adds a connection query parameter (RTC1f). The value must be a String, Number or Boolean and is sent as its
         * string form; it overrides a library parameter of the same name (RTC1f1).
         *
         * @throws AblyException 40000 for an empty name or a value of another type
         */
        public Builder transportParam(String name, Object value) {
            OptionChecks.transportParam(name, value);
            transportParams.put(name, String.valueOf(value));
            return this;
        }

        /** Replaces all transport params; see {@link #transportParam(String, Object)}. */
        public Builder transportParams(Map<String, ?> params) {
            if (params == null) {
                throw error(Errors.BAD_REQUEST, "transportParams must not be null");
            }
            params.forEach((name, value) -> OptionChecks.transportParam(name, value)); // a failure changes nothing
            transportParams.clear();
            params.forEach((name, value) -> transportParams.put(name, String.valueOf(value)));
            return this;
        }

        /** The log level (TO3b). */
        public Builder logLevel(LogLevel logLevel) {
            this.logLevel = OptionChecks.notNull(logLevel, "logLevel");
            return this;
        }

        /** The log handler (TO3c); null for {@link System.Logger}. */
        public Builder logHandler(@Nullable LogHandler logHandler) {
            this.logHandler = logHandler;
            return this;
        }

        /** See {@link ClientOptions#callbackExecutor()}; null for the default. */
        public Builder callbackExecutor(@Nullable Executor executor) {
            this.callbackExecutor = executor;
            return this;
        }

        /** See {@link ClientOptions#sslContext()}; null for the JDK default. */
        public Builder sslContext(@Nullable SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /**
         * The WebSocket implementation of the realtime connection (see {@link WebSocketEngine}); default {@link
         * WebSocketEngine#JDK}.
         *
         * @throws AblyException 40000 if {@code engine} is null
         */
        public Builder webSocketEngine(WebSocketEngine engine) {
            this.webSocketEngine = OptionChecks.notNull(engine, "webSocketEngine");
            return this;
        }

        /**
         * <b>Unsafe; for local development only.</b> Allows an API key to be sent over a plain-text ({@code ws://})
         * connection, which the Ably specification forbids (RSC18) because anyone on the network path can read the key
         * secret. Use it only to talk to an emulator on {@code localhost}; never with a production key.
         */
        public Builder allowInsecureBasicAuthForLocalDevelopment(boolean allow) {
            this.allowInsecureBasicAuthForLocalDevelopment = allow;
            return this;
        }

        /**
         * Validates the combination and builds the options.
         *
         * @throws AblyException 40106 with neither key nor token (RSC1b); 40103 for basic auth without TLS (RSC18)
         */
        public ClientOptions build() {
            Endpoints.check(new Endpoints.Spec(
                    endpoint, environment, restHost, realtimeHost, fallbackHosts, fallbackHostsUseDefault));
            AuthOptions a = auth.build();
            if (!a.hasCredentials()) { // RSC1b, RSA14
                throw error(
                        Errors.NO_AUTHENTICATION_METHOD, "No authentication options provided: set a key or a token");
            }
            io.ably4j.types.TokenDetails td = a.tokenDetails();
            String tokenClientId = td == null ? null : td.clientId();
            if (clientId != null
                    && tokenClientId != null
                    && !tokenClientId.equals("*")
                    && !tokenClientId.equals(clientId)) { // RSA15a, RSA15c
                throw error(
                        Errors.INCOMPATIBLE_CREDENTIALS,
                        "clientId '" + clientId + "' does not match the token's clientId '" + tokenClientId + "'");
            }
            if (!tls && !a.usesTokenAuth() && !allowInsecureBasicAuthForLocalDevelopment) { // RSC18
                throw error(
                        Errors.BASIC_AUTH_OVER_NON_TLS, "Cannot use basic auth (an API key) over a non-TLS connection");
            }
            return new ClientOptions(this);
        }
    }
}
