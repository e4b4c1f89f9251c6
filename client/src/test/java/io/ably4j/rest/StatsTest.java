package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeClient;
import io.ably4j.RestClient;
import io.ably4j.Stats;
import io.ably4j.StatsParams;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.types.ErrorInfo;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code stats()} of the REST client (RSC6) and UTS {@code realtime/unit/client/realtime_stats.md} (RTC5): the realtime
 * client's {@code stats()} is the same request with the same results. UTS has no {@code rest/unit/stats.md}; the RTC5
 * case asks for the RSC6 behaviour on a realtime client, which {@link #RTC5_stats_proxies_rest_0} checks.
 */
class StatsTest {
    private static final String PAGE = "[{\"intervalId\":\"2024-01-31:14:05\",\"unit\":\"minute\","
            + "\"entries\":{\"messages\":{\"all\":{\"all\":{\"count\":3}}}}}]";

    private final RestMock m = new RestMock();

    @AfterEach
    void close() {
        m.close();
    }

    private static StatsParams params() {
        return StatsParams.builder()
                .start(1_706_700_000_000L)
                .end(1_706_710_000_000L)
                .direction(StatsParams.Direction.FORWARDS)
                .limit(10)
                .unit(StatsParams.Unit.HOUR)
                .build();
    }

    private static void assertStatsRequest(HttpCall call) {
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getPath()).isEqualTo("/stats");
        assertThat(RestMock.query(call))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "start", "1706700000000",
                        "end", "1706710000000",
                        "direction", "forwards",
                        "limit", "10",
                        "unit", "hour"));
        assertThat(RestMock.basicCredentials(call)).isEqualTo("appId.keyId:keySecret");
    }

    private static void assertPage(PaginatedResult<Stats> page) {
        assertThat(page.items()).hasSize(1);
        assertThat(page.items().get(0).entries()).containsEntry("messages.all.all.count", 3L);
        assertThat(page.hasNext()).isTrue();
    }

    @Test
    void RSC6_statsSendsParamsAndDecodesPages() {
        m.queue(200, PAGE, Map.of("Link", "<./stats?cursor=c2>; rel=\"next\""));
        m.always(200, "[]");
        RestClient client = m.client();

        PaginatedResult<Stats> page = m.await(client.stats(params()));

        assertStatsRequest(m.request(0));
        assertPage(page);
        PaginatedResult<Stats> next = Objects.requireNonNull(m.await(page.next()));
        assertThat(next.items()).isEmpty();
        assertThat(RestMock.query(m.request(1))).containsEntry("cursor", "c2");
    }

    @Test
    void RSC6_statsErrorFailsTheFuture() {
        m.always(401, "{\"error\":{\"code\":40100,\"statusCode\":401,\"message\":\"Unauthorized\"}}");
        RestClient client = m.client();

        ErrorInfo error = m.fails(client.stats());

        assertThat(error.code()).isEqualTo(40100);
    }

    @Test
    void RTC5_stats_proxies_rest_0() {
        try (RestHarness h = new RestHarness()) {
            h.http.queue(call -> io.ably4j.testing.MockHttp.respond(
                    200,
                    PAGE,
                    Map.of("Content-Type", "application/json", "Link", "<./stats?cursor=c2>; rel=\"next\"")));
            h.http.handler = call -> io.ably4j.testing.MockHttp.json(
                    401, "{\"error\":{\"code\":40100,\"statusCode\":401,\"message\":\"Unauthorized\"}}");
            RealtimeClient client = h.client();

            PaginatedResult<Stats> page = h.rt.await(client.stats(params()));

            assertStatsRequest(h.http.requests.get(0));
            assertPage(page);
            Throwable failure = h.rt.awaitError(client.stats());
            assertThat(failure)
                    .isInstanceOfSatisfying(
                            io.ably4j.types.AblyException.class,
                            e -> assertThat(e.errorInfo().code()).isEqualTo(40100));
            assertThat(h.http.requests).hasSize(2);
        }
    }
}
