package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.RestClient;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** TO3l3, TO3l4, TO3l6 over the real JDK HTTP client: extreme durations saturate and requests still work. */
class ExtremeHttpDurationsTest {
    static Stream<Duration> extremes() {
        return Stream.of(ChronoUnit.FOREVER.getDuration(), Duration.ofDays(365L * 1000));
    }

    @ParameterizedTest
    @MethodSource("extremes")
    void TO3l_extremeHttpTimeouts_requestStillCompletes(Duration d) throws Exception {
        try (LoopbackHttpServer server =
                new LoopbackHttpServer(n -> new LoopbackHttpServer.Response(200, "application/json", "[42]"))) {
            RestClient client = new RestClient(ClientOptions.builder()
                    .token("a-token")
                    .endpoint("localhost")
                    .tls(false)
                    .port(server.port())
                    .httpOpenTimeout(d)
                    .httpRequestTimeout(d)
                    .httpMaxRetryDuration(d)
                    .fallbackRetryTimeout(d)
                    .build());
            try {
                assertThat(client.time().get(20, TimeUnit.SECONDS)).isEqualTo(42L);
            } finally {
                client.close();
            }
        }
    }
}
