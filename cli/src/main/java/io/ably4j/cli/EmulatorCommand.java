package io.ably4j.cli;

import io.ably4j.emulator.Emulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ably4j emulator}: runs the Ably-compatible emulator in the foreground until Ctrl-C. Options are those of the
 * standalone emulator ({@code io.ably4j.emulator.Main}), which parses them; this command adds a hint on how to connect.
 */
final class EmulatorCommand implements Command {
    private static final Pattern LISTENING = Pattern.compile("listening on port (\\d+)");

    private static final CommandSpec SPEC = new CommandSpec(
            "emulator",
            List.of(),
            "run the Ably-compatible emulator in the foreground",
            "Runs the emulator (realtime WebSocket and REST on one port) until Ctrl-C.",
            List.of());

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    /** The standalone emulator's help, with this command's name. */
    static String help() {
        String usage = io.ably4j.emulator.Main.USAGE.replace(
                "Usage: java -jar ably4j-emulator.jar [options]", "Usage: ably4j emulator [options]");
        return usage + "\n\n" + SPEC.description() + " Other commands reach it with --port N, e.g.\n"
                + "  ./ably4j subscribe chat --port 8080    and    ./ably4j publish chat greeting hello --port 8080";
    }

    /** Runs the emulator with the raw arguments (they are parsed by the emulator's own Main). */
    int runRaw(List<String> args, CliContext ctx) throws Exception {
        if (args.contains("--help") || args.contains("-h")) {
            ctx.out().println(help());
            return 0;
        }
        boolean customKey = args.contains("--key") || args.contains("--key-capability");
        boolean tls = args.contains("--tls");
        PrintStream out = new HintingStream(ctx, customKey, tls);
        try {
            return io.ably4j.emulator.Main.run(args.toArray(new String[0]), out, new UsageStream(ctx));
        } catch (UnresolvedAddressException e) {
            int bind = args.indexOf("--bind");
            String address = bind >= 0 && bind + 1 < args.size() ? " '" + args.get(bind + 1) + "'" : "";
            return cannotStart("cannot resolve the --bind address" + address, ctx);
        } catch (IOException | RuntimeException e) {
            // Bad input met when starting (port in use, unwritable --cert-out), not a bug: no stack trace.
            String msg = e.getMessage();
            String what = msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
            if (e instanceof FileSystemException) {
                what = e.getClass().getSimpleName() + ": " + what;
            }
            return cannotStart(what, ctx);
        }
    }

    private static int cannotStart(String why, CliContext ctx) {
        ctx.err().println(ctx.style().red(ctx.style().bold("error:")) + " cannot start the emulator: " + why);
        return Main.ERROR;
    }

    @Override
    public int run(ParsedArgs args, CliContext ctx) throws Exception {
        return runRaw(args.positionals(), ctx);
    }

    /**
     * The emulator's error stream, with its usage errors in this tool's form: the message prefixed by the command,
     * then the short usage line instead of the standalone emulator's full option list.
     */
    private static final class UsageStream extends PrintStream {
        private final CliContext ctx;

        UsageStream(CliContext ctx) {
            super(ctx.err(), true, StandardCharsets.UTF_8);
            this.ctx = ctx;
        }

        @Override
        public void println(String line) {
            if (line.equals(io.ably4j.emulator.Main.USAGE)) {
                ctx.err().println("Usage: " + SPEC.usageLine());
                ctx.err().println("Run 'ably4j emulator --help' for details.");
            } else if (line.startsWith("unknown option: ") || line.startsWith("invalid arguments: ")) {
                ctx.err().println("ably4j emulator: " + line);
            } else {
                ctx.err().println(line);
            }
        }
    }

    /** Passes the emulator's output through and, after its "listening on port N" line, says how to connect. */
    private static final class HintingStream extends PrintStream {
        private final CliContext ctx;
        private final boolean customKey;
        private final boolean tls;

        HintingStream(CliContext ctx, boolean customKey, boolean tls) {
            super(ctx.out(), true, StandardCharsets.UTF_8);
            this.ctx = ctx;
            this.customKey = customKey;
            this.tls = tls;
        }

        @Override
        public void println(String line) {
            super.println(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find() && !tls) {
                String port = m.group(1);
                String key = customKey ? " --endpoint localhost --key KEY" : "";
                ctx.out()
                        .println(ctx.style()
                                .dim("connect with:  ./ably4j subscribe CHANNEL --port " + port + key
                                        + "    ./ably4j publish CHANNEL NAME DATA --port " + port + key));
                ctx.out()
                        .println(ctx.style()
                                .dim((customKey ? "" : "key: " + Emulator.DEFAULT_KEY + "; ")
                                        + "Ctrl-C stops the emulator"));
            }
        }
    }
}
