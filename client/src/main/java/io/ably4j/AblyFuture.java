package io.ably4j;

import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The result of an asynchronous Ably operation: a {@link CompletableFuture} with a blocking {@link #await()} that
 * throws the operation's {@link AblyException} itself.
 *
 * <pre>{@code
 * try {
 *     TokenDetails token = rest.auth().requestToken(null, null).await();
 * } catch (AblyException e) {
 *     ErrorInfo error = e.errorInfo(); // e.g. 40160/401
 * }
 * }</pre>
 *
 * <p>{@link #join()} and {@link #get()} keep the JDK's contracts (they wrap a failure in a {@link
 * CompletionException} or an {@link ExecutionException}); {@link #await()} and {@link #await(Duration)} do not wrap.
 * The exception they throw is a new {@link AblyException} with the same {@link ErrorInfo}, whose stack trace is the
 * waiting thread's and whose cause is the original failure, so the log of a blocking caller shows both where it waited
 * and where the operation failed.
 *
 * <p><b>Threading.</b> Stages derived from this future ({@code thenApply}, {@code whenComplete}, ...) are {@code
 * AblyFuture}s too. Futures returned by the library complete on the client's callback executor ({@link
 * ClientOptions#callbackExecutor()}), so dependent stages added without an executor run there, in order with the
 * client's listeners (an attach future completes after the ATTACHED state change has been delivered to listeners, a
 * publish future after the messages received before its ACK).
 *
 * <p><b>Blocking inside a listener.</b> A listener (message, presence, connection or channel state) may block on a
 * future the library returned: {@code channel.publish(...).get()}, {@code join()} or {@code await()} on the callback
 * executor returns the operation's result as soon as the client knows it, although the future's own completion (and
 * the stages depending on it) is still queued behind the running listener. It ties up the callback executor, so the
 * client's other listeners wait meanwhile. A wait there that could never end fails at once with an {@link
 * AblyException} 40000/400 instead of hanging: a wait for a derived stage ({@code publish(...).thenApply(f).get()}),
 * which only the callback executor can complete, for {@code whenState(...)} while the state is not reached yet, and for
 * {@code closeAsync()}. Add a dependent stage instead, or wait on the returned future and then apply {@code f}.
 *
 * <p>A future the library returned is the caller's own: completing, cancelling or obtruding it changes what its users
 * see, never the client (the message is still sent and acknowledged, the channel still attaches).
 *
 * @param <T> the type of the result
 */
public class AblyFuture<T> extends CompletableFuture<T> {
    /** A new, incomplete future. */
    public AblyFuture() {}

    /**
     * A future already completed with {@code value}.
     *
     * @param <T> the result type
     * @param value the result
     * @return a completed future
     */
    public static <T> AblyFuture<T> completed(T value) {
        AblyFuture<T> f = new AblyFuture<>();
        f.complete(value);
        return f;
    }

    /**
     * A future already failed with {@code failure}.
     *
     * @param <T> the result type
     * @param failure the exception the future fails with
     * @return a failed future
     */
    public static <T> AblyFuture<T> failed(Throwable failure) {
        AblyFuture<T> f = new AblyFuture<>();
        f.completeExceptionally(failure);
        return f;
    }

    @Override
    public <U> AblyFuture<U> newIncompleteFuture() {
        return new AblyFuture<>();
    }

    /**
     * Waits for the result.
     *
     * @return the result
     * @throws AblyException the operation's failure (a new exception with its {@link ErrorInfo}, caused by the
     *     original); a failure that is not an {@link AblyException} as 50000/500 caused by it; an interrupt as
     *     50000/500, with the thread's interrupt status set again
     * @throws CancellationException if the future was cancelled
     */
    public T await() {
        try {
            return get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AblyException(Errors.internalError("Interrupted while waiting for an Ably operation"), e);
        } catch (ExecutionException e) {
            throw rethrown(e);
        }
    }

    /**
     * Waits at most {@code timeout} for the result. The operation goes on when the wait times out.
     *
     * @param timeout the longest time to wait
     * @return the result
     * @throws AblyException as {@link #await()}; 50003/504 when the wait timed out
     * @throws CancellationException if the future was cancelled
     */
    public T await(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw Errors.badArgument("timeout must be zero or positive, got " + timeout);
        }
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        try {
            return get(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AblyException(Errors.internalError("Interrupted while waiting for an Ably operation"), e);
        } catch (ExecutionException e) {
            throw rethrown(e);
        } catch (TimeoutException e) {
            throw new AblyException(
                    ErrorInfo.of(50003, 504, "No result within " + timeout.toMillis() + " ms; the operation goes on"),
                    e);
        }
    }

    private static AblyException rethrown(Throwable failure) {
        Throwable t = Errors.unwrap(failure);
        if (t instanceof AblyException ably) {
            return new AblyException(ably.errorInfo(), ably);
        }
        return new AblyException(Errors.internalError("Operation failed: " + t), t);
    }
}
