package io.ably4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.cli.CliRunner.Result;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.EmulatorEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ably4j subscribe --recover KEY} and the recovery key printed on Ctrl-C (RTN16): the option reaches the
 * client, Ctrl-C prints the key with a command that continues the connection, and, with the tool as its own process,
 * that command receives the messages published after the first run stopped.
 */
@Timeout(60)
class SubscribeRecoverTest {
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @BeforeEach
    void clearEvents() {
        emulator.events().clear();
    }

    private static String port() {
        return Integer.toString(emulator.port());
    }

    private static String channel() {
        return "rec-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> wsOpens() {
        return emulator.events().events(e -> e.type() == EmulatorEvent.Type.WS_OPEN).stream()
                .map(EmulatorEvent::detail)
                .toList();
    }

    @Test
    void usageListsRecover() {
        Result r = CliRunner.run("subscribe", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--recover KEY", "Ctrl-C prints a recovery key");
        Result empty = CliRunner.run("subscribe", "chat", "--recover", " ", "--port", port());
        assertThat(empty.code()).isEqualTo(Main.USAGE);
        assertThat(empty.err()).contains("--recover must not be empty");
    }

    @Test
    void recoverOptionReachesTheClient() throws Exception {
        String channel = channel();
        String key = "{\"connectionKey\":\"unknown!key-0\",\"msgSerial\":0,\"channelSerials\":{}}";
        CliRunner runner = new CliRunner(Map.of());
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> runner.execute(
                "subscribe", channel, "--recover", key, "--count", "1", "--timeout", "20s", "--port", port()));
        runner.errContains("attached to " + channel).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        emulator.publish(channel, "n", "after");
        Result r = run.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(wsOpens()).singleElement().asString().contains("recover=unknown!key-0");
        // the emulator no longer (never) had that connection: the client says so (RTN16l) and goes on
        assertThat(r.err()).contains("could not recover the connection: ", "(code 80008)", "continuing on a new");
        assertThat(r.out()).contains("  n  string  after");
    }

    @Test
    void ctrlCPrintsTheRecoveryKeyAndTheCommandThatContinuesIt() throws Exception {
        String channel = channel() + " x"; // needs quoting
        CliRunner runner = new CliRunner(Map.of());
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(
                () -> runner.execute("subscribe", channel, "--port", port(), "--json", "--no-tls"));
        runner.errContains("attached to " + channel).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        emulator.publish(channel, "n", "first");
        runner.outContains("first").get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        runner.interrupt();
        Result r = run.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(r.code()).as(r.err()).isZero();
        String key = recoveryKey(r.err());
        assertThat(key).startsWith("{").contains("\"connectionKey\"", "\"" + channel + "\"");
        assertThat(r.err())
                .contains("resume with: ably4j subscribe '" + channel + "' --recover "
                        + SubscribeCommand.shellQuote(key) + " --port " + port() + " --no-tls --json");
        assertThat(SubscribeCommand.shellQuote(key)).startsWith("'").endsWith("'");
        // in-process, no exit follows the command to drop the connection: it is closed, not left behind
        assertThat(emulator.connections()).isEmpty();
    }

    @Test
    void ctrlCOnAnEmbeddedEmulatorPrintsNoKey() throws Exception {
        CliRunner runner = new CliRunner(Map.of());
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> runner.execute("subscribe", "chat"));
        runner.errContains("attached to chat").get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        runner.interrupt();
        Result r = run.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("stopped after 0 messages").doesNotContain("recovery key", "resume with");
    }

    @Test
    void resumeCommandQuotesAndKeepsTheOptionsButNotTheApiKey() {
        ParsedArgs args = new ParsedArgs(
                "subscribe",
                List.of("it's"),
                Map.of("endpoint", "example.com", "key", "app.k:secret", "tls", "true", "engine", "nio", "name", "a b"),
                false);

        assertThat(SubscribeCommand.resumeCommand(args, "it's", "{\"k\":\"it's\"}"))
                .isEqualTo("ably4j subscribe 'it'\\''s' --recover '{\"k\":\"it'\\''s\"}' --endpoint example.com"
                        + " --name 'a b' --tls --nio  (and your --key)")
                .doesNotContain("secret");
    }

    @Test
    void resumeCommandKeepsTheAuthUrlButNotTheToken() {
        ParsedArgs args = new ParsedArgs(
                "subscribe",
                List.of("chat"),
                Map.of("port", "8080", "token", "app.secret-token", "auth-url", "http://127.0.0.1:9000/auth"),
                false);

        assertThat(SubscribeCommand.resumeCommand(args, "chat", "rk"))
                .isEqualTo("ably4j subscribe chat --recover rk --port 8080 --auth-url http://127.0.0.1:9000/auth"
                        + "  (and your --token)")
                .doesNotContain("secret-token");
    }

    /**
     * The tool as its own process: stopped by a signal (its shutdown hook, as on Ctrl-C), it prints the key and leaves
     * the connection to the exit; messages published meanwhile reach the run that recovers it, before the live ones.
     */
    @Test
    void aRecoveredRunReceivesWhatWasPublishedAfterTheFirstRunStopped() throws Exception {
        String channel = channel();
        Child first = Child.start("subscribe", channel, "--port", port());
        try {
            first.awaitErr("attached to " + channel);
            emulator.publish(channel, "n", "one");
            first.awaitOut("one");
            // SIGTERM: the shutdown hook interrupts the command, as Ctrl-C does. Not Process.destroy(), which also
            // closes this end of the child's pipes, losing what the child prints while it stops.
            assertThat(first.process.toHandle().destroy()).isTrue();
            assertThat(first.process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();
        } finally {
            first.process.destroyForcibly();
        }
        String key = recoveryKey(String.join("\n", first.drainErr()));
        String firstId = emulator.awaitConnection(c -> !c.connected(), DEADLINE).connectionId();

        emulator.publish(channel, "n", "two");
        emulator.publish(channel, "n", "three");
        CliRunner runner = new CliRunner(Map.of());
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> runner.execute(
                "subscribe", channel, "--recover", key, "--count", "3", "--timeout", "20s", "--port", port()));
        runner.errContains("attached to " + channel).get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        emulator.publish(channel, "n", "four");
        Result r = run.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("could not recover");
        assertThat(r.out().lines().map(l -> l.substring(l.lastIndexOf("string  ") + 8)))
                .containsExactly("two", "three", "four");
        assertThat(wsOpens()).anyMatch(d -> d.contains("recover=" + firstId + "!"));
    }

    private static String recoveryKey(String err) {
        return err.lines()
                .filter(l -> l.startsWith("recovery key: "))
                .map(l -> l.substring("recovery key: ".length()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no recovery key in:\n" + err));
    }

    /** The {@code ably4j} tool in a child JVM, without $ABLY_API_KEY and colours. */
    private static final class Child {
        final Process process;
        private final BlockingQueue<String> out = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> err = new LinkedBlockingQueue<>();
        private final List<String> seenErr = new ArrayList<>();
        private final Thread errPump;

        private Child(Process process) {
            this.process = process;
            pump(process.getInputStream(), out);
            errPump = pump(process.getErrorStream(), err);
        }

        static Child start(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().remove(Target.KEY_ENV);
            pb.environment().put("NO_COLOR", "1");
            return new Child(pb.start());
        }

        private static Thread pump(InputStream in, BlockingQueue<String> sink) {
            Thread t = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                            for (String line = r.readLine(); line != null; line = r.readLine()) {
                                sink.add(line);
                            }
                        } catch (IOException e) {
                            // the process went away
                        }
                    },
                    "ably4j-child-output");
            t.setDaemon(true);
            t.start();
            return t;
        }

        void awaitErr(String text) throws InterruptedException {
            await(err, text, seenErr);
        }

        void awaitOut(String text) throws InterruptedException {
            await(out, text, new ArrayList<>());
        }

        private void await(BlockingQueue<String> lines, String text, List<String> seen) throws InterruptedException {
            long end = System.nanoTime() + DEADLINE.toNanos();
            while (true) {
                @Nullable String line = lines.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (line == null) {
                    throw new AssertionError("no '" + text + "' within " + DEADLINE + "; saw " + seen + " and stderr "
                            + seenErr + ", alive " + process.isAlive());
                }
                seen.add(line);
                if (line.contains(text)) {
                    return;
                }
            }
        }

        /** Every stderr line, once the process has exited and its stderr has been read to the end. */
        List<String> drainErr() throws InterruptedException {
            errPump.join(DEADLINE.toMillis());
            List<String> all = new ArrayList<>(seenErr);
            err.drainTo(all);
            return all;
        }
    }
}
