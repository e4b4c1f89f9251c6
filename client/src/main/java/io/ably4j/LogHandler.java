package io.ably4j;

import org.jspecify.annotations.Nullable;

/**
 * Receives the library's log messages (RSC3, TO3c). Messages never contain API key secrets or tokens.
 *
 * <p>Called on library threads, possibly concurrently from several clients: implementations must be thread-safe,
 * fast and must not throw (an exception thrown here is ignored).
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
