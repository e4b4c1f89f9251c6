package io.ably4j.emulator.junit;

import io.ably4j.ClientOptions;
import io.ably4j.emulator.Emulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What {@link EmulatorExtension.Builder} configured; immutable (the two configurers are the caller's).
 *
 * @param keys keys in configuration order; none means {@link Emulator#DEFAULT_KEY}
 * @param manualClock whether the emulator runs on a {@link io.ably4j.emulator.ManualClock}
 * @param clockStart the manual clock's start, null for the time the emulator starts
 * @param perMethod one emulator per test method instead of per test class
 * @param emulatorSettings applied to every emulator builder (then the port is set to 0)
 * @param clientDefaults applied to every client options builder the extension hands out
 * @param connectTimeout how long an injected {@link io.ably4j.RealtimeClient} may take to reach CONNECTED
 */
record Settings(
        List<Key> keys,
        boolean manualClock,
        @Nullable Instant clockStart,
        boolean perMethod,
        Consumer<Emulator.Builder> emulatorSettings,
        Consumer<ClientOptions.Builder> clientDefaults,
        Duration connectTimeout) {

    /** A configured key and its capability JSON (null: full capability). */
    record Key(String key, @Nullable String capability) {}
}
