package io.ably4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.cli.CliRunner.Result;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The CLI run in-process against an emulator: each command end to end, and its error paths. */
@Timeout(30)
class EndToEndTest {
    private static Emulator emulator;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().port(0).build();
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String port() {
        return Integer.toString(emulator.port());
    }

    /** A client of the shared emulator, attached to {@code channel}, queueing what it receives. */
    private static RealtimeClient subscriber(String channel, LinkedBlockingQueue<Message> received) throws Exception {
        RealtimeClient client = new RealtimeClient(ClientOptions.builder()
                .key(emulator.key())
                .endpoint("localhost")
                .port(emulator.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .build());
        RealtimeChannel ch = client.channels().get(channel);
        ch.subscribe(received::add);
        ch.attach().get(10, TimeUnit.SECONDS);
        return client;
    }

    @Test
    void publishIsAcknowledgedAndReceived() throws Exception {
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        RealtimeClient client = subscriber("e2e-publish", received);
        try {
            Result r = CliRunner.run("publish", "e2e-publish", "greeting", "hello world", "--port", port());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("published 'greeting' (string) to e2e-publish", "acknowledged in");
            Message m = received.poll(10, TimeUnit.SECONDS);
            assertThat(m).isNotNull();
            assertThat(m.name()).isEqualTo("greeting");
            assertThat(m.data()).isEqualTo("hello world");
        } finally {
            client.close();
        }
    }

    @Test
    void publishJsonAndBinaryOverTheJsonProtocol() throws Exception {
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        RealtimeClient client = subscriber("e2e-types", received);
        try {
            Result json = CliRunner.run(
                    "publish", "e2e-types", "j", "{\"a\":[1,2]}", "--data-type", "json", "--json", "--port", port());
            assertThat(json.code()).as(json.err()).isZero();
            Result bin = CliRunner.run(
                    "publish", "e2e-types", "b", "AAEC", "--data-type", "base64", "--repeat", "2", "--port", port());
            assertThat(bin.code()).as(bin.err()).isZero();
            assertThat(bin.out().lines().filter(l -> l.contains("acknowledged")))
                    .hasSize(2);
            Message j = received.poll(10, TimeUnit.SECONDS);
            assertThat(j).isNotNull();
            assertThat(j.data()).isEqualTo(Json.parse("{\"a\":[1,2]}"));
            Message b = received.poll(10, TimeUnit.SECONDS);
            assertThat(b).isNotNull();
            assertThat((byte[]) b.data()).containsExactly(0, 1, 2);
        } finally {
            client.close();
        }
    }

    @Test
    void subscribeCountOneReceivesAServerPublishedMessage() throws Exception {
        CliRunner runner = new CliRunner(Map.of());
        CompletableFuture<Result> run = CompletableFuture.supplyAsync(
                () -> runner.execute("subscribe", "e2e-sub", "--count", "1", "--timeout", "20s", "--port", port()));
        runner.errContains("attached to e2e-sub").get(15, TimeUnit.SECONDS);
        emulator.publish("e2e-sub", "news", "extra extra");
        Result r = run.get(15, TimeUnit.SECONDS);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(1);
        assertThat(r.out()).contains("  news  string  extra extra");
    }

    @Test
    void subscribeStopsCleanlyOnCtrlC() throws Exception {
        CliRunner runner = new CliRunner(Map.of());
        CompletableFuture<Result> run =
                CompletableFuture.supplyAsync(() -> runner.execute("subscribe", "e2e-int", "--port", port()));
        runner.errContains("attached to e2e-int").get(15, TimeUnit.SECONDS);
        runner.interrupt();
        Result r = run.get(15, TimeUnit.SECONDS);
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("stopped after 0 messages");
    }

    @Test
    void subscribeOnAnEmbeddedEmulatorSuggestsAPublishCommandThatWorks() {
        Result plain = CliRunner.run("subscribe", "two words", "--timeout", "300ms");
        assertThat(plain.code()).as(plain.err()).isZero();
        assertThat(plain.err()).containsPattern("\\./ably4j publish 'two words' greeting hello --port \\d+");
        // A TLS emulator's self-signed certificate is trusted by this process only: no hint that cannot work.
        Result tls = CliRunner.run("subscribe", "chat", "--tls", "--timeout", "300ms");
        assertThat(tls.code()).as(tls.err()).isZero();
        assertThat(tls.err()).contains("attached to chat").doesNotContain("./ably4j publish");
    }

    @Test
    void subscribeToADeniedChannelReportsTheErrorOnce() {
        try (Emulator restricted =
                Emulator.builder().port(0).key("app.k:s", "{\"other\":[\"*\"]}").build()) {
            Result r = CliRunner.run(
                    "subscribe",
                    "chat",
                    "--key",
                    "app.k:s",
                    "--endpoint",
                    "localhost",
                    "--port",
                    Integer.toString(restricted.port()));
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).startsWith("error: ").contains("code 40160").doesNotContain("warn");
        }
    }

    @Test
    void subscribeTimesOutBeforeCount() {
        Result r = CliRunner.run("subscribe", "e2e-quiet", "--count", "2", "--timeout", "300ms", "--port", port());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("timed out after 0 of 2 messages");
    }

    @Test
    void pingPrintsRoundTripTimes() {
        Result r = CliRunner.run("ping", "--count", "2", "--interval", "10ms", "--port", port());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("connected to emulator at localhost:" + port(), "ping 1: rtt ", "ping 2: rtt ");
        assertThat(r.out()).containsPattern("2 pings: min [0-9.]+ ms, avg [0-9.]+ ms, max [0-9.]+ ms");
    }

    @Test
    void withoutAKeyPingStartsAnEmbeddedEmulatorAndSaysSo() {
        Result r = CliRunner.run("ping", "--count", "1", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("no API key given, so started an embedded emulator on 127.0.0.1:");
        assertThat(r.out()).contains("connected to embedded emulator", "(json)", "ping 1: rtt ");
    }

    @Test
    void apiKeyFromTheEnvironmentIsUsed() {
        Result r = new CliRunner(Map.of("ABLY_API_KEY", emulator.key()))
                .execute("ping", "--count", "1", "--endpoint", "localhost", "--port", port());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("embedded emulator");
    }

    @Test
    void aRejectedKeyIsReportedWithItsErrorInfoAndHelpUrl() {
        Result r = CliRunner.run(
                "ping", "--key", "no.such:key", "--endpoint", "localhost", "--port", port(), "--log-level", "none");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).containsPattern("error: .+ \\(code 4\\d{4}, status 40\\d\\)");
        assertThat(r.err()).contains("help: https://help.ably.io/error/4");
    }

    @Test
    void anUnreachableServerIsAnError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Result r = CliRunner.run("ping", "--port", Integer.toString(closedPort), "--log-level", "none");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("error: ");
    }

    @Test
    void demoTokenClientGetsTokensFromAnAuthCallbackAndRenewsInPlace() {
        Result r = CliRunner.run("demo", "--duration", "1s", "--messages", "2");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        String out = r.out();
        // carol holds no key: her first token and the renewal both come from her authCallback (RSA8d, RTC8a)
        assertThat(out.split("carol +asks alice for a token \\(authCallback\\)", -1))
                .hasSize(3);
        assertThat(out)
                .containsPattern("carol +renews its token")
                .containsPattern("carol +connection UPDATE \\(still connection ")
                .containsPattern("carol +token renewed on the same connection")
                .doesNotContainPattern("carol +connection DISCONNECTED")
                .contains("received   12 of 12 expected deliveries");
    }

    @Test
    void demoCompletesWithASummary() {
        Result r = CliRunner.run("demo", "--duration", "1s", "--messages", "2");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        for (String name : new String[] {"alice", "bob", "carol"}) {
            assertThat(r.out())
                    .containsPattern(name + " +connection CONNECTED \\(connection id ")
                    .containsPattern(name + " +channel demo ATTACHED")
                    .containsPattern(name + " +connection CLOSED");
        }
        assertThat(r.out()).containsPattern("bob +<- alice 'hi everyone!'  [0-9.]+ ms");
        assertThat(r.out())
                .contains("Summary", "published  6 messages, 6 acknowledged", "received   12 of 12 expected deliveries")
                .containsPattern("latency +publish -> receive +p50 [0-9.]+ ms");
    }

    @Test
    void demoClientsEnterPresenceAndSeeTheDroppedClientLeaveAfterTheGrace() {
        Result r = CliRunner.run("demo", "--duration", "1s", "--messages", "1");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        String out = r.out();
        for (String[] pair : new String[][] {
            {"alice", "bob"},
            {"alice", "carol"},
            {"bob", "alice"},
            {"bob", "carol"},
            {"carol", "alice"},
            {"carol", "bob"}
        }) {
            assertThat(out).containsPattern(pair[0] + " +<- " + pair[1] + " entered presence 'online'");
        }
        assertThat(out).containsPattern("bob +loses its connection");
        // the LEAVE comes from the emulator once its 2 s leave grace has expired, not at once
        Matcher leave = Pattern.compile(
                        "(alice|carol) +<- bob left presence \\(([0-9.]+) s after its connection dropped\\)")
                .matcher(out);
        int leaves = 0;
        while (leave.find()) {
            leaves++;
            assertThat(Double.parseDouble(leave.group(2))).isGreaterThanOrEqualTo(1.9);
        }
        assertThat(leaves).isEqualTo(2);
        assertThat(out)
                .containsPattern("presence   6 of 6 ENTERs seen; 2 of 2 saw bob LEAVE after [0-9.]+ s")
                .doesNotContain("some presence events were not seen");
        // the LEAVE is seen before the clients close: nobody else leaves while it is awaited
        assertThat(out).doesNotContainPattern("<- (alice|carol) left presence");
    }

    @Test
    void demoAndPingOnTheNioEngine() {
        Result demo = CliRunner.run("demo", "--duration", "500ms", "--clients", "2", "--messages", "1", "--jdk");
        assertThat(demo.code()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("msgpack, JDK engine", "received   2 of 2 expected deliveries");
        Result ping = CliRunner.run("ping", "--count", "1", "--jdk", "--port", port());
        assertThat(ping.code()).as(ping.err()).isZero();
        assertThat(ping.out()).contains("(msgpack, JDK engine)", "ping 1: rtt ");
    }

    @Test
    void demoWithTwoClientsOverJson() {
        Result r = CliRunner.run("demo", "--duration", "500ms", "--clients", "2", "--messages", "1", "--json");
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("json", "received   2 of 2 expected deliveries")
                .doesNotContain("carol");
    }
}
