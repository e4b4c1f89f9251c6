package io.ably4j.internal.util;

/** A scheduled task that can be cancelled. Cancelling twice, or after the task ran, is harmless. */
@FunctionalInterface
public interface Cancellable {
    void cancel();
}
