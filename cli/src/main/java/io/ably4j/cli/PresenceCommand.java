package io.ably4j.cli;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.Subscription;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PresenceMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * {@code ably4j presence CHANNEL}: the channel's presence set, live (RTP). Prints the members present when it attaches,
 * then one line per change (ENTER, UPDATE, LEAVE) followed by the members present after it, on standard output; status
 * lines go to standard error. One line per event reads the same in a terminal and in a file or pipe, where redrawing a
 * list would not. With {@code --enter DATA} the command also enters the presence set (RTP8), and leaves it (RTP10)
 * when stopped.
 */
final class PresenceCommand implements Command {
    private static final CommandSpec SPEC = new CommandSpec(
            "presence",
            List.of("CHANNEL"),
            "show a channel's presence set live; optionally enter it",
            """
            Attaches to CHANNEL and prints the members present, then one line per presence event as it happens
            (time, ENTER/UPDATE/LEAVE, client id, payload) followed by who is present after it, until Ctrl-C or
            --timeout. With --enter DATA it also enters the presence set with DATA, and leaves it when stopped;
            entering needs a client id (--client-id ID, or a --token or --auth-url token that carries one):
            Ably refuses anonymous members with error 91000. Without a key, watches an embedded emulator and
            prints its port.""",
            Options.concat(
                    Target.OPTIONS,
                    Option.value("--enter", "DATA", "enter the presence set with DATA (needs a client id)"),
                    Option.value("--data-type", "TYPE", "how to read DATA: string (default), json, or base64"),
                    Option.value("--timeout", "DURATION", "exit after DURATION, e.g. 30s or 2m")));

    /** At most this many client ids are listed after an event; more are counted. */
    private static final int MAX_LISTED = 10;

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
        String enterText = args.get("enter");
        Object enterData = enterText == null ? null : PublishCommand.data(enterText, args.get("data-type", "string"));
        if (enterText == null && args.has("data-type")) {
            throw new UsageException("--data-type applies to --enter DATA");
        }
        boolean tokenAuth = args.has("token") || args.has("auth-url");
        if (enterText != null && !args.has("client-id") && !tokenAuth) {
            throw new UsageException(noClientId("no --client-id given"));
        }
        Duration timeout = args.durationOrNull("timeout");
        try (Target target = Target.open(args, ctx)) {
            RealtimeClient client = new RealtimeClient(target.options());
            try {
                Clients.awaitConnected(client, ctx);
                if (enterText != null) {
                    String clientId = client.clientId();
                    if (clientId == null || clientId.equals("*")) {
                        throw new UsageException(noClientId(
                                clientId == null ? "the token carries no client id" : "the token's client id is *"));
                    }
                }
                return watch(client, target, channelName, enterText != null, enterData, timeout, ctx);
            } finally {
                Clients.closeAndWait(client);
            }
        }
    }

    private static String noClientId(String why) {
        return "--enter needs a client id (" + why + "): pass --client-id ID, or a --token or --auth-url token that"
                + " carries one; Ably refuses to enter an anonymous client (error 91000)";
    }

    private static int watch(
            RealtimeClient client,
            Target target,
            String channelName,
            boolean enter,
            @Nullable Object enterData,
            @Nullable Duration timeout,
            CliContext ctx)
            throws Exception {
        RealtimeChannel channel = client.channels()
                .get(
                        channelName,
                        ChannelOptions.builder().attachOnSubscribe(false).build());
        PresenceSet members = new PresenceSet(MAX_LISTED);
        CompletableFuture<@Nullable Void> failed = new CompletableFuture<>();
        AtomicBoolean attached = new AtomicBoolean();
        Subscription sub = channel.presence().subscribe(p -> {
            String after = members.apply(p);
            if (after != null) {
                ctx.out()
                        .println(Render.presence(p, System.currentTimeMillis(), ctx.style()) + "  "
                                + ctx.style().dim("(" + after + ")"));
            }
        });
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
                failed.completeExceptionally(new AblyException(
                        r != null ? r : ErrorInfo.of(90000, 400, "Channel " + channelName + " failed")));
            } else if (attached.get() && change.current() != change.previous()) {
                ctx.err()
                        .println(ctx.style()
                                .dim("channel " + channelName + " " + change.current() + reason(change.reason())));
            }
        });
        boolean entered = false;
        try {
            Clients.await(channel.attach(), ctx, Clients.REQUEST_TIMEOUT, 90007, "attaching to " + channelName);
            List<PresenceMessage> present = Clients.await(
                    channel.presence().get(), ctx, Clients.REQUEST_TIMEOUT, 91005, "for the presence set");
            for (PresenceMessage p : present) {
                String after = members.apply(p);
                if (after != null) {
                    ctx.out()
                            .println(Render.presence(p, System.currentTimeMillis(), ctx.style()) + "  "
                                    + ctx.style().dim("(" + after + ")"));
                }
            }
            attached.set(true);
            ctx.err()
                    .println(ctx.style().green("attached to " + channelName) + " on " + target.description() + "; "
                            + members.describe() + "; waiting for presence events, Ctrl-C to stop");
            if (enter) {
                Clients.await(
                        channel.presence().enter(enterData),
                        ctx,
                        Clients.REQUEST_TIMEOUT,
                        50003,
                        "entering the presence set");
                entered = true;
                ctx.err().println(ctx.style().green("entered as " + client.clientId()));
            }
            waitForEnd(failed, timeout, ctx);
            return Main.OK;
        } finally {
            if (entered && client.connection().state() == ConnectionState.CONNECTED) {
                leave(channel, client, ctx);
            }
            sub.close();
            connectionWatch.close();
            channelWatch.close();
        }
    }

    /** Leaves the presence set, bounded; a failure is reported, not thrown: the command is stopping anyway. */
    private static void leave(RealtimeChannel channel, RealtimeClient client, CliContext ctx) {
        try {
            channel.presence().leave(null).get(Clients.CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            ctx.err().println(ctx.style().dim("left the presence set as " + client.clientId()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            ctx.err()
                    .println(ctx.style()
                            .yellow("could not leave the presence set (closing the connection removes the member): "
                                    + Errors.describe(e, Style.PLAIN)));
        }
    }

    /** Waits until the user stops the command, {@code timeout} passes, or the channel fails (thrown). */
    private static void waitForEnd(CompletableFuture<@Nullable Void> failed, @Nullable Duration timeout, CliContext ctx)
            throws InterruptedException {
        CompletableFuture<Object> either = CompletableFuture.anyOf(failed, ctx.interrupted());
        try {
            if (timeout == null) {
                either.get();
            } else {
                either.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw Errors.unwrap(e) instanceof AblyException a ? a : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            ctx.err().println(ctx.style().dim("timeout reached"));
            return;
        }
        ctx.err().println(ctx.style().dim("stopped"));
    }

    private static String reason(@Nullable ErrorInfo reason) {
        return reason == null ? "" : ": " + reason.message() + " (code " + reason.code() + ")";
    }
}
