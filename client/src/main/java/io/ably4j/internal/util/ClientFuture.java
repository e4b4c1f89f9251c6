package io.ably4j.internal.util;

import io.ably4j.AblyFuture;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The {@link AblyFuture} the library hands to users: settled by the client where the outcome is known (the serial
 * executor, an HTTP thread), completed on the client's callback executor.
 *
 * <p>{@link #settle} records the outcome at once and queues the completion on the callback executor, so dependent
 * stages and {@code allOf}/{@code anyOf} still run there, in order with the client's listeners, exactly as when the
 * completion itself was queued. A thread blocked in {@link #get}, {@link #join} or {@link AblyFuture#await} <em>on the
 * callback executor</em> (a listener waiting for a publish) cannot wait for that queued completion, which is behind
 * itself; it returns the recorded outcome instead as soon as it is settled. Other threads wait for the completion, so
 * for them a returned result implies that the events queued before it have been delivered.
 *
 * <p>A stage derived from a library future ({@code thenApply}, {@code copy}, ...) completes only once its source has
 * completed on the callback executor. Waiting for an incomplete one on the callback executor could never end, so it
 * fails at once with {@link Errors#BLOCKING_WAIT_ON_CALLBACK_EXECUTOR}.
 *
 * <p>The client never reads or chains on a future it returned: a user completing, cancelling or obtruding one only
 * changes what that user sees.
 *
 * <p>Settling costs no allocation beyond the one queued task (this future itself is the {@link Runnable}).
 */
public final class ClientFuture<T> extends AblyFuture<T> implements Runnable {
    private final Executor callbacks;
    /** True for a future the client settles; false for a derived stage, which needs the callback executor. */
    private final boolean settledByClient;
    /** For an internal relay: what {@link #settle} does instead of completing this future. */
    private final @Nullable BiConsumer<@Nullable T, @Nullable Throwable> relay;

    private @Nullable T value;
    private @Nullable Throwable failure;
    /** Written after {@link #value} and {@link #failure}; read before them. */
    private volatile boolean settled;
    /**
     * Created by the first thread that waits on the callback executor, completed with the settled outcome: what that
     * thread waits on. Null (no allocation) for the futures nobody waits for there.
     */
    private volatile @Nullable CompletableFuture<T> early;

    private ClientFuture(
            Executor callbacks, boolean settledByClient, @Nullable BiConsumer<@Nullable T, @Nullable Throwable> relay) {
        this.callbacks = callbacks;
        this.settledByClient = settledByClient;
        this.relay = relay;
    }

    /** A future the client will {@link #settle}, completed on {@code callbacks}. */
    public static <T> ClientFuture<T> create(Executor callbacks) {
        return new ClientFuture<>(callbacks, true, null);
    }

    /**
     * A future that a listener running on {@code callbacks} completes (not {@link #settle}d by the client): waiting
     * for it on the callback executor fails fast, as for a derived stage.
     */
    public static <T> ClientFuture<T> completedByListener(Executor callbacks) {
        return new ClientFuture<>(callbacks, false, null);
    }

    /**
     * An internal future (never handed to users) whose {@link #settle} runs {@code onSettle} at once, on the settling
     * thread (the serial executor), instead of completing it: how a chain inside the client reaches the user's future
     * without a trip through the callback executor. Its failure is unwrapped.
     */
    public static <T> ClientFuture<T> relay(Executor callbacks, BiConsumer<@Nullable T, @Nullable Throwable> onSettle) {
        return new ClientFuture<>(callbacks, true, onSettle);
    }

    /** A future already failed with {@code failure}, completed on {@code callbacks}. */
    public static <T> ClientFuture<T> failed(Executor callbacks, Throwable failure) {
        ClientFuture<T> f = create(callbacks);
        f.settle(null, failure);
        return f;
    }

    @Override
    public <U> AblyFuture<U> newIncompleteFuture() {
        return new ClientFuture<>(callbacks, false, null);
    }

    /**
     * Records the outcome and queues the completion on the callback executor. Any thread; the first call wins (one
     * client component settles a future, so there is no race by construction).
     */
    public void settle(@Nullable T result, @Nullable Throwable error) {
        if (settled || !settledByClient) {
            return;
        }
        BiConsumer<@Nullable T, @Nullable Throwable> r = relay;
        if (r != null) {
            settled = true;
            r.accept(result, error == null ? null : Errors.unwrap(error));
            return;
        }
        this.value = result;
        this.failure = error == null ? null : Errors.unwrap(error);
        settled = true;
        CompletableFuture<T> e = early;
        if (e != null) {
            release(e);
        }
        callbacks.execute(this);
    }

    /** Completes this future with the settled outcome: the task {@link #settle} queues on the callback executor. */
    @Override
    public void run() {
        if (!settled) {
            return;
        }
        Throwable t = failure;
        if (t != null) {
            super.completeExceptionally(t);
        } else {
            super.complete(value);
        }
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        if (!isDone() && onCallbackExecutor()) {
            try {
                T v;
                CompletableFuture<T> e = beginEarlyWait();
                try {
                    v = e.get();
                } finally {
                    endEarlyWait();
                }
                if (!isDone()) {
                    return v;
                }
            } catch (ExecutionException | CancellationException e) {
                if (!isDone()) {
                    throw e;
                }
            }
        }
        beforeBlockingWait();
        return super.get();
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!isDone() && onCallbackExecutor()) {
            try {
                T v;
                CompletableFuture<T> e = beginEarlyWait();
                try {
                    v = e.get(timeout, unit);
                } finally {
                    endEarlyWait();
                }
                if (!isDone()) {
                    return v;
                }
            } catch (ExecutionException | CancellationException e) {
                if (!isDone()) {
                    throw e;
                }
            }
        }
        beforeBlockingWait();
        return super.get(timeout, unit);
    }

    @Override
    public T join() {
        if (!isDone() && onCallbackExecutor()) {
            try {
                T v;
                CompletableFuture<T> e = beginEarlyWait();
                try {
                    v = e.join();
                } finally {
                    endEarlyWait();
                }
                if (!isDone()) {
                    return v;
                }
            } catch (CompletionException | CancellationException e) {
                if (!isDone()) {
                    throw e;
                }
            }
        }
        beforeBlockingWait();
        return super.join();
    }

    // A user completing or cancelling the future wakes a listener waiting for the settled outcome.

    @Override
    public boolean complete(@Nullable T result) {
        boolean done = super.complete(result);
        wake();
        return done;
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        boolean done = super.completeExceptionally(ex);
        wake();
        return done;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean done = super.cancel(mayInterruptIfRunning);
        wake();
        return done;
    }

    @Override
    public void obtrudeValue(@Nullable T result) {
        super.obtrudeValue(result);
        wake();
    }

    @Override
    public void obtrudeException(Throwable ex) {
        super.obtrudeException(ex);
        wake();
    }

    private boolean onCallbackExecutor() {
        if (!(callbacks instanceof OrderedExecutor o) || !o.inExecutor()) {
            return false;
        }
        if (o.holdsSettlingThread()) {
            throw directModeWait();
        }
        return true;
    }

    /**
     * The early future to wait on, telling the callback executor that one of its threads now blocks: a listener blocked
     * here holds the callback thread, so the inbound backlog must not pause reading (the outcome may still be on the
     * network). Pair with {@link #endEarlyWait}.
     */
    private CompletableFuture<T> beginEarlyWait() {
        CompletableFuture<T> e = earlyFuture(); // may fail fast: then nothing is handed over
        CallbackPool.beforeBlocking(); // a callback run inline by the I/O loop hands the I/O over first
        ((OrderedExecutor) callbacks).blockingWait(true); // onCallbackExecutor() said so
        return e;
    }

    /** About to block until done: a callback run inline by the I/O loop hands the I/O over first. */
    private void beforeBlockingWait() {
        if (!isDone()) {
            CallbackPool.beforeBlocking();
        }
    }

    private void endEarlyWait() {
        ((OrderedExecutor) callbacks).blockingWait(false);
    }

    /**
     * What a thread on the callback executor waits on: completed with the settled outcome, or cancelled when the user
     * completes this future. Fails fast when nothing but the callback executor could complete this future.
     */
    private CompletableFuture<T> earlyFuture() {
        if (!settledByClient) {
            throw blockingWait();
        }
        CompletableFuture<T> e;
        synchronized (this) {
            e = early;
            if (e == null) {
                e = new CompletableFuture<>();
                early = e;
            }
        }
        if (settled) { // settled before early was published: settle() may not have seen it
            release(e);
        }
        if (isDone()) { // completed or cancelled by the user before early was published: wake() may not have seen it
            e.cancel(false);
        }
        return e;
    }

    private void release(CompletableFuture<T> e) {
        Throwable t = failure;
        if (t != null) {
            e.completeExceptionally(t);
        } else {
            e.complete(value);
        }
    }

    private void wake() {
        CompletableFuture<T> e = early;
        if (e != null) {
            e.cancel(false); // the waiter sees this future done and reports its outcome
        }
    }

    /** The fail-fast error of a wait on the callback executor that could never end. */
    static AblyException blockingWait() {
        return new AblyException(ErrorInfo.of(
                Errors.BLOCKING_WAIT_ON_CALLBACK_EXECUTOR,
                400,
                "Blocking wait on the client's callback executor for a future that only that executor can complete"
                        + " (a stage derived with thenApply, whenComplete, ...): it would never end. Wait for the"
                        + " future the client returned (publish(...).get() works in a listener), or add a dependent"
                        + " stage instead of blocking"));
    }

    /**
     * The fail-fast error of a blocking wait in a listener run inline on the thread that dispatches the client's
     * inbound messages (direct mode): that thread would have to process the reply the listener waits for.
     */
    static AblyException directModeWait() {
        return new AblyException(ErrorInfo.of(
                Errors.BLOCKING_WAIT_ON_CALLBACK_EXECUTOR,
                400,
                "Blocking wait in a listener run inline on the client's receive thread (direct mode: the callback"
                        + " executor runs tasks inline): that thread must process the reply, so the wait would never"
                        + " end. Add a dependent stage instead, or use an executor that runs listeners on other"
                        + " threads"));
    }

    /** Completes {@code f} with {@code result}: settles a {@link ClientFuture}, else completes it on {@code callbacks}. */
    public static <T> void settle(Executor callbacks, CompletableFuture<T> f, @Nullable T result) {
        if (f instanceof ClientFuture<T> cf) {
            cf.settle(result, null);
        } else {
            callbacks.execute(() -> f.complete(result));
        }
    }

    /** Fails {@code f} with {@code error}: settles a {@link ClientFuture}, else fails it on {@code callbacks}. */
    public static void fail(Executor callbacks, CompletableFuture<?> f, Throwable error) {
        if (f instanceof ClientFuture<?> cf) {
            cf.settle(null, error);
        } else {
            callbacks.execute(() -> f.completeExceptionally(error));
        }
    }
}
