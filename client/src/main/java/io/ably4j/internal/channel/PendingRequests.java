package io.ably4j.internal.channel;

import io.ably4j.internal.util.ClientFuture;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The bookkeeping of one channel's attach and detach requests: the futures waiting for the pending ATTACH or DETACH,
 * and the requests made while one was pending (RTL4h, RTL5i), kept in call order to run once it settles.
 *
 * <p>Confined to the client's serial executor. Futures are settled here ({@link ClientFuture}) and complete on the
 * callback executor, never on the caller.
 */
final class PendingRequests {
    private final Executor callbacks;
    private final List<CompletableFuture<Void>> attachWaiters = new ArrayList<>();
    private final List<CompletableFuture<Void>> detachWaiters = new ArrayList<>();
    /**
     * Requests made while a request was pending (RTL4h, RTL5i), in call order. Non-empty only while ATTACHING or
     * DETACHING: every way out of those states runs them ({@link #runQueued}).
     */
    private final List<Runnable> queued = new ArrayList<>();

    PendingRequests(Executor callbacks) {
        this.callbacks = callbacks;
    }

    /** {@code result} settles with the pending (or about to be sent) ATTACH. */
    void awaitAttach(CompletableFuture<Void> result) {
        attachWaiters.add(result);
    }

    /** {@code result} settles with the pending DETACH. */
    void awaitDetach(CompletableFuture<Void> result) {
        detachWaiters.add(result);
    }

    boolean hasAttachWaiters() {
        return !attachWaiters.isEmpty();
    }

    /** True if no request is queued behind the pending one. */
    boolean noneQueued() {
        return queued.isEmpty();
    }

    /** Queues {@code request} to run when the pending request settles (RTL4h, RTL5i). */
    void queue(Runnable request) {
        queued.add(request);
    }

    /** Runs, in call order, the requests queued behind the pending one (any they queue in turn wait again). */
    void runQueued() {
        if (queued.isEmpty()) {
            return;
        }
        List<Runnable> ops = new ArrayList<>(queued);
        queued.clear();
        ops.forEach(Runnable::run);
    }

    void completeAttach() {
        completeAll(attachWaiters);
    }

    void failAttach(ErrorInfo error) {
        failAll(attachWaiters, error);
    }

    void completeDetach() {
        completeAll(detachWaiters);
    }

    void failDetach(ErrorInfo error) {
        failAll(detachWaiters, error);
    }

    /** Completes {@code f}: settles a {@link ClientFuture}, completes any other on the callback executor. */
    void complete(CompletableFuture<Void> f) {
        ClientFuture.settle(callbacks, f, null);
    }

    /** Fails {@code f} with an {@link AblyException} for {@code error}, as {@link #complete}. */
    void fail(CompletableFuture<Void> f, ErrorInfo error) {
        ClientFuture.fail(callbacks, f, new AblyException(error));
    }

    private void completeAll(List<CompletableFuture<Void>> waiters) {
        List<CompletableFuture<Void>> copy = new ArrayList<>(waiters);
        waiters.clear();
        copy.forEach(this::complete);
    }

    private void failAll(List<CompletableFuture<Void>> waiters, ErrorInfo error) {
        List<CompletableFuture<Void>> copy = new ArrayList<>(waiters);
        waiters.clear();
        copy.forEach(f -> fail(f, error));
    }
}
