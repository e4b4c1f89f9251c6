package io.ably4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.cli.CliRunner.Result;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Command lines that never connect: help, and usage errors (exit code 2 with a message). */
class MainUsageTest {
    @Test
    void helpListsEveryCommand() {
        Result r = CliRunner.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .contains(
                        "demo",
                        "subscribe CHANNEL",
                        "publish CHANNEL NAME DATA",
                        "presence CHANNEL",
                        "history CHANNEL",
                        "ping",
                        "time",
                        "stats",
                        "token",
                        "emulator",
                        "--token TOKEN or --auth-url URL",
                        "Exit codes");
        assertThat(CliRunner.run("help").out()).isEqualTo(r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "subscribe", "publish", "presence", "history", "ping", "time", "stats", "token"})
    void everyCommandHasHelp(String command) {
        Result r = CliRunner.run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .startsWith("Usage: ably4j " + command + " [options]")
                .contains("-h, --help");
        assertThat(CliRunner.run("help", command).out()).isEqualTo(r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"subscribe", "publish", "presence", "history", "ping", "time", "stats"})
    void connectingCommandsTakeATokenOrAnAuthUrl(String command) {
        assertThat(CliRunner.run(command, "--help").out()).contains("--token TOKEN", "--auth-url URL", "--key KEY");
    }

    @Test
    void tokenHelpListsTheTokenOptionsAndOnlyTheKeyRelatedConnectionOptions() {
        Result r = CliRunner.run("token", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out())
                .startsWith("Usage: ably4j token [options]\n")
                .contains("--request", "--ttl MS", "--capability JSON", "--client-id ID", "--key KEY", "--port N")
                .contains("--endpoint ENDPOINT", "--no-tls", "--log-level LEVEL")
                .doesNotContain("--token TOKEN", "--auth-url URL", "--msgpack", "--nio");
    }

    @Test
    void tokenOptionValuesAreValidated() {
        assertThat(CliRunner.run("token", "--ttl", "0").err()).contains("--ttl must be between 1 and 86400000");
        assertThat(CliRunner.run("token", "--ttl", "1h").err()).contains("--ttl must be a whole number");
        Result notJson = CliRunner.run("token", "--capability", "{oops");
        assertThat(notJson.code()).isEqualTo(2);
        assertThat(notJson.err()).contains("--capability is not valid JSON");
        assertThat(CliRunner.run("token", "--capability", "[\"chat\"]").err())
                .contains("--capability must be a JSON object");
        assertThat(CliRunner.run("token", "--client-id", "").err()).contains("--client-id must not be empty");
        assertThat(CliRunner.run("token", "--json").err()).contains("unknown option --json");
    }

    @Test
    void invalidTokenAndAuthUrlAreRejectedBeforeConnecting() {
        Result emptyToken = CliRunner.run("ping", "--token", "", "--port", "1");
        assertThat(emptyToken.code()).isEqualTo(2);
        assertThat(emptyToken.err()).contains("invalid --token").contains("code 40106");
        Result badUrl = CliRunner.run("subscribe", "chat", "--auth-url", "ftp://example.com/token");
        assertThat(badUrl.code()).isEqualTo(2);
        assertThat(badUrl.err()).contains("invalid --auth-url").contains("code 40000");
    }

    @Test
    void emulatorHelpIsTheStandaloneEmulatorsOptions() {
        Result r = CliRunner.run("emulator", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: ably4j emulator [options]").contains("--port N", "--admin-port");
    }

    @Test
    void emulatorRejectsUnknownOptions() {
        Result r = CliRunner.run("emulator", "--bogus");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown option: --bogus");
    }

    @Test
    void emulatorUsageErrorsNameThisCommandInOneLine() {
        Result r = CliRunner.run("emulator", "--port", "-1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("ably4j emulator: invalid arguments: port out of range: -1")
                .contains("Usage: ably4j emulator [options]", "ably4j emulator --help")
                .doesNotContain("java -jar", "--presence-leave-grace");
    }

    @Test
    void emulatorThatCannotStartIsAnErrorWithoutAStackTrace() throws Exception {
        Result unresolved = CliRunner.run("emulator", "--bind", "no-such-host.invalid", "--port", "0");
        assertThat(unresolved.code()).isEqualTo(1);
        assertThat(unresolved.err())
                .startsWith("error: cannot start the emulator: ")
                .contains("no-such-host.invalid")
                .doesNotContain("\tat ");
        try (ServerSocket taken = new ServerSocket(0)) {
            Result inUse = CliRunner.run("emulator", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(inUse.code()).isEqualTo(1);
            assertThat(inUse.err())
                    .startsWith("error: cannot start the emulator: ")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void anInvalidKeyInTheEnvironmentIsNamedAsSuch() {
        Result r = new CliRunner(Map.of("ABLY_API_KEY", "not-a-key")).execute("ping");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("invalid $ABLY_API_KEY: Invalid API key").doesNotContain("--key");
    }

    @Test
    void optionsBeforeTheCommandMustBeConnectionOptions() {
        Result r = CliRunner.run("--count", "3", "subscribe", "x");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .startsWith("ably4j: unknown option --count before the command")
                .doesNotContain("unknown command");
        Result missing = CliRunner.run("--key");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).startsWith("ably4j: --key needs a value");
    }

    @Test
    void noArgumentsPrintsHelpToStderr() {
        Result r = CliRunner.run();
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: ably4j COMMAND");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownCommandSuggests() {
        Result r = CliRunner.run("publsh", "a", "b", "c");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("unknown command 'publsh' (did you mean publish?)");
        assertThat(CliRunner.run("help", "nope").code()).isEqualTo(2);
    }

    @Test
    void versionIsPrinted() {
        Result r = CliRunner.run("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("ably4j ");
    }

    @Test
    void publishNeedsThreeArguments() {
        Result r = CliRunner.run("publish", "chat");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("ably4j publish: missing NAME DATA")
                .contains("Usage: ably4j publish [options] CHANNEL NAME DATA")
                .contains("ably4j publish --help");
    }

    @Test
    void subscribeNeedsAChannel() {
        Result r = CliRunner.run("subscribe");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("missing CHANNEL");
    }

    @Test
    void badOptionValuesAreUsageErrors() {
        assertThat(CliRunner.run("ping", "--count", "x").err()).contains("--count must be a whole number");
        assertThat(CliRunner.run("ping", "--count", "0").code()).isEqualTo(2);
        assertThat(CliRunner.run("ping", "--interval", "soon").code()).isEqualTo(2);
        assertThat(CliRunner.run("ping", "--cuont", "2").err()).contains("did you mean --count?");
        assertThat(CliRunner.run("subscribe", "chat", "--timeout", "-1s").code())
                .isEqualTo(2);
        assertThat(CliRunner.run("demo", "--clients", "9").err()).contains("--clients must be between 2 and 6");
        assertThat(CliRunner.run("demo", "--endpoint", "x.example.com").err()).contains("--endpoint needs --key");
        assertThat(CliRunner.run("publish", "", "n", "d").err()).contains("CHANNEL must not be empty");
        assertThat(CliRunner.run("ping", "--log-level", "loud").err()).contains("--log-level must be one of");
    }

    @Test
    void publishDataTypesAreValidated() {
        assertThat(CliRunner.run("publish", "c", "n", "{oops", "--data-type", "json")
                        .err())
                .contains("DATA is not valid JSON");
        assertThat(CliRunner.run("publish", "c", "n", "!!", "--data-type", "base64")
                        .err())
                .contains("DATA is not valid base64");
        assertThat(CliRunner.run("publish", "c", "n", "d", "--data-type", "xml").err())
                .contains("--data-type must be string, json or base64");
    }

    @Test
    void aRemoteEndpointNeedsAKey() {
        Result r = CliRunner.run("ping", "--endpoint", "example.ably.io");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no API key: pass --key or set $ABLY_API_KEY");
    }

    @Test
    void invalidKeyClientIdAndInsecureBasicAuthAreRejectedBeforeConnecting() {
        assertThat(CliRunner.run("ping", "--key", "not-a-key").err())
                .contains("invalid --key: Invalid API key")
                .contains("code 40005");
        assertThat(CliRunner.run("ping", "--port", "1", "--client-id", "*").err())
                .contains("invalid --client-id")
                .contains("code 40012");
        Result r = CliRunner.run("ping", "--key", "app.key:secret", "--endpoint", "example.ably.io", "--no-tls");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("code 40103");
    }

    @Test
    void connectionOptionsMayComeBeforeTheCommand() {
        Result r = CliRunner.run("--endpoint", "example.ably.io", "ping", "--count", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no API key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"history", "time", "stats"})
    void restCommandsHaveNoWebSocketEngineOption(String command) {
        assertThat(CliRunner.run(command, "--help").out()).doesNotContain("--nio");
        assertThat(CliRunner.run(command, "x", "--nio").err()).contains("unknown option --nio");
    }

    @Test
    void historyAndStatsQueryOptionsAreUsageErrorsBeforeAnyRequest() {
        // --port 1: nothing listens there, so only a check before any request can give these results
        Result direction = CliRunner.run("history", "c", "--direction", "sideways", "--port", "1");
        assertThat(direction.code()).isEqualTo(2);
        assertThat(direction.err())
                .contains("ably4j history: --direction must be forwards or backwards, got 'sideways'")
                .contains("Usage: ably4j history [options] CHANNEL");
        for (String limit : new String[] {"0", "2000", "-5"}) {
            Result r = CliRunner.run("history", "c", "--limit", limit, "--port", "1");
            assertThat(r.code()).as(limit).isEqualTo(2);
            assertThat(r.err())
                    .contains("invalid query: limit must be between 1 and 1000")
                    .contains("code 40003");
        }
        assertThat(CliRunner.run("history", "c", "--limit", "ten").err()).contains("--limit must be a whole number");
        Result interval = CliRunner.run("history", "c", "--start", "2000", "--end", "1000", "--port", "1");
        assertThat(interval.code()).isEqualTo(2);
        assertThat(interval.err()).contains("must not be after end").contains("code 40003");
        assertThat(CliRunner.run("history", "c", "--start", "yesterday").err())
                .contains("--start must be milliseconds since the epoch or an ISO-8601 time");
        assertThat(CliRunner.run("history", "").err()).contains("CHANNEL must not be empty");
        assertThat(CliRunner.run("history").err()).contains("missing CHANNEL");

        Result unit = CliRunner.run("stats", "--unit", "fortnight", "--port", "1");
        assertThat(unit.code()).isEqualTo(2);
        assertThat(unit.err()).contains("--unit must be minute, hour, day or month, got 'fortnight'");
        Result statsLimit = CliRunner.run("stats", "--limit", "0", "--port", "1");
        assertThat(statsLimit.code()).isEqualTo(2);
        assertThat(statsLimit.err())
                .contains("invalid query: limit must be 1-1000")
                .contains("code 40003");
        assertThat(CliRunner.run("stats", "--start", "5", "--end", "4", "--port", "1")
                        .err())
                .contains("code 40003");
        assertThat(CliRunner.run("stats", "--direction", "up").code()).isEqualTo(2);
    }

    @Test
    void publishOverRestRefusesTheWebSocketEngine() {
        Result r = CliRunner.run("publish", "c", "n", "d", "--rest", "--nio", "--port", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--nio and --jdk select the WebSocket engine of a realtime connection: not with --rest");
        assertThat(CliRunner.run("publish", "--help").out()).contains("--rest");
    }

    @Test
    void presenceEnterNeedsAClientIdAndDataTypeNeedsEnter() {
        Result r = CliRunner.run("presence", "c", "--enter", "hi", "--port", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("ably4j presence: --enter needs a client id (no --client-id given)")
                .contains("error 91000")
                .contains("Usage: ably4j presence [options] CHANNEL");
        assertThat(CliRunner.run("presence", "c", "--data-type", "json", "--port", "1")
                        .err())
                .contains("--data-type applies to --enter DATA");
        assertThat(CliRunner.run("presence", "c", "--enter", "{", "--data-type", "json", "--client-id", "a")
                        .err())
                .contains("DATA is not valid JSON");
        assertThat(CliRunner.run("presence", "").err()).contains("CHANNEL must not be empty");
    }
}
