package io.ably4j.internal.util;

import io.ably4j.LogHandler;
import io.ably4j.LogLevel;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** A client's logger: its level and handler, never shared between clients (unlike a static logger). */
public final class Log {
    private static final System.Logger SYSTEM = System.getLogger("io.ably4j");
    private static final LogHandler SYSTEM_HANDLER = (level, message, t) -> SYSTEM.log(toSystem(level), message, t);

    private final LogLevel level;
    private final LogHandler handler;
    private final String prefix;

    public Log(LogLevel level, @Nullable LogHandler handler, String prefix) {
        this.level = level;
        this.handler = handler == null ? SYSTEM_HANDLER : handler;
        this.prefix = prefix;
    }

    public boolean enabled(LogLevel l) {
        return level.allows(l);
    }

    public void error(String message, @Nullable Throwable t) {
        log(LogLevel.ERROR, message, t);
    }

    public void warn(String message) {
        log(LogLevel.WARN, message, null);
    }

    public void info(String message) {
        log(LogLevel.INFO, message, null);
    }

    public void debug(Supplier<String> message) {
        if (enabled(LogLevel.DEBUG)) {
            log(LogLevel.DEBUG, message.get(), null);
        }
    }

    public void verbose(Supplier<String> message) {
        if (enabled(LogLevel.VERBOSE)) {
            log(LogLevel.VERBOSE, message.get(), null);
        }
    }

    public void log(LogLevel l, String message, @Nullable Throwable t) {
        if (!enabled(l)) {
            return;
        }
        try {
            handler.log(l, prefix + message, t);
        } catch (RuntimeException ignored) { // a broken log handler must not break the client
        }
    }

    private static System.Logger.Level toSystem(LogLevel l) {
        return switch (l) {
            case VERBOSE -> System.Logger.Level.TRACE;
            case DEBUG -> System.Logger.Level.DEBUG;
            case INFO -> System.Logger.Level.INFO;
            case WARN -> System.Logger.Level.WARNING;
            case ERROR -> System.Logger.Level.ERROR;
            case NONE -> System.Logger.Level.OFF;
        };
    }
}
