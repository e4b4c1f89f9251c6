package io.ably4j.emulator.junit;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeClient;
import io.ably4j.RestClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EmulatorClock;
import io.ably4j.emulator.EventLog;
import io.ably4j.emulator.Faults;
import io.ably4j.emulator.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Runs an ably4j {@link Emulator} in-process on a free loopback port for a test class (the default) or for each test
 * method, and injects what a test needs as parameters of test methods, lifecycle methods and constructors.
 *
 * <pre>
 * &#64;RegisterExtension
 * static EmulatorExtension ably = EmulatorExtension.builder().manualClock().perMethod().build();
 *
 * &#64;Test
 * void publishes(RealtimeClient client, EventLog log, Faults faults, ManualClock clock) { ... }
 * </pre>
 *
 * or, with the defaults (one emulator per class, the default key, the system clock), <code>
 * &#64;ExtendWith(EmulatorExtension.class)</code>.
 *
 * <h2>Parameters</h2>
 *
 * <ul>
 *   <li>{@link Emulator}, its {@link Faults}, its {@link EventLog} and its {@link EmulatorClock}.
 *   <li>{@link ManualClock}: only with {@link Builder#manualClock()}. It starts at the wall-clock time the emulator
 *       starts (so tokens the emulator issues are current for clients on the wall clock), moves only when advanced,
 *       and drives every emulator timer: heartbeats, token expiry and the AUTH before it, connection state TTL,
 *       presence leave grace, delayed frames.
 *   <li>{@link ClientOptions} (or a {@link ClientOptions.Builder} to refine): endpoint {@code localhost}, the
 *       emulator's port, the chosen key, plain text with basic auth allowed (TLS trusting the emulator's certificate
 *       when the emulator serves TLS), then {@link Builder#clientOptions(Consumer)}.
 *   <li>{@link RealtimeClient}: a new client from those options, returned once CONNECTED (the parameter fails to
 *       resolve after {@link Builder#connectTimeout(Duration)}). Each parameter is a different client.
 *   <li>{@link RestClient}: a new REST client from those options.
 *   <li>{@code String} annotated with {@link EmulatorKey}: the key itself, {@code appId.keyId:secret}.
 * </ul>
 *
 * <p>The key behind options, clients and key strings is the emulator's first key, or the one an {@link EmulatorKey}
 * on the parameter chooses.
 *
 * <h2>Lifecycle</h2>
 *
 * <ul>
 *   <li>Per class (default): the emulator starts before the class's {@code @BeforeAll} methods and stops after its
 *       {@code @AfterAll} methods; {@code @Nested} classes share it. After each test the frame rules, refused
 *       connections and suppressed heartbeats are undone ({@link Faults#clearRules()}, {@link
 *       Faults#acceptConnections()}, {@link Faults#suppressHeartbeats(boolean)}); the event log, channels, history and
 *       other settings carry over, so filter log assertions by connection id or channel.
 *   <li>{@link Builder#perMethod()}: a new emulator for each test, started before its {@code @BeforeEach} methods and
 *       stopped after its {@code @AfterEach} methods. It is not available to {@code @BeforeAll} methods or
 *       constructors.
 *   <li>Clients the extension creates are closed when the scope that asked for them ends: after the test's {@code
 *       @AfterEach} methods for test and {@code @BeforeEach} parameters, after the {@code @AfterAll} methods for
 *       {@code @BeforeAll} and constructor parameters. They are closed before the emulator stops, in reverse order of
 *       creation; closing one the test already closed is harmless.
 * </ul>
 *
 * <h2>Threading</h2>
 *
 * <p>The callbacks run on the thread JUnit runs the test on; {@link RealtimeClient#close()} waits (bounded) for each
 * client's CLOSED there. Everything injected is thread-safe. One emulator per class is shared by the class's tests:
 * when they run concurrently, use {@link Builder#perMethod()}, since each test's fault reset applies to all. Register
 * one {@code EmulatorExtension} per test class.
 */
public final class EmulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final Set<Class<?>> TYPES = Set.of(
            Emulator.class,
            Faults.class,
            EventLog.class,
            EmulatorClock.class,
            ManualClock.class,
            ClientOptions.class,
            ClientOptions.Builder.class,
            RealtimeClient.class,
            RestClient.class);
    private static final String RUNNING = "running";
    private static final String OWNED = "owned:";
    private static final String CLIENTS = "clients:";

    private final Settings settings;
    private final ExtensionContext.Namespace namespace;

    /** The defaults: one emulator per test class, the default key, the system clock. For {@code @ExtendWith}. */
    public EmulatorExtension() {
        this(new Builder().settings());
    }

    private EmulatorExtension(Settings settings) {
        this.settings = settings;
        this.namespace = ExtensionContext.Namespace.create(EmulatorExtension.class, this);
    }

    /** {@return a builder with the defaults of {@link #EmulatorExtension()}} */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (!settings.perMethod() && running(context) == null) { // a @Nested class shares its outer class's
            start(context);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (settings.perMethod()) {
            start(context);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            closeClients(context);
        } finally {
            if (settings.perMethod()) {
                stop(context);
            } else {
                Running r = running(context);
                if (r != null) {
                    r.resetFaults();
                }
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            closeClients(context);
        } finally {
            stop(context);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return TYPES.contains(type) || (type == String.class && parameter.isAnnotated(EmulatorKey.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Running r = running(context);
        if (r == null) {
            throw new ParameterResolutionException(
                    settings.perMethod()
                            ? "EmulatorExtension is perMethod(): its emulator exists only from @BeforeEach to @AfterEach"
                            : "EmulatorExtension has not started an emulator for " + context.getDisplayName());
        }
        Class<?> type = parameter.getParameter().getType();
        Emulator emulator = r.emulator();
        if (type == Emulator.class) {
            return emulator;
        } else if (type == Faults.class) {
            return emulator.faults();
        } else if (type == EventLog.class) {
            return emulator.events();
        } else if (type == EmulatorClock.class) {
            return emulator.clock();
        } else if (type == ManualClock.class) {
            ManualClock clock = r.clock();
            if (clock == null) {
                throw new ParameterResolutionException(
                        "a ManualClock parameter needs EmulatorExtension.builder().manualClock()");
            }
            return clock;
        }
        String key;
        try {
            key = r.key(parameter.findAnnotation(EmulatorKey.class).orElse(null));
        } catch (IllegalArgumentException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
        if (type == String.class) {
            return key;
        } else if (type == ClientOptions.Builder.class) {
            return r.options(key);
        } else if (type == ClientOptions.class) {
            return r.options(key).build();
        } else if (type == RestClient.class) {
            RestClient rest = new RestClient(r.options(key).build());
            clients(context).add(rest);
            return rest;
        }
        RealtimeClient client = new RealtimeClient(r.options(key).build());
        clients(context).add(client);
        awaitConnected(client);
        return client;
    }

    private void awaitConnected(RealtimeClient client) {
        long millis = settings.connectTimeout().toMillis();
        try {
            client.connection().whenState(ConnectionState.CONNECTED).get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ParameterResolutionException("the RealtimeClient did not connect within " + millis + " ms: "
                    + client.connection().state() + " " + client.connection().errorReason());
        } catch (ExecutionException e) {
            throw new ParameterResolutionException("the RealtimeClient did not connect", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParameterResolutionException("interrupted while the RealtimeClient connected", e);
        }
    }

    private void start(ExtensionContext context) {
        Running r = Running.start(settings, context.getRequiredTestClass());
        ExtensionContext.Store store = context.getStore(namespace);
        store.put(RUNNING, r);
        store.put(OWNED + context.getUniqueId(), r);
    }

    private void stop(ExtensionContext context) {
        Running r = context.getStore(namespace).remove(OWNED + context.getUniqueId(), Running.class);
        if (r != null) {
            context.getStore(namespace).remove(RUNNING);
            r.close();
        }
    }

    /** The emulator of this context or the nearest enclosing one. */
    private @Nullable Running running(ExtensionContext context) {
        return context.getStore(namespace).get(RUNNING, Running.class);
    }

    /** The clients created for parameters resolved in exactly this context. */
    private List<AutoCloseable> clients(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(namespace);
        String key = CLIENTS + context.getUniqueId();
        Clients clients = store.get(key, Clients.class);
        if (clients == null) {
            clients = new Clients();
            store.put(key, clients);
        }
        return clients.list;
    }

    /** Closes this context's clients, newest first; the first failure is thrown after all were closed. */
    private void closeClients(ExtensionContext context) {
        Clients clients = context.getStore(namespace).remove(CLIENTS + context.getUniqueId(), Clients.class);
        if (clients == null) {
            return;
        }
        RuntimeException failure = null;
        List<AutoCloseable> list = clients.list;
        for (int i = list.size() - 1; i >= 0; i--) {
            try {
                list.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("closing a client failed", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The clients of one extension context, in creation order; used on that context's thread only. */
    private static final class Clients {
        final List<AutoCloseable> list = new ArrayList<>();
    }

    /** Configures an {@link EmulatorExtension}. Not thread-safe; {@link #build()} copies what it holds. */
    public static final class Builder {
        private final List<Settings.Key> keys = new ArrayList<>();
        private boolean manualClock;
        private @Nullable Instant clockStart;
        private boolean perMethod;
        private Consumer<Emulator.Builder> emulatorSettings = b -> {};
        private Consumer<ClientOptions.Builder> clientDefaults = b -> {};
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder() {}

        /**
         * Adds a key {@code appId.keyId:secret} with full capability. The first key added is the one parameters
         * without {@link EmulatorKey} use; with none, the emulator serves {@link Emulator#DEFAULT_KEY}.
         *
         * @param key the key, {@code appId.keyId:secret}, with full capability
         * @return this builder
         */
        public Builder key(String key) {
            keys.add(new Settings.Key(Objects.requireNonNull(key, "key"), null));
            return this;
        }

        /**
         * Adds a key with a capability given as JSON, e.g. {@code {"orders":["subscribe"]}}; {@code @EmulatorKey(name
         * = "appId.keyId")} chooses it for a parameter. The key and capability are checked when the emulator starts
         * (an invalid one fails the test class, or the test with {@link #perMethod()}).
         *
         * @param key the key, {@code appId.keyId:secret}
         * @param capabilityJson the key's capability as JSON
         * @return this builder
         */
        public Builder key(String key, String capabilityJson) {
            keys.add(new Settings.Key(
                    Objects.requireNonNull(key, "key"), Objects.requireNonNull(capabilityJson, "capabilityJson")));
            return this;
        }

        /**
         * Runs the emulator on a {@link ManualClock} starting at the wall-clock time the emulator starts.
         *
         * @return this builder
         */
        public Builder manualClock() {
            this.manualClock = true;
            this.clockStart = null;
            return this;
        }

        /**
         * Runs the emulator on a {@link ManualClock} starting at {@code start}.
         *
         * @param start the initial time of a {@link ManualClock} for the emulator to run on
         * @return this builder
         */
        public Builder manualClock(Instant start) {
            this.manualClock = true;
            this.clockStart = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * A new emulator for each test method instead of one per test class.
         *
         * @return this builder
         */
        public Builder perMethod() {
            this.perMethod = true;
            return this;
        }

        /**
         * One emulator per test class (the default).
         *
         * @return this builder
         */
        public Builder perClass() {
            this.perMethod = false;
            return this;
        }

        /**
         * Further emulator settings (for example {@code b -> b.authRequestLead(Duration.ofSeconds(5))}), applied to
         * each emulator's builder on the thread that starts it. Keys and the clock are set with this builder's methods;
         * the port is always 0 (a free port), whatever this sets.
         *
         * @param settings further emulator settings (for example {@code b ->
         *     b.authRequestLead(Duration.ofSeconds(5))}), applied to each emulator's builder on the thread that starts
         *     it
         * @return this builder
         */
        public Builder emulator(Consumer<Emulator.Builder> settings) {
            this.emulatorSettings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        /**
         * Settings for every {@link ClientOptions} the extension hands out (for example {@code b ->
         * b.useBinaryProtocol(false)}), applied after the emulator's address and the key.
         *
         * @param defaults settings for every {@link ClientOptions} the extension hands out (for example {@code b ->
         * b.useBinaryProtocol(false)}), applied after the emulator's address and the key
         * @return this builder
         */
        public Builder clientOptions(Consumer<ClientOptions.Builder> defaults) {
            this.clientDefaults = Objects.requireNonNull(defaults, "defaults");
            return this;
        }

        /**
         * How long an injected {@link RealtimeClient} may take to reach CONNECTED (default 10 s).
         *
         * @param timeout how long an injected {@link RealtimeClient} may take to reach CONNECTED (default 10 s)
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive: " + timeout);
            }
            this.connectTimeout = timeout;
            return this;
        }

        /** {@return the extension, for a {@code @RegisterExtension} field} */
        public EmulatorExtension build() {
            return new EmulatorExtension(settings());
        }

        private Settings settings() {
            return new Settings(
                    List.copyOf(keys),
                    manualClock,
                    clockStart,
                    perMethod,
                    emulatorSettings,
                    clientDefaults,
                    connectTimeout);
        }
    }
}
