package io.ably4j;

/**
 * A registration of a listener. Closing it removes the listener: once {@link #close()} returns, the listener is not
 * invoked again (an invocation already running on another thread may still finish). Closing twice is harmless.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
    /** Removes the listener. Idempotent; never throws. */
    @Override
    void close();
}
