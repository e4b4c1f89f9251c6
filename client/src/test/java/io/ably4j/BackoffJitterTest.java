package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ably4j.internal.connection.Backoff;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/backoff_jitter_test.md} (RTB1). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class BackoffJitterTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    @Test
    void RTB1a_backoff_coefficient_sequence_0() {
        assertThat(Backoff.backoffCoefficient(1)).isEqualTo(1.0);
        assertThat(Backoff.backoffCoefficient(2)).isCloseTo(4.0 / 3.0, within(1e-12));
        assertThat(Backoff.backoffCoefficient(3)).isCloseTo(5.0 / 3.0, within(1e-12));
        for (int n = 4; n <= 10; n++) {
            assertThat(Backoff.backoffCoefficient(n)).isEqualTo(2.0);
        }
    }

    @Test
    void RTB1b_jitter_coefficient_range_0() {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            values.add(Backoff.jitterCoefficient(ThreadLocalRandom.current().nextDouble()));
        }
        assertThat(values).allSatisfy(v -> assertThat(v).isBetween(0.8, 1.0));
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(mean).isBetween(0.85, 0.95);
        double spread = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                - values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(spread).isGreaterThan(0.05);
        assertThat(Backoff.jitterCoefficient(0.0)).isEqualTo(0.8);
        assertThat(Backoff.jitterCoefficient(1.0)).isEqualTo(1.0);
    }

    @Test
    void RTB1_disconnected_retry_delay_0() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithSuccess(Fixtures.connected("connection-id", "connection-key"));
            } else {
                c.respondWithRefused();
            }
        });
        rt.jitter = 0.37; // any value: the assertions below allow the whole jitter range
        RealtimeClient client = rt.client(
                b -> b.autoConnect(false).useBinaryProtocol(false).disconnectedRetryTimeout(Duration.ofSeconds(2)));
        List<Duration> retryIns = new ArrayList<>();
        client.connection().on(ConnectionEvent.DISCONNECTED, c -> retryIns.add(c.retryIn()));
        client.connect();
        rt.drain();
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        for (int i = 0; i < 30 && retryIns.size() < 6; i++) {
            rt.advanceMillis(5000);
        }
        // The first DISCONNECTED (from CONNECTED) retries at once (RTN15a); the backoff sequence follows.
        assertThat(retryIns.get(0)).isEqualTo(Duration.ZERO);
        double[] coefficients = {1.0, 4.0 / 3.0, 5.0 / 3.0, 2.0, 2.0};
        for (int i = 0; i < coefficients.length; i++) {
            long ms = retryIns.get(i + 1).toMillis();
            assertThat(ms).isBetween(Math.round(2000 * coefficients[i] * 0.8), Math.round(2000 * coefficients[i]));
        }
    }

    /**
     * Deviations from the UTS: (1) it triggers the re-attach with a channel ERROR, which by RTL14 fails the channel
     * instead; a server DETACHED while ATTACHED (RTL13a) triggers the re-attach here, whose DETACHED answer then
     * suspends the channel (RTL13b). (2) {@link ChannelStateChange} has no {@code retryIn} (the spec gives channel
     * state changes none; only connection state changes carry it, TA2/RTN14d); the retry delay is measured on the
     * fake clock from each SUSPENDED to the ATTACHING of its retry.
     */
    @Test
    void RTB1_suspended_channel_retry_delay_1() {
        String channelName = "test-RTB1-channel-" + java.util.UUID.randomUUID();
        long channelRetryTimeout = 3000;
        AtomicInteger attachCount = new AtomicInteger();
        rt.ws.respondToEveryAttemptWith(Fixtures.connected("connection-id", "connection-key"));
        rt.ws.onMessageFromClient(msg -> {
            if (msg.action() == Action.ATTACH) {
                if (attachCount.incrementAndGet() == 1) {
                    rt.ws.activeConnection()
                            .sendToClient(ProtocolMessage.builder(Action.ATTACHED)
                                    .channel(msg.channel())
                                    .flags(0)
                                    .build());
                } else { // every re-attach fails (RTL13b: SUSPENDED)
                    rt.ws.activeConnection()
                            .sendToClient(ProtocolMessage.builder(Action.DETACHED)
                                    .channel(msg.channel())
                                    .error(ErrorInfo.of(90001, 500, "Channel re-attach failed"))
                                    .build());
                }
            }
        });
        rt.jitter = 0.37; // any value: the assertions below allow the whole jitter range
        RealtimeClient client = rt.client(b -> b.channelRetryTimeout(Duration.ofMillis(channelRetryTimeout))
                .autoConnect(false)
                .useBinaryProtocol(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);

        RealtimeChannel channel = client.channels().get(channelName);
        List<Long> retryDelays = new ArrayList<>();
        long[] suspendedAt = {-1};
        channel.on(change -> {
            if (change.current() == ChannelState.SUSPENDED) {
                suspendedAt[0] = rt.scheduler.nanoTime();
            } else if (change.current() == ChannelState.ATTACHING && suspendedAt[0] >= 0) {
                retryDelays.add((rt.scheduler.nanoTime() - suspendedAt[0]) / 1_000_000);
                suspendedAt[0] = -1;
            }
        });
        var unused = channel.attach();
        rt.drain();
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);

        // The server detaches the channel (RTL13a): the re-attach fails and the channel is SUSPENDED (RTL13b).
        rt.ws.activeConnection()
                .sendToClient(ProtocolMessage.builder(Action.DETACHED)
                        .channel(channelName)
                        .error(ErrorInfo.of(90001, 500, "Channel error"))
                        .build());
        rt.drain();
        assertThat(channel.state()).isEqualTo(ChannelState.SUSPENDED);
        for (int i = 0; i < 30 && retryDelays.size() < 4; i++) {
            rt.advanceMillis(7000);
        }

        assertThat(retryDelays).hasSizeGreaterThanOrEqualTo(4);
        double[] coefficients = {1.0, 4.0 / 3.0, 5.0 / 3.0, 2.0};
        for (int i = 0; i < coefficients.length; i++) {
            assertThat(retryDelays.get(i))
                    .as("retry %d", i + 1)
                    .isBetween((long) Math.floor(channelRetryTimeout * coefficients[i] * 0.8), (long)
                            Math.ceil(channelRetryTimeout * coefficients[i]));
        }
    }
}
