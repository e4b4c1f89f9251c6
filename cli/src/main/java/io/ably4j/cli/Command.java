package io.ably4j.cli;

/** One {@code ably4j} command. Implementations are stateless; {@link #run} may be called from any thread. */
interface Command {
    /** The name, arguments, options and help of the command. */
    CommandSpec spec();

    /**
     * Runs the command with parsed arguments (help has been handled by the caller).
     *
     * @return the exit code: 0 ok, 1 error
     * @throws UsageException for an invalid argument value (exit code 2)
     * @throws Clients.StoppedException if the user interrupted the command
     */
    int run(ParsedArgs args, CliContext ctx) throws Exception;
}
