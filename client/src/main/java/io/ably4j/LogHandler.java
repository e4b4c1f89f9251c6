package io.ably4j;

import org.jspecify.annotations.Nullable;

/**
 * Receives the library's log messages. Spec: RSC3, TO3c. Messages never contain API key secrets or tokens.
 *
 * <p>Called synchronously on the thread that logs: library threads, including the I/O thread that reads the network,
 * and the caller's thread for some API calls; possibly concurrently from several clients. Implementations must be
 * thread-safe, fast and non-blocking (a slow handler delays reading), and must not throw (an exception thrown here is
 * ignored). Unlike listeners, log messages are not moved to the callback executor.
 */
@FunctionalInterface
public interface LogHandler {
    /**
     * Logs one message.
     *
     * @param level the level, never {@link LogLevel#NONE}
     * @param message the message
     * @param throwable the associated exception, if any
     */
    void log(LogLevel level, String message, @Nullable Throwable throwable);
}
