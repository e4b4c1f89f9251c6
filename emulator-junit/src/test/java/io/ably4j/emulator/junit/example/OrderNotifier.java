package io.ably4j.emulator.junit.example;

import io.ably4j.AblyFuture;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.PublishResult;

// docs:begin order-notifier
/** An application component under test: announces placed orders on the {@code orders} channel. Thread-safe. */
public final class OrderNotifier {
    private final RealtimeChannel channel;

    public OrderNotifier(RealtimeClient client) {
        this.channel = client.channels().get("orders");
    }

    /** Attaches to the channel; completes once attached. */
    public AblyFuture<Void> start() {
        return channel.attach();
    }

    /** Publishes a {@code placed} message with the order id; completes when Ably acknowledges it. */
    public AblyFuture<PublishResult> orderPlaced(String orderId) {
        return channel.publish("placed", orderId);
    }
}
// docs:end order-notifier
