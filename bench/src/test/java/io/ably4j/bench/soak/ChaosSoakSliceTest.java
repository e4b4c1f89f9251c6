package io.ably4j.bench.soak;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.WebSocketEngine;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A short, seed-fixed slice of the chaos soak (issue 13 §2) on both WebSocket engines: 3 clients × 2 channels, 20 s
 * of faults each. The assertions are the soak's own failure counts, which do not depend on timing; the long run and
 * its table are in {@code docs/reliability.md}.
 */
class ChaosSoakSliceTest {
    @Test
    void seedFixedSliceOnBothEnginesHasNoFailures() throws InterruptedException {
        SoakConfig config = new SoakConfig(
                3,
                2,
                Duration.ofSeconds(20),
                20261205L,
                List.of(WebSocketEngine.JDK, WebSocketEngine.NIO),
                2,
                2,
                1,
                Duration.ofSeconds(1),
                Duration.ofSeconds(15));
        List<SoakResult> results = ChaosSoak.run(config, line -> {});
        String table = ChaosSoak.table(results);
        System.out.println(table);
        assertThat(results).hasSize(2);
        for (SoakResult r : results) {
            assertThat(r.allFailures()).as(table).isEmpty();
            assertThat(r.faults.values().stream().mapToInt(Integer::intValue).sum())
                    .as("faults injected")
                    .isPositive();
            assertThat(r.delivery.acked).as("messages ACKed").isPositive();
            assertThat(r.delivery.delivered).as("messages delivered").isPositive();
        }
    }
}
