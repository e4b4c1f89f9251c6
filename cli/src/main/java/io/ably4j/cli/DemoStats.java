package io.ably4j.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The demo's measurements: which messages were sent when and by whom, the publish-to-receive latency of each delivery
 * and the publish-to-ACK round trip of each publish. Thread-safe: listeners of several clients report concurrently.
 */
final class DemoStats {
    /** A published message: who sent it, and when ({@link System#nanoTime()}). */
    record Sent(int sender, long at) {}

    private final int expectedAcks;
    private final int expectedDeliveries;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> ackRtts = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger deliveries = new AtomicInteger();
    private final AtomicInteger unexpected = new AtomicInteger();
    private final CompletableFuture<@Nullable Void> allDelivered = new CompletableFuture<>();

    DemoStats(int expectedAcks, int expectedDeliveries) {
        this.expectedAcks = expectedAcks;
        this.expectedDeliveries = expectedDeliveries;
    }

    /** Records that {@code text} is about to be published by client {@code sender} at {@code at}. */
    void sent(String text, int sender, long at) {
        sent.put(text, new Sent(sender, at));
    }

    /** Records a publish-to-ACK round trip. */
    void acked(long rttNanos) {
        ackRtts.add(rttNanos);
    }

    /**
     * Records the delivery of a message with payload {@code data} at {@code at}; returns who sent it and when, or null
     * for a message this run did not send (counted as unexpected).
     */
    @Nullable
    Sent received(@Nullable Object data, long at) {
        Sent s = data instanceof String text ? sent.get(text) : null;
        if (s == null) {
            unexpected.incrementAndGet();
            return null;
        }
        latencies.add(at - s.at());
        if (deliveries.incrementAndGet() >= expectedDeliveries) {
            allDelivered.complete(null);
        }
        return s;
    }

    /** Waits until every expected delivery arrived, or {@code timeout} passed (then {@link #report} tells). */
    void awaitAll(Duration timeout, CliContext ctx) throws Clients.StoppedException, InterruptedException {
        try {
            CompletableFuture.anyOf(allDelivered, ctx.interrupted()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return;
        }
        if (!allDelivered.isDone()) {
            throw new Clients.StoppedException();
        }
    }

    /**
     * Prints the summary, with {@code extraLines} (such as the presence outcome) before the run time; returns 0 if
     * every message was acknowledged and delivered, else 1.
     */
    int report(CliContext ctx, long elapsedNanos, String... extraLines) {
        Style st = ctx.style();
        List<Long> lat = sortedCopy(latencies);
        List<Long> acks = sortedCopy(ackRtts);
        int delivered = deliveries.get();
        boolean complete = delivered == expectedDeliveries && acks.size() == expectedAcks && unexpected.get() == 0;
        ctx.out().println();
        ctx.out().println(st.bold("Summary"));
        ctx.out().println("  published  " + expectedAcks + " messages, " + acks.size() + " acknowledged");
        ctx.out()
                .println("  received   " + delivered + " of " + expectedDeliveries + " expected deliveries"
                        + (unexpected.get() == 0 ? "" : ", " + unexpected.get() + " unexpected"));
        ctx.out().println("  latency    publish -> receive  " + spread(lat, st));
        ctx.out().println("  round trip publish -> ACK      " + spread(acks, st));
        for (String line : extraLines) {
            ctx.out().println("  " + line);
        }
        ctx.out().println("  run time   " + String.format(Locale.ROOT, "%.1f s", elapsedNanos / 1e9));
        if (!complete) {
            ctx.out().println(st.red("some messages were not acknowledged or not delivered"));
            return 1;
        }
        return 0;
    }

    private static String spread(List<Long> sorted, Style st) {
        if (sorted.isEmpty()) {
            return "n/a";
        }
        return "p50 " + st.green(Render.ms(Render.percentile(sorted, 50))) + "  p90 "
                + Render.ms(Render.percentile(sorted, 90)) + "  max " + Render.ms(sorted.get(sorted.size() - 1))
                + st.dim("  (" + sorted.size() + " samples)");
    }

    private static List<Long> sortedCopy(List<Long> values) {
        List<Long> copy;
        synchronized (values) {
            copy = new ArrayList<>(values);
        }
        Collections.sort(copy);
        return copy;
    }
}
