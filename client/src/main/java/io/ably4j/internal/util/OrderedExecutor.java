package io.ably4j.internal.util;

import java.util.concurrent.Executor;

/**
 * An executor that runs its tasks one at a time and can tell whether the calling thread is running one of them: the
 * client's callback executor, whatever wraps it (e.g. the inbound backlog's accounting).
 */
public interface OrderedExecutor extends Executor {
    /** Whether the calling thread is currently running one of this executor's tasks. */
    boolean inExecutor();
}
