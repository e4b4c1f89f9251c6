package io.ably4j.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelDetails;
import io.ably4j.ChannelMetrics;
import io.ably4j.internal.http.HttpCall;
import org.junit.jupiter.api.Test;

/** {@code RestChannel#status} (RSL8, CHD, CHS, CHO, CHM). */
class ChannelStatusTest {
    private final RestChannelHarness h = new RestChannelHarness();

    @Test
    void RSL8_status_gets_the_channel_and_reads_its_details() {
        h.answerJson(
                200,
                "{\"channelId\":\"test\",\"name\":\"test\",\"status\":{\"isActive\":true,\"occupancy\":{\"metrics\":"
                        + "{\"connections\":1,\"presenceConnections\":2,\"presenceMembers\":3,\"presenceSubscribers\":4,"
                        + "\"publishers\":5,\"subscribers\":6,\"objectPublishers\":7,\"objectSubscribers\":8}}}}");

        ChannelDetails details = h.await(h.json().channels().get("test").status());

        HttpCall call = h.onlyRequest();
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getPath()).isEqualTo("/channels/test");
        assertThat(details.channelId()).isEqualTo("test");
        assertThat(details.status().isActive()).isTrue();
        assertThat(details.status().occupancy().metrics()).isEqualTo(new ChannelMetrics(1, 2, 3, 4, 5, 6, 7, 8));
    }

    @Test
    void CHM2_absent_counts_are_zero() {
        h.answerJson(200, "{\"channelId\":\"test\",\"status\":{\"isActive\":false,\"occupancy\":{\"metrics\":{}}}}");

        ChannelDetails details = h.await(h.json().channels().get("test").status());

        assertThat(details.status().isActive()).isFalse();
        assertThat(details.status().occupancy().metrics()).isEqualTo(new ChannelMetrics(0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void RSL8_a_body_that_is_not_an_object_fails_with_50000() {
        h.answerJson(200, "[1]");

        assertThat(h.failure(h.json().channels().get("test").status()).code()).isEqualTo(50000);
    }

    @Test
    void RSL8_an_error_response_fails_the_request() {
        h.answerJson(401, "{\"error\":{\"code\":40160,\"statusCode\":401,\"message\":\"denied\"}}");

        assertThat(h.failure(h.json().channels().get("test").status()).code()).isEqualTo(40160);
    }
}
