package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.ably4j.ClientOptions;
import io.ably4j.HistoryParams;
import io.ably4j.RestClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EmulatorEvent;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.AblyException;
import io.ably4j.types.Message;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * REST fallback hosts (RSC15) against loopback addresses that share one port P: the fallback host is an emulator on
 * {@code 127.0.0.1:P}; the primary domain is another loopback address on P where, per test, nothing listens (refused),
 * a socket accepts and never answers (hang), or an HTTP server answers every request with 503. A REST publish goes to
 * the fallback and lands in its history; the next request goes straight to the fallback (RSC15f). Every case runs in
 * JSON and msgpack.
 */
@Timeout(60)
class RestFallbackIntegrationTest {
    private static final String FALLBACK = "127.0.0.1";
    private static final String REFUSING = "127.0.0.22";
    /** One address per protocol: a port just closed may be in TIME_WAIT for the next run on the same address. */
    private static final String HANGING_JSON = "127.0.0.23";

    private static final String HANGING_MSGPACK = "127.0.0.33";
    private static final String ANSWERING_503_JSON = "127.0.0.24";
    private static final String ANSWERING_503_MSGPACK = "127.0.0.34";

    private static Emulator fallback;
    private static int port;

    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void start() {
        fallback = Emulator.builder().bindAddress(FALLBACK).port(0).build();
        port = fallback.port();
    }

    @AfterAll
    static void stop() {
        fallback.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
        resources.clear();
    }

    private RestClient client(String primary, Protocol protocol, Consumer<ClientOptions.Builder> more) {
        ClientOptions.Builder b = ClientOptions.builder()
                .key(Emulator.DEFAULT_KEY)
                .endpoint(primary)
                .port(port)
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .useBinaryProtocol(protocol.binary())
                .fallbackHosts(List.of(FALLBACK));
        more.accept(b);
        RestClient c = new RestClient(b.build());
        resources.add(c);
        return c;
    }

    private static List<String> httpEvents() {
        return fallback.events().events(e -> e.type() == EmulatorEvent.Type.HTTP).stream()
                .map(EmulatorEvent::detail)
                .toList();
    }

    /** Publishes over REST through {@code client} and checks the message is in the fallback's history. */
    private static void publishesOnFallback(RestClient client, String channel) {
        int before = httpEvents().size();
        client.channels().get(channel).publish("greeting", "hello").await();
        assertThat(httpEvents().subList(before, httpEvents().size()))
                .anyMatch(d -> d.startsWith("POST /channels/" + channel + "/messages -> 201"));
        List<Message> items = client.channels()
                .get(channel)
                .history(HistoryParams.builder().limit(10).build())
                .await()
                .items();
        assertThat(items).extracting(Message::data).containsExactly("hello");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSC15l1_primaryRefused_publishGoesToFallback(Protocol protocol) {
        RestClient client = client(REFUSING, protocol, b -> {});
        publishesOnFallback(client, "rsc15-refused-" + protocol);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSC15l2_primaryHangs_timesOutThenFallback(Protocol protocol) throws Exception {
        String address = protocol.binary() ? HANGING_MSGPACK : HANGING_JSON;
        ServerSocket hanging = new ServerSocket();
        hanging.setReuseAddress(true);
        hanging.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(
                () -> {
                    try {
                        while (true) {
                            accepted.add(hanging.accept()); // never answered
                        }
                    } catch (IOException closed) {
                        // the test ended
                    }
                },
                "hanging-primary");
        acceptor.setDaemon(true);
        acceptor.start();
        resources.add(() -> {
            hanging.close();
            for (Socket s : accepted) {
                s.close();
            }
        });
        RestClient client = client(address, protocol, b -> b.httpRequestTimeout(Duration.ofMillis(500)));
        long started = System.nanoTime();
        publishesOnFallback(client, "rsc15-hang-" + protocol);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        assertThat(accepted).isNotEmpty(); // the primary was tried first
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSC15l3_primaryAnswers503_fallbackThenRemembered(Protocol protocol) throws Exception {
        AtomicInteger primaryRequests = new AtomicInteger();
        String address = protocol.binary() ? ANSWERING_503_MSGPACK : ANSWERING_503_JSON;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), port), 0);
        server.createContext("/", exchange -> {
            primaryRequests.incrementAndGet();
            byte[] body = "{\"error\":{\"code\":50300,\"statusCode\":503,\"message\":\"unavailable\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        resources.add(() -> server.stop(0));
        RestClient client = client(address, protocol, b -> {});
        publishesOnFallback(client, "rsc15-503-" + protocol);
        // RSC15f: the publish went to the primary once; the history request that followed went to the fallback only
        assertThat(primaryRequests.get()).isEqualTo(1);
    }

    /** RSC15m: with no fallback hosts, a refused primary fails the request with 80000/503 and nothing else is tried. */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSC15m_noFallbackHosts_refusedPrimaryFails(Protocol protocol) {
        int before = httpEvents().size();
        RestClient client = client(REFUSING, protocol, b -> b.fallbackHosts(List.of()));
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() ->
                client.channels().get("rsc15m").publish("greeting", "hello").await());
        assertThat(t).isInstanceOf(AblyException.class);
        assertThat(((AblyException) t).errorInfo().code()).isEqualTo(80000);
        assertThat(httpEvents()).hasSize(before);
    }
}
