package io.ably4j.emulator.junit;

import io.ably4j.ClientOptions;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.Faults;
import io.ably4j.emulator.ManualClock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One emulator started by {@link EmulatorExtension}, with the keys it was given and the manual clock if any. Used on
 * JUnit's threads; immutable after construction apart from the emulator itself, which is thread-safe.
 */
final class Running {
    private final Emulator emulator;
    private final @Nullable ManualClock clock;
    /** capability text → key, for {@link EmulatorKey#capability()}. */
    private final Map<String, String> byCapability;

    private final Consumer<ClientOptions.Builder> clientDefaults;

    private Running(
            Emulator emulator,
            @Nullable ManualClock clock,
            Map<String, String> byCapability,
            Consumer<ClientOptions.Builder> clientDefaults) {
        this.emulator = emulator;
        this.clock = clock;
        this.byCapability = byCapability;
        this.clientDefaults = clientDefaults;
    }

    /**
     * Starts an emulator on a free port for {@code testClass}: the configured keys (or the default key) first, then
     * one key per capability its {@link EmulatorKey} annotations name.
     */
    static Running start(Settings settings, Class<?> testClass) {
        Emulator.Builder b = Emulator.builder();
        settings.emulatorSettings().accept(b);
        b.port(0);
        List<Settings.Key> keys = settings.keys();
        String first = keys.isEmpty() ? Emulator.DEFAULT_KEY : keys.get(0).key();
        if (keys.isEmpty()) {
            b.key(Emulator.DEFAULT_KEY);
        }
        for (Settings.Key k : keys) {
            String capability = k.capability();
            if (capability == null) {
                b.key(k.key());
            } else {
                b.key(k.key(), capability);
            }
        }
        String app = KeyPlan.appId(first);
        Map<String, String> byCapability = new LinkedHashMap<>();
        int n = 0;
        for (String capability : KeyPlan.capabilities(testClass)) {
            n++;
            String key = app + ".cap" + n + ":cap" + n + "-secret";
            b.key(key, capability);
            byCapability.put(capability, key);
        }
        ManualClock clock = null;
        if (settings.manualClock()) {
            Instant start = settings.clockStart();
            clock = new ManualClock(start != null ? start : Instant.now());
            b.clock(clock);
        }
        return new Running(b.build(), clock, Map.copyOf(byCapability), settings.clientDefaults());
    }

    Emulator emulator() {
        return emulator;
    }

    @Nullable
    ManualClock clock() {
        return clock;
    }

    /**
     * The key an {@link EmulatorKey} chooses, or the first key without one (or with neither name nor capability).
     *
     * @throws IllegalArgumentException if it names no key, or gives both name and capability
     */
    String key(@Nullable EmulatorKey choice) {
        boolean byName = choice != null && !choice.name().isEmpty();
        boolean byCap = choice != null && !choice.capability().isEmpty();
        if (choice == null || (!byName && !byCap)) {
            return emulator.key();
        }
        if (byName && byCap) {
            throw new IllegalArgumentException("@EmulatorKey takes a name or a capability, not both");
        }
        if (byCap) {
            String key = byCapability.get(choice.capability());
            if (key == null) {
                // a parameter of a class the extension did not scan (e.g. a helper class's method)
                throw new IllegalArgumentException("no key was registered for capability " + choice.capability()
                        + "; it is collected from the test class's parameters when the emulator starts");
            }
            return key;
        }
        for (String key : emulator.keys()) {
            if (key.startsWith(choice.name() + ":")) {
                return key;
            }
        }
        throw new IllegalArgumentException(
                "no key named " + choice.name() + " (configure it with EmulatorExtension.Builder.key)");
    }

    /**
     * Options to reach this emulator with {@code key}: endpoint {@code localhost} and its port, plain text with basic
     * auth allowed (or TLS trusting the emulator's certificate when it serves TLS), then the extension's client
     * defaults.
     */
    ClientOptions.Builder options(String key) {
        ClientOptions.Builder b = ClientOptions.builder().key(key).endpoint(emulator.host());
        if (emulator.tls()) {
            b.tls(true).tlsPort(emulator.port()).sslContext(emulator.clientSslContext());
        } else {
            b.tls(false).port(emulator.port()).allowInsecureBasicAuthForLocalDevelopment(true);
        }
        clientDefaults.accept(b);
        return b;
    }

    /** Undoes the connection-wide faults a test may have left: frame rules, refused connections, no heartbeats. */
    void resetFaults() {
        Faults f = emulator.faults();
        f.clearRules();
        f.suppressHeartbeats(false);
        f.acceptConnections();
    }

    void close() {
        emulator.close();
    }
}
