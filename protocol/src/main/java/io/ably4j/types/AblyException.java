package io.ably4j.types;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one exception type of ably4j: unchecked, and always carrying the Ably {@link ErrorInfo} that explains
 * it. Futures returned by the library fail with it; invalid arguments throw it at once.
 */
public class AblyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ErrorInfo errorInfo;

    /**
     * An exception carrying {@code errorInfo}; its message is the error's message.
     *
     *
     * @param errorInfo the error
     */
    public AblyException(ErrorInfo errorInfo) {
        this(errorInfo, null);
    }

    /**
     * An exception carrying {@code errorInfo}, caused by {@code cause}.
     *
     *
     * @param errorInfo the error
     * @param cause the underlying exception, or null
     */
    public AblyException(ErrorInfo errorInfo, @Nullable Throwable cause) {
        super(Objects.requireNonNull(errorInfo, "errorInfo").toString(), cause);
        this.errorInfo = errorInfo;
    }

    /**
     * An exception for a new {@link ErrorInfo} with the given code, status code and message.
     *
     * @param code the Ably error code, e.g. 40140
     * @param statusCode the HTTP status code, e.g. 401
     * @param message a human-readable description
     * @return the new exception
     */
    public static AblyException of(int code, int statusCode, String message) {
        return new AblyException(ErrorInfo.of(code, statusCode, message));
    }

    /** {@return the error this exception reports} */
    public ErrorInfo errorInfo() {
        return errorInfo;
    }
}
