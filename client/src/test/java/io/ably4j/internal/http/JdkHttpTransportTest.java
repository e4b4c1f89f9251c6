package io.ably4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdkHttpTransport} against a real HTTP server on the loopback interface: plain http is HTTP/1.1 with no h2c
 * upgrade offer, exchanges complete on the {@code ably4j-http} threads and start no thread per request, and timeouts
 * and network failures keep their exception types. (Body limits and cancellation: {@link
 * JdkHttpTransportBodyLimitTest}.)
 */
@NullUnmarked // tests read nullable results on purpose
class JdkHttpTransportTest {
    private static final long DEADLINE_S = 10;

    private final JdkHttpTransport transport = JdkHttpTransport.create(null);
    /** One server thread, started before the measurements: the server starts no thread per request either. */
    private final ExecutorService serverThread = Executors.newSingleThreadExecutor();

    private final AtomicReference<Headers> lastHeaders = new AtomicReference<>();
    private final AtomicReference<String> lastProtocol = new AtomicReference<>();
    private final CountDownLatch slowReceived = new CountDownLatch(1);
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThread);
        server.createContext("/echo", exchange -> {
            lastHeaders.set(exchange.getRequestHeaders());
            lastProtocol.set(exchange.getProtocol());
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(201, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/slow", exchange -> {
            slowReceived.countDown();
            try {
                releaseSlow.await(DEADLINE_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        server.stop(0);
        serverThread.shutdownNow();
    }

    private URI uri(String path) {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + path);
    }

    private HttpCall post(String path, String body, Duration timeout) {
        return new HttpCall(
                "POST",
                uri(path),
                Map.of("Content-Type", "text/plain"),
                body.getBytes(StandardCharsets.UTF_8),
                timeout);
    }

    /** A GET: the JDK's HTTP server answers a POST only after a delayed ACK (~40 ms), a GET at once. */
    private HttpCall get(String path) {
        return new HttpCall("GET", uri(path), Map.of(), null, Duration.ofSeconds(DEADLINE_S));
    }

    private static Throwable failureOf(CompletableFuture<HttpResult> f) throws Exception {
        try {
            HttpResult r = f.get(DEADLINE_S, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got HTTP " + r.status());
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void plainHttp_isHttp11_withoutAnH2cUpgradeOffer() throws Exception {
        HttpResult r = transport
                .send(post("/echo", "hello", Duration.ofSeconds(DEADLINE_S)))
                .get(DEADLINE_S, TimeUnit.SECONDS);

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.text()).isEqualTo("hello");
        assertThat(lastProtocol.get()).isEqualTo("HTTP/1.1");
        Headers sent = lastHeaders.get();
        assertThat(sent.containsKey("Upgrade")).as("Upgrade header").isFalse();
        assertThat(sent.containsKey("HTTP2-Settings"))
                .as("HTTP2-Settings header")
                .isFalse();
        assertThat(sent.getFirst("Connection")).as("Connection header").isNull();
    }

    @Test
    void exchange_completesOnAnAbly4jHttpThread() throws Exception {
        CompletableFuture<HttpResult> f =
                transport.send(new HttpCall("GET", uri("/slow"), Map.of(), null, Duration.ofSeconds(DEADLINE_S)));
        CompletableFuture<String> completedOn =
                f.thenApply(r -> Thread.currentThread().getName());
        assertThat(slowReceived.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
        assertThat(f).isNotDone(); // so the dependent runs where the exchange completes, not on this thread

        releaseSlow.countDown();

        assertThat(completedOn.get(DEADLINE_S, TimeUnit.SECONDS)).startsWith("ably4j-http-");
        assertThat(f.get().status()).isEqualTo(204);
    }

    @Test
    void sequentialRequests_startNoThreadPerRequest() throws Exception {
        for (int i = 0; i < 20; i++) { // warm-up: the HttpClient, its selector, the pools, the connection
            transport.send(get("/echo")).get(DEADLINE_S, TimeUnit.SECONDS);
        }
        long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
        int requests = 300;
        for (int i = 0; i < requests; i++) {
            CompletableFuture<HttpResult> f = transport.send(get("/echo"));
            // a dependent, as RestCore adds, registered before the response arrives in most iterations
            CompletableFuture<Integer> status = f.thenApply(HttpResult::status);
            assertThat(status.get(DEADLINE_S, TimeUnit.SECONDS)).isEqualTo(201);
        }
        long started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before;

        // sendAsync on two CPUs or fewer started one thread per request (300); idle ably4j-http threads are reused.
        assertThat(started).as("threads started for %d requests", requests).isLessThan(10);
    }

    @Test
    void TO3l4_requestTimeout_failsWithHttpTimeoutException() throws Exception {
        Throwable failure =
                failureOf(transport.send(new HttpCall("GET", uri("/slow"), Map.of(), null, Duration.ofMillis(200))));

        assertThat(failure).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void refusedConnection_failsWithConnectException() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: the connection is refused
        }
        URI refused = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port + "/");

        Throwable failure =
                failureOf(transport.send(new HttpCall("GET", refused, Map.of(), null, Duration.ofSeconds(DEADLINE_S))));

        assertThat(failure).isInstanceOf(ConnectException.class);
    }

    @Test
    void restrictedHeader_failsTheFutureWithoutARequest() throws Exception {
        Throwable failure = failureOf(transport.send(
                new HttpCall("GET", uri("/echo"), Map.of("Host", "elsewhere"), null, Duration.ofSeconds(DEADLINE_S))));

        assertThat(failure).isInstanceOf(IllegalArgumentException.class);
        assertThat(lastHeaders.get()).isNull();
    }

    @Test
    void unwrap_givesTheFailureSendWrappedInAPlainIoException() {
        ResponseTooLargeException tooLarge = new ResponseTooLargeException(10, 20);
        assertThat(JdkHttpTransport.unwrap(new IOException("x", tooLarge))).isSameAs(tooLarge);
        IOException plain = new IOException("no cause");
        assertThat(JdkHttpTransport.unwrap(plain)).isSameAs(plain);
        ConnectException typed = new ConnectException("refused");
        assertThat(JdkHttpTransport.unwrap(typed)).isSameAs(typed);
    }
}
