package io.ably4j.cli;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.Subscription;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * {@code ably4j subscribe CHANNEL}: attaches and prints every message until Ctrl-C, {@code --count} messages or
 * {@code --timeout}. Messages go to stdout, one per line; status lines (attached, reconnecting) go to stderr, so that
 * the output can be piped.
 *
 * <p>Ctrl-C prints the connection's recovery key (RTN16g) and leaves the connection for the process exit to drop
 * without a CLOSE, so that the server keeps it; {@code --recover KEY} continues it in a new run (RTN16), receiving the
 * messages published in between first.
 */
final class SubscribeCommand implements Command {
    private static final CommandSpec SPEC = new CommandSpec(
            "subscribe",
            List.of("CHANNEL"),
            "attach to a channel and print its messages",
            """
            Attaches to CHANNEL and prints each message as it arrives: time, name, payload type, payload and
            sender, one per line. Runs until Ctrl-C, --count messages or --timeout. Without a key,
            subscribes on an embedded emulator and prints its port so that you can publish to it.

            Ctrl-C prints a recovery key and leaves the connection for the server to keep for a while (2
            minutes on Ably): run the command again with --recover KEY within that time to continue it,
            receiving the messages published in between first.""",
            Options.concat(
                    Target.OPTIONS,
                    Option.value("--count", "N", "exit after N messages (exit code 1 if --timeout comes first)"),
                    Option.value("--timeout", "DURATION", "exit after DURATION, e.g. 30s or 2m"),
                    Option.value("--name", "NAME", "only messages called NAME"),
                    Option.value("--recover", "KEY", "continue the connection of the recovery key printed on Ctrl-C")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) throws Exception {
        String channelName = args.positional(0);
        if (channelName.isEmpty()) {
            throw new UsageException("CHANNEL must not be empty");
        }
        int count = args.integer("count", 0, 1, Integer.MAX_VALUE);
        Duration timeout = args.durationOrNull("timeout");
        String nameFilter = args.get("name");
        String recover = args.get("recover");
        if (recover != null && recover.isBlank()) {
            throw new UsageException("--recover must not be empty");
        }
        try (Target target = Target.open(args, ctx)) {
            ClientOptions options = recover == null
                    ? target.options()
                    : target.options().toBuilder().recover(recover.trim()).build();
            RealtimeClient client = new RealtimeClient(options);
            Ended ended = new Ended(Main.ERROR, false);
            try {
                ended = subscribe(client, target, args, channelName, nameFilter, count, timeout, ctx);
                return ended.code();
            } finally {
                if (!ended.leaveConnection()) {
                    Clients.closeAndWait(client);
                }
            }
        }
    }

    /**
     * How a subscription ended.
     *
     * @param code the exit code
     * @param leaveConnection whether to leave the connection open for the process exit to drop, so that the server
     *     keeps it for a recovery
     */
    private record Ended(int code, boolean leaveConnection) {}

    private static Ended subscribe(
            RealtimeClient client,
            Target target,
            ParsedArgs args,
            String channelName,
            @Nullable String nameFilter,
            int count,
            @Nullable Duration timeout,
            CliContext ctx)
            throws Exception {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Clients.awaitConnected(client, ctx);
        ErrorInfo notRecovered = client.connection().errorReason();
        if (client.options().recover() != null && notRecovered != null) { // RTN16l
            ctx.err()
                    .println(ctx.style()
                            .yellow("could not recover the connection" + reason(notRecovered)
                                    + "; continuing on a new connection"));
        }
        // Attached explicitly below: an implicit attach on subscribe would log its failure as well (RTL7g).
        RealtimeChannel channel = client.channels()
                .get(
                        channelName,
                        ChannelOptions.builder().attachOnSubscribe(false).build());
        AtomicInteger received = new AtomicInteger();
        CompletableFuture<@Nullable Void> finished = new CompletableFuture<>();
        Consumer<Message> listener = m -> {
            int n = received.incrementAndGet();
            if (count > 0 && n > count) {
                return;
            }
            ctx.out().println(Render.message(m, System.currentTimeMillis(), ctx.style()));
            if (n == count) {
                finished.complete(null);
            }
        };
        AtomicBoolean attached = new AtomicBoolean(); // report state changes after the first attach only
        Subscription connectionWatch = client.connection().on(change -> {
            if (attached.get()
                    && change.current() != change.previous()
                    && change.current() != ConnectionState.CLOSING
                    && change.current() != ConnectionState.CLOSED) {
                ctx.err().println(ctx.style().yellow("connection " + change.current() + reason(change.reason())));
            }
        });
        Subscription channelWatch = channel.on(change -> {
            if (change.current() == ChannelState.FAILED) {
                ErrorInfo r = change.reason();
                finished.completeExceptionally(new AblyException(
                        r != null ? r : ErrorInfo.of(90000, 400, "Channel " + channelName + " failed")));
            } else if (attached.get() && change.current() != change.previous()) {
                ctx.err()
                        .println(ctx.style()
                                .dim("channel " + channelName + " " + change.current() + reason(change.reason())));
            }
        });
        Subscription sub = nameFilter == null ? channel.subscribe(listener) : channel.subscribe(nameFilter, listener);
        try {
            Clients.await(channel.attach(), ctx, Clients.REQUEST_TIMEOUT, 90007, "attaching to " + channelName);
            attached.set(true);
            ctx.err()
                    .println(ctx.style().green("attached to " + channelName) + " on " + target.description()
                            + "; waiting for messages" + (count > 0 ? " (" + count + ")" : "") + ", Ctrl-C to stop");
            Emulator emulator = target.embedded();
            if (emulator != null && !emulator.tls()) { // another process would not trust its certificate
                ctx.err()
                        .println(ctx.style()
                                .dim("publish to it from another terminal: ./ably4j publish " + shellQuote(channelName)
                                        + " greeting hello --port " + emulator.port()));
            }
            int code = waitForEnd(finished, deadline, count, received, ctx);
            boolean stopped = ctx.interrupted().isDone() && !finished.isDone();
            // before unsubscribing: a message printed after the key is taken is at worst printed again on recovery
            boolean keyPrinted = stopped && printRecoveryKey(client, target, args, channelName, ctx);
            return new Ended(code, keyPrinted && ctx.exitsAfterCommand());
        } finally {
            sub.close();
            connectionWatch.close();
            channelWatch.close();
        }
    }

    private static int waitForEnd(
            CompletableFuture<@Nullable Void> finished,
            long deadline,
            int count,
            AtomicInteger received,
            CliContext ctx)
            throws InterruptedException {
        CompletableFuture<Object> either = CompletableFuture.anyOf(finished, ctx.interrupted());
        try {
            if (deadline == Long.MAX_VALUE) {
                either.get();
            } else {
                either.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw Errors.unwrap(e) instanceof AblyException a ? a : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            int n = Math.min(received.get(), count > 0 ? count : Integer.MAX_VALUE);
            if (count > 0) {
                ctx.err().println("timed out after " + n + " of " + count + " messages");
                return 1;
            }
            ctx.err().println(ctx.style().dim("timeout reached after " + n + " messages"));
            return 0;
        }
        if (!finished.isDone()) {
            ctx.err().println(ctx.style().dim("stopped after " + received.get() + " messages"));
        }
        return 0;
    }

    /**
     * Prints the connection's recovery key (RTN16g) and the command that continues it, unless there is none (RTN16g2)
     * or the connection is to an embedded emulator, which stops with this command. Returns whether it printed a key.
     */
    private static boolean printRecoveryKey(
            RealtimeClient client, Target target, ParsedArgs args, String channelName, CliContext ctx) {
        if (target.embedded() != null) {
            return false;
        }
        String key = client.connection().createRecoveryKey();
        if (key == null) {
            return false;
        }
        ctx.err().println("recovery key: " + key);
        ctx.err().println(ctx.style().dim("resume with: " + resumeCommand(args, channelName, key)));
        return true;
    }

    /**
     * {@code ably4j subscribe CHANNEL --recover KEY} with the options of this run that select the server, the
     * credentials, the wire and the messages; an API key given with {@code --key} or a {@code --token} is not repeated
     * (they are secrets).
     */
    static String resumeCommand(ParsedArgs args, String channelName, String recoveryKey) {
        StringBuilder sb = new StringBuilder("ably4j subscribe ")
                .append(shellQuote(channelName))
                .append(" --recover ")
                .append(shellQuote(recoveryKey));
        for (String option : List.of("endpoint", "port", "auth-url", "client-id", "name")) {
            String v = args.get(option);
            if (v != null) {
                sb.append(" --").append(option).append(' ').append(shellQuote(v));
            }
        }
        Boolean tls = args.bool("tls");
        if (tls != null) {
            sb.append(tls ? " --tls" : " --no-tls");
        }
        if ("json".equals(args.get("format"))) {
            sb.append(" --json");
        }
        if ("nio".equals(args.get("engine"))) {
            sb.append(" --nio");
        }
        if (args.has("key")) {
            sb.append("  (and your --key)");
        }
        if (args.has("token")) {
            sb.append("  (and your --token)");
        }
        return sb.toString();
    }

    /** {@code s} as one shell word: unchanged when it is plain, else in single quotes. */
    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_.:@%+=,/-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static String reason(@Nullable ErrorInfo reason) {
        return reason == null ? "" : ": " + reason.message() + " (code " + reason.code() + ")";
    }
}
