package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Production wiring: the number of threads does not grow with the number of clients (shared pools only). */
@NullUnmarked // tests read nullable results on purpose
class ThreadCountTest {
    private static List<RealtimeClient> start(int n, int port, WebSocketEngine engine) throws Exception {
        List<RealtimeClient> clients = new ArrayList<>();
        List<CompletableFuture<?>> disconnected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RealtimeClient c = new RealtimeClient(ClientOptions.builder()
                    .token("token-" + i)
                    .endpoint("127.0.0.1")
                    .tls(false)
                    .port(port)
                    .webSocketEngine(engine)
                    .build());
            clients.add(c);
            disconnected.add(c.connection().whenState(ConnectionState.DISCONNECTED));
        }
        CompletableFuture.allOf(disconnected.toArray(new CompletableFuture<?>[0]))
                .get(30, TimeUnit.SECONDS);
        return clients;
    }

    /**
     * The library's threads for {@code engine}: the shared pools and timer, plus that engine's I/O threads (the
     * HttpClient's, or {@code ably4j-nio}); the other engine's thread may exist from earlier tests in this JVM.
     */
    private static long ably4jThreads(WebSocketEngine engine) {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> !n.startsWith("ably4j-http-")) // REST requests in flight (or idle a while): none here
                .filter(n -> engine == WebSocketEngine.JDK
                        ? (n.startsWith("ably4j-") && !n.equals("ably4j-nio")) || n.startsWith("HttpClient-")
                        : n.startsWith("ably4j-"))
                .count();
    }

    private static String threadNames() {
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .sorted()
                .toList()
                .toString();
    }

    @ParameterizedTest
    @EnumSource(WebSocketEngine.class)
    void threadCountIsIndependentOfTheNumberOfClients(WebSocketEngine engine) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: every connection attempt is refused
        }
        // Threads of earlier tests in this JVM (e.g. the selector of an HttpClient not yet collected) are counted in
        // the baseline; they can only go away meanwhile.
        long baseline = ably4jThreads(engine);
        List<RealtimeClient> clients = new ArrayList<>(start(60, port, engine));
        long at60 = ably4jThreads(engine);
        clients.addAll(start(60, port, engine));
        long at120 = ably4jThreads(engine);
        String names = threadNames();
        clients.forEach(RealtimeClient::close);
        // At most: 4 state workers + 4 callback threads + 1 timer + the engine's selector (HttpClient's or
        // ably4j-nio), lazily created; never one per client (NIO resolves host names on the workers).
        assertThat(at60 - baseline).as(names).isLessThanOrEqualTo(10);
        assertThat(at120).as("60 more clients, no more threads: " + names).isLessThanOrEqualTo(at60);
        if (engine == WebSocketEngine.NIO) {
            assertThat(Thread.getAllStackTraces().keySet().stream()
                            .filter(t -> t.getName().equals("ably4j-nio")))
                    .singleElement()
                    .matches(Thread::isDaemon, "daemon");
        }
    }
}
