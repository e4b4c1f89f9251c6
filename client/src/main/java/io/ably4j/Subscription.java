package io.ably4j;

/**
 * A registration of a listener. Closing it removes the listener from every event emitted afterwards; events emitted
 * before the close may still reach it, because listeners run asynchronously on the callback executor and the set of
 * listeners of one event is fixed when the event is emitted (RTE6a). Closing twice is harmless.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Removes the listener. Idempotent; never throws. */
    @Override
    void close();
}
