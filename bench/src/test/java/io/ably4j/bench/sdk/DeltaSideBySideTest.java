package io.ably4j.bench.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.Emulator;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A short, seed-fixed run of the delta benchmark with both SDKs in this JVM against an in-process emulator: every
 * payload arrives intact, and with {@code delta=vcdiff} the subscriber receives far fewer bytes than without (so the
 * deltas were really used and decoded). The figures themselves are in {@code docs/benchmarks.md}.
 */
class DeltaSideBySideTest {
    private static final DeltaTrial.Plan PLAN = new DeltaTrial.Plan(20261205L, 10 * 1024, 50, 500, 250, 500);

    @Test
    void bothSdksDecodeEveryDeltaAndReceiveFarFewerBytes() throws Exception {
        Emulator emulator = Emulator.builder().port(0).key(SideBySide.KEY).build();
        HttpClient http = HttpClient.newHttpClient();
        List<Map<String, String>> results = new ArrayList<>();
        try {
            for (String sdk : List.of(Report.SUBJECT, Report.BASELINE)) {
                Map<String, String> plain = trial(emulator, http, sdk, false);
                Map<String, String> delta = trial(emulator, http, sdk, true);
                results.add(plain);
                results.add(delta);
                for (Map<String, String> r : List.of(plain, delta)) {
                    assertThat(r.get("received")).as(sdk + " received").isEqualTo("300");
                    assertThat(r.get("mismatches"))
                            .as(sdk + " payload mismatches")
                            .isEqualTo("0");
                    assertThat(r.get("notBinary"))
                            .as(sdk + " non-binary payloads")
                            .isEqualTo("0");
                }
                double plainBytes = Double.parseDouble(plain.get("wireBytesPerMsg"));
                double deltaBytes = Double.parseDouble(delta.get("wireBytesPerMsg"));
                assertThat(plainBytes).as(sdk + " wire bytes without delta").isGreaterThan(PLAN.size());
                assertThat(deltaBytes).as(sdk + " wire bytes with delta").isLessThan(plainBytes / 10);
            }
        } finally {
            System.out.println(DeltaSideBySide.render(results, List.of(Report.SUBJECT, Report.BASELINE)));
            emulator.close();
        }
    }

    private static Map<String, String> trial(Emulator emulator, HttpClient http, String sdk, boolean delta)
            throws Exception {
        return DeltaTrial.run(http, emulator.port(), SideBySide.KEY, sdk, delta, PLAN, 30, DeltaTrial::inProcess);
    }
}
