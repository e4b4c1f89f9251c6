package io.ably4j.emulator.junit.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.DropMode;
import io.ably4j.emulator.EmulatorEvent;
import io.ably4j.emulator.EventLog;
import io.ably4j.emulator.Faults;
import io.ably4j.emulator.RefuseMode;
import io.ably4j.emulator.junit.EmulatorExtension;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The application's {@link OrderNotifier} and {@link OrderFeed} against one emulator for the class: orders reach a
 * subscriber once, also across a connection drop. The regions between {@code docs:} markers are quoted in {@code
 * docs/testing.md} (checked by {@code DocSnippetsTest}).
 */
// docs:begin order-notifier-test
class OrderNotifierTest {
    @RegisterExtension
    static EmulatorExtension ably = EmulatorExtension.builder().build(); // one emulator for the class

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void announcesEachOrderOnce(RealtimeClient shop, RealtimeClient customer, EventLog log) throws Exception {
        try (OrderFeed feed = new OrderFeed(customer)) {
            feed.start();
            OrderNotifier notifier = new OrderNotifier(shop);
            notifier.start().await();

            notifier.orderPlaced("order-1").await();

            assertThat(feed.next(TIMEOUT)).isEqualTo("order-1");
            // what the emulator received from the shop's connection: one ATTACH, then one MESSAGE
            String shopId = shop.connection().id();
            assertThat(log.events(e -> e.type() == EmulatorEvent.Type.FRAME_IN
                            && Objects.equals(e.connectionId(), shopId)
                            && "orders".equals(e.channel())))
                    .extracting(EmulatorEvent::action)
                    .containsExactly(Action.ATTACH.code(), Action.MESSAGE.code());
        }
    }

    @Test
    void customerMissesNothingWhileReconnecting(RealtimeClient shop, RealtimeClient customer, Faults faults)
            throws Exception {
        try (OrderFeed feed = new OrderFeed(customer)) {
            feed.start();
            OrderNotifier notifier = new OrderNotifier(shop);
            String connectionId = Objects.requireNonNull(customer.connection().id());
            CompletableFuture<ConnectionStateChange> reconnected = new CompletableFuture<>();
            customer.connection().once(ConnectionEvent.CONNECTED, reconnected::complete);

            faults.refuseConnections(RefuseMode.HOLD); // new connections wait, unanswered...
            faults.drop(connectionId, DropMode.RST); // ...so the customer is away until we let it back
            notifier.orderPlaced("order-2").await(); // published while the customer is away
            faults.acceptConnections();

            reconnected.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(customer.connection().id()).isEqualTo(connectionId); // resumed, not a new connection
            assertThat(feed.next(TIMEOUT)).isEqualTo("order-2"); // the missed order, replayed on resume
            customer.connection().ping().await(); // anything more would have arrived before the ping's reply
            assertThat(feed.next(Duration.ZERO)).isNull(); // ...and only once
        }
    }
}
// docs:end order-notifier-test
