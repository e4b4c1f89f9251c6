package io.ably4j.cli;

import io.ably4j.RestClient;
import java.time.Instant;
import java.util.List;

/** {@code ably4j time}: Ably's clock (RSC16), in milliseconds since the epoch and as ISO-8601. */
final class TimeCommand implements Command {
    private static final CommandSpec SPEC =
            new CommandSpec("time", List.of(), "print Ably's time (REST)", """
            Asks Ably for its time (GET /time, which needs no credentials) and prints it in milliseconds since the
            epoch and as ISO-8601 in UTC, with how far this machine's clock is from it (the request's round trip
            taken into account: the offset is accurate to half of it). Without a key it asks an embedded emulator;
            add --port N for a running `ably4j emulator`.""", Target.REST_OPTIONS);

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) throws Exception {
        try (Target target = Target.open(args, ctx);
                RestClient rest = new RestClient(target.options())) {
            long sentAt = System.currentTimeMillis();
            long started = System.nanoTime();
            long serverTime = Clients.await(rest.time(), ctx, Clients.REQUEST_TIMEOUT, 50003, "waiting for the time");
            long rttMs = (System.nanoTime() - started) / 1_000_000;
            long offset = serverTime - (sentAt + rttMs / 2);
            ctx.out().println(serverTime + "  " + Instant.ofEpochMilli(serverTime));
            ctx.err()
                    .println(ctx.style()
                            .dim("from " + target.description() + "; this machine's clock is "
                                    + Math.abs(offset) + " ms " + (offset > 0 ? "behind" : "ahead") + " (round trip "
                                    + rttMs + " ms)"));
            return Main.OK;
        }
    }
}
