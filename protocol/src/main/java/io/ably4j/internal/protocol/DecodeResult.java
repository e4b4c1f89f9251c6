package io.ably4j.internal.protocol;

import io.ably4j.types.ErrorInfo;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A decoded value and, when decoding stopped early, why (RSL6b). The value then holds the data decoded as far as
 * possible and the steps not undone in its {@code encoding}.
 *
 * @param value the decoded value
 * @param error the decoding failure (code 40013, or 40019 for {@code vcdiff}), or {@code null} on success
 * @param <T> the type of value, such as {@code Message}
 */
public record DecodeResult<T>(T value, @Nullable ErrorInfo error) {
    public DecodeResult {
        Objects.requireNonNull(value, "value");
    }

    /** True if decoding completed. */
    public boolean isComplete() {
        return error == null;
    }
}
