package io.ably4j.internal.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.Stats;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.AblyException;
import io.ably4j.types.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link StatsDecoder}: the body of {@code GET /stats} in JSON and msgpack (RSC6a, TS12). */
class StatsDecoderTest {
    private static final String BODY = "[{\"intervalId\":\"2024-01-31:14:05\",\"unit\":\"minute\",\"schema\":"
            + "\"https://schemas.ably.com/json/app-stats-0.0.5.json\",\"appId\":\"app1\",\"inProgress\":"
            + "\"2024-01-31:14:05\",\"entries\":{\"messages\":{\"all\":{\"all\":{\"count\":12,\"data\":3456}},"
            + "\"inbound.realtime.all.count\":2},\"peakRates.messages\":1.5},\"unknownField\":{\"x\":1}},"
            + "{\"intervalId\":\"2024-01-31:13\",\"unit\":\"hour\",\"entries\":{\"messages.all.all.count\":7}}]";

    private static HttpResult response(WireFormat format, String json) {
        byte[] body = format == WireFormat.JSON
                ? json.getBytes(StandardCharsets.UTF_8)
                : ProtocolCodec.create(format).encodeJson(Json.parse(json));
        return new HttpResult(200, Map.of("Content-Type", List.of(format.mimeType())), body);
    }

    private static void assertDecoded(List<Stats> stats) {
        assertThat(stats).hasSize(2);
        Stats minute = stats.get(0);
        assertThat(minute.intervalId()).isEqualTo("2024-01-31:14:05");
        assertThat(minute.intervalTime()).isEqualTo(Instant.parse("2024-01-31T14:05:00Z"));
        assertThat(minute.unit()).isEqualTo("minute");
        assertThat(minute.inProgress()).isEqualTo("2024-01-31:14:05");
        assertThat(minute.schema()).isEqualTo("https://schemas.ably.com/json/app-stats-0.0.5.json");
        assertThat(minute.appId()).isEqualTo("app1");
        assertThat(minute.entries())
                .containsExactly(
                        Map.entry("messages.all.all.count", 12L),
                        Map.entry("messages.all.all.data", 3456L),
                        Map.entry("messages.inbound.realtime.all.count", 2L),
                        Map.entry("peakRates.messages", 1.5));
        Stats hour = stats.get(1);
        assertThat(hour.intervalTime()).isEqualTo(Instant.parse("2024-01-31T13:00:00Z"));
        assertThat(hour.entries()).containsExactly(Map.entry("messages.all.all.count", 7L));
        assertThat(hour.schema()).isNull();
        assertThat(hour.inProgress()).isNull();
    }

    @Test
    void RSC6a_decodesJsonAndFlattensNestedEntries() {
        assertDecoded(StatsDecoder.decode(WireFormat.JSON, response(WireFormat.JSON, BODY)));
    }

    @Test
    void RSC6a_decodesMsgpackAndFlattensNestedEntries() {
        assertDecoded(StatsDecoder.decode(WireFormat.MSGPACK, response(WireFormat.MSGPACK, BODY)));
    }

    /** The response's own Content-Type decides, whatever the client's format. */
    @Test
    void RSC6a_decodesByTheResponseContentType() {
        assertDecoded(StatsDecoder.decode(WireFormat.JSON, response(WireFormat.MSGPACK, BODY)));
    }

    @Test
    void TS12p_intervalTimeOfEachUnit() {
        assertThat(StatsDecoder.intervalTime("2024-01-31:14:05")).isEqualTo(Instant.parse("2024-01-31T14:05:00Z"));
        assertThat(StatsDecoder.intervalTime("2024-01-31:14")).isEqualTo(Instant.parse("2024-01-31T14:00:00Z"));
        assertThat(StatsDecoder.intervalTime("2024-01-31")).isEqualTo(Instant.parse("2024-01-31T00:00:00Z"));
        assertThat(StatsDecoder.intervalTime("2024-01")).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(StatsDecoder.intervalTime("not-a-time")).isNull();
    }

    @Test
    void emptyArrayIsNoStats() {
        assertThat(StatsDecoder.decode(WireFormat.JSON, response(WireFormat.JSON, "[]")))
                .isEmpty();
    }

    @Test
    void itemWithoutIntervalIdIsAnError() {
        assertThatThrownBy(
                        () -> StatsDecoder.decode(WireFormat.JSON, response(WireFormat.JSON, "[{\"unit\":\"hour\"}]")))
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(50000));
    }

    @Test
    void itemThatIsNotAnObjectIsAnError() {
        assertThatThrownBy(() -> StatsDecoder.decode(WireFormat.JSON, response(WireFormat.JSON, "[1]")))
                .isInstanceOf(AblyException.class);
    }
}
