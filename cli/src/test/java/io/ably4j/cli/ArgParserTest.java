package io.ably4j.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgParserTest {
    private static final CommandSpec SPEC = new CommandSpec(
            "publish",
            List.of("CHANNEL", "NAME", "DATA"),
            "summary",
            "description",
            Options.concat(Target.OPTIONS, Option.value("--count", "N", "count")));

    private static ParsedArgs parse(String... args) throws UsageException {
        return ArgParser.parse(SPEC, List.of(args));
    }

    @Test
    void positionalsAndOptionsInAnyOrder() throws Exception {
        ParsedArgs p = parse("--count", "3", "chat", "--key=a.b:c", "greeting", "hello");
        assertThat(p.positionals()).containsExactly("chat", "greeting", "hello");
        assertThat(p.integer("count", 1, 1, 10)).isEqualTo(3);
        assertThat(p.get("key")).isEqualTo("a.b:c");
        assertThat(p.help()).isFalse();
    }

    @Test
    void lastOfMutuallyExclusiveFlagsWins() throws Exception {
        assertThat(parse("--tls", "--no-tls", "c", "n", "d").bool("tls")).isFalse();
        assertThat(parse("--no-tls", "--tls", "c", "n", "d").bool("tls")).isTrue();
        assertThat(parse("--json", "c", "n", "d").get("format")).isEqualTo("json");
        assertThat(parse("--json", "--msgpack", "c", "n", "d").get("format")).isEqualTo("msgpack");
        assertThat(parse("c", "n", "d").bool("tls")).isNull();
    }

    @Test
    void doubleDashEndsOptionsAndDashValuesArePositional() throws Exception {
        assertThat(parse("c", "n", "--", "--not-an-option").positional(2)).isEqualTo("--not-an-option");
        assertThat(parse("c", "n", "-5").positional(2)).isEqualTo("-5");
        assertThat(parse("c", "n", "-").positional(2)).isEqualTo("-");
    }

    @Test
    void helpSkipsPositionalChecks() throws Exception {
        assertThat(parse("--help").help()).isTrue();
        assertThat(parse("c", "-h").help()).isTrue();
    }

    @Test
    void unknownOptionSuggestsTheClosestOne() {
        assertThatThrownBy(() -> parse("--cuont", "3", "c", "n", "d"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option --cuont (did you mean --count?)");
        assertThatThrownBy(() -> parse("--zzzzzzzz", "c", "n", "d")).hasMessage("unknown option --zzzzzzzz");
    }

    @Test
    void missingValueMissingAndExtraPositionalsAreUsageErrors() {
        assertThatThrownBy(() -> parse("c", "n", "d", "--count"))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--count needs a value");
        assertThatThrownBy(() -> parse("c")).hasMessage("missing NAME DATA");
        assertThatThrownBy(() -> parse("c", "n", "d", "e")).hasMessageContaining("unexpected argument 'e'");
        assertThatThrownBy(() -> parse("--json=yes", "c", "n", "d")).hasMessage("--json takes no value");
    }

    @Test
    void typedValuesAreValidated() throws Exception {
        assertThatThrownBy(() -> parse("--count", "x", "c", "n", "d").integer("count", 1, 1, 10))
                .hasMessageContaining("must be a whole number");
        assertThatThrownBy(() -> parse("--count", "11", "c", "n", "d").integer("count", 1, 1, 10))
                .hasMessageContaining("between 1 and 10");
        assertThat(parse("c", "n", "d").integer("count", 7, 1, 10)).isEqualTo(7);
    }

    @Test
    void durations() throws Exception {
        assertThat(ParsedArgs.parseDuration("--t", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(ParsedArgs.parseDuration("--t", "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ParsedArgs.parseDuration("--t", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(ParsedArgs.parseDuration("--t", "3")).isEqualTo(Duration.ofSeconds(3));
        assertThatThrownBy(() -> ParsedArgs.parseDuration("--t", "soon")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ParsedArgs.parseDuration("--t", "0s")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ParsedArgs.parseDuration("--t", "-1s")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ParsedArgs.parseDuration("--t", "NaN")).isInstanceOf(UsageException.class);
    }

    @Test
    void editDistance() {
        assertThat(ArgParser.distance("publsh", "publish")).isEqualTo(1);
        assertThat(ArgParser.distance("", "abc")).isEqualTo(3);
        assertThat(ArgParser.suggestion("pign", List.of("ping", "publish"))).isEqualTo(" (did you mean ping?)");
    }
}
