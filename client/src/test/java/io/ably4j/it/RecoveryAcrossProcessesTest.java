package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EmulatorEvent;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.it.UtsSandbox.StateLog;
import io.ably4j.types.ErrorInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Connection recovery (RTN16) across processes: a subscriber process ({@link RecoverySubscriberMain}) receives
 * messages, prints its recovery key and halts without closing anything; messages are published while no process
 * subscribes; a second process recovers the connection with the key and must receive exactly the messages it missed,
 * then the live ones, none twice. Also the in-process cases of a recovery key the server cannot honour (RTN16l,
 * RTN15c7) and of a malformed one (RTN16f1).
 */
@Timeout(120)
class RecoveryAcrossProcessesTest {
    /** Bound of every wait on a child process (a JVM start, a connection and an attach). */
    private static final Duration CHILD_DEADLINE = Duration.ofSeconds(30);

    /** The ATTACH action (TR2). */
    private static final int ATTACH = 10;

    private static Emulator emulator;

    private final List<Child> children = new ArrayList<>();
    private final List<RealtimeClient> clients = new ArrayList<>();
    private final Queue<String> logs = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() {
        emulator = Emulator.builder()
                .bindAddress("127.0.0.1")
                .port(0)
                .connectionStateTtl(Duration.ofMinutes(5))
                .build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void clearEvents() {
        emulator.events().clear();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            for (Child c : children) {
                c.kill();
            }
            for (RealtimeClient c : clients) {
                c.close();
            }
            for (RealtimeClient c : clients) {
                UtsSandbox.await(CompletableFuture.anyOf(
                        c.connection().whenState(ConnectionState.CLOSED),
                        c.connection().whenState(ConnectionState.FAILED)));
            }
        } finally {
            children.clear();
            clients.clear();
        }
    }

    private static List<String> numbers(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(Integer::toString).toList();
    }

    private void publishAll(String channel, List<String> data) {
        for (String d : data) {
            emulator.publish(channel, "n", d);
        }
    }

    // ---------------------------------------------------------------- RTN16: recovery in a new process

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN16_recoveredProcessReceivesExactlyTheMissedMessagesThenLiveOnes(Protocol protocol) throws Exception {
        int n = 5;
        int m = 12;
        String channel = "recovery-" + UtsSandbox.randomId();
        String format = protocol.binary() ? "msgpack" : "json";

        Child first = start(channel, format, n, null);
        String firstId = first.connected().connectionId();
        first.await("ATTACHED ");
        publishAll(channel, numbers(1, n));
        String key = first.await("RECOVERY-KEY ").substring("RECOVERY-KEY ".length());
        assertThat(first.messages()).containsExactlyElementsOf(numbers(1, n));
        assertThat(first.process.waitFor(CHILD_DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                .as("the first subscriber halted")
                .isTrue();
        assertThat(key).isNotEqualTo("null");
        // the server keeps the dropped connection's state for connectionStateTtl
        emulator.awaitConnection(c -> c.connectionId().equals(firstId) && !c.connected(), CHILD_DEADLINE);

        publishAll(channel, numbers(n + 1, m)); // nobody subscribes now

        Child second = start(channel, format, 0, key);
        Connected recovered = second.connected();
        assertThat(recovered.connectionId()).as("RTN16d: the same connection").isEqualTo(firstId);
        assertThat(recovered.errorCode()).as("no errorReason (RTN16l)").isEqualTo("-");
        assertThat(second.await("ATTACHED ")).isEqualTo("ATTACHED resumed=true");
        publishAll(channel, numbers(m + 1, m + 3)); // live, after the attach
        publishAll(channel, List.of("end"));
        second.await("MSG end");

        List<String> attaches = emulator
                .events()
                .events(e -> e.type() == EmulatorEvent.Type.FRAME_IN
                        && e.action() == ATTACH
                        && Objects.equals(e.connectionId(), firstId))
                .stream()
                .map(EmulatorEvent::detail)
                .toList();
        assertThat(second.messages())
                .as(
                        "missed %s..%s, then live %s..%s, each once, in order (recovery key %s; ATTACH sent %s)",
                        n + 1, m, m + 1, m + 3, key, attaches)
                .containsExactlyElementsOf(concat(numbers(n + 1, m + 3), List.of("end")));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    // ---------------------------------------------------------------- RTN16l, RTN16f1: keys that do not recover

    /** An in-process client of the emulator logging INFO into {@link #logs}, with {@code more} applied. */
    private RealtimeClient client(Protocol protocol, Consumer<ClientOptions.Builder> more) {
        ClientOptions.Builder b = ClientOptions.builder()
                .key(Emulator.DEFAULT_KEY)
                .endpoint("127.0.0.1")
                .port(emulator.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .autoConnect(false)
                .useBinaryProtocol(protocol.binary())
                .logLevel(LogLevel.INFO)
                .logHandler((level, message, error) -> logs.add(level + " " + message));
        more.accept(b);
        RealtimeClient c = new RealtimeClient(b.build());
        clients.add(c);
        return c;
    }

    /** A recovery key of a connection that the server no longer has: it was closed (RTN12). */
    private String keyOfAClosedConnection(Protocol protocol) throws Exception {
        RealtimeClient gone = client(protocol, b -> {});
        StateLog states = new StateLog(gone);
        gone.connect();
        states.await(ConnectionState.CONNECTED);
        String key = Objects.requireNonNull(gone.connection().createRecoveryKey(), "recovery key when CONNECTED");
        String id = Objects.requireNonNull(gone.connection().id());
        gone.close();
        states.await(ConnectionState.CLOSED);
        assertThat(emulator.connection(id)).isEmpty();
        return key;
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN16l_expiredRecoveryKey_connectsWithNewIdAndErrorReason(Protocol protocol) throws Exception {
        String key = keyOfAClosedConnection(protocol);
        RealtimeClient client = client(protocol, b -> b.recover(key));
        StateLog states = new StateLog(client);
        client.connect();
        states.await(ConnectionState.CONNECTED);

        ErrorInfo reason = Objects.requireNonNull(client.connection().errorReason(), "errorReason (RTN16l)");
        assertThat(reason.code()).isEqualTo(80008);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isNotNull();
        assertThat(logs).anyMatch(l -> l.contains("Connection recovery failed"));
        assertThat(recoverParams()).hasSize(1);
    }

    /** A well-formed key whose connection key the server does not know at all (RTN16l with 80018). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN16l_unknownConnectionKey_connectsWithErrorReason(Protocol protocol) throws Exception {
        RealtimeClient client = client(
                protocol, b -> b.recover("{\"connectionKey\":\"no such key\",\"msgSerial\":0,\"channelSerials\":{}}"));
        StateLog states = new StateLog(client);
        client.connect();
        states.await(ConnectionState.CONNECTED);

        ErrorInfo reason = Objects.requireNonNull(client.connection().errorReason(), "errorReason (RTN16l)");
        assertThat(reason.code()).isEqualTo(80018);
        assertThat(recoverParams()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a recovery key", "{\"msgSerial\":0}", "{\"connectionKey\":\"k\",\"msgSerial\":-1}"})
    void RTN16f1_malformedRecoveryKey_loggedAndConnectsNormally(String malformed) throws Exception {
        RealtimeClient client = client(Protocol.JSON, b -> b.recover(malformed));
        StateLog states = new StateLog(client);
        client.connect();
        states.await(ConnectionState.CONNECTED);

        assertThat(client.connection().errorReason()).isNull();
        assertThat(logs).anyMatch(l -> l.startsWith("ERROR") && l.contains("not a valid recovery key"));
        assertThat(recoverParams()).as("no recover parameter sent").isEmpty();
    }

    /** The WebSocket opens since the log was cleared that carried a {@code recover} query parameter. */
    private static List<String> recoverParams() {
        return emulator.events().events(e -> e.type() == EmulatorEvent.Type.WS_OPEN).stream()
                .map(EmulatorEvent::detail)
                .filter(d -> d.contains("recover="))
                .toList();
    }

    // ---------------------------------------------------------------- child processes

    private Child start(String channel, String format, int keyAfter, @Nullable String key) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                RecoverySubscriberMain.class.getName(),
                Integer.toString(emulator.port()),
                channel,
                format,
                Integer.toString(keyAfter)));
        if (key != null) {
            command.add(key);
        }
        Child c = new Child(new ProcessBuilder(command).start());
        children.add(c);
        return c;
    }

    /** The {@code CONNECTED} line of a child. */
    record Connected(String connectionId, String errorCode) {}

    /** A subscriber process: its standard output as lines to await, its standard error kept for failure messages. */
    private static final class Child {
        final Process process;
        private final BlockingQueue<String> pending = new LinkedBlockingQueue<>();
        private final List<String> seen = new ArrayList<>();
        private final Queue<String> stderr = new ConcurrentLinkedQueue<>();

        Child(Process process) {
            this.process = process;
            pump(process.getInputStream(), pending::add, "child-stdout");
            pump(process.getErrorStream(), stderr::add, "child-stderr");
        }

        private static void pump(InputStream in, Consumer<String> sink, String name) {
            Thread t = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                            for (String line = r.readLine(); line != null; line = r.readLine()) {
                                sink.accept(line);
                            }
                        } catch (IOException e) {
                            // the process went away
                        }
                    },
                    name);
            t.setDaemon(true);
            t.start();
        }

        /** Consumes output lines up to the first that starts with {@code prefix}, which it returns. */
        String await(String prefix) throws InterruptedException {
            long end = System.nanoTime() + CHILD_DEADLINE.toNanos();
            while (true) {
                String line = pending.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no line starting with '" + prefix + "' within " + CHILD_DEADLINE
                            + "; stdout " + seen + ", alive " + process.isAlive() + ", stderr:\n"
                            + String.join("\n", stderr));
                }
                seen.add(line);
                if (line.startsWith(prefix)) {
                    return line;
                }
            }
        }

        Connected connected() throws InterruptedException {
            String line = await("CONNECTED ");
            int space = line.lastIndexOf(' ');
            return new Connected(line.substring("CONNECTED ".length(), space), line.substring(space + 1));
        }

        /** The data of the {@code MSG} lines consumed so far, in order. */
        List<String> messages() {
            return seen.stream()
                    .filter(l -> l.startsWith("MSG "))
                    .map(l -> l.substring(4))
                    .toList();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
