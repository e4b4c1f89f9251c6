package io.ably4j;

/** Log levels, from most to least verbose. Spec: RSC2, RSC3, TO3b. {@link #NONE} disables logging. */
public enum LogLevel {
    /** Everything, including every protocol message. */
    VERBOSE(0),
    /** Detail useful to debug the library: state changes, retries, transport events. */
    DEBUG(1),
    /** Notable events, such as connection state changes. */
    INFO(2),
    /** Problems the library recovers from (the default). */
    WARN(3),
    /** Errors the library cannot recover from. */
    ERROR(4),
    /** Nothing: logging is off. */
    NONE(5);

    private final int severity;

    LogLevel(int severity) {
        this.severity = severity;
    }

    /**
     * Whether a message at {@code level} is logged when this is the configured threshold.
     *
     * @param level the level of a message
     * @return whether that message is logged
     */
    public boolean allows(LogLevel level) {
        return level != NONE && level.severity >= severity;
    }
}
