package io.ably4j.interop;

import io.ably.lib.types.ClientOptions;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EmulatorEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Per-test resources of an interop test: one in-process emulator and the SDK clients (ably-js child
 * processes, ably-java clients, ably4j clients), all closed after each test, newest first.
 */
abstract class InteropBase {
    static final String KEY = "interop.full:full-secret";

    private final List<AutoCloseable> resources = new ArrayList<>();
    private @Nullable Emulator emulator;
    private @Nullable Emulator lastEmulator;

    /** On failure, writes the emulator's event log to {@code target/interop-logs/<test>.log}. */
    @RegisterExtension
    final TestWatcher dumpOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, @Nullable Throwable cause) {
            Emulator e = lastEmulator;
            if (e == null) {
                return;
            }
            Path dir = Path.of("target", "interop-logs");
            String name = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
            Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9_.-]", "_") + ".log");
            StringBuilder sb = new StringBuilder();
            for (EmulatorEvent ev : e.events().events()) {
                sb.append(ev).append('\n');
            }
            try {
                Files.createDirectories(dir);
                Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
            } catch (IOException io) {
                throw new UncheckedIOException(io);
            }
        }
    };

    /**
     * Arguments (ably4j format, other SDK's format): both on JSON, both on msgpack, and the two mixed cases
     * where the emulator transcodes between them.
     */
    static Stream<Arguments> formatPairs() {
        return Stream.of(
                Arguments.of(Format.JSON, Format.JSON),
                Arguments.of(Format.MSGPACK, Format.MSGPACK),
                Arguments.of(Format.MSGPACK, Format.JSON),
                Arguments.of(Format.JSON, Format.MSGPACK));
    }

    /** Starts this test's emulator (one per test). */
    Emulator start(Emulator.Builder builder) {
        Emulator e = builder.build();
        emulator = e;
        lastEmulator = e;
        return e;
    }

    /** Starts an emulator with the full-capability {@link #KEY}. */
    Emulator start() {
        return start(Emulator.builder().port(0).key(KEY));
    }

    <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    JsPeer js(String scenario, Emulator emu, String key, Format format) {
        return track(JsPeer.start(scenario + "-" + format.wireName(), emu, key, format));
    }

    JsPeer js(String scenario, Emulator emu, Format format) {
        return js(scenario, emu, KEY, format);
    }

    JavaPeer java(ClientOptions options) throws Exception {
        return track(JavaPeer.connect(options));
    }

    JavaPeer java(Emulator emu, Format format) throws Exception {
        return java(JavaPeer.keyOptions(emu, format, KEY));
    }

    Ably4jPeer ably4j(io.ably4j.ClientOptions options) {
        return track(Ably4jPeer.connect(options));
    }

    /** An ably4j client on {@code format} with the full-capability {@link #KEY} and {@link #engine()}, connected. */
    Ably4jPeer ably4j(Emulator emu, Format format) {
        return ably4j(
                Ably4jPeer.options(emu, format, KEY).webSocketEngine(engine()).build());
    }

    /** The WebSocket engine of the ably4j clients made by {@link #ably4j(Emulator, Format)}; subclasses choose. */
    io.ably4j.WebSocketEngine engine() {
        return io.ably4j.WebSocketEngine.JDK;
    }

    @AfterEach
    void closeResources() throws Exception {
        Exception first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        resources.clear();
        if (emulator != null) {
            emulator.close();
            emulator = null;
        }
        if (first != null) {
            throw first;
        }
    }
}
