package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Qualified channel names on the wire: derived-channel filters, the rewind param, inband occupancy. */
@NullUnmarked
class DerivedChannelTest {
    private final ManualClock clock = new ManualClock();
    private final Emulator emu =
            Emulator.builder().key("app.key:secret").clock(clock).build();

    @AfterEach
    void stop() {
        emu.close();
    }

    private static String derived(String filter, String base) {
        return "[filter=" + Base64.getEncoder().encodeToString(filter.getBytes(StandardCharsets.UTF_8)) + "]" + base;
    }

    private static void publish(WsClient c, long serial, String name, int n) throws Exception {
        c.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":" + serial + ",\"messages\":[{\"name\":\"" + name
                + "\",\"extras\":{\"headers\":{\"n\":" + n + "}}}]}");
        c.await(Frame.ACK);
    }

    private static List<Object> names(Frame f) {
        return f.maps("messages").stream().map(m -> m.get("name")).toList();
    }

    @Test
    void derivedAttachmentGetsTheMatchingMessagesUnderItsQualifiedName() throws Exception {
        String name = derived("headers.n > `1`", "room");
        try (WsClient sub = WsClient.connected(emu);
                WsClient pub = WsClient.connected(emu)) {
            sub.send(Frame.of(Frame.ATTACH).put("channel", name));
            assertThat(sub.await(Frame.ATTACHED).channel()).isEqualTo(name);
            sub.attach("room");
            publish(pub, 0, "low", 1);
            publish(pub, 1, "high", 2);
            assertThat(names(sub.await(Frame.MESSAGE, "room"))).containsExactly("low");
            assertThat(names(sub.await(Frame.MESSAGE, "room"))).containsExactly("high");
            Frame filtered = sub.await(Frame.MESSAGE, name);
            assertThat(names(filtered)).containsExactly("high");
            assertThat(sub.pending(Frame.MESSAGE)).isEmpty();

            sub.send(Frame.of(Frame.DETACH).put("channel", name));
            sub.await(Frame.DETACHED, name);
            publish(pub, 2, "after", 9);
            assertThat(names(sub.await(Frame.MESSAGE, "room"))).containsExactly("after");
        }
    }

    @Test
    void invalidFilterOrQualifierIsAChannelError() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            String bad = derived("name ==", "room");
            c.send(Frame.of(Frame.ATTACH).put("channel", bad));
            Frame e = c.await(Frame.ERROR);
            assertThat(e.channel()).isEqualTo(bad);
            assertThat(e.requireMap("error")).containsEntry("code", 40000L);
            c.send(Frame.of(Frame.ATTACH).put("channel", "[meta]room"));
            assertThat(c.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40010L);
            c.send(Frame.of(Frame.ATTACH).put("channel", "[?rewind=soon]room"));
            assertThat(c.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40003L);
            assertThat(c.attach("room").action()).isEqualTo(Frame.ATTACHED);
        }
    }

    @Test
    void rewindInTheQualifierReplaysAfterAttachedWithHasBacklog() throws Exception {
        try (WsClient pub = WsClient.connected(emu);
                WsClient late = WsClient.connected(emu)) {
            publish(pub, 0, "a", 1);
            publish(pub, 1, "b", 2);
            publish(pub, 2, "c", 3);
            late.send(Frame.of(Frame.ATTACH).put("channel", "[?rewind=2]room"));
            Frame attached = late.await(Frame.ATTACHED);
            assertThat(attached.flags() & Frame.FLAG_HAS_BACKLOG).isNotZero();
            assertThat(attached.map("params")).containsEntry("rewind", "2");
            assertThat(names(late.await(Frame.MESSAGE, "[?rewind=2]room"))).containsExactly("b");
            assertThat(names(late.await(Frame.MESSAGE, "[?rewind=2]room"))).containsExactly("c");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metrics(Frame f) throws Exception {
        Map<String, Object> m = f.maps("messages").get(0);
        assertThat(m).containsEntry("name", "[meta]occupancy").containsEntry("encoding", "json");
        return (Map<String, Object>)
                Wire.decodeJsonObject(String.valueOf(m.get("data"))).get("metrics");
    }

    @Test
    void occupancyAtAttachThenThrottledToOncePerSecond() throws Exception {
        try (WsClient watcher = WsClient.connected(emu);
                WsClient other = WsClient.connected(emu)) {
            watcher.sendJson("{\"action\":10,\"channel\":\"room\",\"params\":{\"occupancy\":\"metrics\"}}");
            watcher.await(Frame.ATTACHED);
            assertThat(metrics(watcher.await(Frame.MESSAGE))).containsEntry("connections", 1L);

            int timers = clock.pendingTimers();
            other.attach("room"); // within the second: held back
            // the emulator schedules the held-back event after it answers ATTACHED: wait for that timer before
            // moving the clock, or the event would be due a second after the advance and never come
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (clock.pendingTimers() <= timers) {
                assertThat(System.nanoTime()).as("occupancy timer scheduled").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(watcher.pending(Frame.MESSAGE)).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            assertThat(metrics(watcher.await(Frame.MESSAGE)))
                    .containsEntry("connections", 2L)
                    .containsEntry("subscribers", 2L)
                    .containsEntry("presenceMembers", 0L);

            clock.advance(Duration.ofSeconds(5));
            other.send(Frame.of(Frame.DETACH).put("channel", "room")); // after the interval: at once
            other.await(Frame.DETACHED);
            assertThat(metrics(watcher.await(Frame.MESSAGE))).containsEntry("connections", 1L);
        }
    }
}
