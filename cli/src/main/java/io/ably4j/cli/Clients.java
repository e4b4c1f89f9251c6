package io.ably4j.cli;

import io.ably4j.ConnectionState;
import io.ably4j.RealtimeClient;
import io.ably4j.Subscription;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/** Blocking helpers for commands: bounded, interruptible waits on the client's futures. Stateless. */
final class Clients {
    /** Longest wait for the first connection, past the client's own request timeout. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    /** Longest wait for an attach, publish ACK or ping reply. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** Longest wait for a clean close. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private Clients() {}

    /** Thrown when the user interrupts the tool (Ctrl-C) during a wait. */
    static final class StoppedException extends Exception {
        private static final long serialVersionUID = 1L;

        StoppedException() {
            super("stopped");
        }
    }

    /**
     * Waits for {@code future}; throws the {@link AblyException} it fails with, an {@link AblyException} with {@code
     * timeoutCode} after {@code timeout}, or {@link StoppedException} if the user interrupts first.
     */
    static <T> T await(CompletableFuture<T> future, CliContext ctx, Duration timeout, int timeoutCode, String what)
            throws StoppedException, InterruptedException {
        CompletableFuture<Object> either = CompletableFuture.anyOf(future, ctx.interrupted());
        try {
            either.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (!future.isCompletedExceptionally()) {
                throw new StoppedException();
            }
            throw asAbly(e.getCause());
        } catch (TimeoutException e) {
            throw new AblyException(ErrorInfo.of(
                    timeoutCode, timeoutCode / 100, "Timed out after " + timeout.toMillis() + " ms " + what));
        }
        if (!future.isDone()) {
            throw new StoppedException();
        }
        return future.join();
    }

    /**
     * Waits until {@code client} is CONNECTED. Fails with the reason as soon as the first attempt fails (DISCONNECTED,
     * SUSPENDED, FAILED or CLOSED), rather than waiting for retries: a command-line user wants to know at once.
     */
    static void awaitConnected(RealtimeClient client, CliContext ctx) throws StoppedException, InterruptedException {
        CompletableFuture<@Nullable Void> done = new CompletableFuture<>();
        Subscription sub = client.connection().on(change -> {
            ConnectionState s = change.current();
            if (s == ConnectionState.CONNECTED) {
                done.complete(null);
            } else if (s != ConnectionState.CONNECTING) {
                done.completeExceptionally(failure(change.reason(), s));
            }
        });
        try {
            CompletableFuture<?> connected = client.connection().whenState(ConnectionState.CONNECTED);
            ConnectionState now = client.connection().state();
            if (now == ConnectionState.FAILED) {
                done.completeExceptionally(failure(client.connection().errorReason(), now));
            }
            await(CompletableFuture.anyOf(connected, done), ctx, CONNECT_TIMEOUT, 80014, "connecting");
        } finally {
            sub.close();
        }
    }

    /** Closes {@code client} and waits (bounded) until it is CLOSED or FAILED. Never throws. */
    static void closeAndWait(RealtimeClient client) {
        client.close();
        CompletableFuture<?> closed = CompletableFuture.anyOf(
                client.connection().whenState(ConnectionState.CLOSED),
                client.connection().whenState(ConnectionState.FAILED));
        try {
            closed.get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Best effort: the process is about to exit; the connection is dropped either way.
        }
    }

    /** Sleeps for {@code pause} unless the user interrupts first. */
    static void pause(Duration pause, CliContext ctx) throws StoppedException, InterruptedException {
        try {
            ctx.interrupted().get(pause.toMillis(), TimeUnit.MILLISECONDS);
            throw new StoppedException();
        } catch (TimeoutException e) {
            // the pause elapsed
        } catch (ExecutionException e) {
            throw new StoppedException();
        }
    }

    private static AblyException failure(@Nullable ErrorInfo reason, ConnectionState state) {
        if (reason != null) {
            return new AblyException(reason);
        }
        int code = state == ConnectionState.SUSPENDED ? 80002 : state == ConnectionState.CLOSED ? 80017 : 80000;
        return new AblyException(ErrorInfo.of(
                code, 400, "Connection " + state.name().toLowerCase(java.util.Locale.ROOT) + " while connecting"));
    }

    private static AblyException asAbly(@Nullable Throwable t) {
        Throwable u = t == null ? new IllegalStateException("unknown failure") : Errors.unwrap(t);
        if (u instanceof AblyException e) {
            return e;
        }
        return new AblyException(ErrorInfo.of(50000, 500, String.valueOf(u.getMessage())), u);
    }
}
