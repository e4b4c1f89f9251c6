package io.ably4j;

import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One change of a {@link Connection}'s state, or an {@link ConnectionEvent#UPDATE}. Spec: TA1-TA5, RTN4e.
 *
 * @param previous the state before the change (equal to {@code current} for {@link ConnectionEvent#UPDATE})
 * @param current the state after the change
 * @param event the event emitted: {@code current.event()}, or {@link ConnectionEvent#UPDATE}
 * @param reason the error that caused the change, if any (RTN4f)
 * @param retryIn for {@link ConnectionState#DISCONNECTED} and {@link ConnectionState#SUSPENDED}, the time until the
 *     next connection attempt (RTN14d); otherwise {@code null}
 */
public record ConnectionStateChange(
        ConnectionState previous,
        ConnectionState current,
        ConnectionEvent event,
        @Nullable ErrorInfo reason,
        @Nullable Duration retryIn) {}
