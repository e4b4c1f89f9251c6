package io.ably4j.emulator;

import io.ably4j.emulator.internal.AppAdmin;
import io.ably4j.emulator.internal.Auth;
import io.ably4j.emulator.internal.Capability;
import io.ably4j.emulator.internal.Config;
import io.ably4j.emulator.internal.Engine;
import io.ably4j.emulator.internal.ErrorInfo;
import io.ably4j.emulator.internal.FaultState;
import io.ably4j.emulator.internal.NettyServer;
import io.ably4j.emulator.internal.SelfSignedCertificate;
import io.ably4j.emulator.internal.Wire;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A running Ably-compatible server: realtime WebSocket at {@code /} and REST on one port, in
 * process. Create with {@link #builder()}; {@link Builder#build()} returns it started; {@link
 * #close()} stops it. Thread-safe.
 *
 * <pre>{@code
 * try (Emulator emu = Emulator.builder().port(0).key("app.key:secret").build()) {
 *     URI ws = emu.realtimeUri();   // ws://localhost:<port>/
 *     emu.faults().drop(connectionId, DropMode.RST);
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {
    /** The key used when none is configured. */
    public static final String DEFAULT_KEY = "emulator.default:emulator-secret";

    private final Config config;
    private final Engine engine;
    private final EventLog events;
    private final Faults faults;
    private final EmulatorApps apps;
    private final NettyServer server;
    private final @Nullable SelfSignedCertificate certificate;
    private final int port;
    private final int adminPort;
    private final boolean console;

    private Emulator(Config config, boolean console) throws InterruptedException {
        this.config = config;
        this.events = new EventLog(config.eventLogCapacity());
        FaultState faultState = new FaultState();
        this.engine = new Engine(config, faultState, events::add);
        this.faults = new Faults(engine, faultState);
        this.apps = new EmulatorApps(new AppAdmin(engine));
        SslContext ssl = null;
        if (config.tls()) {
            certificate = SelfSignedCertificate.generate();
            try {
                ssl = SslContextBuilder.forServer(certificate.privateKey(), certificate.certificate())
                        .sslProvider(SslProvider.JDK)
                        .build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot create the TLS context", e);
            }
        } else {
            certificate = null;
        }
        this.server = new NettyServer(engine, ssl);
        int bound;
        int admin = -1;
        try {
            bound = server.bind(config.bindAddress(), config.port());
            if (console) {
                AdminApi api = new AdminApi(this);
                Console page = new Console(this);
                admin = server.bindHttp(
                        "127.0.0.1",
                        Math.max(0, config.adminPort()),
                        r -> Console.isConsole(r) ? page.handle(r) : api.handle(r),
                        page::route);
            } else if (config.adminPort() >= 0) {
                admin = server.bindHttp("127.0.0.1", config.adminPort(), new AdminApi(this)::handle);
            }
        } catch (RuntimeException | InterruptedException e) {
            engine.stop();
            server.close();
            throw e;
        }
        this.port = bound;
        this.adminPort = admin;
        this.console = console;
    }

    /** {@return a new builder with every field unset} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the bound port (the actual one when built with {@code port(0)})} */
    public int port() {
        return port;
    }

    /** {@return the host name clients should use ({@code localhost}, which the TLS certificate names)} */
    public String host() {
        return "localhost";
    }

    /** {@return whether the emulator serves TLS (HTTPS and WSS) with its self-signed certificate} */
    public boolean tls() {
        return config.tls();
    }

    /** {@return {@code http[s]://localhost:<port>/}} */
    public URI restUri() {
        return URI.create((tls() ? "https" : "http") + "://localhost:" + port + "/");
    }

    /** {@return {@code ws[s]://localhost:<port>/}} */
    public URI realtimeUri() {
        return URI.create((tls() ? "wss" : "ws") + "://localhost:" + port + "/");
    }

    /** {@return the admin HTTP API port on 127.0.0.1, or -1 when disabled} */
    public int adminPort() {
        return adminPort;
    }

    /**
     * {@return the web console's address, {@code http://127.0.0.1:<adminPort>/_console/}}
     *
     * @throws IllegalStateException if the emulator was built without {@code console(true)}
     */
    public URI consoleUri() {
        if (!console) {
            throw new IllegalStateException("emulator was built without console(true)");
        }
        return URI.create("http://127.0.0.1:" + adminPort + "/" + Console.PREFIX + "/");
    }

    /** {@return the configured keys as {@code appId.keyId:secret} strings, in configuration order} */
    public List<String> keys() {
        List<String> out = new ArrayList<>();
        for (Auth.Key k : config.keys()) {
            out.add(k.name() + ":" + k.secret());
        }
        return out;
    }

    /** {@return the first configured key, {@code appId.keyId:secret}} */
    public String key() {
        return keys().get(0);
    }

    /** {@return the clock the emulator reads time from and schedules its timers on} */
    public EmulatorClock clock() {
        return config.clock();
    }

    /**
     * {@return the connection state TTL sent to clients in {@code CONNECTED}: how long a dropped connection can be
     * resumed}
     */
    public Duration connectionStateTtl() {
        return config.connectionStateTtl();
    }

    /** {@return the max idle interval sent to clients in {@code CONNECTED}: the longest gap between keep-alives} */
    public Duration maxIdleInterval() {
        return config.maxIdleInterval();
    }

    /**
     * {@return the applications served: the default app (the configured keys) and those provisioned with {@code POST
     * /apps} or {@link EmulatorApps#create(String)}, each isolated from the others}
     */
    public EmulatorApps apps() {
        return apps;
    }

    /** {@return the fault injection controls: dropped transports, refused connections, injected frames and rules} */
    public Faults faults() {
        return faults;
    }

    /** {@return the log of what the emulator saw and did: transports, frames, REST requests and faults} */
    public EventLog events() {
        return events;
    }

    /** {@return snapshot of all connection states (connected or awaiting resume)} */
    public List<ConnectionInfo> connections() {
        return engine.connections();
    }

    /**
     * The state of one connection.
     *
     *
     * @param connectionId the connection id
     * @return its state, or empty if the emulator has no such connection
     */
    public Optional<ConnectionInfo> connection(String connectionId) {
        return connections().stream()
                .filter(c -> c.connectionId().equals(connectionId))
                .findFirst();
    }

    /**
     * Waits for a connection state matching {@code filter}.
     *
     * @param filter the condition to wait for
     * @param timeout the longest time to wait
     * @return the first connection found that matches
     * @throws TimeoutException if none matched within {@code timeout}
     * @throws InterruptedException if the thread was interrupted while waiting
     */
    public ConnectionInfo awaitConnection(Predicate<ConnectionInfo> filter, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (ConnectionInfo c : connections()) {
                if (filter.test(c)) {
                    return c;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("no matching connection within " + timeout);
            }
            Thread.sleep(5); // polling interval of a deadline-bounded wait, not a wait for state
        }
    }

    /**
     * The members present on a channel of the default app now, in the order they entered (empty for an unknown
     * channel).
     *
     * @param channel the channel name
     * @return the members, oldest first
     */
    public List<PresenceMember> presenceMembers(String channel) {
        return presenceMembers(null, channel);
    }

    /**
     * The members present on a channel of an app ({@code null}: the default app) now, in the order they entered.
     *
     * @param appId the app id, or null for the default app
     * @param channel the channel name
     * @return the members, oldest first
     * @throws IllegalArgumentException if there is no such app
     */
    public List<PresenceMember> presenceMembers(@Nullable String appId, String channel) {
        List<PresenceMember> out = new ArrayList<>();
        for (Map<String, Object> m : engine.presenceMembers(appId, Objects.requireNonNull(channel, "channel"))) {
            out.add(PresenceMember.of(m));
        }
        return List.copyOf(out);
    }

    /** {@return number of channel states currently held (for leak checks)} */
    public int channelCount() {
        return engine.channelCount();
    }

    /** Waits until every task queued on the engine so far has run (useful with a manual clock). */
    public void awaitIdle() {
        engine.call(() -> null);
    }

    /**
     * Publishes a message on a channel of the default app from the server side (like a REST publish).
     *
     * @param channel the channel name
     * @param name the message name, or null
     * @param data the payload: a {@code String}, a {@code byte[]} or null
     */
    public void publish(String channel, @Nullable String name, @Nullable Object data) {
        publish(null, channel, name, data);
    }

    /**
     * Publishes a message on a channel of an app ({@code null}: the default app) from the server side.
     *
     * @param appId the app id, or null for the default app
     * @param channel the channel name
     * @param name the message name, or null
     * @param data the payload: a {@code String}, a {@code byte[]} or null
     * @throws IllegalArgumentException if there is no such app, or data is neither a String nor a byte[]
     */
    public void publish(@Nullable String appId, String channel, @Nullable String name, @Nullable Object data) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (name != null) {
            m.put("name", name);
        }
        if (data != null) {
            if (!(data instanceof String) && !(data instanceof byte[])) {
                throw new IllegalArgumentException("data must be a String or byte[]");
            }
            m.put("data", data);
        }
        engine.publish(appId, channel, m);
    }

    /** {@return the server certificate in PEM (for {@code NODE_EXTRA_CA_CERTS})} */
    public String certificatePem() {
        return requireTls().pem();
    }

    /** {@return a PKCS12 trust store holding the server certificate (alias {@code ably4j-emulator}, no password)} */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ably4j-emulator", requireTls().certificate());
            return ks;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return an SSLContext for clients that trusts only this emulator's certificate} */
    public SSLContext clientSslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private SelfSignedCertificate requireTls() {
        if (certificate == null) {
            throw new IllegalStateException("emulator was built without tls(true)");
        }
        return certificate;
    }

    Engine engine() {
        return engine;
    }

    /**
     * Stops listening and closes every connection, then stops the server's threads. Idempotent. Order: no new
     * connections; the engine drops its transports while the event loops still run; the server closes every other
     * accepted connection (REST keep-alive, not yet upgraded) and waits for them; only then do the event loops stop.
     */
    @Override
    public void close() {
        server.stopAccepting();
        engine.stop();
        server.close();
    }

    /** Builder; every setting has a default. Not thread-safe. */
    public static final class Builder {
        private String bindAddress = "127.0.0.1";
        private int port = 0;
        private final List<Auth.Key> keys = new ArrayList<>();
        private EmulatorClock clock = EmulatorClock.system();
        private Duration connectionStateTtl = Duration.ofMinutes(2);
        private Duration maxIdleInterval = Duration.ofSeconds(15);
        private Duration presenceLeaveGrace = Duration.ofSeconds(15);
        private Duration authRequestLead = Duration.ofSeconds(30);
        private boolean tls;
        private boolean strictBasicAuth;
        private int maxMessageSize = 65536;
        private int maxFrameSize = 524288;
        private int outboundQueueLimit = 4 << 20;
        private int syncPageSize = 100;
        private int eventLogCapacity = 10_000;
        private int adminPort = -1;
        private boolean console;
        private String serverId = "ably4j-emulator";
        private boolean logConnections;

        private Builder() {}

        /**
         * Port to listen on; 0 (default) picks a free port.
         *
         * @param port port to listen on; 0 (default) picks a free port
         * @return this builder
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} for all interfaces).
         *
         * @param address address to bind (default {@code 127.0.0.1}; {@code 0.0.0.0} for all interfaces)
         * @return this builder
         */
        public Builder bindAddress(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /**
         * Adds a key {@code appId.keyId:secret} with full capability ({@code {"*":["*"]}}).
         *
         * @param key the key, {@code appId.keyId:secret}
         * @return this builder
         */
        public Builder key(String key) {
            keys.add(Auth.Key.parse(key, Capability.ALL));
            return this;
        }

        /**
         * Adds a key with a capability given as JSON, e.g. {@code {"chat:*":["publish","subscribe"]}}.
         *
         * @param key the key, {@code appId.keyId:secret}
         * @param capabilityJson the key's capability as JSON
         * @return this builder
         * @throws IllegalArgumentException if the key is not {@code appId.keyId:secret} or the capability is
         * invalid: not a JSON object of resource to a non-empty array of known operations, or {@code "*"}
         * combined with other operations (the same check token requests get, 40000)
         */
        public Builder key(String key, String capabilityJson) {
            try {
                keys.add(Auth.Key.parse(key, Capability.parse(capabilityJson)));
            } catch (ErrorInfo e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return this;
        }

        /**
         * The clock all timers run on (default: the system clock).
         *
         * @param clock the clock all timers run on (default: the system clock)
         * @return this builder
         */
        public Builder clock(EmulatorClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * How long a connection's state survives its transport (default 120 s).
         *
         * @param ttl how long a connection's state survives its transport (default 120 s)
         * @return this builder
         */
        public Builder connectionStateTtl(Duration ttl) {
            this.connectionStateTtl = positive(ttl);
            return this;
        }

        /**
         * Keep-alive interval advertised and used (default 15 s).
         *
         * @param interval keep-alive interval advertised and used (default 15 s)
         * @return this builder
         */
        public Builder maxIdleInterval(Duration interval) {
            this.maxIdleInterval = positive(interval);
            return this;
        }

        /**
         * How long the presence members of a connection that lost its transport stay present (default 15 s, like
         * Ably). If the connection resumes within the grace, nothing happens: no LEAVE, and its members' re-entry
         * (RTP17i) with their ids causes no event. When the grace expires, its members leave (a synthesized LEAVE,
         * kept in presence history) although the connection may still resume until {@link
         * #connectionStateTtl(Duration)}; if it does, its re-ATTACH of those channels is answered without RESUMED,
         * and the client's re-entry is broadcast as ENTER. An explicit CLOSE, DETACH or a fatal ERROR sent by the
         * emulator removes the members at once. {@link Faults#presenceLeaveGrace(Duration)} changes it at runtime;
         * {@link Faults#leavePresence(String)} ends one connection's grace now.
         *
         * @param grace how long the presence members of a connection that lost its transport stay present (default 15
         *     s, like Ably)
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder presenceLeaveGrace(Duration grace) {
            this.presenceLeaveGrace = nonNegative(grace);
            return this;
        }

        /**
         * How long before a connection's token expires the emulator asks the client to re-authenticate with an {@code
         * AUTH} protocol message, so that it can renew in place; default 30 s. Spec: RTN22, RTC8a. A client that has
         * not sent {@code AUTH} with a new token by the expiry gets {@code DISCONNECTED} 40142 (RTN22a). No {@code
         * AUTH} is sent for a token whose remaining life at {@code CONNECTED} is not longer than the lead (its
         * connection only sees the {@code DISCONNECTED}), nor for basic-auth connections. {@link Duration#ZERO} turns
         * the request off.
         *
         * @param lead how long before a connection's token expires the emulator asks the client to re-authenticate with
         *     an {@code AUTH} protocol message, so that it can renew in place; default 30 s
         * @return this builder
         * @throws IllegalArgumentException if negative
         */
        public Builder authRequestLead(Duration lead) {
            Objects.requireNonNull(lead, "lead");
            if (lead.isNegative()) {
                throw new IllegalArgumentException("authRequestLead must not be negative: " + lead);
            }
            this.authRequestLead = lead;
            return this;
        }

        /**
         * Serve TLS (wss/https) with a self-signed certificate generated at start.
         *
         * @param tls whether to serve TLS (wss/https) with a self-signed certificate generated at start
         * @return this builder
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Refuse basic (key) auth over non-TLS with 40103, as Ably does. Default off.
         *
         * @param strict whether to refuse basic (key) auth over non-TLS with 40103, as Ably does
         * @return this builder
         */
        public Builder strictBasicAuth(boolean strict) {
            this.strictBasicAuth = strict;
            return this;
        }

        /**
         * Maximum size of a publish's messages (default 65536 bytes; 40009 beyond).
         *
         * @param bytes maximum size of a publish's messages (default 65536 bytes; 40009 beyond)
         * @return this builder
         */
        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = positive(bytes);
            return this;
        }

        /**
         * Maximum WebSocket frame size (default 524288 bytes).
         *
         * @param bytes maximum WebSocket frame size (default 524288 bytes)
         * @return this builder
         */
        public Builder maxFrameSize(int bytes) {
            this.maxFrameSize = positive(bytes);
            return this;
        }

        /**
         * Outbound bytes buffered per connection before a slow consumer is disconnected (default 4 MiB).
         *
         * @param bytes outbound bytes buffered per connection before a slow consumer is disconnected (default 4 MiB)
         * @return this builder
         */
        public Builder outboundQueueLimit(int bytes) {
            this.outboundQueueLimit = positive(bytes);
            return this;
        }

        /**
         * Presence members per SYNC frame (default 100).
         *
         * @param members presence members per SYNC frame (default 100)
         * @return this builder
         */
        public Builder syncPageSize(int members) {
            this.syncPageSize = positive(members);
            return this;
        }

        /**
         * Events retained in the event log (default 10000; 0 disables logging).
         *
         * @param events events retained in the event log (default 10000; 0 disables logging)
         * @return this builder
         */
        public Builder eventLogCapacity(int events) {
            if (events < 0) {
                throw new IllegalArgumentException("capacity must be >= 0");
            }
            this.eventLogCapacity = events;
            return this;
        }

        /**
         * Enables the admin HTTP API on 127.0.0.1 at this port (0 = free port). Off by default.
         *
         * @param port the port of the admin HTTP API on 127.0.0.1 (0 = free port)
         * @return this builder
         */
        public Builder adminPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.adminPort = port;
            return this;
        }

        /**
         * Serves the web console at {@code http://127.0.0.1:<adminPort>/_console/} ({@link #consoleUri()}):
         * connections, channels with their subscribers and presence members, a live event stream, and fault
         * buttons. It is served by the admin listener, which this enables (on a free port unless {@link
         * #adminPort(int)} is set). Off by default.
         *
         * @param console whether to serve the web console at {@code http://127.0.0.1:<adminPort>/_console/} ({@link
         *     #consoleUri()}): connections, channels with their subscribers and presence members, a live event stream,
         *     and fault buttons
         * @return this builder
         */
        public Builder console(boolean console) {
            this.console = console;
            return this;
        }

        /**
         * {@code connectionDetails.serverId}.
         *
         * @param serverId the {@code serverId} sent to clients in {@code connectionDetails}
         * @return this builder
         */
        public Builder serverId(String serverId) {
            this.serverId = Objects.requireNonNull(serverId, "serverId");
            return this;
        }

        /**
         * Log connection opens and closes at INFO (default: DEBUG); the standalone jar turns it on.
         *
         * @param log whether to log connection opens and closes at INFO
         * @return this builder
         */
        public Builder logConnections(boolean log) {
            this.logConnections = log;
            return this;
        }

        /**
         * Starts the emulator.
         *
         * @return the started emulator; close it to stop it
         */
        public Emulator build() {
            List<Auth.Key> k = keys.isEmpty() ? List.of(Auth.Key.parse(DEFAULT_KEY, Capability.ALL)) : keys;
            Config config = new Config(
                    bindAddress,
                    port,
                    List.copyOf(k),
                    clock,
                    connectionStateTtl,
                    maxIdleInterval,
                    presenceLeaveGrace,
                    authRequestLead,
                    tls,
                    strictBasicAuth,
                    maxMessageSize,
                    maxFrameSize,
                    outboundQueueLimit,
                    syncPageSize,
                    eventLogCapacity,
                    adminPort,
                    serverId,
                    logConnections);
            try {
                return new Emulator(config, console);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting", e);
            }
        }

        static Duration nonNegative(Duration d) {
            Objects.requireNonNull(d, "duration");
            if (d.isNegative()) {
                throw new IllegalArgumentException("duration must not be negative: " + d);
            }
            return d;
        }

        private static Duration positive(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("duration must be positive: " + d);
            }
            return d;
        }

        private static int positive(int v) {
            if (v <= 0) {
                throw new IllegalArgumentException("must be positive: " + v);
            }
            return v;
        }
    }

    static Map<String, Object> parseJson(String json) throws Wire.MalformedException {
        return Wire.decodeJsonObject(json);
    }
}
