package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.LogLevel;
import io.ably4j.RestClient;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code rest/unit/logging.md}: the log level and a custom log handler (RSC2, RSC3, RSC4, TO3b, TO3c).
 *
 * <p>The UTS handler receives {@code (level, message, context)} with a structured context map. TO3c leaves the handler
 * to the platform: ably4j's {@link io.ably4j.LogHandler} receives {@code (level, message, throwable)}, and the
 * details the UTS puts in the context (an HTTP request's method, host and path) are in the message, as {@code HTTP GET
 * https://host/path}. These tests check those details in the message.
 */
class LoggingTest {
    private record Entry(
            LogLevel level, String message, @Nullable Throwable throwable) {}

    private final RestMock m = new RestMock();
    private final List<Entry> logs = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        m.close();
    }

    private RestClient client(@Nullable LogLevel level) {
        ClientOptions.Builder b = ClientOptions.builder()
                .key("app.key:secret")
                .logHandler((l, message, t) -> logs.add(new Entry(l, message, t)));
        if (level != null) {
            b.logLevel(level);
        }
        RestClient client = m.rt.restClient(b.build());
        m.always(200, "[1704067200000]");
        return client;
    }

    private List<Entry> httpRequestLogs() {
        return logs.stream()
                .filter(e -> e.level() == LogLevel.DEBUG && e.message().contains("HTTP GET"))
                .toList();
    }

    @Test
    void RSC2_default_log_level_warn_0() {
        RestClient client = client(null);

        m.await(client.time());

        assertThat(client.options().logLevel()).isEqualTo(LogLevel.WARN);
        assertThat(logs).allSatisfy(e -> assertThat(e.level()).isIn(LogLevel.WARN, LogLevel.ERROR));
    }

    @Test
    void TO3b_log_level_changeable_0() {
        RestClient client = client(LogLevel.VERBOSE);

        m.await(client.time());

        assertThat(logs).anySatisfy(e -> assertThat(e.level()).isEqualTo(LogLevel.INFO));
        assertThat(httpRequestLogs()).isNotEmpty();
    }

    @Test
    void TO3c_custom_handler_structured_events_0() {
        RestClient client = client(LogLevel.INFO);

        m.await(client.time());

        assertThat(logs).isNotEmpty();
        assertThat(logs).allSatisfy(e -> {
            assertThat(e.level()).isIn(LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR);
            assertThat(e.message()).isNotBlank();
        });
        assertThat(logs).noneSatisfy(e -> assertThat(e.message()).contains("secret"));
    }

    @Test
    void TO3c2_context_contains_expected_keys_0() {
        RestClient client = client(LogLevel.DEBUG);

        m.await(client.time());

        List<Entry> http = httpRequestLogs();
        assertThat(http).isNotEmpty();
        assertThat(http.get(0).message())
                .contains("GET") // method
                .contains("main.realtime.ably.net") // host
                .contains("/time"); // path
        assertThat(logs).noneSatisfy(e -> assertThat(e.level()).isEqualTo(LogLevel.VERBOSE));
    }

    @Test
    void RSC2b_log_level_none_suppresses_all_0() {
        RestClient client = client(LogLevel.NONE);

        m.await(client.time());

        assertThat(m.requests()).hasSize(1);
        assertThat(logs).isEmpty();
    }
}
