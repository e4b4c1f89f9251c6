package io.ably4j.internal.protocol;

import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import org.jspecify.annotations.Nullable;

/**
 * A frame or body could not be decoded: malformed, truncated, too large, too deeply nested, or with a field of
 * the wrong type. Carries Ably error 40000 (status 400) with a message saying what is wrong.
 */
public final class ProtocolDecodeException extends AblyException {
    private static final long serialVersionUID = 1L;

    public ProtocolDecodeException(String message) {
        this(message, null);
    }

    public ProtocolDecodeException(String message, @Nullable Throwable cause) {
        super(ErrorInfo.of(40000, 400, message), cause);
    }
}
