package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.DropMode;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EmulatorEvent;
import io.ably4j.emulator.RefuseMode;
import io.ably4j.internal.connection.ClientAccess;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.it.UtsSandbox.StateLog;
import io.ably4j.types.ErrorInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Realtime fallback hosts (RTN17) against emulators on loopback addresses that share one port P: the fallback is an
 * emulator on {@code 127.0.0.1:P}, the primary domain is another loopback address on the same port where, per test,
 * nothing listens (refused), a socket accepts and never answers (hang), a second emulator refuses the upgrade with
 * HTTP 503, or a second emulator works. The connectivity check (RTN17j) is the fallback emulator's {@code GET
 * /is-the-internet-up.txt}. Every case runs in JSON and msgpack.
 */
@Timeout(60)
class FallbackHostsIntegrationTest {
    /** The fallback domain, where the shared emulator listens. */
    private static final String FALLBACK = "127.0.0.1";
    /** Nothing listens here (connection refused), unless a test starts an emulator on it. */
    private static final String REFUSING = "127.0.0.2";
    /** A socket that accepts and never answers listens here in the hang test. */
    private static final String HANGING = "127.0.0.3";
    /** The hanging primary of the msgpack case. */
    private static final String HANGING_MSGPACK = "127.0.0.13";
    /** An emulator refusing upgrades with HTTP 503 listens here in the 503 test. */
    private static final String ANSWERING_503 = "127.0.0.4";
    /** {@code .invalid} never resolves (RFC 6761). */
    private static final String UNRESOLVABLE = "primary.invalid";

    private static Emulator fallback;
    private static int port;

    private final List<RealtimeClient> clients = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Queue<String> logs = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() {
        fallback = Emulator.builder().bindAddress(FALLBACK).port(0).build();
        port = fallback.port();
    }

    @AfterAll
    static void stop() {
        fallback.close();
    }

    @BeforeEach
    void clearEvents() {
        fallback.events().clear();
    }

    @AfterEach
    void closeAll() throws Exception {
        try {
            for (RealtimeClient c : clients) {
                c.close();
            }
            for (RealtimeClient c : clients) {
                UtsSandbox.await(java.util.concurrent.CompletableFuture.anyOf(
                        c.connection().whenState(ConnectionState.CLOSED),
                        c.connection().whenState(ConnectionState.FAILED)));
            }
        } finally {
            clients.clear();
            for (AutoCloseable r : resources) {
                r.close();
            }
            resources.clear();
        }
    }

    private static String checkUrl(String path) {
        return "http://" + FALLBACK + ":" + port + path;
    }

    /**
     * A client whose primary domain is {@code primary} (port P, no TLS), with the fallback emulator as its only
     * fallback host and its connectivity check, logging INFO into {@link #logs}; then {@code more} applied.
     */
    private RealtimeClient client(String primary, Protocol protocol, Consumer<ClientOptions.Builder> more) {
        ClientOptions.Builder b = ClientOptions.builder()
                .key(Emulator.DEFAULT_KEY)
                .endpoint(primary)
                .port(port)
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .autoConnect(false)
                .useBinaryProtocol(protocol.binary())
                .fallbackHosts(List.of(FALLBACK))
                .connectivityCheckUrl(checkUrl("/is-the-internet-up.txt"))
                .logLevel(LogLevel.INFO)
                .logHandler((level, message, error) -> logs.add(level + " " + message));
        more.accept(b);
        RealtimeClient c = new RealtimeClient(b.build());
        clients.add(c);
        return c;
    }

    private RealtimeClient client(String primary, Protocol protocol) {
        return client(primary, protocol, b -> {});
    }

    /** An IP address literal as an address (no lookup). */
    private static InetAddress literal(String ip) throws java.net.UnknownHostException {
        return InetAddress.getAllByName(ip)[0];
    }

    /** The id of the client's connection, which must have one. */
    private static String id(RealtimeClient client) {
        return Objects.requireNonNull(client.connection().id(), "connection id");
    }

    private static @Nullable String host(RealtimeClient client) {
        return ClientAccess.get().manager(client).host();
    }

    /** A second emulator bound on {@code address}, on the fallback's port; closed after the test. */
    private Emulator emulatorOn(String address) {
        Emulator e = Emulator.builder().bindAddress(address).port(port).build();
        resources.add(e);
        return e;
    }

    private static List<EmulatorEvent> events(Emulator emulator, EmulatorEvent.Type type) {
        return emulator.events().events(e -> e.type() == type);
    }

    private static List<String> checks(Emulator emulator) {
        return events(emulator, EmulatorEvent.Type.HTTP).stream()
                .map(EmulatorEvent::detail)
                .filter(d -> d.contains("is-the-internet-up") || d.contains("not-the-internet"))
                .toList();
    }

    /**
     * Connects {@code client} and waits for CONNECTED, having seen CONNECTING only before it (the fallback is part of
     * the same attempt); asserts it is on the fallback host and returns the time it took.
     */
    private Duration connectsOnFallback(RealtimeClient client) throws Exception {
        StateLog states = new StateLog(client);
        long started = System.nanoTime();
        client.connect();
        states.await(ConnectionState.CONNECTED);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(host(client)).isEqualTo(FALLBACK);
        assertThat(fallback.connection(id(client))).isPresent();
        assertThat(checks(fallback)).containsExactly("GET /is-the-internet-up.txt -> 200");
        assertThat(logs)
                .anyMatch(l ->
                        l.startsWith("INFO ") && l.endsWith("Connected to fallback host " + FALLBACK + " (RTN17)"));
        return elapsed;
    }

    /** Connects {@code client} and waits for DISCONNECTED (the failed first attempt); returns its reason. */
    private static ErrorInfo disconnects(RealtimeClient client) throws Exception {
        StateLog states = new StateLog(client);
        client.connect();
        ConnectionStateChange change = states.await(ConnectionState.DISCONNECTED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.DISCONNECTED);
        assertThat(host(client)).isNull();
        return Objects.requireNonNull(change.reason());
    }

    // ---------------------------------------------------------------- RTN17f: failures that allow a fallback

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN17f_primaryRefused_movesToFallback(Protocol protocol) throws Exception {
        Duration elapsed = connectsOnFallback(client(REFUSING, protocol));

        System.out.println(
                "RTN17f refused (" + protocol + "): CONNECTED on the fallback after " + elapsed.toMillis() + " ms");
        assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN17f_primaryHangs_timesOutThenFallback(Protocol protocol) throws Exception {
        Duration timeout = Duration.ofSeconds(2);
        // One address per case: the previous case's half-closed sockets may still hold HANGING's address and port
        String hanging = protocol == Protocol.JSON ? HANGING : HANGING_MSGPACK;
        Hang hang = new Hang(hanging, port);
        resources.add(hang);
        RealtimeClient client = client(hanging, protocol, b -> b.realtimeRequestTimeout(timeout));

        Duration elapsed = connectsOnFallback(client);

        System.out.println("RTN17f hang (" + protocol + "): CONNECTED on the fallback after " + elapsed.toMillis()
                + " ms (realtimeRequestTimeout " + timeout.toMillis() + " ms)");
        assertThat(hang.accepted()).as("the primary was tried first").isPositive();
        assertThat(elapsed).isGreaterThanOrEqualTo(timeout).isLessThan(timeout.plusSeconds(3));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN17f_primaryUnresolvable_movesToFallback(Protocol protocol) throws Exception {
        long started = System.nanoTime();
        boolean resolves;
        try {
            InetAddress.getAllByName(UNRESOLVABLE);
            resolves = true;
        } catch (java.net.UnknownHostException e) {
            resolves = false;
        }
        Duration lookup = Duration.ofNanos(System.nanoTime() - started);
        assertThat(resolves).as(UNRESOLVABLE + " resolves on this machine").isFalse();

        Duration elapsed = connectsOnFallback(client(UNRESOLVABLE, protocol));

        System.out.println("RTN17f DNS (" + protocol + "): lookup failed in " + lookup.toMillis()
                + " ms; CONNECTED on the fallback after " + elapsed.toMillis() + " ms");
        // well within the default realtimeRequestTimeout (10 s): the DNS failure itself, not a timeout, moved on
        assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN17f1_primaryAnswers503_movesToFallback(Protocol protocol) throws Exception {
        Emulator primary = emulatorOn(ANSWERING_503);
        primary.faults().refuseConnections(RefuseMode.HTTP_503);

        Duration elapsed = connectsOnFallback(client(ANSWERING_503, protocol));

        System.out.println(
                "RTN17f1 HTTP 503 (" + protocol + "): CONNECTED on the fallback after " + elapsed.toMillis() + " ms");
        assertThat(primary.connections()).isEmpty();
        assertThat(elapsed).isLessThan(Duration.ofSeconds(5));
    }

    // ---------------------------------------------------------------- RTN17i: the primary first, every time

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN17i_newConnection_triesPrimaryFirst(Protocol protocol) throws Exception {
        RealtimeClient client = client(REFUSING, protocol);
        connectsOnFallback(client);
        Emulator primary = emulatorOn(REFUSING); // the primary comes back

        StateLog states = new StateLog(client);
        client.close();
        states.await(ConnectionState.CLOSED);
        client.connect();
        states.await(ConnectionState.CONNECTED);

        assertThat(host(client)).isEqualTo(REFUSING);
        assertThat(primary.connection(id(client))).isPresent();
        assertThat(events(fallback, EmulatorEvent.Type.WS_OPEN)).hasSize(1); // the first connection only
    }

    /** A connection that drops while on a fallback host reconnects to the primary first when it is back (RTN17i). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN17i_reconnectAfterDrop_triesPrimaryFirst(Protocol protocol) throws Exception {
        RealtimeClient client = client(REFUSING, protocol);
        connectsOnFallback(client);
        String firstId = id(client);
        Emulator primary = emulatorOn(REFUSING);

        StateLog states = new StateLog(client);
        fallback.faults().drop(firstId, DropMode.RST);
        states.await(ConnectionState.DISCONNECTED);
        states.await(ConnectionState.CONNECTED);

        assertThat(host(client)).isEqualTo(REFUSING);
        // the primary is another emulator: it cannot resume the fallback's connection (RTN15c7)
        assertThat(primary.connection(id(client))).isPresent();
        assertThat(client.connection().id()).isNotEqualTo(firstId);
        assertThat(events(fallback, EmulatorEvent.Type.WS_OPEN)).hasSize(1);
    }

    // ---------------------------------------------------------------- RTN17j: the connectivity check decides

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN17j_connectivityCheckAnswers404_noFallback(Protocol protocol) throws Exception {
        RealtimeClient client =
                client(REFUSING, protocol, b -> b.connectivityCheckUrl(checkUrl("/not-the-internet.txt")));

        ErrorInfo reason = disconnects(client);

        assertThat(reason.statusCode()).isEqualTo(503);
        assertThat(checks(fallback)).hasSize(1).allMatch(d -> d.startsWith("GET /not-the-internet.txt -> 404"));
        assertThat(events(fallback, EmulatorEvent.Type.WS_OPEN)).isEmpty();
        assertThat(fallback.connections()).isEmpty();
        assertThat(logs).anyMatch(l -> l.contains("Connectivity check failed; not trying fallback hosts (RTN17j)"));
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN17j_connectivityCheckUnreachable_noFallback(Protocol protocol) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, literal(FALLBACK))) {
            closedPort = s.getLocalPort();
        }
        RealtimeClient client = client(
                REFUSING,
                protocol,
                b -> b.connectivityCheckUrl("http://" + FALLBACK + ":" + closedPort + "/is-the-internet-up.txt"));

        ErrorInfo reason = disconnects(client);

        assertThat(reason.statusCode()).isEqualTo(503);
        assertThat(events(fallback, EmulatorEvent.Type.WS_OPEN)).isEmpty();
        assertThat(fallback.connections()).isEmpty();
        assertThat(logs).anyMatch(l -> l.contains("Connectivity check failed; not trying fallback hosts (RTN17j)"));
    }

    // ---------------------------------------------------------------- RTN17g: no fallback set, no fallback

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN17g_hostnameEndpointWithoutFallbackHosts_noFallback(Protocol protocol) throws Exception {
        ClientOptions.Builder plain = ClientOptions.builder().endpoint(REFUSING);
        assertThat(plain.key(Emulator.DEFAULT_KEY).build().fallbackDomains()).isEmpty(); // REC2c2

        RealtimeClient client = client(REFUSING, protocol, b -> b.fallbackHosts(null));
        ErrorInfo reason = disconnects(client);

        assertThat(reason.statusCode()).isEqualTo(503);
        assertThat(checks(fallback))
                .as("no connectivity check without fallbacks")
                .isEmpty();
        assertThat(events(fallback, EmulatorEvent.Type.WS_OPEN)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN17g_emptyFallbackHosts_noFallback(Protocol protocol) throws Exception {
        RealtimeClient client = client(REFUSING, protocol, b -> b.fallbackHosts(List.of()));
        ErrorInfo reason = disconnects(client);

        assertThat(reason.statusCode()).isEqualTo(503);
        assertThat(checks(fallback)).isEmpty();
        assertThat(events(fallback, EmulatorEvent.Type.WS_OPEN)).isEmpty();
    }

    /** A TCP server that accepts connections and never answers: a primary that hangs. */
    private static final class Hang implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        Hang(String address, int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true); // the previous case's accepted sockets may be in TIME_WAIT on this address
            server.bind(new InetSocketAddress(literal(address), port));
            acceptor = new Thread(
                    () -> {
                        try {
                            while (true) {
                                accepted.add(server.accept());
                            }
                        } catch (IOException e) {
                            // closed
                        }
                    },
                    "hanging-primary");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int accepted() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException {
            server.close(); // ends the acceptor
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
