package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ConnectionState;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.testing.EmulatorOptions;
import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.PublishResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 §0 on the real shared pools against the in-process emulator: a message listener blocks on the futures the
 * library returns (publish ACK, attach, presence enter and get, REST history, ping) and gets their results; waiting for
 * a derived stage there fails fast with 40000. Waits are bounded; nothing sleeps.
 */
@NullUnmarked
class BlockingInListenerEmulatorTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).key(Emulator.DEFAULT_KEY).build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void blockingWaitsInsideAMessageListenerComplete() throws Exception {
        RealtimeClient client = new RealtimeClient(
                EmulatorOptions.builder(emulator).clientId("blocker").build());
        try {
            RealtimeChannel in = client.channels().get("blocking-in");
            RealtimeChannel out = client.channels().get("blocking-out");
            BlockingQueue<Object> results = new LinkedBlockingQueue<>();
            in.subscribe("go", m -> {
                try {
                    results.add(out.publish("reply", "from listener").get(10, TimeUnit.SECONDS));
                    out.attach().await(DEADLINE);
                    results.add("attached");
                    out.presence().enter("here").join();
                    List<PresenceMessage> members = out.presence().get().await(DEADLINE);
                    results.add(members.size());
                    PaginatedResult<Message> page = out.history(null).await(DEADLINE);
                    results.add(page.items().size());
                    results.add(client.connection().ping().await(DEADLINE));
                    try {
                        var unused = out.publish("again", "x").thenApply(r -> r).join();
                        results.add("derived stage did not fail fast");
                    } catch (AblyException e) {
                        results.add(e.errorInfo().code());
                    }
                } catch (Exception e) {
                    results.add(e);
                }
            });
            in.attach().await(DEADLINE);
            in.publish("go", "now").await(DEADLINE);

            assertThat(results.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(PublishResult.class);
            assertThat(results.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("attached");
            assertThat(results.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(results.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1); // the reply published
            assertThat(results.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(Duration.class);
            assertThat(results.poll(DEADLINE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(40000);
        } finally {
            client.close();
            assertThat(client.connection().state()).isIn(ConnectionState.CLOSED, ConnectionState.FAILED);
        }
    }
}
