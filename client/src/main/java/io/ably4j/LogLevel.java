package io.ably4j;

/** Log levels, from most to least verbose. Spec: RSC2, RSC3, TO3b. {@link #NONE} disables logging. */
public enum LogLevel {
    VERBOSE(0),
    DEBUG(1),
    INFO(2),
    WARN(3),
    ERROR(4),
    NONE(5);

    private final int severity;

    LogLevel(int severity) {
        this.severity = severity;
    }

    /** Whether a message at {@code level} is logged when this is the configured threshold. */
    public boolean allows(LogLevel level) {
        return level != NONE && level.severity >= severity;
    }
}
