package io.ably4j.bench.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The driver's bookkeeping: result lines, medians, ratios and goal verdicts (no timing involved). */
class ReportTest {
    @Test
    void resultLine_roundTrips() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("sdk", "ably4j");
        values.put("scenario", "throughput");
        values.put("msgsPerSec", 12345.6789);
        values.put("nacked", 0L);
        String line = ResultLine.format(values);
        assertThat(line).isEqualTo("RESULT sdk=ably4j scenario=throughput msgsPerSec=12345.679 nacked=0");
        ResultLine parsed = ResultLine.parse(line);
        assertThat(parsed.number("msgsPerSec")).isEqualTo(12345.679);
        assertThat(parsed.text("sdk", "?")).isEqualTo("ably4j");
        assertThat(ResultLine.isResult("READY")).isFalse();
    }

    @Test
    void resultLine_rejectsMalformedInput() {
        assertThatThrownBy(() -> ResultLine.parse("RESULT sdk")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResultLine.parse("nothing")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResultLine.format(Map.of("a b", 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResultLine.parse("RESULT a=1").number("b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void median_ofOddAndEvenCounts() {
        assertThat(Report.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Report.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(Report.median(List.of())).isNaN();
    }

    @Test
    void goals_onRatiosAndOnValues() {
        Report.Goal atLeast3 = Report.Goal.ratioAtLeast(3);
        assertThat(atLeast3.met(0, 3.0)).isTrue();
        assertThat(atLeast3.met(0, 2.9)).isFalse();
        assertThat(atLeast3.met(0, Double.NaN)).isFalse();
        Report.Goal atMostHalf = Report.Goal.ratioAtMost(0.5);
        assertThat(atMostHalf.met(0, 0.5)).isTrue();
        assertThat(atMostHalf.met(0, 0.51)).isFalse();
        Report.Goal heap = Report.Goal.valueAtMost(16, " KiB");
        assertThat(heap.met(15.9, 100)).isTrue(); // the ratio does not matter for a value goal
        assertThat(heap.met(16.1, 0.01)).isFalse();
    }

    @Test
    void render_usesMediansOverRounds_andTheRatioOfMedians() {
        Report r = new Report();
        r.add(ResultLine.parse("RESULT sdk=ably4j scenario=throughput msgsPerSec=30000"));
        r.add(ResultLine.parse("RESULT sdk=ably4j scenario=throughput msgsPerSec=36000"));
        r.add(ResultLine.parse("RESULT sdk=ably4j scenario=throughput msgsPerSec=33000"));
        r.add(ResultLine.parse("RESULT sdk=ably-java scenario=throughput msgsPerSec=10000"));
        r.add(ResultLine.parse("RESULT sdk=ably-java scenario=throughput msgsPerSec=12000"));
        r.add(ResultLine.parse("RESULT sdk=ably4j scenario=footprint heapPerClientKiB=20"));
        r.add(ResultLine.parse("RESULT sdk=ably-java scenario=footprint heapPerClientKiB=120"));
        assertThat(r.values("ably4j", "throughput", "msgsPerSec")).containsExactly(30000.0, 36000.0, 33000.0);
        String table = r.render();
        assertThat(table)
                .contains(
                        "| throughput | publish-with-ACK throughput, msgs/s | 33000 (30000–36000) | 11000 (10000–12000)"
                                + " | 3.00 | ≥ 3× | **met** |");
        assertThat(table).contains("| 20 | 120 | 0.17 | ably4j ≤ 16 KiB | **not met** |");
        assertThat(table).doesNotContain("latency"); // no rows without data
    }

    @Test
    void render_theBareReaderRows_forCpuAndSaturation() {
        Report r = new Report();
        r.add(ResultLine.parse("RESULT sdk=ably4j-direct scenario=cpu cpuMsPer100kExclJit=1100"));
        r.add(ResultLine.parse("RESULT sdk=raw scenario=cpu cpuMsPer100kExclJit=880"));
        r.add(ResultLine.parse("RESULT sdk=ably-java scenario=cpu cpuMsPer100kExclJit=1600"));
        r.add(ResultLine.parse("RESULT sdk=ably4j-direct scenario=saturation msgsPerSec=2000000"));
        r.add(ResultLine.parse("RESULT sdk=raw scenario=saturation msgsPerSec=4000000"));
        r.add(ResultLine.parse("RESULT sdk=ably-java scenario=saturation msgsPerSec=250000"));
        String table = r.render();
        assertThat(table).contains("| 1100 | 1600 | 0.69 | ≤ 0.50× | **not met** |");
        assertThat(table)
                .contains("| cpu | … a bare WebSocket reader of the same messages (raw: 880): ably4j-direct / raw,"
                        + " raw / ably-java | 1.25 | 0.55 |");
        assertThat(table)
                .contains("relative to a bare WebSocket reader (raw: 4000000) | 0.50 | 0.06 |  | ≥ 0.7 of raw"
                        + " | **not met** |");
        Report noBaseline = new Report(); // a ratio to a baseline that did not run is "–", not NaN
        noBaseline.add(ResultLine.parse("RESULT sdk=ably4j-direct scenario=saturation msgsPerSec=2000000"));
        noBaseline.add(ResultLine.parse("RESULT sdk=raw scenario=saturation msgsPerSec=4000000"));
        assertThat(noBaseline.render()).contains("(raw: 4000000) | 0.50 | – |").doesNotContain("NaN");
    }

    @Test
    void render_oneTablePerAbly4jEngine_eachAgainstTheBaseline() {
        Report r = new Report();
        r.add(ResultLine.parse("RESULT sdk=ably4j scenario=footprint heapPerClientKiB=60"));
        r.add(ResultLine.parse("RESULT sdk=ably4j-nio scenario=footprint heapPerClientKiB=6"));
        r.add(ResultLine.parse("RESULT sdk=ably-java scenario=footprint heapPerClientKiB=100"));
        String tables = r.render();
        assertThat(tables).contains("| ably4j / ably-java |").contains("| ably4j-nio / ably-java |");
        assertThat(tables).contains("| 60 | 100 | 0.60 | ably4j ≤ 16 KiB | **not met** |");
        assertThat(tables).contains("| 6 | 100 | 0.06 | ably4j ≤ 16 KiB | **met** |");
        Report onlyDefault = new Report();
        onlyDefault.add(ResultLine.parse("RESULT sdk=ably4j scenario=footprint heapPerClientKiB=60"));
        assertThat(onlyDefault.render()).doesNotContain("ably4j-nio");
    }

    @Test
    void payload_carriesTheSendTime() {
        String p = Payloads.stamped(123_456_789L, 100);
        assertThat(p).hasSize(100).startsWith("123456789:x");
        assertThat(Payloads.sentNanos(p)).isEqualTo(123_456_789L);
        assertThat(Payloads.stamped(-5, 4)).isEqualTo("-5:x");
        assertThat(Payloads.sentNanos("xxxx")).isEqualTo(Long.MIN_VALUE);
        assertThat(Payloads.sentNanos("12a:x")).isEqualTo(Long.MIN_VALUE);
        assertThat(Payloads.sentNanos(new byte[0])).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void latencyRecorder_nearestRankPercentiles() {
        LatencyRecorder rec = new LatencyRecorder(1000);
        for (int i = 1000; i >= 1; i--) {
            rec.record(i);
        }
        rec.record(5000); // over capacity: counted, not kept
        long[] sorted = rec.sorted();
        assertThat(sorted).hasSize(1000);
        assertThat(rec.overflow()).isEqualTo(1);
        assertThat(LatencyRecorder.percentile(sorted, 50)).isEqualTo(500);
        assertThat(LatencyRecorder.percentile(sorted, 99)).isEqualTo(990);
        assertThat(LatencyRecorder.percentile(sorted, 99.9)).isEqualTo(999);
        assertThat(LatencyRecorder.percentile(sorted, 100)).isEqualTo(1000);
        assertThat(LatencyRecorder.percentile(new long[0], 99)).isZero();
    }

    @Test
    void workerOptions_parseWithDefaults_andRejectUnknownOptions() {
        Worker.Options o =
                Worker.Options.parse(new String[] {"--sdk", "ably4j", "--scenario", "cpu", "--port", "1234"});
        assertThat(o.port()).isEqualTo(1234);
        assertThat(o.size()).isEqualTo(100);
        assertThat(o.key()).isEqualTo(SideBySide.KEY);
        assertThatThrownBy(() -> Worker.Options.parse(
                        new String[] {"--sdk", "ably4j", "--scenario", "cpu", "--port", "1", "--nope", "1"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> Worker.Options.parse(new String[] {"--sdk", "ably4j"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--scenario");
    }

    @Test
    void driverSettings_defaultsAndWorkerFlagReplacement() {
        SideBySide.Settings d = SideBySide.Settings.parse(new String[0]);
        assertThat(d.rounds()).isEqualTo(3);
        assertThat(d.workerFlags()).isEqualTo(SideBySide.DEFAULT_WORKER_FLAGS);
        SideBySide.Settings s = SideBySide.Settings.parse(
                new String[] {"--rounds", "1", "--worker-jvm-arg", "-Xmx2g", "--worker-jvm-arg", "-XX:+UseSerialGC"});
        assertThat(s.rounds()).isEqualTo(1);
        assertThat(s.workerFlags()).containsExactly("-Xmx2g", "-XX:+UseSerialGC");
        assertThat(d.saturationSkip()).isEqualTo(200_000);
        assertThat(SideBySide.Settings.parse(new String[] {"--saturation-skip", "0"})
                        .saturationSkip())
                .isZero();
        assertThat(SideBySide.Settings.parse(new String[] {"--saturation-messages", "100000"})
                        .saturationSkip())
                .isEqualTo(20_000);
        assertThatThrownBy(() -> SideBySide.Settings.parse(
                        new String[] {"--saturation-messages", "1000", "--saturation-skip", "999"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Worker.Options.parse(new String[] {"--sdk", "a", "--scenario", "saturation", "--port", "1"})
                        .skipMessages())
                .isZero();
        assertThat(d.saturationDrains()).isEqualTo(2);
        assertThatThrownBy(() -> SideBySide.Settings.parse(new String[] {"--saturation-drains", "0"}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Worker.Options.parse(new String[] {"--sdk", "a", "--scenario", "saturation", "--port", "1"})
                        .drains())
                .isEqualTo(1);
        assertThatThrownBy(() -> SideBySide.Settings.parse(new String[] {"--bogus", "1"}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void restRows_onlyInTheDefaultEngineTable_withTheRatioOfMedians() {
        Report r = new Report();
        r.add(ResultLine.parse("RESULT sdk=ably4j scenario=rest requestsPerSec=4000 cpuUsPerRequest=100"));
        r.add(ResultLine.parse("RESULT sdk=ably4j scenario=rest requestsPerSec=6000 cpuUsPerRequest=140"));
        r.add(ResultLine.parse("RESULT sdk=ably4j scenario=rest requestsPerSec=5000 cpuUsPerRequest=120"));
        r.add(ResultLine.parse("RESULT sdk=ably-java scenario=rest requestsPerSec=2500 cpuUsPerRequest=240"));
        r.add(ResultLine.parse("RESULT sdk=ably4j-nio scenario=footprint heapPerClientKiB=6"));
        r.add(ResultLine.parse("RESULT sdk=ably-java scenario=footprint heapPerClientKiB=100"));
        String ably4j = r.render(Report.SUBJECT);
        assertThat(ably4j)
                .contains(
                        "| rest | REST publish throughput, requests/s (W in flight) | 5000 (4000–6000) | 2500 | 2.00 |  |  |")
                .contains("| rest | worker CPU per REST publish (incl. JIT), µs | 120 (100–140) | 240 | 0.50 |  |  |");
        // REST does not use the WebSocket engine: no REST rows (not even ably-java's) in the NIO table.
        String nio = r.render(Report.NIO_SUBJECT);
        assertThat(nio).contains("| footprint |").doesNotContain("| rest |");
    }

    @Test
    void presenceSyncRows_forEveryEngine() {
        Report r = new Report();
        r.add(ResultLine.parse("RESULT sdk=ably4j scenario=presence-sync syncMs=300 heapBytesPerMember=400"));
        r.add(ResultLine.parse("RESULT sdk=ably4j-nio scenario=presence-sync syncMs=250 heapBytesPerMember=400"));
        r.add(ResultLine.parse("RESULT sdk=ably-java scenario=presence-sync syncMs=500 heapBytesPerMember=800"));
        assertThat(r.render(Report.SUBJECT))
                .contains(
                        "| presence-sync | SYNC of N members to a late attacher (attach → get), ms | 300 | 500 | 0.60 |")
                .contains("| presence-sync | heap retained per member, bytes | 400 | 800 | 0.50 |");
        assertThat(r.render(Report.NIO_SUBJECT)).contains("| 250 | 500 | 0.50 |");
    }

    @Test
    void allocation_isSummedOverThreads_countingNewThreadsInFull_andMissingEndedOnes() {
        Map<Long, Long> before = Map.of(1L, 1000L, 2L, 500L, 3L, 70L);
        Map<Long, Long> after = Map.of(1L, 1600L, 2L, 500L, 4L, 300L); // 3 ended, 4 started
        assertThat(RestPresenceScenarios.allocatedBetween(before, after)).isEqualTo(600 + 0 + 300);
        assertThat(RestPresenceScenarios.allocatedBetween(Map.of(), Map.of())).isZero();
    }

    @Test
    void options_forTheRestAndPresenceScenarios() {
        Worker.Options o = Worker.Options.parse(new String[] {
            "--sdk", "ably-java", "--scenario", "presence-sync", "--port", "1", "--channel", "p", "--members", "500"
        });
        assertThat(o.members()).isEqualTo(500);
        assertThat(o.channel()).isEqualTo("p");
        assertThat(Worker.Options.parse(new String[] {"--sdk", "a", "--scenario", "rest", "--port", "1"})
                        .members())
                .isEqualTo(10_000);
        SideBySide.Settings d = SideBySide.Settings.parse(new String[0]);
        assertThat(d.scenarios()).endsWith("rest", "presence-sync");
        assertThat(d.restWindow()).isEqualTo(10);
        assertThat(d.members()).isEqualTo(10_000);
        assertThat(d.memberSize()).isEqualTo(20);
        SideBySide.Settings s = SideBySide.Settings.parse(
                new String[] {"--scenarios", "rest,presence-sync", "--rest-window", "4", "--members", "100"});
        assertThat(s.scenarios()).containsExactly("rest", "presence-sync");
        assertThat(s.restWindow()).isEqualTo(4);
        assertThat(s.members()).isEqualTo(100);
    }
}
