package io.ably4j.cli;

/** A command line that cannot be run as written (unknown option, missing argument, bad value): exit code 2. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
