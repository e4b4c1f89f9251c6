package io.ably4j.internal.util;

import java.util.concurrent.Executor;

/**
 * An executor that knows whether the calling thread is running one of its tasks: the client's callback executor (a
 * {@link SerialExecutor}, or a view over one). {@link ClientFuture} asks it to decide how a blocking wait may proceed.
 */
public interface OrderedExecutor extends Executor {
    /** Whether the calling thread is running one of this executor's tasks. Any thread. */
    boolean inExecutor();

    /**
     * Whether the calling thread, running one of this executor's tasks, also holds the thread that must settle the
     * client's futures (the serial executor): true only in direct mode, where a listener runs inline inside the
     * dispatch of an inbound message. A blocking wait there could never end. Any thread.
     */
    default boolean holdsSettlingThread() {
        return false;
    }

    /**
     * Told when a thread running one of this executor's tasks starts ({@code true}) and stops ({@code false}) a
     * blocking wait for a client future, whose outcome may still have to be read from the network. Any thread.
     */
    default void blockingWait(boolean waiting) {}
}
