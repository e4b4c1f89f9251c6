package io.ably4j.internal.http;

import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * A response body exceeded the call's {@link HttpCall#maxBodyBytes()}: the transport stopped reading it. The response
 * arrived, so this is not a network failure; callers that set a limit map it to their own error (e.g. an invalid
 * authUrl response, RSA4f).
 */
public final class ResponseTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    /**
     * @param limit the limit that was exceeded, in bytes
     * @param declared the body's declared {@code Content-Length}, or -1 when the body was read until past the limit
     */
    public ResponseTooLargeException(long limit, long declared) {
        super(
                declared >= 0
                        ? "response body of " + declared + " bytes (Content-Length) exceeds the limit of " + limit
                                + " bytes"
                        : "response body exceeds the limit of " + limit + " bytes; reading stopped");
        this.limit = limit;
    }

    /** The limit that was exceeded, in bytes. */
    public long limit() {
        return limit;
    }

    /** The {@link ResponseTooLargeException} in {@code t}'s cause chain, or null. */
    public static @Nullable ResponseTooLargeException find(@Nullable Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ResponseTooLargeException r) {
                return r;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
