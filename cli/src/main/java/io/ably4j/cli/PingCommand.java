package io.ably4j.cli;

import io.ably4j.RealtimeClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** {@code ably4j ping}: connects and prints the round-trip time of N heartbeats (RTN13). */
final class PingCommand implements Command {
    private static final CommandSpec SPEC = new CommandSpec(
            "ping",
            List.of(),
            "connect and measure round-trip times with heartbeat pings",
            """
            Connects, sends --count heartbeat pings (RTN13) one --interval apart, prints each round-trip time and a
            summary, then closes. Without a key, pings an embedded emulator.""",
            Options.concat(
                    Target.OPTIONS,
                    Option.value("--count", "N", "number of pings (default 4)"),
                    Option.value("--interval", "DURATION", "pause between pings, e.g. 500ms (default 1s)")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) throws Exception {
        int count = args.integer("count", 4, 1, 1_000_000);
        Duration interval = args.duration("interval", Duration.ofSeconds(1));
        try (Target target = Target.open(args, ctx)) {
            RealtimeClient client = new RealtimeClient(target.options());
            try {
                Clients.awaitConnected(client, ctx);
                ctx.out()
                        .println("connected to " + target.description() + ", connection "
                                + client.connection().id());
                List<Long> rtts = new ArrayList<>();
                for (int i = 1; i <= count; i++) {
                    Duration rtt = Clients.await(
                            client.connection().ping(), ctx, Clients.REQUEST_TIMEOUT, 50003, "waiting for the ping");
                    rtts.add(rtt.toNanos());
                    ctx.out().println("ping " + i + ": rtt " + ctx.style().green(Render.ms(rtt)));
                    if (i < count) {
                        Clients.pause(interval, ctx);
                    }
                }
                Collections.sort(rtts);
                long sum = 0;
                for (long r : rtts) {
                    sum += r;
                }
                ctx.out()
                        .println(count + " pings: min " + Render.ms(rtts.get(0)) + ", avg " + Render.ms(sum / count)
                                + ", max " + Render.ms(rtts.get(rtts.size() - 1)));
                return 0;
            } finally {
                Clients.closeAndWait(client);
            }
        }
    }
}
