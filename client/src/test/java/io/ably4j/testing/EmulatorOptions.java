package io.ably4j.testing;

import io.ably4j.ClientOptions;
import io.ably4j.emulator.Emulator;

/** Client options for a realtime client of an in-process emulator on plain TCP, with its default key. */
public final class EmulatorOptions {
    private EmulatorOptions() {}

    /** A builder for the emulator's default key over plain TCP; add to it as needed. */
    public static ClientOptions.Builder builder(Emulator emulator) {
        return ClientOptions.builder()
                .key(Emulator.DEFAULT_KEY)
                .endpoint("localhost")
                .tls(false)
                .port(emulator.port())
                .allowInsecureBasicAuthForLocalDevelopment(true);
    }
}
