package io.ably4j.cli;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
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
 */
final class SubscribeCommand implements Command {
    private static final CommandSpec SPEC = new CommandSpec(
            "subscribe",
            List.of("CHANNEL"),
            "attach to a channel and print its messages",
            """
            Attaches to CHANNEL and prints each message as it arrives: time, name, payload type, payload and
            sender, one per line. Runs until Ctrl-C, --count messages or --timeout. Without a key,
            subscribes on an embedded emulator and prints its port so that you can publish to it.""",
            Options.concat(
                    Target.OPTIONS,
                    Option.value("--count", "N", "exit after N messages (exit code 1 if --timeout comes first)"),
                    Option.value("--timeout", "DURATION", "exit after DURATION, e.g. 30s or 2m"),
                    Option.value("--name", "NAME", "only messages called NAME")));

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
        try (Target target = Target.open(args, ctx)) {
            RealtimeClient client = new RealtimeClient(target.options());
            try {
                return subscribe(client, target, channelName, nameFilter, count, timeout, ctx);
            } finally {
                Clients.closeAndWait(client);
            }
        }
    }

    private static int subscribe(
            RealtimeClient client,
            Target target,
            String channelName,
            @Nullable String nameFilter,
            int count,
            @Nullable Duration timeout,
            CliContext ctx)
            throws Exception {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        Clients.awaitConnected(client, ctx);
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
            return waitForEnd(finished, deadline, count, received, ctx);
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

    /** {@code s} as one shell word: unchanged when it is plain, else in single quotes. */
    static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9_.:@%+=,/-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static String reason(@Nullable ErrorInfo reason) {
        return reason == null ? "" : ": " + reason.message() + " (code " + reason.code() + ")";
    }
}
