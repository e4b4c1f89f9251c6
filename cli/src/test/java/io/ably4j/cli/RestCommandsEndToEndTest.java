package io.ably4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.cli.CliRunner.Result;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code history}, {@code time}, {@code stats} and {@code publish --rest} run in-process against an emulator. */
@Timeout(30)
class RestCommandsEndToEndTest {
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

    /** Publishes {@code texts} in order, each in its own message called {@code n1}, {@code n2}, ... */
    private static void publish(String channel, String... texts) {
        for (int i = 0; i < texts.length; i++) {
            emulator.publish(channel, "n" + (i + 1), texts[i]);
        }
    }

    /** The payloads of the message lines of {@code out}, in order. */
    private static List<String> payloads(String out) {
        return out.lines().map(l -> l.substring(l.lastIndexOf("string  ") + 8)).toList();
    }

    @Test
    void historyPrintsTheFirstPageNewestFirstLikeSubscribe() {
        publish("h-default", "one", "two", "three");
        Result r = CliRunner.run("history", "h-default", "--port", port());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().lines()).hasSize(3);
        assertThat(r.out().lines().findFirst().orElseThrow())
                .matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  n3  string  three");
        assertThat(payloads(r.out())).containsExactly("three", "two", "one");
        assertThat(r.err()).contains("3 messages from the history of h-default on emulator at localhost:" + port());
    }

    @Test
    void historyPagesWithLimitAndFollowsEveryPageWithAll() {
        publish("h-pages", "a", "b", "c", "d", "e");
        Result first = CliRunner.run("history", "h-pages", "--direction", "forwards", "--limit", "2", "--port", port());
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(payloads(first.out())).containsExactly("a", "b");
        assertThat(first.err()).contains("more on the next pages: add --all");

        Result all = CliRunner.run(
                "history", "h-pages", "--direction", "FORWARDS", "--limit", "2", "--all", "--port", port());
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(payloads(all.out())).containsExactly("a", "b", "c", "d", "e");
        assertThat(all.err()).contains("5 messages").doesNotContain("more on the next pages");

        Result backwards = CliRunner.run("history", "h-pages", "--limit", "2", "--all", "--port", port());
        assertThat(payloads(backwards.out())).containsExactly("e", "d", "c", "b", "a");
    }

    @Test
    void historyStartAndEndSelectAnInterval() {
        publish("h-interval", "old");
        long now = System.currentTimeMillis();
        Result before = CliRunner.run(
                "history",
                "h-interval",
                "--end",
                Instant.ofEpochMilli(now - 3_600_000).toString(),
                "--port",
                port());
        assertThat(before.code()).as(before.err()).isZero();
        assertThat(before.out()).isEmpty();
        assertThat(before.err()).contains("no messages in the history of h-interval");
        Result around = CliRunner.run(
                "history",
                "h-interval",
                "--start",
                Long.toString(now - 3_600_000),
                "--end",
                Long.toString(now + 1000),
                "--port",
                port());
        assertThat(around.code()).as(around.err()).isZero();
        assertThat(payloads(around.out())).containsExactly("old");
    }

    @Test
    void historyOnAnEmbeddedEmulatorIsEmptyAndSaysSo() {
        Result r = CliRunner.run("history", "anything");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("started an embedded emulator", "no messages in the history of anything");
    }

    @Test
    void historyWithARejectedKeyIsAnAblyError() {
        Result r = CliRunner.run("history", "c", "--key", "no.such:key", "--endpoint", "localhost", "--port", port());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).containsPattern("error: .+ \\(code 4\\d{4}, status 40\\d\\)");
    }

    @Test
    void timePrintsMillisecondsAndIso8601() {
        long before = System.currentTimeMillis();
        Result r = CliRunner.run("time", "--port", port());
        long after = System.currentTimeMillis();
        assertThat(r.code()).as(r.err()).isZero();
        String line = r.out().strip();
        assertThat(line).matches("\\d{13}  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        long ms = Long.parseLong(line.substring(0, 13));
        assertThat(ms).isBetween(before - 5_000, after + 5_000); // the emulator runs on this machine's clock
        assertThat(Instant.parse(line.substring(15)).toEpochMilli()).isEqualTo(ms);
        assertThat(r.err()).contains("this machine's clock is", "round trip");
    }

    @Test
    void timeOnAnEmbeddedEmulator() {
        Result r = CliRunner.run("time", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("^\\d{13}  \\d{4}-");
    }

    @Test
    void statsWithoutAnyPrintsNoStats() {
        Result r = CliRunner.run("stats", "--unit", "hour", "--limit", "5", "--port", port());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("no stats for this period on emulator at localhost:" + port() + " (msgpack)\n");
        Result all = CliRunner.run("stats", "--all", "--direction", "forwards", "--json", "--port", port());
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).startsWith("no stats for this period");
    }

    @Test
    void publishOverRestIsReceivedByASubscriber() throws Exception {
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        RealtimeClient client = new RealtimeClient(ClientOptions.builder()
                .key(emulator.key())
                .endpoint("localhost")
                .port(emulator.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .build());
        try {
            RealtimeChannel ch = client.channels().get("rest-publish");
            ch.subscribe(received::add);
            ch.attach().get(10, TimeUnit.SECONDS);
            Result r = CliRunner.run(
                    "publish",
                    "rest-publish",
                    "j",
                    "{\"a\":1}",
                    "--data-type",
                    "json",
                    "--rest",
                    "--repeat",
                    "2",
                    "--port",
                    port());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().lines())
                    .hasSize(2)
                    .allSatisfy(l -> assertThat(l)
                            .contains("published 'j' (json) to rest-publish over REST on emulator at localhost:")
                            .contains("accepted in "));
            for (int i = 0; i < 2; i++) {
                Message m = received.poll(10, TimeUnit.SECONDS);
                assertThat(m).isNotNull();
                assertThat(m.name()).isEqualTo("j");
                assertThat(m.data()).isEqualTo(Json.parse("{\"a\":1}"));
            }
            // over REST the message is in the history at once
            Result history = CliRunner.run("history", "rest-publish", "--port", port());
            assertThat(history.out().lines())
                    .hasSize(2)
                    .allSatisfy(l -> assertThat(l).contains("  j  json  {\"a\":1}"));
        } finally {
            client.close();
        }
    }
}
