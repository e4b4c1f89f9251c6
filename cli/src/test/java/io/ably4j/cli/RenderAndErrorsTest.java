package io.ably4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.util.List;
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
