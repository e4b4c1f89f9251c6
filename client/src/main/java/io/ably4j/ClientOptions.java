package io.ably4j;

import io.ably4j.internal.connection.Endpoints;
import io.ably4j.internal.util.ClientSettings;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.OptionChecks;
import io.ably4j.internal.util.Scheduler;
import io.ably4j.types.AblyException;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Immutable options for a {@link RealtimeClient}. Spec: TO3, RTC1. Build with {@link #builder()}; every setter
 * validates its argument and {@link Builder#build()} checks the combination, throwing {@link AblyException} with the
 * Ably error code (40000 for a bad value, 40005 for a malformed key, 40012 for a bad client id, 40103 for basic auth
 * over an insecure connection, 40106 when there are no credentials).
 *
 * <p>Defaults follow the Ably specification: TLS on, msgpack, {@code echoMessages} and {@code autoConnect} true,
 * {@code realtimeRequestTimeout} 10 s, {@code disconnectedRetryTimeout} 15 s, {@code suspendedRetryTimeout} 30 s,
 * {@code channelRetryTimeout} 15 s, log level {@link LogLevel#WARN}.
 */
public final class ClientOptions {
    /** Default {@code realtimeRequestTimeout}. Spec: TO3l11. */
    public static final Duration DEFAULT_REALTIME_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code disconnectedRetryTimeout}. Spec: TO3l1. */
    public static final Duration DEFAULT_DISCONNECTED_RETRY_TIMEOUT = Duration.ofSeconds(15);
    /** Default {@code suspendedRetryTimeout}. Spec: TO3l2. */
    public static final Duration DEFAULT_SUSPENDED_RETRY_TIMEOUT = Duration.ofSeconds(30);
    /** Default {@code channelRetryTimeout}. Spec: TO3l7. */
    public static final Duration DEFAULT_CHANNEL_RETRY_TIMEOUT = Duration.ofSeconds(15);
    /** Default non-TLS port. Spec: TO3k4. */
    public static final int DEFAULT_PORT = 80;
    /** Default TLS port. Spec: TO3k5. */
    public static final int DEFAULT_TLS_PORT = 443;
    /** Default {@code fallbackRetryTimeout}. Spec: TO3l10. */
    public static final Duration DEFAULT_FALLBACK_RETRY_TIMEOUT = Duration.ofMinutes(10);
    /** Default {@code httpOpenTimeout}. Spec: TO3l3. */
    public static final Duration DEFAULT_HTTP_OPEN_TIMEOUT = Duration.ofSeconds(4);
    /** Default {@code httpRequestTimeout}. Spec: TO3l4. */
    public static final Duration DEFAULT_HTTP_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code httpMaxRetryCount}. Spec: TO3l5. */
    public static final int DEFAULT_HTTP_MAX_RETRY_COUNT = 3;
    /**
     * The longest value a duration option keeps (about 100 years). Every {@code Duration} option accepts any positive
     * value; a longer one, e.g. {@code ChronoUnit.FOREVER.getDuration()}, is saturated to this, which in practice
     * means "never" for a retry delay or a timeout, and which every timer and clock computation of the client handles
     * without overflow.
     */
    public static final Duration MAX_DURATION = Scheduler.MAX_DELAY;

    /** Default {@code httpMaxRetryDuration}. Spec: TO3l6. */
    public static final Duration DEFAULT_HTTP_MAX_RETRY_DURATION = Duration.ofSeconds(15);

    private final ClientSettings s; // a private copy, never changed
    private final AuthOptions auth;
    private final Map<String, String> transportParams;

    private ClientOptions(ClientSettings settings, AuthOptions auth) {
        this.s = settings;
        this.auth = auth;
        this.transportParams = Collections.unmodifiableMap(new LinkedHashMap<>(settings.transportParams));
    }

    /** {@return a new builder with every option at its default} */
    public static Builder builder() {
        return new Builder(new ClientSettings());
    }

    /**
     * Options from a single credential string: a string containing {@code :} is an API key, any other string is a
     * token. Spec: RSC1, RSC1a.
     *
     * @param keyOrToken an API key ({@code name:secret}) or a token string
     * @return options with that credential and every other option at its default
     * @throws AblyException 40106 if {@code keyOrToken} is null or empty
     */
    public static ClientOptions fromKeyOrToken(@Nullable String keyOrToken) {
        if (keyOrToken == null || keyOrToken.isEmpty()) {
            throw Errors.exception(Errors.NO_AUTHENTICATION_METHOD, "No API key or token given");
        }
        Builder b = builder();
        return (keyOrToken.indexOf(':') >= 0 ? b.key(keyOrToken) : b.token(keyOrToken)).build();
    }

    /** {@return a builder initialised with these options} */
    public Builder toBuilder() {
        return new Builder(s.copy());
    }

    /** {@return how the client authenticates: key, token, authCallback, authUrl and the rest} Spec: TO3j. */
    public AuthOptions authOptions() {
        return auth;
    }

    /** {@return the API key ({@code keyName:keySecret}), or null; same as {@code authOptions().key()}} */
    public @Nullable String key() {
        return auth.key();
    }

    /** {@return the token string, or null; same as {@code authOptions().token()}} */
    public @Nullable String token() {
        return auth.token();
    }

    /** {@return the client id, or null} Spec: TO3a. */
    public @Nullable String clientId() {
        return s.clientId;
    }

    /** {@return the {@code endpoint} option as given, or null for the default} Spec: REC1, TO3k8. */
    public @Nullable String endpoint() {
        return s.endpoint;
    }

    /**
     * {@return the primary domain, the host every connection attempt and HTTP request tries first: {@code
     * main.realtime.ably.net} by default; the endpoint itself if it contains {@code .} or {@code ::} or is {@code
     * localhost}; {@code [id].realtime.ably-nonprod.net} for {@code nonprod:[id]}; otherwise {@code
     * [id].realtime.ably.net}} Spec: REC1. The deprecated {@code environment}, {@code restHost} and {@code
     * realtimeHost} apply when no endpoint is given.
     */
    public String primaryDomain() {
        return Endpoints.primary(s.endpointSpec());
    }

    /**
     * {@return the fallback domains tried, in random order, when the primary domain is unreachable: five {@code
     * *.fallback.ably-realtime.com} domains of the endpoint's routing policy by default; none when the endpoint is a
     * hostname; {@link #fallbackHosts()} when given} Spec: REC2.
     */
    public List<String> fallbackDomains() {
        return Endpoints.fallbacks(s.endpointSpec());
    }

    /** {@return the deprecated {@code environment} option, or null} Spec: REC1c. Prefer {@link #endpoint()}. */
    public @Nullable String environment() {
        return s.environment;
    }

    /** {@return the deprecated {@code restHost} option, or null} Spec: REC1d1. Prefer {@link #endpoint()}. */
    public @Nullable String restHost() {
        return s.restHost;
    }

    /** {@return the deprecated {@code realtimeHost} option, or null} Spec: REC1d2. Prefer {@link #endpoint()}. */
    public @Nullable String realtimeHost() {
        return s.realtimeHost;
    }

    /**
     * {@return the {@code fallbackHosts} option, or null when not given; empty disables fallback} Spec: TO3k6, REC2a2.
     */
    public @Nullable List<String> fallbackHosts() {
        return s.fallbackHosts;
    }

    /** {@return the deprecated {@code fallbackHostsUseDefault} option; default false} Spec: REC2b. */
    public boolean fallbackHostsUseDefault() {
        return s.fallbackHostsUseDefault;
    }

    /** {@return the URL fetched to check for internet access before trying fallback hosts} Spec: REC3, RTN17j. */
    public URI connectivityCheckUrl() {
        return s.connectivityCheckUrl;
    }

    /**
     * {@return how long HTTP requests keep using a fallback host that worked; default 10 minutes} Spec: TO3l10, RSC15f.
     */
    public Duration fallbackRetryTimeout() {
        return s.fallbackRetryTimeout;
    }

    /**
     * {@return the recovery key of a connection to recover, from {@link Connection#createRecoveryKey()} in an earlier
     * process, or null} Spec: TO3i, RTN16.
     */
    public @Nullable String recover() {
        return s.recover;
    }

    /** {@return the port used when {@link #tls()} is false} Spec: TO3k4. */
    public int port() {
        return s.port;
    }

    /** {@return the port used when {@link #tls()} is true} Spec: TO3k5. */
    public int tlsPort() {
        return s.tlsPort;
    }

    /** {@return whether to connect with TLS ({@code wss}); default true} Spec: TO3d. */
    public boolean tls() {
        return s.tls;
    }

    /** {@return whether to use msgpack (true, the default) or JSON} Spec: TO3f, RSC8. */
    public boolean useBinaryProtocol() {
        return s.useBinaryProtocol;
    }

    /** {@return whether messages published on this connection are echoed back to it; default true} Spec: RTC1a. */
    public boolean echoMessages() {
        return s.echoMessages;
    }

    /** {@return whether the client connects on construction; default true} Spec: RTC1b, RTN3. */
    public boolean autoConnect() {
        return s.autoConnect;
    }

    /**
     * {@return whether messages published while the connection is INITIALIZED, CONNECTING or DISCONNECTED are queued
     * and sent once CONNECTED; default true} Spec: TO3g, RTL6c2. When false they fail at once, and messages awaiting an
     * ACK fail when the connection becomes DISCONNECTED (RTN7d).
     */
    public boolean queueMessages() {
        return s.queueMessages;
    }

    /** {@return timeout for connect, ping, attach, detach and close; default 10 s} Spec: TO3l11. */
    public Duration realtimeRequestTimeout() {
        return s.realtimeRequestTimeout;
    }

    /** {@return initial retry delay while DISCONNECTED; default 15 s} Spec: TO3l1. */
    public Duration disconnectedRetryTimeout() {
        return s.disconnectedRetryTimeout;
    }

    /** {@return retry delay while SUSPENDED; default 30 s} Spec: TO3l2. */
    public Duration suspendedRetryTimeout() {
        return s.suspendedRetryTimeout;
    }

    /** {@return initial retry delay for SUSPENDED channels; default 15 s} Spec: TO3l7. */
    public Duration channelRetryTimeout() {
        return s.channelRetryTimeout;
    }

    /** {@return time allowed to open an HTTP connection; default 4 s} Spec: TO3l3. */
    public Duration httpOpenTimeout() {
        return s.httpOpenTimeout;
    }

    /** {@return time allowed for one HTTP request and its response, on one host; default 10 s} Spec: TO3l4. */
    public Duration httpRequestTimeout() {
        return s.httpRequestTimeout;
    }

    /**
     * {@return how many fallback hosts one HTTP request may try after the first host failed; default 3} Spec: TO3l5.
     */
    public int httpMaxRetryCount() {
        return s.httpMaxRetryCount;
    }

    /**
     * {@return the time after which an HTTP request no longer tries another host, counted from its start; default 15 s}
     * Spec: TO3l6.
     */
    public Duration httpMaxRetryDuration() {
        return s.httpMaxRetryDuration;
    }

    /**
     * {@return whether every REST request carries a random {@code request_id} query parameter, the same on every host
     * tried, and named in the request's log lines and failure; default false} Spec: RSC7c.
     */
    public boolean addRequestIds() {
        return s.addRequestIds;
    }

    /**
     * {@return whether REST publishes get message ids from the library so retries are idempotent; default true} Spec:
     * TO3n, RSL1k.
     */
    public boolean idempotentRestPublishing() {
        return s.idempotentRestPublishing;
    }

    /**
     * {@return extra query parameters for the connection URL; they override the library's own} Spec: RTC1f, RTC1f1.
     */
    public Map<String, String> transportParams() {
        return transportParams;
    }

    /**
     * {@return the log level; default {@link LogLevel#WARN}} Spec: TO3b. It filters the library's own log only; the
     * JDK's HTTP client logs separately, see {@link #logHandler()}.
     */
    public LogLevel logLevel() {
        return s.logLevel;
    }

    /**
     * {@return the log handler, or null for {@link System.Logger} {@code io.ably4j}} Spec: TO3c. The library's own log
     * lines never contain the key or a token (connection URLs are logged without them). The JDK's HTTP client, which
     * REST requests and the {@link WebSocketEngine#JDK} engine use, logs separately and unredacted: with its debug or
     * request logging on ({@code -Djdk.internal.httpclient.debug=true}, or {@code -Djdk.httpclient.HttpClient.log}
     * which writes to the {@code jdk.httpclient.HttpClient} logger) it prints request headers and, for the JDK engine,
     * the WebSocket URL, whose query string holds the key or token (RTN2e); the default {@link WebSocketEngine#NIO}
     * engine logs no URLs.
     */
    public @Nullable LogHandler logHandler() {
        return s.logHandler;
    }

    /**
     * {@return the executor on which listeners and future completions run, or null for the default} Either way, one
     * client's callbacks run one at a time and in order. The default uses a small thread pool shared by all clients,
     * separate from the threads that run the library's state machines and I/O, so a listener that blocks does not
     * delay the library, but it does hold one of those shared threads: long or blocking work belongs on an executor of
     * your own. While callbacks come faster than a few hundred per second, the {@link WebSocketEngine#NIO} engine's
     * I/O thread runs them itself between two reads instead of waking a pool thread for each (a wake-up costs more CPU
     * than a small message); a watchdog hands the I/O to another thread if a callback runs longer than 20 ms, and a
     * blocking wait for a client future hands it over at once, so such a listener delays the connections by at most
     * that much, and callbacks then go to the pool for at least a second.
     *
     * <p>What waits for the listeners is bounded per client (about 4,096 received messages or 4 MiB of them): beyond
     * that the client stops reading from the connection until the listeners have caught up with half of it, so a slow
     * listener slows the delivery from the server instead of filling the heap (see {@link
     * RealtimeChannel#subscribe(java.util.function.Consumer)}).
     *
     * <p><b>Direct mode.</b> An executor that runs tasks inline ({@code callbackExecutor(Runnable::run)}) removes the
     * thread hand-off: each callback runs on the thread that delivered its event, usually the connection's receive
     * thread (or the thread of the call that completed a future), still one at a time and in order per client. This is
     * the cheapest way to receive, for users who accept its cost: while a listener runs, the client reads and
     * processes nothing else (with the {@link WebSocketEngine#NIO} engine, neither do the other connections served by
     * the same I/O thread), so a listener must be short and must not block. A blocking wait for a future of the
     * client ({@code get}, {@code join}, {@code await}) inside such a listener could never end, since that thread
     * must process the reply: it fails at once with error 40000; add a dependent stage instead. Other threads wait for
     * futures as usual.
     */
    public @Nullable Executor callbackExecutor() {
        return s.callbackExecutor;
    }

    /**
     * {@return the TLS context for {@code wss} connections (custom trust, e.g. an emulator's certificate), or null}
     */
    public @Nullable SSLContext sslContext() {
        return s.sslContext;
    }

    /** {@return the WebSocket implementation of the realtime connection; default {@link WebSocketEngine#NIO}} */
    public WebSocketEngine webSocketEngine() {
        return s.webSocketEngine;
    }

    /**
     * {@return whether basic auth (an API key) is allowed over a non-TLS connection} <b>Unsafe</b>: it sends the key
     * secret in clear text. Only for local development against an emulator (see {@link
     * Builder#allowInsecureBasicAuthForLocalDevelopment(boolean)}).
     */
    public boolean allowInsecureBasicAuthForLocalDevelopment() {
        return s.allowInsecureBasicAuthForLocalDevelopment;
    }

    /**
     * {@return the decoder of delta-compressed messages (channel param {@code delta=vcdiff}), or null for none} Spec:
     * PC3, TO3o. Unless {@link Builder#vcdiffDecoder(VcdiffDecoder)} chose one (or none), this is the built-in
     * {@link VcdiffDecoder#builtIn()}. Without a decoder (the user passed null), a channel that receives a delta
     * message goes FAILED with error 40019.
     */
    public @Nullable VcdiffDecoder vcdiffDecoder() {
        return s.vcdiffDecoderSet ? s.vcdiffDecoder : VcdiffDecoder.builtIn();
    }

    /**
     * {@return whether the client authenticates with its API key (basic auth) rather than a token} Spec: RSA1, RSA4.
     */
    public boolean usesBasicAuth() {
        return !auth.usesTokenAuth() && auth.key() != null;
    }

    @Override
    public String toString() {
        // Never include key secrets or tokens.
        return "ClientOptions{auth=" + auth + ", clientId=" + s.clientId + ", host=" + primaryDomain() + ", tls="
                + s.tls + ", binary=" + s.useBinaryProtocol + ", autoConnect=" + s.autoConnect + ", webSocketEngine="
                + s.webSocketEngine + ", httpOpenTimeout=" + s.httpOpenTimeout + ", httpRequestTimeout="
                + s.httpRequestTimeout + ", httpMaxRetryCount=" + s.httpMaxRetryCount + ", httpMaxRetryDuration="
                + s.httpMaxRetryDuration + ", addRequestIds=" + s.addRequestIds + ", idempotentRestPublishing="
                + s.idempotentRestPublishing + '}';
    }

    /** A mutable builder for {@link ClientOptions}; not thread-safe. */
    public static final class Builder {
        private final ClientSettings s;

        private Builder(ClientSettings settings) {
            this.s = settings;
        }

        /**
         * The API key, {@code keyName:keySecret}; null clears it.
         *
         * @param key the API key, {@code keyName:keySecret}; null clears it
         * @return this builder
         * @throws AblyException 40005 if the key is not of the form {@code name:secret}
         */
        public Builder key(@Nullable String key) {
            s.auth.key(key);
            return this;
        }

        /**
         * A token string (an Ably token or a JWT); null clears it. Without a key, authCallback or authUrl the token
         * cannot be renewed: when it expires the connection fails (RSA4a).
         *
         * @param token a token string (an Ably token or a JWT); null clears it
         * @return this builder
         * @throws AblyException 40106 if the token is empty
         */
        public Builder token(@Nullable String token) {
            s.auth.token(token);
            return this;
        }

        /**
         * Replaces every authentication option, key and token included: {@code
         * .authOptions(AuthOptions.builder().authCallback(callback).build())}. Spec: TO3j.
         *
         * @param options the authentication options, which replace every current one, key and token included: {@code
         * .authOptions(AuthOptions.builder().authCallback(callback).build())}
         * @return this builder
         * @throws AblyException 40000 if {@code options} is null
         */
        public Builder authOptions(AuthOptions options) {
            s.auth = OptionChecks.notNull(options, "authOptions").toBuilder();
            return this;
        }

        /**
         * The client id; null clears it.
         *
         * @param clientId the client id; null clears it
         * @return this builder
         * @throws AblyException 40012 if it is empty or the wildcard {@code *} (RSA7c)
         */
        public Builder clientId(@Nullable String clientId) {
            if (clientId != null && (clientId.isEmpty() || clientId.equals("*"))) {
                throw Errors.exception(
                        Errors.INVALID_CLIENT_ID, "Invalid clientId: must not be empty or the wildcard '*'");
            }
            s.clientId = clientId;
            return this;
        }

        /**
         * The endpoint: a hostname (contains {@code .} or {@code ::}, or {@code localhost}), {@code nonprod:[id]}, or a
         * routing id; null for the default. Spec: REC1.
         *
         * @param endpoint the endpoint: a hostname (contains {@code .} or {@code ::}, or {@code localhost}), {@code
         *     nonprod:[id]}, or a routing id; null for the default
         * @return this builder
         * @throws AblyException 40000 if it is empty, contains whitespace, {@code /} or {@code ?}, or does not resolve
         *     to a valid host name or IP address (a port belongs in {@link #port(int)} or {@link #tlsPort(int)})
         */
        public Builder endpoint(@Nullable String endpoint) {
            s.endpoint = OptionChecks.endpoint(endpoint);
            return this;
        }

        /**
         * Deprecated: use {@link #endpoint(String)}. A production routing policy id (REC1c); null clears it.
         *
         * @param environment a production routing policy id, or null to clear it
         * @return this builder
         * @throws AblyException 40000 if it is not a valid host label
         */
        public Builder environment(@Nullable String environment) {
            s.environment = OptionChecks.host(environment, "environment");
            return this;
        }

        /**
         * Deprecated: use {@link #endpoint(String)}. The primary domain (REC1d1); null clears it.
         *
         * @param restHost the primary domain, or null to clear it
         * @return this builder
         */
        public Builder restHost(@Nullable String restHost) {
            s.restHost = OptionChecks.host(restHost, "restHost");
            return this;
        }

        /**
         * Deprecated: use {@link #endpoint(String)}. The primary domain when no restHost is set (REC1d2).
         *
         * @param realtimeHost the primary domain when no restHost is set, or null to clear it
         * @return this builder
         */
        public Builder realtimeHost(@Nullable String realtimeHost) {
            s.realtimeHost = OptionChecks.host(realtimeHost, "realtimeHost");
            return this;
        }

        /**
         * The fallback domains, replacing the default set; an empty list disables fallback, null restores the default.
         * Spec: TO3k6, REC2a2.
         *
         * @param hosts the fallback domains, replacing the default set; an empty list disables fallback, null restores
         *     the default
         * @return this builder
         * @throws AblyException 40000 if a host is null, empty or not a valid host name or address
         */
        public Builder fallbackHosts(@Nullable List<String> hosts) {
            s.fallbackHosts = ClientSettings.hosts(hosts);
            return this;
        }

        /**
         * Deprecated: the default fallback domains with a custom primary domain. Spec: REC2b.
         *
         * @param useDefault whether to use the default fallback domains with a custom primary domain
         * @return this builder
         */
        public Builder fallbackHostsUseDefault(boolean useDefault) {
            s.fallbackHostsUseDefault = useDefault;
            return this;
        }

        /**
         * The connectivity check URL: an {@code http} or {@code https} URL whose body contains {@code yes} while the
         * internet is reachable. Spec: REC3b.
         *
         * @param url the connectivity check URL: an {@code http} or {@code https} URL whose body contains {@code yes}
         *     while the internet is reachable
         * @return this builder
         * @throws AblyException 40000 if it is not an absolute http(s) URL
         */
        public Builder connectivityCheckUrl(String url) {
            s.connectivityCheckUrl = OptionChecks.httpUrl(url, "connectivityCheckUrl");
            return this;
        }

        /**
         * See {@link ClientOptions#fallbackRetryTimeout()}; positive, longer saturates (MAX_DURATION).
         *
         * @param timeout how long HTTP requests keep using a fallback host that worked; default 10 minutes
         * @return this builder
         */
        public Builder fallbackRetryTimeout(Duration timeout) {
            s.fallbackRetryTimeout = OptionChecks.positive(timeout, "fallbackRetryTimeout");
            return this;
        }

        /**
         * A recovery key from {@link Connection#createRecoveryKey()}: the new client continues that connection, its
         * msgSerial and its channels' positions. Spec: TO3i, RTN16. A key that cannot be read is logged and ignored
         * (RTN16f1). Null or empty clears it.
         *
         * @param recoveryKey a recovery key from {@link Connection#createRecoveryKey()}: the new client continues that
         *     connection, its msgSerial and its channels' positions
         * @return this builder
         */
        public Builder recover(@Nullable String recoveryKey) {
            s.recover = recoveryKey == null || recoveryKey.isEmpty() ? null : recoveryKey;
            return this;
        }

        /**
         * The non-TLS port, 1-65535. Spec: TO3k4.
         *
         * @param port the non-TLS port, 1-65535
         * @return this builder
         */
        public Builder port(int port) {
            s.port = OptionChecks.port(port, "port");
            return this;
        }

        /**
         * The TLS port, 1-65535. Spec: TO3k5.
         *
         * @param tlsPort the TLS port, 1-65535
         * @return this builder
         */
        public Builder tlsPort(int tlsPort) {
            s.tlsPort = OptionChecks.port(tlsPort, "tlsPort");
            return this;
        }

        /**
         * Whether to use TLS. Spec: TO3d.
         *
         * @param tls whether to use TLS
         * @return this builder
         */
        public Builder tls(boolean tls) {
            s.tls = tls;
            return this;
        }

        /**
         * msgpack (true) or JSON (false). Spec: TO3f.
         *
         * @param useBinaryProtocol true for msgpack, false for JSON
         * @return this builder
         */
        public Builder useBinaryProtocol(boolean useBinaryProtocol) {
            s.useBinaryProtocol = useBinaryProtocol;
            return this;
        }

        /**
         * Whether this connection's own messages are echoed back to it. Spec: TO3h.
         *
         * @param echoMessages whether this connection's own messages are echoed back to it
         * @return this builder
         */
        public Builder echoMessages(boolean echoMessages) {
            s.echoMessages = echoMessages;
            return this;
        }

        /**
         * Whether to connect on construction. Spec: TO3e.
         *
         * @param autoConnect whether to connect on construction
         * @return this builder
         */
        public Builder autoConnect(boolean autoConnect) {
            s.autoConnect = autoConnect;
            return this;
        }

        /**
         * See {@link ClientOptions#queueMessages()}. Spec: TO3g.
         *
         * @param queueMessages whether messages published while the connection is INITIALIZED, CONNECTING or
         *     DISCONNECTED are queued and sent once CONNECTED; default true
         * @return this builder
         */
        public Builder queueMessages(boolean queueMessages) {
            s.queueMessages = queueMessages;
            return this;
        }

        /**
         * See {@link ClientOptions#realtimeRequestTimeout()}; positive, longer saturates (MAX_DURATION).
         *
         * @param timeout timeout for connect, ping, attach, detach and close; default 10 s
         * @return this builder
         */
        public Builder realtimeRequestTimeout(Duration timeout) {
            s.realtimeRequestTimeout = OptionChecks.positive(timeout, "realtimeRequestTimeout");
            return this;
        }

        /**
         * See {@link ClientOptions#disconnectedRetryTimeout()}; positive, longer saturates (MAX_DURATION).
         *
         * @param timeout initial retry delay while DISCONNECTED; default 15 s
         * @return this builder
         */
        public Builder disconnectedRetryTimeout(Duration timeout) {
            s.disconnectedRetryTimeout = OptionChecks.positive(timeout, "disconnectedRetryTimeout");
            return this;
        }

        /**
         * See {@link ClientOptions#suspendedRetryTimeout()}; positive, longer saturates (MAX_DURATION).
         *
         * @param timeout retry delay while SUSPENDED; default 30 s
         * @return this builder
         */
        public Builder suspendedRetryTimeout(Duration timeout) {
            s.suspendedRetryTimeout = OptionChecks.positive(timeout, "suspendedRetryTimeout");
            return this;
        }

        /**
         * See {@link ClientOptions#channelRetryTimeout()}; positive, longer saturates (MAX_DURATION).
         *
         * @param timeout initial retry delay for SUSPENDED channels; default 15 s
         * @return this builder
         */
        public Builder channelRetryTimeout(Duration timeout) {
            s.channelRetryTimeout = OptionChecks.positive(timeout, "channelRetryTimeout");
            return this;
        }

        /**
         * See {@link ClientOptions#httpOpenTimeout()}; positive, longer saturates (MAX_DURATION).
         *
         * @param timeout time allowed to open an HTTP connection; default 4 s
         * @return this builder
         */
        public Builder httpOpenTimeout(Duration timeout) {
            s.httpOpenTimeout = OptionChecks.positive(timeout, "httpOpenTimeout");
            return this;
        }

        /**
         * See {@link ClientOptions#httpRequestTimeout()}; positive, longer saturates (MAX_DURATION).
         *
         * @param timeout time allowed for one HTTP request and its response, on one host; default 10 s
         * @return this builder
         */
        public Builder httpRequestTimeout(Duration timeout) {
            s.httpRequestTimeout = OptionChecks.positive(timeout, "httpRequestTimeout");
            return this;
        }

        /**
         * See {@link ClientOptions#httpMaxRetryCount()}; 0 disables fallback, negative fails with 40000.
         *
         * @param count how many fallback hosts one HTTP request may try after the first host failed; default 3
         * @return this builder
         */
        public Builder httpMaxRetryCount(int count) {
            s.httpMaxRetryCount = ClientSettings.retryCount(count);
            return this;
        }

        /**
         * See {@link ClientOptions#httpMaxRetryDuration()}; positive, longer saturates (MAX_DURATION).
         *
         * @param duration the time after which an HTTP request no longer tries another host, counted from its start;
         *     default 15 s
         * @return this builder
         */
        public Builder httpMaxRetryDuration(Duration duration) {
            s.httpMaxRetryDuration = OptionChecks.positive(duration, "httpMaxRetryDuration");
            return this;
        }

        /**
         * See {@link ClientOptions#addRequestIds()}. Spec: RSC7c.
         *
         * @param add whether every REST request carries a random {@code request_id} query parameter, the same on every
         *     host tried, and named in the request's log lines and failure; default false
         * @return this builder
         */
        public Builder addRequestIds(boolean add) {
            s.addRequestIds = add;
            return this;
        }

        /**
         * See {@link ClientOptions#idempotentRestPublishing()}. Spec: TO3n.
         *
         * @param idempotent whether REST publishes get message ids from the library so retries are idempotent; default
         *     true
         * @return this builder
         */
        public Builder idempotentRestPublishing(boolean idempotent) {
            s.idempotentRestPublishing = idempotent;
            return this;
        }

        /**
         * Adds a connection query parameter. Spec: RTC1f. The value must be a String, Number or Boolean and is sent as
         * its string form; it overrides a library parameter of the same name (RTC1f1).
         *
         * @param name the query parameter name
         * @param value its value: a {@code String}, {@code Number} or {@code Boolean}
         * @return this builder
         * @throws AblyException 40000 for an empty name or a value of another type
         */
        public Builder transportParam(String name, Object value) {
            OptionChecks.transportParam(name, value);
            s.transportParams.put(name, String.valueOf(value));
            return this;
        }

        /**
         * Replaces all transport params; see {@link #transportParam(String, Object)}.
         *
         * @param params the query parameters (copied)
         * @return this builder
         */
        public Builder transportParams(Map<String, ?> params) {
            s.transportParams(params);
            return this;
        }

        /**
         * The log level. Spec: TO3b.
         *
         * @param logLevel the log level
         * @return this builder
         */
        public Builder logLevel(LogLevel logLevel) {
            s.logLevel = OptionChecks.notNull(logLevel, "logLevel");
            return this;
        }

        /**
         * The log handler; null for {@link System.Logger}. Spec: TO3c. Threading: see {@link LogHandler}. What the
         * JDK's HTTP client logs outside it: see {@link ClientOptions#logHandler()}.
         *
         * @param logHandler the log handler; null for {@link System.Logger}
         * @return this builder
         */
        public Builder logHandler(@Nullable LogHandler logHandler) {
            s.logHandler = logHandler;
            return this;
        }

        /**
         * See {@link ClientOptions#callbackExecutor()}; null for the default.
         *
         * @param executor the executor on which listeners and future completions run, or null for the default
         * @return this builder
         */
        public Builder callbackExecutor(@Nullable Executor executor) {
            s.callbackExecutor = executor;
            return this;
        }

        /**
         * See {@link ClientOptions#sslContext()}; null for the JDK default.
         *
         * @param sslContext the TLS context for {@code wss} connections (custom trust, e.g. an emulator's certificate),
         *     or null
         * @return this builder
         */
        public Builder sslContext(@Nullable SSLContext sslContext) {
            s.sslContext = sslContext;
            return this;
        }

        /**
         * The WebSocket implementation of the realtime connection (see {@link WebSocketEngine}); default {@link
         * WebSocketEngine#NIO}.
         *
         * @param engine the WebSocket implementation of the realtime connection (see {@link WebSocketEngine}); default
         *     {@link WebSocketEngine#NIO}
         * @return this builder
         * @throws AblyException 40000 if {@code engine} is null
         */
        public Builder webSocketEngine(WebSocketEngine engine) {
            s.webSocketEngine = OptionChecks.notNull(engine, "webSocketEngine");
            return this;
        }

        /**
         * <b>Unsafe; for local development only.</b> Allows an API key to be sent over a plain-text ({@code ws://})
         * connection, which the Ably specification forbids because anyone on the network path can read the key secret.
         * Spec: RSC18. Use it only to talk to an emulator on {@code localhost}; never with a production key.
         *
         * @param allow whether to allow basic auth over a non-TLS connection; unsafe, for local development only
         * @return this builder
         */
        public Builder allowInsecureBasicAuthForLocalDevelopment(boolean allow) {
            s.allowInsecureBasicAuthForLocalDevelopment = allow;
            return this;
        }

        /**
         * The decoder of delta-compressed messages (see {@link VcdiffDecoder}); null for none (a delta message then
         * fails its channel with error 40019). Not calling this method uses the built-in {@link
         * VcdiffDecoder#builtIn()}. Spec: PC3.
         *
         * @param decoder the decoder, called on the client's serial executor; or null for none
         * @return this builder
         */
        public Builder vcdiffDecoder(@Nullable VcdiffDecoder decoder) {
            s.vcdiffDecoder = decoder;
            s.vcdiffDecoderSet = true;
            return this;
        }

        /**
         * Validates the combination and builds the options.
         *
         * @return the options
         * @throws AblyException 40106 with neither key nor token (RSC1b); 40103 for basic auth without TLS (RSC18)
         */
        public ClientOptions build() {
            AuthOptions a = s.check();
            return new ClientOptions(s.copy(), a);
        }
    }
}
