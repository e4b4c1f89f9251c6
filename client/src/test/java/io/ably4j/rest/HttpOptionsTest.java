package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ClientOptions;
import io.ably4j.RestClient;
import io.ably4j.types.AblyException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP client options (TO3l3-TO3l6, RSC7c, TO3n): defaults, validation, copying, and their effect on requests. */
class HttpOptionsTest {
    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    @Test
    void TO3l_defaults() {
        ClientOptions o = ClientOptions.builder().key("a.b:c").build();

        assertThat(o.httpOpenTimeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(o.httpRequestTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.httpMaxRetryCount()).isEqualTo(3);
        assertThat(o.httpMaxRetryDuration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(o.addRequestIds()).isFalse();
        assertThat(o.idempotentRestPublishing()).isTrue();
    }

    @Test
    void TO3l_invalid_values_rejected_with_40000() {
        ClientOptions.Builder b = ClientOptions.builder();
        for (Runnable bad : List.<Runnable>of(
                () -> b.httpOpenTimeout(Duration.ZERO),
                () -> b.httpRequestTimeout(Duration.ofMillis(-1)),
                () -> b.httpMaxRetryDuration(Duration.ZERO),
                () -> b.httpMaxRetryCount(-1))) {
            assertThatThrownBy(bad::run)
                    .isInstanceOfSatisfying(
                            AblyException.class,
                            e -> assertThat(e.errorInfo().code()).isEqualTo(40000));
        }
    }

    @Test
    void TO3l_toBuilder_keeps_every_http_option_and_toString_names_them_without_secrets() {
        ClientOptions o = ClientOptions.builder()
                .key("app.key:very-secret")
                .httpOpenTimeout(Duration.ofSeconds(1))
                .httpRequestTimeout(Duration.ofSeconds(2))
                .httpMaxRetryCount(0)
                .httpMaxRetryDuration(Duration.ofSeconds(3))
                .addRequestIds(true)
                .idempotentRestPublishing(false)
                .build();

        ClientOptions copy = o.toBuilder().build();

        assertThat(copy.httpOpenTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(copy.httpRequestTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(copy.httpMaxRetryCount()).isZero();
        assertThat(copy.httpMaxRetryDuration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(copy.addRequestIds()).isTrue();
        assertThat(copy.idempotentRestPublishing()).isFalse();
        assertThat(copy.key()).isEqualTo("app.key:very-secret");
        assertThat(o.toString())
                .contains("httpMaxRetryCount=0")
                .contains("addRequestIds=true")
                .doesNotContain("very-secret");
    }

    @Test
    void TO3l5_max_retry_count_limits_fallbacks() {
        m.always(500, "{\"error\":{\"code\":50000,\"statusCode\":500,\"message\":\"down\"}}");
        RestClient client = m.client(b -> b.httpMaxRetryCount(1));

        m.fails(client.time());

        assertThat(m.requests()).as("the primary and one fallback").hasSize(2);
    }

    @Test
    void TO3l6_max_retry_duration_limits_fallbacks() {
        m.http.handler = call -> new java.util.concurrent.CompletableFuture<>(); // every host times out
        RestClient client =
                m.client(b -> b.httpRequestTimeout(Duration.ofSeconds(2)).httpMaxRetryDuration(Duration.ofSeconds(3)));

        java.util.concurrent.CompletableFuture<Long> time = client.time();
        m.rt.drain();
        m.rt.advance(Duration.ofSeconds(2)); // primary times out at 2 s: a retry may start
        m.rt.advance(Duration.ofSeconds(2)); // the first fallback times out at 4 s: past 3 s, no more retries

        assertThat(m.fails(time).code()).isEqualTo(50003);
        assertThat(m.requests()).hasSize(2);
    }
}
