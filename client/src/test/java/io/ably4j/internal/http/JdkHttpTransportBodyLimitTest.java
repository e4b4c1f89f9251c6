package io.ably4j.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JdkHttpTransport} with {@link HttpCall#maxBodyBytes()} against a real HTTP server on the loopback interface:
 * a body over the limit is not read to its end (RSA4f for the authUrl, the connectivity check's small answer), and
 * cancelling the future aborts the exchange.
 */
@NullUnmarked // tests read nullable results on purpose
class JdkHttpTransportBodyLimitTest {
    private static final long DEADLINE_S = 10;
    private static final byte[] CHUNK = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);

    private final JdkHttpTransport transport = JdkHttpTransport.create(null);
    private final ExecutorService serverThreads = Executors.newCachedThreadPool();
    private final AtomicLong written = new AtomicLong();
    /** Counted down when the server could no longer write: the client closed the connection. */
    private final CountDownLatch clientHungUp = new CountDownLatch(1);
    /** The {@code /hang} handler has the request. */
    private final CountDownLatch hangReceived = new CountDownLatch(1);
    /** Lets the {@code /hang} handler answer. */
    private final CountDownLatch release = new CountDownLatch(1);

    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/endless", this::endless);
        server.createContext("/declared", exchange -> {
            exchange.sendResponseHeaders(200, 10_000_000); // declares 10 MB, sends them slowly
            writeUntilHungUp(exchange.getResponseBody());
        });
        server.createContext("/small", exchange -> {
            byte[] body = "yes".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/hang", exchange -> {
            hangReceived.countDown();
            try {
                release.await(DEADLINE_S, TimeUnit.SECONDS); // no response until the test has cancelled
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            exchange.sendResponseHeaders(200, 0);
            // 64 MB: more than the socket buffers hold, so the write fails once the client has closed the
            // connection, which it does a moment after the cancellation (the exchange's thread is interrupted);
            // a client still reading takes it all, and the test fails.
            writeUntilHungUp(exchange.getResponseBody(), 8192);
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private void endless(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0); // chunked, no length: only reading tells the size
        writeUntilHungUp(exchange.getResponseBody());
    }

    private void writeUntilHungUp(OutputStream out) {
        writeUntilHungUp(out, 1_000_000); // ~8 GB: never reached unless the client reads everything
    }

    private void writeUntilHungUp(OutputStream out, int chunks) {
        try (out) {
            for (int i = 0; i < chunks; i++) {
                out.write(CHUNK);
                out.flush();
                written.addAndGet(CHUNK.length);
            }
        } catch (IOException e) {
            clientHungUp.countDown();
        }
    }

    private HttpCall get(String path, long limit) {
        URI uri = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + path);
        HttpCall call = new HttpCall("GET", uri, Map.of(), null, Duration.ofSeconds(DEADLINE_S));
        return limit == HttpCall.NO_BODY_LIMIT ? call : call.withMaxBodyBytes(limit);
    }

    private static Throwable failureOf(CompletableFuture<HttpResult> f) throws Exception {
        try {
            HttpResult r = f.get(DEADLINE_S, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got HTTP " + r.status() + " with " + r.body().length + " B");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    @Test
    void RSA4f_endlessBodyOverTheLimit_readingStopsAndTheCallFails() throws Exception {
        Throwable failure = failureOf(transport.send(get("/endless", 64 * 1024)));

        ResponseTooLargeException tooLarge = ResponseTooLargeException.find(failure);
        assertThat(tooLarge).as("failure %s", failure).isNotNull();
        assertThat(tooLarge.limit()).isEqualTo(64 * 1024);
        assertThat(clientHungUp.await(DEADLINE_S, TimeUnit.SECONDS))
                .as("the client closed the connection")
                .isTrue();
        assertThat(written.get()).isLessThan(1_000_000L * CHUNK.length);
    }

    @Test
    void RSA4f_declaredContentLengthOverTheLimit_failsBeforeReading() throws Exception {
        Throwable failure = failureOf(transport.send(get("/declared", 1024)));

        ResponseTooLargeException tooLarge = ResponseTooLargeException.find(failure);
        assertThat(tooLarge).as("failure %s", failure).isNotNull();
        assertThat(tooLarge.getMessage()).contains("10000000").contains("1024");
        assertThat(clientHungUp.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void bodyWithinTheLimit_isReadWhole() throws Exception {
        HttpResult r = transport.send(get("/small", 3)).get(DEADLINE_S, TimeUnit.SECONDS);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("yes");
    }

    @Test
    void noLimitByDefault() throws Exception {
        assertThat(get("/small", HttpCall.NO_BODY_LIMIT).maxBodyBytes()).isEqualTo(HttpCall.NO_BODY_LIMIT);
        HttpResult r = transport.send(get("/small", HttpCall.NO_BODY_LIMIT)).get(DEADLINE_S, TimeUnit.SECONDS);
        assertThat(r.text()).isEqualTo("yes");
    }

    @Test
    void negativeLimit_isRefused() {
        assertThatThrownBy(() -> get("/small", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingTheFuture_abortsTheExchange() throws Exception {
        CompletableFuture<HttpResult> f = transport.send(get("/hang", HttpCall.NO_BODY_LIMIT));
        assertThat(hangReceived.await(DEADLINE_S, TimeUnit.SECONDS)).isTrue();
        assertThat(f).isNotDone();

        f.cancel(true);
        release.countDown();

        assertThat(clientHungUp.await(DEADLINE_S, TimeUnit.SECONDS))
                .as("the client closed the connection")
                .isTrue();
    }
}
