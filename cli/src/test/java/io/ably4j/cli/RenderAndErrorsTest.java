package io.ably4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.Stats;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RenderAndErrorsTest {
    @Test
    void payloadsRenderOnOneLineWithTheirType() {
        assertThat(Render.data("a\nb\tc\u0001")).isEqualTo("a\\nb\\tc\\u0001");
        assertThat(Render.type("x")).isEqualTo("string");
        assertThat(Render.data(new byte[] {0, 1, 2})).isEqualTo("base64:AAEC (3 bytes)");
        assertThat(Render.type(new byte[0])).isEqualTo("binary");
        assertThat(Render.data(Json.parse("{ \"a\" : 1 }"))).isEqualTo("{\"a\":1}");
        assertThat(Render.type(Json.parse("[]"))).isEqualTo("json");
        assertThat(Render.data(null)).isEmpty();
        assertThat(Render.type(null)).isEqualTo("none");
        assertThat(Render.data("x".repeat(5000))).endsWith("... (5000 chars)").hasSize(2000 + 16);
    }

    @Test
    void messageLineHasTimeNameTypeDataAndSender() {
        Message m = Message.builder()
                .name("greeting")
                .data("hi")
                .clientId("bob")
                .timestamp(0L)
                .build();
        assertThat(Render.message(m, 0, Style.PLAIN)).matches("\\d\\d:\\d\\d:00\\.000  greeting  string  hi  from bob");
        assertThat(Render.message(Message.of(null, null), 0, Style.PLAIN)).contains("(no name)  none");
    }

    @Test
    void presenceLineHasTimeActionClientIdAndData() {
        PresenceMessage enter = PresenceMessage.builder(PresenceAction.ENTER)
                .clientId("bob")
                .data("hi\nthere")
                .timestamp(0L)
                .build();
        assertThat(Render.presence(enter, 0, Style.PLAIN))
                .matches("\\d\\d:\\d\\d:00\\.000  ENTER   bob  string  hi\\\\nthere");
        PresenceMessage leave = PresenceMessage.builder(PresenceAction.LEAVE).build();
        assertThat(Render.presence(leave, 0, Style.PLAIN)).endsWith("  LEAVE   (no client id)");
        assertThat(Render.presence(enter, 0, Style.ANSI)).contains("\u001b[32mENTER  \u001b[0m");
    }

    @Test
    void presenceSetCountsMembersByMemberKeyAndSkipsRepeatedPresent() {
        PresenceSet set = new PresenceSet(2);
        PresenceMessage a = PresenceMessage.builder(PresenceAction.PRESENT)
                .clientId("a")
                .connectionId("c1")
                .data("x")
                .build();
        assertThat(set.apply(a)).isEqualTo("1 present: a");
        assertThat(set.apply(a)).isNull(); // the same member reported by the sync and by get()
        assertThat(set.apply(a.toBuilder().action(PresenceAction.UPDATE).build()))
                .isEqualTo("1 present: a");
        assertThat(set.apply(a.toBuilder()
                        .action(PresenceAction.ENTER)
                        .connectionId("c2")
                        .build()))
                .isEqualTo("2 present: a, a");
        assertThat(set.apply(
                        a.toBuilder().action(PresenceAction.ENTER).clientId("b").build()))
                .isEqualTo("3 present: a, a, ...");
        assertThat(set.apply(a.toBuilder()
                        .action(PresenceAction.LEAVE)
                        .clientId("zed")
                        .build()))
                .isNull();
        assertThat(set.apply(a.toBuilder().action(PresenceAction.LEAVE).build()))
                .isEqualTo("2 present: a, b");
        assertThat(set.size()).isEqualTo(2);
        assertThat(new PresenceSet(10).describe()).isEqualTo("nobody present");
    }

    @Test
    void statsShowTheIntervalAndItsNonZeroEntries() {
        Map<String, Number> entries = new LinkedHashMap<>();
        entries.put("messages.all.all.count", 12L);
        entries.put("messages.all.all.data", 0L);
        entries.put("connections.all.mean", 1.25);
        Stats s = new Stats("2024-01-31:14:05", null, "minute", "2024-01-31:14:05", entries, null, "app");
        assertThat(Render.stats(s, Style.PLAIN)).isEqualTo("""
                2024-01-31:14:05  minute  in progress (up to 2024-01-31:14:05)
                  messages.all.all.count  12
                  connections.all.mean    1.25""");
        Stats zero = new Stats("2024-01", null, "month", null, Map.of("messages.all.all.count", 0L), null, null);
        assertThat(Render.stats(zero, Style.PLAIN)).isEqualTo("2024-01  month\n  (all zero)");
        assertThat(Render.number(3.0)).isEqualTo("3");
        assertThat(Render.number(0.5)).isEqualTo("0.5");
    }

    @Test
    void durationsAndPercentiles() {
        assertThat(Render.ms(1_234_567)).isEqualTo("1.23 ms");
        assertThat(Render.ms(12_345_678)).isEqualTo("12.3 ms");
        assertThat(Render.ms(123_456_789)).isEqualTo("123 ms");
        List<Long> sorted = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(Render.percentile(sorted, 50)).isEqualTo(5);
        assertThat(Render.percentile(sorted, 90)).isEqualTo(9);
        assertThat(Render.percentile(sorted, 100)).isEqualTo(10);
        assertThat(Render.percentile(List.of(), 50)).isZero();
    }

    @Test
    void ablyErrorsShowCodeStatusHelpUrlAndCause() {
        ErrorInfo cause = ErrorInfo.of(80003, 503, "Unable to open WebSocket");
        ErrorInfo info = ErrorInfo.builder()
                .code(80000)
                .statusCode(400)
                .message("Connection failed")
                .cause(cause)
                .build();
        String text = Errors.describe(new CompletionException(new AblyException(info)), Style.PLAIN);
        assertThat(text).isEqualTo("""
                        error: Connection failed (code 80000, status 400)
                          help: https://help.ably.io/error/80000
                          caused by: Unable to open WebSocket (code 80003, status 503)
                            help: https://help.ably.io/error/80003""");
        assertThat(Errors.describe(new IllegalStateException("boom"), Style.PLAIN))
                .isEqualTo("error: boom");
    }

    @Test
    void coloursOnlyWhenEnabled() {
        assertThat(Style.PLAIN.red("x")).isEqualTo("x");
        assertThat(Style.ANSI.red("x")).isEqualTo("\u001b[31mx\u001b[0m");
        assertThat(Style.detect(java.util.Map.of("NO_COLOR", "1"))).isSameAs(Style.PLAIN);
    }
}
