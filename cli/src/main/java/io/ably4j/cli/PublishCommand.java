package io.ably4j.cli;

import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.RestChannel;
import io.ably4j.RestClient;
import io.ably4j.types.AblyException;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PublishResult;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * {@code ably4j publish CHANNEL NAME DATA}: publishes one message and waits for Ably's acknowledgement; with {@code
 * --rest}, publishes it with a REST request instead of a realtime connection (RSL1).
 */
final class PublishCommand implements Command {
    private static final CommandSpec SPEC = new CommandSpec(
            "publish",
            List.of("CHANNEL", "NAME", "DATA"),
            "publish a message and wait for its acknowledgement",
            """
            Connects, publishes one message called NAME with payload DATA on CHANNEL, waits for the ACK and prints
            the publish round-trip time. An empty NAME publishes a message without a name. With --rest, sends
            it in a REST request (POST /channels/CHANNEL/messages) instead, without opening a connection, and
            prints the request's round trip; --repeat and --data-type work the same, --nio (a WebSocket engine)
            does not apply. Without a key, publishes to an embedded emulator; to reach a running `ably4j
            emulator`, add --port N.""",
            Options.concat(
                    Target.OPTIONS,
                    Option.value("--data-type", "TYPE", "how to read DATA: string (default), json, or base64 (binary)"),
                    Option.value("--repeat", "N", "publish the message N times, one after the other (default 1)"),
                    Option.flag("--rest", "publish with a REST request instead of a realtime connection")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) throws Exception {
        String channelName = args.positional(0);
        String name = args.positional(1).isEmpty() ? null : args.positional(1);
        Object data = data(args.positional(2), args.get("data-type", "string"));
        int repeat = args.integer("repeat", 1, 1, 1_000_000);
        if (channelName.isEmpty()) {
            throw new UsageException("CHANNEL must not be empty");
        }
        if (args.has("rest")) {
            if (args.has("engine")) {
                throw new UsageException(
                        "--nio and --jdk select the WebSocket engine of a realtime connection: not with --rest");
            }
            return publishOverRest(args, ctx, channelName, name, data, repeat);
        }
        try (Target target = Target.open(args, ctx)) {
            RealtimeClient client = new RealtimeClient(target.options());
            try {
                Clients.awaitConnected(client, ctx);
                RealtimeChannel channel = client.channels().get(channelName);
                for (int i = 1; i <= repeat; i++) {
                    long start = System.nanoTime();
                    PublishResult result = Clients.await(
                            channel.publish(Message.of(name, data)),
                            ctx,
                            Clients.REQUEST_TIMEOUT,
                            50003,
                            "waiting for the ACK");
                    long rtt = System.nanoTime() - start;
                    ctx.out()
                            .println("published " + (name == null ? "a message" : "'" + Render.escape(name) + "'")
                                    + " (" + Render.type(data) + ") to " + channelName + " on " + target.description()
                                    + ": acknowledged in " + ctx.style().green(Render.ms(rtt))
                                    + serials(result, ctx));
                }
                return 0;
            } finally {
                Clients.closeAndWait(client);
            }
        }
    }

    private static int publishOverRest(
            ParsedArgs args, CliContext ctx, String channelName, @Nullable String name, Object data, int repeat)
            throws Exception {
        try (Target target = Target.open(args, ctx);
                RestClient rest = new RestClient(target.options())) {
            RestChannel channel = rest.channels().get(channelName);
            for (int i = 1; i <= repeat; i++) {
                long start = System.nanoTime();
                PublishResult result = Clients.await(
                        channel.publish(name, data), ctx, Clients.REQUEST_TIMEOUT, 50003, "waiting for the response");
                long rtt = System.nanoTime() - start;
                ctx.out()
                        .println("published " + (name == null ? "a message" : "'" + Render.escape(name) + "'") + " ("
                                + Render.type(data) + ") to " + channelName + " over REST on " + target.description()
                                + ": accepted in " + ctx.style().green(Render.ms(rtt)) + serials(result, ctx));
            }
            return Main.OK;
        }
    }

    private static String serials(PublishResult result, CliContext ctx) {
        String serials = result.serials().stream().filter(Objects::nonNull).collect(Collectors.joining(", "));
        return serials.isEmpty() ? "" : ctx.style().dim(", serial " + serials);
    }

    /** DATA as the payload type selected by {@code --data-type}. */
    static Object data(String text, String type) throws UsageException {
        return switch (type.toLowerCase(Locale.ROOT)) {
            case "string" -> text;
            case "json" -> {
                try {
                    yield Json.parse(text);
                } catch (AblyException e) {
                    throw new UsageException(
                            "DATA is not valid JSON: " + e.errorInfo().message());
                }
            }
            case "base64" -> {
                try {
                    yield Base64.getDecoder().decode(text.trim());
                } catch (IllegalArgumentException e) {
                    throw new UsageException("DATA is not valid base64: " + e.getMessage());
                }
            }
            default -> throw new UsageException("--data-type must be string, json or base64, got '" + type + "'");
        };
    }
}
