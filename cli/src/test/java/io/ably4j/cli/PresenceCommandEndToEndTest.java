package io.ably4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.cli.CliRunner.Result;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ably4j presence} run in-process against an emulator, with other clients entering and leaving. */
@Timeout(30)
class PresenceCommandEndToEndTest {
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

    private static RealtimeClient client(@Nullable String clientId) {
        ClientOptions.Builder b = ClientOptions.builder()
                .key(emulator.key())
                .endpoint("localhost")
                .port(emulator.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true);
        if (clientId != null) {
            b.clientId(clientId);
        }
        return new RealtimeClient(b.build());
    }

    @Test
    void showsTheMembersPresentThenALinePerEventWithWhoIsPresent() throws Exception {
        RealtimeClient alice = client("alice");
        RealtimeClient bob = client("bob");
        try {
            RealtimeChannel aliceChannel = alice.channels().get("p-watch");
            aliceChannel.presence().enter("here first").get(10, TimeUnit.SECONDS);

            CliRunner runner = new CliRunner(Map.of());
            CompletableFuture<Result> run =
                    CompletableFuture.supplyAsync(() -> runner.execute("presence", "p-watch", "--port", port()));
            runner.errContains("attached to p-watch").get(15, TimeUnit.SECONDS);

            RealtimeChannel bobChannel = bob.channels().get("p-watch");
            bobChannel.presence().enter("hi").get(10, TimeUnit.SECONDS);
            runner.outContains("(2 present: alice, bob)").get(10, TimeUnit.SECONDS);
            bobChannel.presence().update("away").get(10, TimeUnit.SECONDS);
            runner.outContains("UPDATE  bob  string  away").get(10, TimeUnit.SECONDS);
            bobChannel.presence().leave(null).get(10, TimeUnit.SECONDS);
            runner.outContains("LEAVE   bob").get(10, TimeUnit.SECONDS);
            aliceChannel.presence().leave(null).get(10, TimeUnit.SECONDS);
            runner.outContains("(nobody present)").get(10, TimeUnit.SECONDS);
            runner.interrupt();

            Result r = run.get(15, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("1 present: alice; waiting for presence events, Ctrl-C to stop", "stopped");
            String time = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  ";
            assertThat(r.out().lines().toList())
                    .hasSize(5)
                    .satisfiesExactly(
                            l -> assertThat(l)
                                    .matches(time + "PRESENT alice  string  here first  \\(1 present: alice\\)"),
                            l -> assertThat(l).matches(time + "ENTER   bob  string  hi  \\(2 present: alice, bob\\)"),
                            l -> assertThat(l).matches(time + "UPDATE  bob  string  away  \\(2 present: alice, bob\\)"),
                            l -> assertThat(l).matches(time + "LEAVE   bob  .*\\(1 present: alice\\)"),
                            l -> assertThat(l).matches(time + "LEAVE   alice  .*\\(nobody present\\)"));
        } finally {
            alice.close();
            bob.close();
        }
    }

    @Test
    void enterWithAClientIdEntersAndLeavesOnCtrlC() throws Exception {
        RealtimeClient observer = client(null);
        try {
            RealtimeChannel channel = observer.channels().get("p-enter");
            LinkedBlockingQueue<PresenceMessage> events = new LinkedBlockingQueue<>();
            channel.presence().subscribe(events::add);
            channel.attach().get(10, TimeUnit.SECONDS);

            CliRunner runner = new CliRunner(Map.of());
            CompletableFuture<Result> run = CompletableFuture.supplyAsync(() -> runner.execute(
                    "presence",
                    "p-enter",
                    "--enter",
                    "[1,2]",
                    "--data-type",
                    "json",
                    "--client-id",
                    "carol",
                    "--port",
                    port()));
            PresenceMessage entered = events.poll(15, TimeUnit.SECONDS);
            assertThat(entered).isNotNull();
            assertThat(entered.action()).isEqualTo(PresenceAction.ENTER);
            assertThat(entered.clientId()).isEqualTo("carol");
            assertThat(Render.data(entered.data())).isEqualTo("[1,2]");
            runner.errContains("entered as carol").get(10, TimeUnit.SECONDS);
            runner.outContains("ENTER   carol  json  [1,2]  (1 present: carol)").get(10, TimeUnit.SECONDS);

            runner.interrupt();
            Result r = run.get(15, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("left the presence set as carol");
            PresenceMessage left = events.poll(10, TimeUnit.SECONDS);
            assertThat(left).isNotNull();
            assertThat(left.action()).isEqualTo(PresenceAction.LEAVE);
            assertThat(left.clientId()).isEqualTo("carol");
            assertThat(emulator.presenceMembers("p-enter")).isEmpty();
        } finally {
            observer.close();
        }
    }

    @Test
    void enterWithATokenWithoutAClientIdIsAUsageErrorAbout91000() {
        Result token = CliRunner.run("token", "--port", port());
        assertThat(token.code()).as(token.err()).isZero();
        Matcher m = Pattern.compile("\"token\":\"([^\"]+)\"").matcher(token.out());
        assertThat(m.find()).isTrue();
        Result r = CliRunner.run("presence", "p-token", "--enter", "x", "--token", m.group(1), "--port", port());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--enter needs a client id (the token carries no client id)")
                .contains("error 91000");
    }

    @Test
    void timeoutEndsTheWatchOnAnEmbeddedEmulator() {
        Result r = CliRunner.run("presence", "quiet", "--timeout", "500ms", "--enter", "x", "--client-id", "solo");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("started an embedded emulator", "nobody present", "timeout reached");
        assertThat(r.out()).contains("ENTER   solo  string  x  (1 present: solo)");
    }
}
