package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.HistoryParams;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.RestChannel;
import io.ably4j.RestClient;
import io.ably4j.Subscription;
import io.ably4j.emulator.Emulator;
import io.ably4j.testing.EmulatorOptions;
import io.ably4j.types.Message;
import io.ably4j.types.TokenRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's "Use the library" example, run against the emulator so the README stays true. Keep the body of
 * {@link #readmeExample} identical to the README's code block (apart from the emulator options).
 */
class ReadmeExampleTest {

    private final java.util.List<String> seen = new java.util.ArrayList<>();

    /** Waits for {@code line}, keeping every line taken from the queue in {@link #seen}. */
    private void awaitLine(BlockingQueue<String> queue, String line) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!seen.contains(line)) {
            String next = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertThat(next).as("'%s' within 10 s; saw %s", line, seen).isNotNull();
            seen.add(next);
        }
        queue.drainTo(seen);
    }

    @Test
    void readmeExample() throws Exception {
        try (Emulator emulator = Emulator.builder().port(0).build()) {
            BlockingQueue<String> printed = new LinkedBlockingQueue<>();
            ClientOptions options = EmulatorOptions.builder(emulator).build();

            // --- README code block (System.out.println there, printed.add here), from here ---
            try (RealtimeClient client = new RealtimeClient(options)) {
                client.connection().on(change -> printed.add("connection: " + change.current()));

                RealtimeChannel channel = client.channels().get("greetings");
                Subscription sub = channel.subscribe("hello", message -> printed.add("received " + message.data()));
                channel.attach().await(); // completes once ATTACHED
                channel.publish("hello", "world").await(); // completes on the server's ACK

                awaitLine(printed, "received world"); // (test only)
                sub.close(); // removes the listener
            } // close() closes the connection
            // --- to here ---

            assertThat(seen).contains("connection: " + ConnectionState.CONNECTED);
        }
    }

    /** The README's REST client example, against the emulator. */
    @Test
    void readmeRestExample() throws Exception {
        try (Emulator emulator = Emulator.builder().port(0).build()) {
            List<String> printed = new ArrayList<>();
            ClientOptions.Builder base = ClientOptions.builder()
                    .endpoint("localhost")
                    .port(emulator.port())
                    .tls(false)
                    .allowInsecureBasicAuthForLocalDevelopment(true);
            TokenRequest request;

            // --- README code block (System.getenv("ABLY_API_KEY") there, the emulator's key here), from here ---
            try (RestClient rest = new RestClient(base.key(emulator.key()).build())) {
                RestChannel channel = rest.channels().get("greetings");
                channel.publish("hello", "world").await();
                PaginatedResult<Message> page = channel.history(
                                HistoryParams.builder().limit(100).build())
                        .await();
                page.items().forEach(m -> printed.add(m.name() + ": " + m.data()));
                request = rest.auth().createTokenRequest(null, null).await(); // for a device's authCallback
            }
            // --- to here ---

            assertThat(printed).containsExactly("hello: world");
            // The token request is one a device can exchange for a token.
            try (RestClient device = new RestClient(base.key(null)
                    .authOptions(AuthOptions.builder()
                            .authCallback(AuthCallback.blocking(params -> AuthCallback.Result.of(request)))
                            .build())
                    .build())) {
                assertThat(device.auth().authorize().await().token()).isNotEmpty();
            }
        }
    }
}
