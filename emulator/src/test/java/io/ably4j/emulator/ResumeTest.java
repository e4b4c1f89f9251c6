package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connection state retention, resume and recover (RTN15, RTN16), channel replay (RTL4c1). */
class ResumeTest {
    private final ManualClock clock = new ManualClock();
    private final Emulator emu = Emulator.builder()
            .clock(clock)
            .connectionStateTtl(Duration.ofSeconds(10))
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    private static String key(Frame connected) {
        return String.valueOf(connected.requireMap("connectionDetails").get("connectionKey"));
    }

    private static Frame publish(WsClient c, long serial, String data) throws Exception {
        c.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":" + serial + ",\"messages\":[{\"data\":\"" + data
                + "\"}]}");
        return c.await(f -> f.action() == Frame.ACK && Long.valueOf(serial).equals(f.longValue("msgSerial")));
    }

    @Test
    void RTN15c6_resumeKeepsConnectionIdAndReplaysTheGapWithResumedAndBacklog() throws Exception {
        WsClient pub = WsClient.connected(emu);
        WsClient sub = WsClient.connect(emu);
        Frame connected = sub.await(Frame.CONNECTED);
        String id = String.valueOf(connected.string("connectionId"));
        sub.attach("room");
        publish(pub, 0, "before");
        Frame first = sub.await(Frame.MESSAGE);
        String serial = String.valueOf(first.string("channelSerial"));

        emu.faults().drop(id, DropMode.FIN);
        sub.awaitClosed();
        emu.awaitConnection(c -> c.connectionId().equals(id) && !c.connected(), WsClient.TIMEOUT);
        publish(pub, 1, "missed-1");
        publish(pub, 2, "missed-2");

        try (WsClient again = WsClient.connect(emu, "resume", key(connected))) {
            Frame resumed = again.await(Frame.CONNECTED);
            assertThat(resumed.string("connectionId")).isEqualTo(id);
            assertThat(resumed.fields()).doesNotContainKey("error");
            assertThat(key(resumed)).isNotEqualTo(key(connected));
            again.send(Frame.of(Frame.ATTACH).put("channel", "room").put("channelSerial", serial));
            Frame attached = again.await(Frame.ATTACHED);
            assertThat(attached.flags() & Frame.FLAG_RESUMED).isNotZero();
            assertThat(attached.flags() & Frame.FLAG_HAS_BACKLOG).isNotZero();
            assertThat(again.await(Frame.MESSAGE).maps("messages").get(0)).containsEntry("data", "missed-1");
            assertThat(again.await(Frame.MESSAGE).maps("messages").get(0)).containsEntry("data", "missed-2");
            publish(pub, 3, "live");
            assertThat(again.await(Frame.MESSAGE).maps("messages").get(0)).containsEntry("data", "live");
        } finally {
            pub.close();
            sub.close();
        }
    }

    /** Round trip on one connection: every frame the engine wrote to it before this one has arrived. */
    private static void sync(WsClient c, String id) throws Exception {
        c.sendJson("{\"action\":0,\"id\":\"" + id + "\"}");
        c.await(f -> f.action() == Frame.HEARTBEAT && id.equals(f.string("id")));
    }

    private static String data(Frame message) {
        return String.valueOf(message.maps("messages").get(0).get("data"));
    }

    @Test
    void RTN15c6_RTL4c1_noLiveMessagesAfterResumeUntilReattachThenBacklogInOrder() throws Exception {
        try (WsClient pub = WsClient.connected(emu);
                WsClient sub = WsClient.connect(emu)) {
            Frame connected = sub.await(Frame.CONNECTED);
            String id = String.valueOf(connected.string("connectionId"));
            sub.attach("room");
            publish(pub, 0, "before");
            Frame before = sub.await(Frame.MESSAGE);
            String serial = String.valueOf(before.string("channelSerial"));
            assertThat(serial).matches("[A-Za-z0-9]+@0{19}1");
            assertThat(before.maps("messages").get(0)).containsEntry("serial", serial + ":000");

            emu.faults().drop(id, DropMode.RST);
            sub.awaitClosed();
            emu.awaitConnection(c -> c.connectionId().equals(id) && !c.connected(), WsClient.TIMEOUT);
            publish(pub, 1, "missed-1");
            publish(pub, 2, "missed-2");

            try (WsClient again = WsClient.connect(emu, "resume", key(connected))) {
                assertThat(again.await(Frame.CONNECTED).string("connectionId")).isEqualTo(id);
                // Published after the resumed CONNECTED, before the client re-sent ATTACH.
                publish(pub, 3, "in-window");
                sync(again, "after-window-publish");
                assertThat(again.pending(Frame.MESSAGE)).isEmpty();

                again.send(Frame.of(Frame.ATTACH)
                        .put("channel", "room")
                        .put("channelSerial", serial)
                        .put("flags", (long) Frame.FLAG_ATTACH_RESUME));
                Frame attached = again.await(Frame.ATTACHED);
                assertThat(attached.flags() & Frame.FLAG_RESUMED).isNotZero();
                assertThat(attached.flags() & Frame.FLAG_HAS_BACKLOG).isNotZero();
                assertThat(attached.string("channelSerial")).isEqualTo(serial);
                assertThat(data(again.await(Frame.MESSAGE))).isEqualTo("missed-1");
                assertThat(data(again.await(Frame.MESSAGE))).isEqualTo("missed-2");
                assertThat(data(again.await(Frame.MESSAGE))).isEqualTo("in-window");
                publish(pub, 4, "live");
                assertThat(data(again.await(Frame.MESSAGE))).isEqualTo("live");
                sync(again, "end");
                assertThat(again.pending(Frame.MESSAGE)).isEmpty();
            }
        }
    }

    @Test
    void RTN15c6_presenceIsHeldUntilReattachToo() throws Exception {
        try (WsClient member = WsClient.connected(emu, "clientId", "ann");
                WsClient sub = WsClient.connect(emu)) {
            Frame connected = sub.await(Frame.CONNECTED);
            String id = String.valueOf(connected.string("connectionId"));
            sub.attach("room");
            member.attach("room");
            sub.abort();
            emu.awaitConnection(c -> c.connectionId().equals(id) && !c.connected(), WsClient.TIMEOUT);
            try (WsClient again = WsClient.connect(emu, "resume", key(connected))) {
                again.await(Frame.CONNECTED);
                member.sendJson("{\"action\":14,\"channel\":\"room\",\"msgSerial\":0,\"presence\":[{\"action\":2}]}");
                member.await(Frame.ACK);
                sync(again, "after-enter");
                assertThat(again.pending(Frame.PRESENCE)).isEmpty();
                Frame attached = again.attach("room");
                assertThat(attached.flags() & Frame.FLAG_RESUMED).isNotZero();
                assertThat(attached.flags() & Frame.FLAG_HAS_PRESENCE).isNotZero();
                assertThat(again.await(Frame.SYNC).maps("presence"))
                        .singleElement()
                        .satisfies(p -> assertThat(p).containsEntry("clientId", "ann"));
            }
        }
    }

    @Test
    void RTN15c6_takeoverResumeHoldsFanOutUntilReattach() throws Exception {
        try (WsClient pub = WsClient.connected(emu);
                WsClient sub = WsClient.connect(emu)) {
            Frame connected = sub.await(Frame.CONNECTED);
            sub.attach("room");
            try (WsClient again = WsClient.connect(emu, "resume", key(connected))) {
                again.await(Frame.CONNECTED);
                sub.awaitClosed();
                publish(pub, 0, "in-window");
                sync(again, "after-window-publish");
                assertThat(again.pending(Frame.MESSAGE)).isEmpty();
                assertThat(again.attach("room").flags() & Frame.FLAG_RESUMED).isNotZero();
                publish(pub, 1, "live");
                assertThat(data(again.await(Frame.MESSAGE))).isEqualTo("live");
            }
        }
    }

    @Test
    void RTN15c7_expiredStateGivesNewIdAnd80008() throws Exception {
        Frame connected;
        try (WsClient c = WsClient.connect(emu)) {
            connected = c.await(Frame.CONNECTED);
        }
        emu.awaitConnection(c -> !c.connected(), WsClient.TIMEOUT);
        clock.advance(Duration.ofSeconds(10));
        emu.awaitIdle();
        assertThat(emu.connections()).isEmpty();
        try (WsClient again = WsClient.connect(emu, "resume", key(connected))) {
            Frame f = again.await(Frame.CONNECTED);
            assertThat(f.string("connectionId")).isNotEqualTo(connected.string("connectionId"));
            assertThat(f.requireMap("error")).containsEntry("code", 80008L).containsEntry("statusCode", 400L);
            again.send(Frame.of(Frame.ATTACH).put("channel", "room"));
            assertThat(again.await(Frame.ATTACHED).flags() & Frame.FLAG_RESUMED).isZero();
        }
    }

    @Test
    void RTN15c7_expireResumeStateFault() throws Exception {
        try (WsClient c = WsClient.connect(emu)) {
            Frame connected = c.await(Frame.CONNECTED);
            emu.faults().expireResumeState(String.valueOf(connected.string("connectionId")));
            c.awaitClosed();
            try (WsClient again = WsClient.connect(emu, "resume", key(connected))) {
                assertThat(again.await(Frame.CONNECTED).requireMap("error")).containsEntry("code", 80008L);
            }
        }
    }

    @Test
    void malformedResumeKeyIs80018() throws Exception {
        try (WsClient c = WsClient.connect(emu, "resume", "not a key")) {
            assertThat(c.await(Frame.CONNECTED).requireMap("error")).containsEntry("code", 80018L);
        }
    }

    @Test
    void RTN16k_recoverWorksLikeResume() throws Exception {
        try (WsClient c = WsClient.connect(emu)) {
            Frame connected = c.await(Frame.CONNECTED);
            c.abort();
            emu.awaitConnection(ci -> !ci.connected(), WsClient.TIMEOUT);
            try (WsClient again = WsClient.connect(emu, "recover", key(connected))) {
                assertThat(again.await(Frame.CONNECTED).string("connectionId"))
                        .isEqualTo(connected.string("connectionId"));
            }
        }
    }

    @Test
    void resumeWhileOldTransportStillOpenTakesOver() throws Exception {
        try (WsClient c = WsClient.connect(emu)) {
            Frame connected = c.await(Frame.CONNECTED);
            try (WsClient again = WsClient.connect(emu, "resume", key(connected))) {
                assertThat(again.await(Frame.CONNECTED).string("connectionId"))
                        .isEqualTo(connected.string("connectionId"));
                c.awaitClosed();
                assertThat(emu.connections())
                        .singleElement()
                        .extracting(ConnectionInfo::connected)
                        .isEqualTo(true);
            }
        }
    }

    @Test
    void RTL4c1_unknownSerialGives90003WithoutResumed() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.send(Frame.of(Frame.ATTACH).put("channel", "room").put("channelSerial", "zzzz@00000000000000000007"));
            Frame a = c.await(Frame.ATTACHED);
            assertThat(a.flags() & Frame.FLAG_RESUMED).isZero();
            assertThat(a.requireMap("error")).containsEntry("code", 90003L);
        }
    }

    @Test
    void RTN19a_unackedPublishResentAfterResumeIsReAckedNotRepublished() throws Exception {
        try (WsClient sub = WsClient.connected(emu);
                WsClient c = WsClient.connect(emu)) {
            sub.attach("room");
            Frame connected = c.await(Frame.CONNECTED);
            emu.faults().addRule(FrameRule.toClient().action(Frame.ACK).times(1).suppress());
            String msg = "{\"action\":15,\"channel\":\"room\",\"msgSerial\":0,\"messages\":[{\"data\":\"once\"}]}";
            c.sendJson(msg);
            sub.await(Frame.MESSAGE);
            emu.events().await(e -> e.type() == EmulatorEvent.Type.FRAME_SUPPRESSED, WsClient.TIMEOUT);
            c.abort();
            try (WsClient again = WsClient.connect(emu, "resume", key(connected))) {
                again.await(Frame.CONNECTED);
                again.sendJson(msg);
                assertThat(again.await(Frame.ACK).longValue("msgSerial")).isEqualTo(0L);
            }
            sub.sendJson("{\"action\":0,\"id\":\"marker\"}");
            sub.await(Frame.HEARTBEAT);
            assertThat(sub.pending(Frame.MESSAGE)).isEmpty();
        }
    }

    @Test
    void RTN2b_echoFalseResumeReplaysOnlyOthersMessages() throws Exception {
        try (WsClient other = WsClient.connected(emu)) {
            WsClient me = WsClient.connect(emu, "echo", "false");
            Frame connected = me.await(Frame.CONNECTED);
            String id = String.valueOf(connected.string("connectionId"));
            me.attach("room");
            publish(other, 0, "from-other");
            String serial = String.valueOf(me.await(Frame.MESSAGE).string("channelSerial"));
            publish(me, 0, "mine"); // not echoed: the client's cursor stays at the serial before it
            emu.faults().drop(id, DropMode.FIN);
            me.awaitClosed();
            me.close();
            emu.awaitConnection(c -> c.connectionId().equals(id) && !c.connected(), WsClient.TIMEOUT);
            publish(other, 1, "other-2");
            try (WsClient again = WsClient.connect(emu, "resume", key(connected), "echo", "false")) {
                again.await(Frame.CONNECTED);
                again.send(Frame.of(Frame.ATTACH).put("channel", "room").put("channelSerial", serial));
                again.await(Frame.ATTACHED);
                assertThat(data(again.await(Frame.MESSAGE))).isEqualTo("other-2");
                sync(again, "after-replay");
                assertThat(again.pending(Frame.MESSAGE)).isEmpty();
            }
        }
    }
}
