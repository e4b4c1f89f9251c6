package io.ably4j.internal.http;

import io.ably4j.internal.util.Cancellable;
import io.ably4j.internal.util.Scheduler;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletableFuture;

/**
 * Sends one {@link HttpCall} with the library's own deadline on top of the transport's: the call fails with {@link
 * HttpTimeoutException} when {@link HttpCall#timeout()} passes on the {@link Scheduler}'s clock, whatever the
 * transport does (a transport that never answers, like a held mock request, cannot hang a request), and the
 * transport's future is then cancelled, as it is when the caller cancels the returned future.
 */
final class TimedSend {
    private TimedSend() {}

    /**
     * The response, or the transport's failure, or {@link HttpTimeoutException}; completes on the transport's or the
     * scheduler's thread.
     */
    static CompletableFuture<HttpResult> send(HttpTransport transport, HttpCall call, Scheduler scheduler) {
        CompletableFuture<HttpResult> out = new CompletableFuture<>();
        CompletableFuture<HttpResult> sent;
        try {
            sent = transport.send(call);
        } catch (RuntimeException e) { // a transport must not throw; treat it as a failed exchange
            sent = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<HttpResult> inFlight = sent;
        Cancellable timer = scheduler.schedule(call.timeout(), () -> {
            if (out.completeExceptionally(new HttpTimeoutException(
                    "no response within " + call.timeout().toMillis() + " ms: " + call))) {
                inFlight.cancel(true);
            }
        });
        var unusedCancel = out.whenComplete((result, failure) -> {
            if (out.isCancelled()) { // the caller gave up: so does the transport
                timer.cancel();
                inFlight.cancel(true);
            }
        });
        CompletableFuture<?> unused = inFlight.whenComplete((result, failure) -> {
            timer.cancel();
            if (failure != null) {
                out.completeExceptionally(failure);
            } else {
                out.complete(result);
            }
        });
        return out;
    }
}
