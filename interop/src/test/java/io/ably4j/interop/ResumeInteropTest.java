package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably.lib.realtime.ConnectionState;
import io.ably.lib.types.ClientOptions;
import io.ably.lib.types.Message;
import io.ably4j.emulator.DropMode;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.RefuseMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An abrupt transport drop (TCP RST) followed by resume (RTN15a, RTN15c6, RTL4c1): the connection id is
 * kept and every message the other SDK published during the outage is delivered, in order, once.
 */
class ResumeInteropTest extends InteropBase {
    private static final int DURING = 10;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static List<String> expectedNames() {
        List<String> names = new ArrayList<>();
        names.add("before");
        for (int i = 0; i < DURING; i++) {
            names.add("during-" + i);
        }
        names.add("after");
        return names;
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN15c6_jsResumesAfterAbruptDropWithoutLoss(Format format) throws Exception {
        Emulator emu = start();
        JsPeer js = js("resume-js", emu, format);
        String id = JsPeer.string(js.call("connect", "auth", "key"), "connectionId");
        js.call("subscribe", "channel", "resume");
        JavaPeer java = java(emu, format);
        java.publish("resume", "before", "0");
        js.awaitEvent(JsPeer.message("resume"), WAIT);

        // hold reconnection attempts (upgrade accepted, CONNECTED withheld) so the outage is real
        emu.faults().refuseConnections(RefuseMode.HOLD);
        emu.faults().drop(id, DropMode.RST);
        js.awaitEvent(JsPeer.connectionState("disconnected"), WAIT);
        for (int i = 0; i < DURING; i++) {
            java.publish("resume", "during-" + i, Integer.toString(i + 1));
        }
        emu.faults().acceptConnections();
        js.awaitEvents(JsPeer.connectionState("connected"), 2, WAIT);
        java.publish("resume", "after", "x");

        List<Map<String, Object>> got = js.awaitEvents(JsPeer.message("resume"), DURING + 2, WAIT);
        assertThat(got).extracting(m -> m.get("name")).containsExactlyElementsOf(expectedNames());
        assertThat(js.call("connectionId").get("connectionId")).isEqualTo(id);
        assertThat(js.events(JsPeer.connectionState("failed"))).isEmpty();
        // nothing more (no duplicates) arrives: the next message is the last one
        java.publish("resume", "sentinel", "end");
        js.awaitEvent(JsPeer.message("resume").and(m -> "sentinel".equals(m.get("name"))), WAIT);
        assertThat(js.events(JsPeer.message("resume"))).hasSize(DURING + 3);
    }

    @ParameterizedTest
    @EnumSource(Format.class)
    void RTN15c6_javaResumesAfterAbruptDropWithoutLoss(Format format) throws Exception {
        Emulator emu = start();
        ClientOptions o = JavaPeer.keyOptions(emu, format, KEY);
        o.disconnectedRetryTimeout = 1000;
        JavaPeer java = java(o);
        String id = java.connectionId();
        java.subscribe("resume");
        JsPeer js = js("resume-java", emu, format);
        js.call("connect", "auth", "key");
        js.call("publish", "channel", "resume", "name", "before", "data", JsPeer.data("0"));
        java.awaitMessages(m -> "before".equals(m.name), 1, WAIT);

        int mark = java.mark();
        emu.faults().refuseConnections(RefuseMode.HOLD);
        emu.faults().drop(id, DropMode.RST);
        java.awaitStateAfter(mark, ConnectionState.disconnected, WAIT);
        for (int i = 0; i < DURING; i++) {
            js.call(
                    "publish",
                    "channel",
                    "resume",
                    "name",
                    "during-" + i,
                    "data",
                    JsPeer.data(Integer.toString(i + 1)));
        }
        emu.events().clear();
        emu.faults().acceptConnections();
        java.awaitStateAfter(mark, ConnectionState.connected, WAIT);
        js.call("publish", "channel", "resume", "name", "after", "data", JsPeer.data("x"));

        List<Message> got = java.awaitMessages(m -> true, DURING + 2, WAIT);
        assertThat(got).extracting(m -> m.name).containsExactlyElementsOf(expectedNames());
        assertThat(java.connectionId()).isEqualTo(id);
        assertThat(java.stateHistory()).doesNotContain(ConnectionState.failed);
        js.call("publish", "channel", "resume", "name", "sentinel", "data", JsPeer.data("end"));
        java.awaitMessages(m -> "sentinel".equals(m.name), 1, WAIT);
        assertThat(java.messages()).hasSize(DURING + 3);
    }
}
