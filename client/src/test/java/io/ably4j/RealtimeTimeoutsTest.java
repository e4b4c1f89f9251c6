package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/client/realtime_timeouts.md} (RTC7). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class RealtimeTimeoutsTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    @Test
    void RTC7_disconnected_retry_timeout_2() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithSuccess();
                c.sendToClient(ProtocolMessage.builder(Action.CONNECTED)
                        .connectionId("connection-id")
                        .connectionDetails(ConnectionDetails.builder()
                                .connectionKey("connection-key")
                                .maxIdleInterval(0L)
                                .connectionStateTtl(120_000L)
                                .build())
                        .build());
            } else {
                c.respondWithRefused();
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofSeconds(2)));
        client.connect();
        rt.drain();
        assertThat(attempts).hasValue(1);
        rt.ws.activeConnection().closeFromServer();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        int afterImmediate = attempts.get();
        assertThat(afterImmediate).isEqualTo(2); // RTN15a: the first retry is immediate
        rt.advanceMillis(1500);
        assertThat(attempts).hasValue(afterImmediate);
        rt.advanceMillis(1500);
        assertThat(attempts.get()).isGreaterThan(afterImmediate);
    }

    /** Adapted: HTTP timeouts (TO3l3, TO3l4) belong to REST (M3) and are not options yet. */
    @Test
    void RTC7_default_timeouts_applied_3() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        assertThat(client.options().realtimeRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(client.options().disconnectedRetryTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(client.options().suspendedRetryTimeout()).isEqualTo(Duration.ofSeconds(30));
    }
}
