package io.ably4j.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** The rewind param: by count across frames (trimming the oldest), by period, capped at 100, presence skipped. */
@NullUnmarked
class RewindTest {
    private final ChannelState ch = new ChannelState("c", 3_600_000);

    private void publish(long time, String... data) {
        List<Object> items = new ArrayList<>();
        for (String d : data) {
            items.add(Map.of("name", "m", "data", d));
        }
        ch.nextSerial();
        ch.append(Frame.of(Frame.MESSAGE).put("messages", items), time);
    }

    private static List<Object> data(List<Frame> frames) {
        List<Object> out = new ArrayList<>();
        frames.forEach(f -> f.maps("messages").forEach(m -> out.add(m.get("data"))));
        return out;
    }

    @Test
    void byCountTrimsTheOldestFrame() throws ErrorInfo {
        publish(1_000, "a", "b");
        ch.nextSerial();
        ch.append(Frame.of(Frame.PRESENCE).put("presence", List.of()), 1_500);
        publish(2_000, "c", "d");
        assertThat(data(Rewind.backlog(ch, "3", 3_000))).containsExactly("b", "c", "d");
        assertThat(data(Rewind.backlog(ch, "1", 3_000))).containsExactly("d");
        assertThat(data(Rewind.backlog(ch, "0", 3_000))).isEmpty();
        assertThat(Rewind.backlog(ch, null, 3_000)).isEmpty();
    }

    @Test
    void byPeriod() throws ErrorInfo {
        publish(1_000, "old");
        publish(50_000, "recent");
        assertThat(data(Rewind.backlog(ch, "20s", 60_000))).containsExactly("recent");
        assertThat(data(Rewind.backlog(ch, "1m", 60_000))).containsExactly("old", "recent");
        assertThat(data(Rewind.backlog(ch, "1h", 60_000))).containsExactly("old", "recent");
    }

    @Test
    void cappedAtOneHundred() throws ErrorInfo {
        for (int i = 0; i < 120; i++) {
            publish(1_000 + i, "m" + i);
        }
        List<Object> got = data(Rewind.backlog(ch, "500", 2_000));
        assertThat(got).hasSize(100).startsWith("m20").endsWith("m119");
        assertThat(data(Rewind.backlog(ch, "10m", 2_000))).hasSize(100);
    }

    @Test
    void invalidValue() {
        for (String bad : new String[] {"", "x", "10d", "s", "-"}) {
            assertThatThrownBy(() -> Rewind.backlog(ch, bad, 0))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            ErrorInfo.class, e -> assertThat(e.code()).isEqualTo(40003));
        }
    }
}
