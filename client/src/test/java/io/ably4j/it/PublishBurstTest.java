package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.testing.EmulatorOptions;
import io.ably4j.types.PublishResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RTL6, RTN7a: a burst of publishes far larger than anything in flight is written out frame by frame and every one
 * is acknowledged: the transport's send queue drains iteratively (a recursive drain overflowed the stack once the
 * JDK completed sends synchronously).
 */
class PublishBurstTest {

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void RTL6_RTN7a_burstOf5000PublishesIsAllAcked(boolean binary) throws Exception {
        try (Emulator emulator = Emulator.builder().port(0).build();
                RealtimeClient client = new RealtimeClient(EmulatorOptions.builder(emulator)
                        .useBinaryProtocol(binary)
                        .build())) {
            client.connection().whenState(ConnectionState.CONNECTED).get(20, TimeUnit.SECONDS);
            RealtimeChannel channel = client.channels().get("burst");
            List<CompletableFuture<PublishResult>> acks = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                acks.add(channel.publish("m", "payload " + i));
            }
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            assertThat(acks).allSatisfy(f -> assertThat(f).isCompleted());
            assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        }
    }
}
