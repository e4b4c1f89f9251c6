package io.ably4j.cli;

import io.ably4j.PaginatedResult;
import io.ably4j.RestClient;
import io.ably4j.Stats;
import io.ably4j.StatsParams;
import java.util.List;

/** {@code ably4j stats}: the app's statistics over REST (RSC6), one block per interval. */
final class StatsCommand implements Command {
    private static final CommandSpec SPEC = new CommandSpec(
            "stats",
            List.of(),
            "print the app's statistics (REST)",
            """
            Prints the app's statistics, one interval per block: the interval and its unit, then each non-zero
            entry (e.g. messages.all.all.count) with its value. Newest first unless --direction forwards; by
            default the last 100 minutes by the minute. Prints the first page (--limit intervals, 100 by
            default); --all follows the next pages. Without statistics in the period, prints "no stats". The
            emulator keeps no statistics: it always answers with none.""",
            Options.concat(
                    Target.REST_OPTIONS,
                    Option.value("--unit", "UNIT", "minute (default), hour, day or month"),
                    Option.value("--limit", "N", "intervals per page, 1-1000 (default 100)"),
                    Option.value("--direction", "DIR", "backwards (newest first, default) or forwards"),
                    Option.value("--start", "TIME", "from TIME: ms since the epoch or ISO-8601"),
                    Option.value("--end", "TIME", "until TIME: ms since the epoch or ISO-8601"),
                    Option.flag("--all", "print every page, not only the first")));

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) throws Exception {
        StatsParams params = params(args);
        boolean all = args.has("all");
        try (Target target = Target.open(args, ctx);
                RestClient rest = new RestClient(target.options())) {
            PaginatedResult<Stats> page =
                    Clients.await(rest.stats(params), ctx, Clients.REQUEST_TIMEOUT, 50003, "waiting for the stats");
            int count = Queries.print(page, all, ctx, s -> Render.stats(s, ctx.style()));
            if (count == 0) {
                // the answer itself, so on standard output (unlike history's count, which goes with the status lines)
                ctx.out().println("no stats for this period on " + target.description());
            } else {
                ctx.err()
                        .println(ctx.style()
                                .dim(count + (count == 1 ? " interval" : " intervals") + " from "
                                        + target.description()));
            }
            return Main.OK;
        }
    }

    /** The query of the options; the library checks the limit and the interval (40003). */
    static StatsParams params(ParsedArgs args) throws UsageException {
        StatsParams.Unit unit = Queries.choice(args, "unit", StatsParams.Unit.class);
        StatsParams.Direction direction = Queries.choice(args, "direction", StatsParams.Direction.class);
        Long start = Queries.time(args, "start");
        Long end = Queries.time(args, "end");
        Integer limit = Queries.integer(args, "limit");
        return Queries.checked(() -> StatsParams.builder()
                .unit(unit)
                .direction(direction)
                .start(start)
                .end(end)
                .limit(limit)
                .build());
    }
}
