package io.ably4j;

/** Log levels, from most to least verbose (RSC2, RSC3, TO3b). {@link #NONE} disables logging. */
public enum LogLevel {
    VERBOSE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    NONE;

    /** Whether a message at {@code level} is logged when this is the configured threshold. */
    public boolean allows(LogLevel level) {
        return level != NONE && level.ordinal() >= ordinal();
    }
}
