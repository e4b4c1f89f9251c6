package io.ably4j.cli;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * What a command runs with: its output streams, the environment, the output style, and a future completed when the
 * user asks the tool to stop (Ctrl-C), so that long-running commands close their connections cleanly. Injected so that
 * tests run commands in-process. The streams are shared by callback threads; each line is written with a single {@code
 * println}, which {@link PrintStream} makes atomic.
 *
 * @param out results (messages, round-trip times, the demo)
 * @param err diagnostics: errors, usage, status lines such as "started an embedded emulator"
 * @param env environment variables ({@code ABLY_API_KEY}, {@code NO_COLOR})
 * @param style colours, or none
 * @param interrupted completed when the user interrupts the tool
 * @param exitsAfterCommand whether the process exits when the command returns (the {@code ably4j} tool itself, not
 *     an in-process run): a command interrupted by the user may then leave a connection open for the exit to drop
 *     without a CLOSE, so that the server keeps its state for a recovery (RTN16)
 */
record CliContext(
        PrintStream out,
        PrintStream err,
        Map<String, String> env,
        Style style,
        CompletableFuture<@Nullable Void> interrupted,
        boolean exitsAfterCommand) {

    CliContext {
        env = Map.copyOf(env);
    }

    /** A context without colours that is never interrupted, for an in-process run. */
    static CliContext plain(PrintStream out, PrintStream err, Map<String, String> env) {
        return new CliContext(out, err, env, Style.PLAIN, new CompletableFuture<>(), false);
    }

    /** This context with another environment. */
    CliContext withEnv(Map<String, String> newEnv) {
        return new CliContext(out, err, newEnv, style, interrupted, exitsAfterCommand);
    }
}
