package io.ably4j.internal.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.types.ErrorInfo;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link HostPolicy}: the RSC15f memory at its edges, RTN17e, RSC15l classification and the RSC15a shuffle. */
class HostPolicyEdgeCasesTest {
    private static final String PRIMARY = "main.realtime.ably.net";
    private static final List<String> FALLBACKS =
            List.of("a.example", "b.example", "c.example", "d.example", "e.example");
    private static final long SECOND = 1_000_000_000L;

    private static HostPolicy policy(Duration fallbackRetryTimeout) {
        return new HostPolicy(PRIMARY, FALLBACKS, URI.create("https://check.example/up"), fallbackRetryTimeout);
    }

    // ---------------------------------------------------------------- RSC15f

    @Test
    void RSC15f_storedForExactlyTheTimeout() {
        HostPolicy p = policy(Duration.ofSeconds(10));
        long t0 = 5 * SECOND;
        p.httpSucceeded("b.example", p.generation(), t0);

        assertThat(p.preferredHttpHost(t0)).isEqualTo("b.example");
        assertThat(p.preferredHttpHost(t0 + 10 * SECOND - 1)).isEqualTo("b.example");
        assertThat(p.preferredHttpHost(t0 + 10 * SECOND)).isEqualTo(PRIMARY);
        assertThat(p.preferredHttpHost(t0 + SECOND)).as("expiry is final").isEqualTo(PRIMARY);
    }

    @Test
    void RSC15f_hugeFallbackRetryTimeoutSaturatesInsteadOfOverflowing() {
        HostPolicy p = policy(Duration.ofSeconds(Long.MAX_VALUE)); // toNanos() would overflow
        long now = Long.MAX_VALUE - 10; // a nanoTime about to wrap
        p.httpSucceeded("a.example", p.generation(), now);

        assertThat(p.preferredHttpHost(now)).isEqualTo("a.example");
        assertThat(p.preferredHttpHost(now + 20))
                .as("across the wrap of the clock")
                .isEqualTo("a.example");
        long centuryNanos = Duration.ofDays(365L * 100).toNanos();
        assertThat(p.preferredHttpHost(now + centuryNanos)).isEqualTo("a.example");
    }

    @Test
    void RSC15f_hugeTimeoutFromTheOptions() {
        ClientOptions options = ClientOptions.builder()
                .key("appId.keyId:keySecret")
                .fallbackRetryTimeout(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999))
                .build();
        HostPolicy p = HostPolicy.of(options);
        p.httpSucceeded("main.c.fallback.ably-realtime.com", p.generation(), 1);

        assertThat(p.preferredHttpHost(Duration.ofDays(365L * 50).toNanos()))
                .isEqualTo("main.c.fallback.ably-realtime.com");
    }

    @Test
    void RSC15f_lateSuccessAfterExpiryDoesNotRepin() {
        HostPolicy p = policy(Duration.ofMillis(100));
        p.httpSucceeded("a.example", p.generation(), SECOND);
        long started = p.generation(); // a request to the stored host starts
        assertThat(p.preferredHttpHost(SECOND + 1)).isEqualTo("a.example");

        long later = SECOND + Duration.ofMillis(150).toNanos();
        assertThat(p.preferredHttpHost(later)).isEqualTo(PRIMARY); // expired: forgotten
        p.httpSucceeded("a.example", started, later + 1); // the held request succeeds late

        assertThat(p.preferredHttpHost(later + 2)).isEqualTo(PRIMARY);
    }

    @Test
    void RSC15f_lateSuccessAfterAFailureDoesNotRepin_butALaterRequestDoes() {
        HostPolicy p = policy(Duration.ofMinutes(10));
        p.httpSucceeded("a.example", p.generation(), 10);
        long before = p.generation(); // a request starts
        p.httpFailed("a.example", 20); // another request saw it fail

        p.httpSucceeded("a.example", before, 30); // started before the failure
        assertThat(p.preferredHttpHost(31)).isEqualTo(PRIMARY);
        p.httpSucceeded("b.example", before, 40);
        assertThat(p.preferredHttpHost(41)).isEqualTo(PRIMARY);

        p.httpSucceeded("b.example", p.generation(), 20); // started after, even on a clock that has not moved
        assertThat(p.preferredHttpHost(51)).isEqualTo("b.example");
    }

    @Test
    void RSC15f_succeedingAgainDoesNotExtendTheTime() {
        HostPolicy p = policy(Duration.ofSeconds(10));
        p.httpSucceeded("a.example", p.generation(), 0);
        p.httpSucceeded("a.example", p.generation(), 5 * SECOND);

        assertThat(p.preferredHttpHost(10 * SECOND)).isEqualTo(PRIMARY);
    }

    @Test
    void RSC15f_expiryNoticedOnlyBySuccessStillBlocksOlderRequests() {
        HostPolicy p = policy(Duration.ofMillis(100));
        long ms = 1_000_000L;
        long started = p.generation();
        p.httpSucceeded("a.example", started, 0);
        // no preferredHttpHost call after expiry: the success at 200 ms notices it
        p.httpSucceeded("a.example", started, 200 * ms);

        assertThat(p.preferredHttpHost(201 * ms)).isEqualTo(PRIMARY);
    }

    @Test
    void RSC15f_failureOfAnotherHostKeepsTheStoredOne() {
        HostPolicy p = policy(Duration.ofMinutes(10));
        p.httpSucceeded("a.example", p.generation(), 10);
        p.httpFailed("b.example", 20);
        p.httpFailed(PRIMARY, 20);

        assertThat(p.preferredHttpHost(30)).isEqualTo("a.example");
    }

    @Test
    void RSC15f_primaryIsNeverStored() {
        HostPolicy p = policy(Duration.ofMinutes(10));
        p.httpSucceeded("a.example", p.generation(), 10);
        p.httpSucceeded(PRIMARY, p.generation(), 30);

        assertThat(p.preferredHttpHost(40)).isEqualTo("a.example");
    }

    // ---------------------------------------------------------------- RTN17e

    @Test
    void RTN17e_realtimeFallbackWinsWhileConnectedToIt() {
        HostPolicy p = policy(Duration.ofMinutes(10));
        p.httpSucceeded("a.example", p.generation(), 10);
        p.realtimeConnectedTo("c.example");

        assertThat(p.realtimeFallback()).isEqualTo("c.example");
        assertThat(p.preferredHttpHost(20)).isEqualTo("c.example");
        p.httpFailed("c.example", 30); // an HTTP failure there does not move the connection
        assertThat(p.preferredHttpHost(40)).isEqualTo("c.example");
        p.httpSucceeded("c.example", p.generation(), 60); // nor is it stored (it is the connection's)

        p.realtimeConnectedTo(PRIMARY);
        assertThat(p.realtimeFallback()).isNull();
        assertThat(p.preferredHttpHost(70)).isEqualTo("a.example");
        p.realtimeConnectedTo(null);
        assertThat(p.preferredHttpHost(80)).isEqualTo("a.example");
    }

    // ---------------------------------------------------------------- RSC15l

    @Test
    void RSC15l_httpStatuses() {
        for (int s : new int[] {500, 501, 502, 503, 504}) {
            assertThat(HostPolicy.qualifiesForFallback(s, null)).as("%d", s).isTrue();
        }
        for (int s : new int[] {200, 400, 401, 404, 499, 505, 599}) {
            assertThat(HostPolicy.qualifiesForFallback(s, null)).as("%d", s).isFalse();
        }
        assertThat(HostPolicy.qualifiesForFallback(400, "CloudFront")).isTrue();
        assertThat(HostPolicy.qualifiesForFallback(404, " cloudfront ")).isTrue();
        assertThat(HostPolicy.qualifiesForFallback(505, "CloudFront")).isTrue();
        assertThat(HostPolicy.qualifiesForFallback(399, "CloudFront")).isFalse();
        assertThat(HostPolicy.qualifiesForFallback(403, "AmazonS3")).isFalse();
    }

    @Test
    void RTN17f_errorInfoStatuses() {
        assertThat(HostPolicy.qualifiesForFallback(ErrorInfo.of(80003, 503, "gone")))
                .isTrue();
        assertThat(HostPolicy.qualifiesForFallback(ErrorInfo.of(80014, 408, "timeout")))
                .isTrue();
        assertThat(HostPolicy.qualifiesForFallback(ErrorInfo.of(40142, 401, "token")))
                .isFalse();
        assertThat(HostPolicy.qualifiesForFallback(ErrorInfo.of(50000, 505, "x")))
                .isFalse();
    }

    // ---------------------------------------------------------------- RSC15a

    @Test
    void RSC15a_shuffleIsAPermutationForAnyRandomValue() {
        HostPolicy p = policy(Duration.ofMinutes(10));
        for (double r : new double[] {0.0, 0.25, 0.5, 0.999999, 1.0, -0.5, 7.0}) {
            assertThat(p.shuffledFallbacks(() -> r)).as("%s", r).containsExactlyInAnyOrderElementsOf(FALLBACKS);
        }
        assertThat(p.fallbacks()).as("the policy's own list is unchanged").isEqualTo(FALLBACKS);
    }

    @Test
    void RSC15a_shuffleIsUniform() {
        HostPolicy p = policy(Duration.ofMinutes(10));
        Random random = new Random(42); // seeded: the counts below are fixed
        Map<String, Integer> first = new HashMap<>();
        Set<List<String>> orders = new HashSet<>();
        int trials = 12_000;
        for (int i = 0; i < trials; i++) {
            List<String> order = p.shuffledFallbacks(random::nextDouble);
            first.merge(order.get(0), 1, Integer::sum);
            orders.add(order);
        }
        assertThat(orders).as("every one of the 120 orders occurs").hasSize(120);
        assertThat(first.values()).allSatisfy(n -> assertThat(n).isBetween(2_200, 2_600)); // 2,400 expected
    }

    @Test
    void RSC15m_emptyFallbacks() {
        HostPolicy p = new HostPolicy(PRIMARY, List.of(), URI.create("https://x.example/"), Duration.ofMinutes(1));

        assertThat(p.hasFallbacks()).isFalse();
        assertThat(p.shuffledFallbacks(() -> 0.5)).isEmpty();
        assertThat(p.preferredHttpHost(0)).isEqualTo(PRIMARY);
    }
}
