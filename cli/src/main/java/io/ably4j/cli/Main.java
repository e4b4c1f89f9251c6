package io.ably4j.cli;

import io.ably4j.types.AblyException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The {@code ably4j} command-line tool. {@link #main} runs it as a process (exit code via {@link System#exit});
 * {@link #run(String[], PrintStream, PrintStream, Map)} runs it in-process with injected streams and environment and
 * returns the exit code: 0 ok, 1 error, 2 usage error, 130 interrupted.
 */
public final class Main {
    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: the command failed (for example an Ably error). */
    public static final int ERROR = 1;
    /** Exit code: the command line is invalid. */
    public static final int USAGE = 2;
    /** Exit code: interrupted by the user (128 + SIGINT). */
    public static final int INTERRUPTED = 130;

    private static final Map<String, Command> COMMANDS = commands();

    private Main() {}

    public static void main(String[] args) {
        CompletableFuture<@Nullable Void> interrupted = new CompletableFuture<>();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C: tell the running command to stop, and give it a moment to close its connections cleanly.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            interrupted.complete(null);
                            try {
                                finished.await(Clients.CLOSE_TIMEOUT.toMillis() + 1000, TimeUnit.MILLISECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "ably4j-cli-shutdown"));
        Map<String, String> env = System.getenv();
        CliContext ctx = new CliContext(System.out, System.err, env, Style.detect(env), interrupted, true);
        int code;
        try {
            code = run(Arrays.asList(args), ctx);
        } finally {
            System.out.flush();
            System.err.flush();
            finished.countDown();
        }
        System.exit(code);
    }

    /**
     * Runs the tool in-process without colours.
     *
     * @param args the command line, e.g. {@code ["publish", "chat", "greeting", "hello"]}
     * @param out standard output
     * @param err standard error
     * @param env environment variables ({@code ABLY_API_KEY})
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> env) {
        return run(Arrays.asList(args), CliContext.plain(out, err, env));
    }

    static int run(List<String> args, CliContext ctx) {
        // Connection options may come before the command: `ably4j --key K publish ...`.
        List<String> leading = new ArrayList<>();
        int i = 0;
        while (i < args.size() && args.get(i).startsWith("-") && !args.get(i).equals("-")) {
            String a = args.get(i);
            if (a.equals("-h") || a.equals("--help")) {
                ctx.out().println(help());
                return OK;
            }
            if (a.equals("--version")) {
                ctx.out().println("ably4j " + version());
                return OK;
            }
            String optionName = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (Target.OPTIONS.stream().noneMatch(o -> o.name().equals(optionName))) {
                // Only connection options may come first; others would swallow the command name as their value.
                ctx.err()
                        .println("ably4j: unknown option " + optionName
                                + " before the command (only connection options such as --key may come first)");
                ctx.err().println("Run 'ably4j --help' for the list of commands.");
                return USAGE;
            }
            leading.add(a);
            if (takesValue(a)) {
                if (i + 1 >= args.size()) {
                    ctx.err().println("ably4j: " + a + " needs a value");
                    return USAGE;
                }
                leading.add(args.get(++i));
            }
            i++;
        }
        if (i >= args.size()) {
            ctx.err().println(help());
            return USAGE;
        }
        String name = args.get(i);
        List<String> rest = new ArrayList<>(leading);
        rest.addAll(args.subList(i + 1, args.size()));
        if (name.equals("help")) {
            return helpCommand(rest, ctx);
        }
        Command command = COMMANDS.get(name);
        if (command == null) {
            ctx.err().println("ably4j: unknown command '" + name + "'" + ArgParser.suggestion(name, COMMANDS.keySet()));
            ctx.err().println("Run 'ably4j --help' for the list of commands.");
            return USAGE;
        }
        return execute(command, rest, ctx);
    }

    private static int execute(Command command, List<String> args, CliContext ctx) {
        String name = command.spec().name();
        try {
            if (command instanceof EmulatorCommand emulator) {
                return emulator.runRaw(args, ctx);
            }
            ParsedArgs parsed = ArgParser.parse(command.spec(), args);
            if (parsed.help()) {
                ctx.out().println(command.spec().help());
                return OK;
            }
            return command.run(parsed, ctx);
        } catch (UsageException e) {
            ctx.err().println("ably4j " + name + ": " + e.getMessage());
            ctx.err().println("Usage: " + command.spec().usageLine());
            ctx.err().println("Run 'ably4j " + name + " --help' for details.");
            return USAGE;
        } catch (Clients.StoppedException e) {
            ctx.err().println(ctx.style().dim("ably4j " + name + ": interrupted"));
            return INTERRUPTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.err().println("ably4j " + name + ": interrupted");
            return INTERRUPTED;
        } catch (AblyException e) {
            ctx.err().println(Errors.describe(e, ctx.style()));
            return ERROR;
        } catch (RuntimeException | LinkageError e) {
            // Not an Ably error: a bug in this tool or the library, so show where it happened.
            ctx.err().println(Errors.describe(e, ctx.style()));
            e.printStackTrace(ctx.err());
            return ERROR;
        } catch (Exception e) {
            ctx.err().println(Errors.describe(e, ctx.style()));
            return ERROR;
        }
    }

    private static int helpCommand(List<String> args, CliContext ctx) {
        if (args.isEmpty()) {
            ctx.out().println(help());
            return OK;
        }
        Command c = COMMANDS.get(args.get(0));
        if (c == null || args.size() > 1) {
            ctx.err().println("ably4j help: unknown command '" + String.join(" ", args) + "'");
            return USAGE;
        }
        ctx.out()
                .println(
                        c instanceof EmulatorCommand
                                ? EmulatorCommand.help()
                                : c.spec().help());
        return OK;
    }

    /** Whether a connection option given before the command takes a value. */
    private static boolean takesValue(String arg) {
        if (arg.contains("=")) {
            return false;
        }
        return Target.OPTIONS.stream().anyMatch(o -> o.name().equals(arg) && o.takesValue());
    }

    /** The tool's help: commands, key handling, exit codes. */
    static String help() {
        StringBuilder sb = new StringBuilder();
        sb.append("ably4j ").append(version()).append(": a command-line client for Ably realtime pub/sub\n\n");
        sb.append("Usage: ably4j COMMAND [options] [arguments]\n\nCommands:\n");
        for (Command c : COMMANDS.values()) {
            CommandSpec s = c.spec();
            String synopsis = s.name() + (s.positionals().isEmpty() ? "" : " " + String.join(" ", s.positionals()));
            sb.append("  ")
                    .append(CommandSpec.pad(synopsis, 30))
                    .append(s.summary())
                    .append('\n');
        }
        sb.append("\nWith --key KEY (or $")
                .append(Target.KEY_ENV)
                .append(") commands talk to Ably (or to --endpoint);\n");
        sb.append("without a key, commands start an embedded emulator, and --port N alone\n");
        sb.append("connects to an `ably4j emulator` running on localhost:N. --token TOKEN or --auth-url URL\n");
        sb.append("authenticate with a token instead of a key; `ably4j token` prints one.\n\n");
        sb.append("Run 'ably4j COMMAND --help' for a command's options.\n");
        sb.append("Exit codes: 0 ok, 1 error, 2 invalid command line, 130 interrupted.");
        return sb.toString();
    }

    /** The version from the jar's Maven metadata, or {@code dev} when run from classes. */
    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/META-INF/maven/io.ably4j/ably4j-cli/pom.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "dev");
            }
        } catch (IOException e) {
            // fall through: the version is cosmetic
        }
        return "dev";
    }

    private static Map<String, Command> commands() {
        Map<String, Command> m = new LinkedHashMap<>();
        for (Command c : List.of(
                new DemoCommand(),
                new SubscribeCommand(),
                new PublishCommand(),
                new PresenceCommand(),
                new HistoryCommand(),
                new PingCommand(),
                new TimeCommand(),
                new StatsCommand(),
                new TokenCommand(),
                new EmulatorCommand())) {
            m.put(c.spec().name(), c);
        }
        return m;
    }
}
