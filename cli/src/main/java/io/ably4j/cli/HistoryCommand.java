package io.ably4j.cli;

import io.ably4j.HistoryParams;
import io.ably4j.PaginatedResult;
import io.ably4j.RestClient;
import io.ably4j.types.Message;
import java.util.List;

/**
 * {@code ably4j history CHANNEL}: the channel's message history over REST (RSL2), one message per line as {@code
 * subscribe} prints them; the first page, or with {@code --all} every page.
 */
final class HistoryCommand implements Command {
    private static final CommandSpec SPEC = new CommandSpec(
            "history",
            List.of("CHANNEL"),
            "print a channel's message history (REST)",
            """
            Prints the messages published on CHANNEL that Ably still holds, one per line as `subscribe` prints
            them: time, name, payload type, payload and sender. Newest first unless --direction forwards. Prints
            the first page (--limit messages, 100 by default); --all follows the next pages until the end. A
            REST request: no connection is opened. Without a key it asks an embedded emulator, whose history is
            empty; add --port N for a running `ably4j emulator`.""",
            Options.concat(
                    Target.REST_OPTIONS,
                    Option.value("--limit", "N", "messages per page, 1-1000 (default 100)"),
                    Option.value("--direction", "DIR", "backwards (newest first, default) or forwards"),
                    Option.value("--start", "TIME", "from TIME: ms since the epoch or ISO-8601 (inclusive)"),
                    Option.value("--end", "TIME", "until TIME: ms since the epoch or ISO-8601 (inclusive)"),
                    Option.flag("--all", "print every page, not only the first")));

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
        HistoryParams params = params(args);
        boolean all = args.has("all");
        try (Target target = Target.open(args, ctx);
                RestClient rest = new RestClient(target.options())) {
            PaginatedResult<Message> page = Clients.await(
                    rest.channels().get(channelName).history(params),
                    ctx,
                    Clients.REQUEST_TIMEOUT,
                    50003,
                    "waiting for the history of " + channelName);
            long now = System.currentTimeMillis();
            int count = Queries.print(page, all, ctx, m -> Render.message(m, now, ctx.style()));
            ctx.err()
                    .println(ctx.style()
                            .dim(
                                    count == 0
                                            ? "no messages in the history of " + channelName + " on "
                                                    + target.description()
                                            : count + (count == 1 ? " message" : " messages") + " from the history of "
                                                    + channelName + " on " + target.description()));
            return Main.OK;
        }
    }

    /** The query of the options; the library checks the limit and the interval (40003). */
    static HistoryParams params(ParsedArgs args) throws UsageException {
        HistoryParams.Direction direction = Queries.choice(args, "direction", HistoryParams.Direction.class);
        Long start = Queries.time(args, "start");
        Long end = Queries.time(args, "end");
        Integer limit = Queries.integer(args, "limit");
        return Queries.checked(() -> HistoryParams.builder()
                .direction(direction)
                .start(start)
                .end(end)
                .limit(limit)
                .build());
    }
}
