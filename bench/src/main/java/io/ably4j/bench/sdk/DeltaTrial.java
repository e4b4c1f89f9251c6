package io.ably4j.bench.sdk;

import java.io.IOException;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One measurement of the delta benchmark: one subscriber (started by a {@link Launcher}: a worker JVM, or a thread in
 * the test) connects through a {@link ByteCountingProxy}; the publisher sends {@code warmup} messages at
 * {@code warmupRate}, then {@code messages} at {@code rate}; the subscriber's wire bytes are those the proxy forwarded
 * to it between the end of the warm-up and its result, per measured message.
 */
final class DeltaTrial {
    /** The publishing plan of a trial. */
    record Plan(long seed, int size, int warmup, int warmupRate, int messages, int rate) {}

    /** A started subscriber. */
    record Launched(
            CompletableFuture<Void> ready,
            CompletableFuture<Void> warm,
            CompletableFuture<@Nullable Map<String, String>> result,
            BooleanSupplier alive,
            Runnable abort) {}

    /** Starts a subscriber for {@code spec}. */
    @FunctionalInterface
    interface Launcher {
        Launched launch(DeltaSubscriber.Spec spec) throws IOException;
    }

    private DeltaTrial() {}

    /**
     * Runs one trial of {@code sdk} with or without deltas against the emulator on {@code emulatorPort}; returns the
     * subscriber's result values plus {@code wireBytesPerMsg} (bytes the subscriber's socket received per measured
     * message), {@code payloadBytes} and the publisher's figures.
     */
    static Map<String, String> run(
            HttpClient http,
            int emulatorPort,
            String key,
            String sdk,
            boolean delta,
            Plan plan,
            long limitSeconds,
            Launcher launcher)
            throws Exception {
        String channel = "delta-" + java.util.UUID.randomUUID();
        try (ByteCountingProxy proxy = ByteCountingProxy.start(emulatorPort)) {
            DeltaSubscriber.Spec spec = new DeltaSubscriber.Spec(
                    sdk, delta, proxy.port(), key, channel, plan.seed(), plan.size(), plan.warmup(), plan.messages());
            Launched l = launcher.launch(spec);
            try {
                l.ready().get(limitSeconds, TimeUnit.SECONDS);
                long wire0;
                double rate;
                long nacked;
                try (DeltaPublisher pub =
                        DeltaPublisher.open(http, emulatorPort, key, channel, plan.seed(), plan.size())) {
                    pub.publish(plan.warmup(), plan.warmupRate(), l.alive());
                    l.warm().get(limitSeconds, TimeUnit.SECONDS);
                    wire0 = proxy.bytesToClient();
                    rate = pub.publish(plan.messages(), plan.rate(), l.alive());
                    nacked = pub.nacked();
                }
                Map<String, String> result = l.result().get(limitSeconds, TimeUnit.SECONDS);
                if (result == null) {
                    throw new IllegalStateException("subscriber ended without a result");
                }
                long wire = proxy.bytesToClient() - wire0;
                Map<String, String> r = new LinkedHashMap<>(result);
                r.put("wireBytesPerMsg", String.format(Locale.ROOT, "%.1f", (double) wire / plan.messages()));
                r.put("payloadBytes", Integer.toString(plan.size()));
                r.put("publisherRate", String.format(Locale.ROOT, "%.0f", rate));
                r.put("publisherNacked", Long.toString(nacked));
                return r;
            } catch (ExecutionException | TimeoutException e) {
                l.abort().run();
                throw e;
            }
        }
    }

    /** Runs the subscriber in a new thread of this JVM (for the test: the CPU figures then include everything). */
    static Launched inProcess(DeltaSubscriber.Spec spec) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        CompletableFuture<Void> warm = new CompletableFuture<>();
        CompletableFuture<@Nullable Map<String, String>> result = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        Map<String, Object> r =
                                DeltaSubscriber.run(spec, () -> ready.complete(null), () -> warm.complete(null), true);
                        result.complete(ResultLine.parse(ResultLine.format(r)).values());
                    } catch (Exception | Error e) {
                        ready.completeExceptionally(e);
                        warm.completeExceptionally(e);
                        result.completeExceptionally(e);
                    }
                },
                "delta-subscriber");
        t.setDaemon(true);
        t.start();
        return new Launched(ready, warm, result, () -> !result.isDone(), t::interrupt);
    }
}
