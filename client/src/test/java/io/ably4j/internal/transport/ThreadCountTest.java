package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** Production wiring: the number of threads does not grow with the number of clients (shared pools only). */
@NullUnmarked // tests read nullable results on purpose
class ThreadCountTest {
    private static List<RealtimeClient> start(int n, int port) throws Exception {
        List<RealtimeClient> clients = new ArrayList<>();
        List<CompletableFuture<?>> disconnected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RealtimeClient c = new RealtimeClient(ClientOptions.builder()
                    .token("token-" + i)
                    .endpoint("127.0.0.1")
                    .tls(false)
                    .port(port)
                    .build());
            clients.add(c);
            disconnected.add(c.connection().whenState(ConnectionState.DISCONNECTED));
        }
        CompletableFuture.allOf(disconnected.toArray(new CompletableFuture<?>[0]))
                .get(30, TimeUnit.SECONDS);
        return clients;
    }

    private static long ably4jThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("ably4j-") || t.getName().startsWith("HttpClient-"))
                .count();
    }

    @Test
    void threadCountIsIndependentOfTheNumberOfClients() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: every connection attempt is refused
        }
        List<RealtimeClient> clients = start(60, port);
        long threads = ably4jThreads();
        clients.forEach(RealtimeClient::close);
        // At most: 4 state workers + 4 callback threads + 1 timer + the HttpClient selector, lazily created;
        // never one per client.
        assertThat(threads).isLessThanOrEqualTo(10);
    }
}
