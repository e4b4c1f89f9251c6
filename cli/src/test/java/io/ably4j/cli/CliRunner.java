package io.ably4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** Runs the CLI in-process with captured streams, an explicit environment and a simulated Ctrl-C. */
final class CliRunner {
    /** The outcome of one run. */
    record Result(int code, String out, String err) {}

    private final Capture out = new Capture();
    private final Capture err = new Capture();
    private final CompletableFuture<@Nullable Void> interrupted = new CompletableFuture<>();
    private final Map<String, String> env;

    CliRunner(Map<String, String> env) {
        this.env = env;
    }

    /** A runner with an empty environment, so that a developer's $ABLY_API_KEY never sends tests to Ably. */
    static Result run(String... args) {
        return new CliRunner(Map.of()).execute(args);
    }

    Result execute(String... args) {
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        int code = Main.run(List.of(args), new CliContext(o, e, env, Style.PLAIN, interrupted, false));
        return new Result(code, out.text(), err.text());
    }

    /** Completes when standard error contains {@code marker}. */
    CompletableFuture<@Nullable Void> errContains(String marker) {
        return err.whenContains(marker);
    }

    /** Completes when standard output contains {@code marker}. */
    CompletableFuture<@Nullable Void> outContains(String marker) {
        return out.whenContains(marker);
    }

    /** Simulates Ctrl-C. */
    void interrupt() {
        interrupted.complete(null);
    }

    /** A thread-safe in-memory stream that can signal when some text has been written. */
    private static final class Capture extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private @Nullable String marker;
        private @Nullable CompletableFuture<@Nullable Void> seen;

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
            check();
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            check();
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }

        synchronized CompletableFuture<@Nullable Void> whenContains(String text) {
            CompletableFuture<@Nullable Void> f = new CompletableFuture<>();
            marker = text;
            seen = f;
            check();
            return f;
        }

        private void check() {
            if (marker != null
                    && seen != null
                    && bytes.toString(StandardCharsets.UTF_8).contains(marker)) {
                seen.complete(null);
            }
        }
    }
}
