package io.ably4j.emulator.junit.example;

import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.Subscription;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * An application component under test: collects the ids of the orders announced on the {@code orders} channel.
 * Received ids are queued by the client's callback thread and taken by {@link #next(Duration)} on any thread.
 */
public final class OrderFeed implements AutoCloseable {
    private final RealtimeChannel channel;
    private final BlockingQueue<String> orders = new LinkedBlockingQueue<>();
    private final Subscription subscription;

    public OrderFeed(RealtimeClient client) {
        this.channel = client.channels().get("orders");
        this.subscription = channel.subscribe("placed", message -> orders.add(String.valueOf(message.data())));
    }

    /** Attaches to the channel and waits until attached. */
    public void start() {
        channel.attach().await();
    }

    /** The next order id, waiting at most {@code timeout}; null if none arrived. */
    public @Nullable String next(Duration timeout) throws InterruptedException {
        return orders.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        subscription.close();
    }
}
