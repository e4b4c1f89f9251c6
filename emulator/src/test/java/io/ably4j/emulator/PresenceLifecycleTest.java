package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence as Ably behaves: SYNC paging, the leave grace and resume (RTP17), enter/update/leave actions, identity and
 * capability, delivery of a connection's own presence events, presence history.
 */
class PresenceLifecycleTest {
    private final ManualClock clock = new ManualClock();
    private final Emulator emu = Emulator.builder()
            .clock(clock)
            .key(Emulator.DEFAULT_KEY)
            .key("app.nopresence:s2", "{\"room\":[\"publish\",\"subscribe\"]}")
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    private static Frame ack(WsClient c, long serial) throws InterruptedException {
        return c.await(f -> (f.action() == Frame.ACK || f.action() == Frame.NACK)
                && Long.valueOf(serial).equals(f.longValue("msgSerial")));
    }

    /** Sends one presence item ({@code extra} is JSON fields such as {@code "clientId":"x"}) and returns ACK/NACK. */
    private static Frame presence(WsClient c, long serial, int action, String extra) throws Exception {
        c.sendJson("{\"action\":14,\"channel\":\"room\",\"msgSerial\":" + serial + ",\"presence\":[{\"action\":"
                + action + (extra.isEmpty() ? "" : "," + extra) + "}]}");
        return ack(c, serial);
    }

    private static String connectionId(Frame connected) {
        return String.valueOf(connected.string("connectionId"));
    }

    private static String key(Frame connected) {
        return String.valueOf(connected.requireMap("connectionDetails").get("connectionKey"));
    }

    private WsClient tokenClient(String token) throws InterruptedException {
        WsClient c = WsClient.connect(emu, Map.of("accessToken", token, "format", "json", "v", "6"));
        c.await(Frame.CONNECTED);
        return c;
    }

    private static Map<String, Object> item(Frame presence) {
        return presence.maps("presence").get(0);
    }

    @Test
    void RTP18_aThousandMembersAreSyncedInPagesWithACursor() throws Exception {
        try (WsClient a = WsClient.connected(emu)) {
            a.attach("room");
            for (int batch = 0; batch < 10; batch++) {
                StringBuilder items = new StringBuilder();
                for (int i = 0; i < 100; i++) {
                    items.append(i == 0 ? "" : ",")
                            .append("{\"action\":2,\"clientId\":\"m")
                            .append(batch * 100 + i)
                            .append("\"}");
                }
                a.sendJson("{\"action\":14,\"channel\":\"room\",\"msgSerial\":" + batch + ",\"presence\":[" + items
                        + "]}");
                assertThat(ack(a, batch).action()).isEqualTo(Frame.ACK);
            }
            assertThat(emu.presenceMembers("room")).hasSize(1000);
            try (WsClient late = WsClient.connected(emu)) {
                assertThat(late.attach("room").flags() & Frame.FLAG_HAS_PRESENCE)
                        .isNotZero();
                Set<Object> clientIds = new HashSet<>();
                String syncId = null;
                for (int page = 1; page <= 10; page++) {
                    Frame sync = late.await(Frame.SYNC);
                    String serial = String.valueOf(sync.string("channelSerial"));
                    syncId = syncId == null ? serial.substring(0, serial.indexOf(':')) : syncId;
                    assertThat(syncId).matches("[A-Za-z0-9_-]+");
                    assertThat(serial).isEqualTo(syncId + ":" + (page == 10 ? "" : Integer.toString(page)));
                    assertThat(sync.maps("presence")).hasSize(100);
                    for (Map<String, Object> m : sync.maps("presence")) {
                        assertThat(m).containsEntry("action", 1L).containsKeys("connectionId", "timestamp");
                        assertThat(String.valueOf(m.get("id"))).matches(m.get("connectionId") + ":[0-9]+:[0-9]+");
                        clientIds.add(m.get("clientId"));
                    }
                }
                assertThat(clientIds).hasSize(1000);
                late.roundTrip();
                assertThat(late.pending(Frame.SYNC)).isEmpty();
                // a SYNC request (ably-js channel.sync()) gets a new full sync sequence
                late.send(Frame.of(Frame.SYNC).put("channel", "room"));
                String again = String.valueOf(late.await(Frame.SYNC).string("channelSerial"));
                assertThat(again).isEqualTo(again.substring(0, again.indexOf(':')) + ":1");
                assertThat(again).doesNotStartWith(syncId + ":");
            }
        }
    }

    @Test
    void RTP17_aResumeWithinTheGraceCausesNoLeaveAndTheReentryNoEvent() throws Exception {
        try (WsClient watcher = WsClient.connected(emu)) {
            watcher.attach("room");
            WsClient alice = WsClient.connect(emu, "clientId", "alice");
            Frame connected = alice.await(Frame.CONNECTED);
            alice.attach("room");
            presence(alice, 0, 2, "\"data\":\"hi\"");
            Map<String, Object> entered = item(watcher.await(Frame.PRESENCE));
            String serial = String.valueOf(alice.await(Frame.PRESENCE).string("channelSerial"));
            alice.abort();
            emu.awaitConnection(
                    c -> c.connectionId().equals(connectionId(connected)) && !c.connected(), WsClient.TIMEOUT);
            clock.advance(Duration.ofSeconds(14));
            try (WsClient again = WsClient.connect(emu, "resume", key(connected), "clientId", "alice")) {
                assertThat(connectionId(again.await(Frame.CONNECTED))).isEqualTo(connectionId(connected));
                again.send(Frame.of(Frame.ATTACH).put("channel", "room").put("channelSerial", serial));
                Frame attached = again.await(Frame.ATTACHED);
                assertThat(attached.flags() & Frame.FLAG_RESUMED).isNotZero();
                assertThat(attached.flags() & Frame.FLAG_HAS_PRESENCE).isNotZero();
                assertThat(item(again.await(Frame.SYNC))).containsEntry("id", entered.get("id"));
                // RTP17i/RTP17g: the client re-enters with the member's id: ACKed, no event for anyone
                assertThat(presence(again, 1, 2, "\"id\":\"" + entered.get("id") + "\",\"data\":\"hi\"")
                                .action())
                        .isEqualTo(Frame.ACK);
                clock.advance(Duration.ofSeconds(5)); // past the end of the grace that the resume cancelled
                emu.awaitIdle();
                watcher.roundTrip();
                again.roundTrip();
                assertThat(watcher.pending(Frame.PRESENCE)).isEmpty();
                assertThat(again.pending(Frame.PRESENCE)).isEmpty();
                assertThat(emu.presenceMembers("room"))
                        .extracting(PresenceMember::id, PresenceMember::clientId, PresenceMember::data)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(entered.get("id"), "alice", "hi"));
            }
        }
    }

    @Test
    void RTP17i_afterTheGraceMembersLeaveAndAResumingClientIsAttachedWithoutResumedAndReenters() throws Exception {
        try (WsClient watcher = WsClient.connected(emu)) {
            watcher.attach("room");
            WsClient alice = WsClient.connect(emu, "clientId", "alice");
            Frame connected = alice.await(Frame.CONNECTED);
            String id = connectionId(connected);
            alice.attach("room");
            presence(alice, 0, 2, "\"data\":\"hi\"");
            Map<String, Object> entered = item(watcher.await(Frame.PRESENCE));
            String serial = String.valueOf(alice.await(Frame.PRESENCE).string("channelSerial"));
            alice.abort();
            emu.awaitConnection(c -> c.connectionId().equals(id) && !c.connected(), WsClient.TIMEOUT);
            clock.advance(Duration.ofSeconds(14));
            emu.awaitIdle();
            watcher.roundTrip();
            assertThat(watcher.pending(Frame.PRESENCE)).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            Map<String, Object> leave = item(watcher.await(Frame.PRESENCE));
            assertThat(leave)
                    .containsEntry("action", 3L)
                    .containsEntry("clientId", "alice")
                    .containsEntry("connectionId", id)
                    .containsEntry("data", "hi")
                    .containsEntry("timestamp", clock.millis());
            assertThat(String.valueOf(leave.get("id"))).doesNotStartWith(id); // synthesized (RTP2b1)
            assertThat(emu.presenceMembers("room")).isEmpty();

            clock.advance(Duration.ofSeconds(60)); // within connectionStateTtl: the connection can still resume
            try (WsClient again = WsClient.connect(emu, "resume", key(connected), "clientId", "alice")) {
                Frame resumed = again.await(Frame.CONNECTED);
                assertThat(connectionId(resumed)).isEqualTo(id);
                assertThat(resumed.fields()).doesNotContainKey("error");
                again.send(Frame.of(Frame.ATTACH).put("channel", "room").put("channelSerial", serial));
                Frame attached = again.await(Frame.ATTACHED);
                assertThat(attached.flags() & Frame.FLAG_RESUMED).isZero();
                assertThat(attached.flags() & Frame.FLAG_HAS_BACKLOG).isNotZero();
                assertThat(attached.flags() & Frame.FLAG_HAS_PRESENCE).isZero();
                assertThat(item(again.await(Frame.PRESENCE))).containsEntry("action", 3L); // the LEAVE, replayed
                assertThat(presence(again, 1, 2, "\"id\":\"" + entered.get("id") + "\",\"data\":\"hi\"")
                                .action())
                        .isEqualTo(Frame.ACK);
                assertThat(item(watcher.await(Frame.PRESENCE)))
                        .containsEntry("action", 2L)
                        .containsEntry("id", entered.get("id"))
                        .containsEntry("clientId", "alice");
                assertThat(emu.presenceMembers("room"))
                        .extracting(PresenceMember::clientId)
                        .containsExactly("alice");
                // presence continuity is reported lost once: the next re-attach is resumed again
                again.send(Frame.of(Frame.ATTACH).put("channel", "room"));
                assertThat(again.await(Frame.ATTACHED).flags() & Frame.FLAG_RESUMED)
                        .isNotZero();
            }
        }
    }

    @Test
    void RTP17_theGraceCanBeChangedAtRuntimeAndEndedForOneConnection() throws Exception {
        emu.faults().presenceLeaveGrace(Duration.ofSeconds(2));
        try (WsClient watcher = WsClient.connected(emu);
                WsClient alice = WsClient.connect(emu, "clientId", "alice");
                WsClient bob = WsClient.connect(emu, "clientId", "bob")) {
            watcher.attach("room");
            String aliceId = connectionId(alice.await(Frame.CONNECTED));
            bob.await(Frame.CONNECTED);
            alice.attach("room");
            bob.attach("room");
            presence(alice, 0, 2, "");
            presence(bob, 0, 2, "");
            watcher.await(Frame.PRESENCE);
            watcher.await(Frame.PRESENCE);
            emu.faults().leavePresence(aliceId); // alice is still connected: Ably lost her member
            assertThat(item(watcher.await(Frame.PRESENCE)))
                    .containsEntry("action", 3L)
                    .containsEntry("clientId", "alice");
            bob.abort();
            emu.awaitConnection(c -> "bob".equals(c.clientId()) && !c.connected(), WsClient.TIMEOUT);
            clock.advance(Duration.ofSeconds(2));
            assertThat(item(watcher.await(Frame.PRESENCE)))
                    .containsEntry("action", 3L)
                    .containsEntry("clientId", "bob");
            assertThat(emu.presenceMembers("room")).isEmpty();
        }
    }

    @Test
    void RTP9b_RTP10d_updateOfAnAbsentMemberIsEnterAndEnterOfAPresentOneIsUpdate() throws Exception {
        try (WsClient watcher = WsClient.connected(emu);
                WsClient alice = WsClient.connected(emu, "clientId", "alice")) {
            watcher.attach("room");
            alice.attach("room");
            assertThat(presence(alice, 0, 4, "\"data\":\"a\"").action()).isEqualTo(Frame.ACK);
            assertThat(item(watcher.await(Frame.PRESENCE)))
                    .containsEntry("action", 2L)
                    .containsEntry("data", "a");
            presence(alice, 1, 2, "\"data\":\"b\"");
            assertThat(item(watcher.await(Frame.PRESENCE)))
                    .containsEntry("action", 4L)
                    .containsEntry("data", "b");
            presence(alice, 2, 3, "");
            assertThat(item(watcher.await(Frame.PRESENCE))).containsEntry("action", 3L);
            assertThat(presence(alice, 3, 3, "").action()).isEqualTo(Frame.ACK); // not present: ACKed, silent
            watcher.roundTrip();
            assertThat(watcher.pending(Frame.PRESENCE)).isEmpty();
            assertThat(presence(alice, 4, 0, "").requireMap("error")).containsEntry("code", 40003L);
        }
    }

    @Test
    void RTP15f_enterClientNeedsAWildcardOrUnidentifiedConnection() throws Exception {
        HttpResponse<String> r =
                Http.post(emu, "keys/emulator.default/requestToken", Http.basic(emu.key()), "{\"clientId\":\"*\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String wildcard = String.valueOf(Wire.decodeJsonObject(r.body()).get("token"));
        r = Http.post(emu, "keys/emulator.default/requestToken", Http.basic(emu.key()), "{\"clientId\":\"carol\"}");
        String carol = String.valueOf(Wire.decodeJsonObject(r.body()).get("token"));
        try (WsClient basic = WsClient.connected(emu);
                WsClient star = tokenClient(wildcard);
                WsClient identified = tokenClient(carol)) {
            basic.attach("room");
            star.attach("room");
            identified.attach("room");
            assertThat(presence(basic, 0, 2, "\"clientId\":\"x\"").action()).isEqualTo(Frame.ACK);
            assertThat(presence(star, 0, 2, "\"clientId\":\"y\"").action()).isEqualTo(Frame.ACK);
            assertThat(presence(identified, 0, 2, "\"clientId\":\"carol\"").action())
                    .isEqualTo(Frame.ACK);
            Frame nack = presence(identified, 1, 2, "\"clientId\":\"dave\"");
            assertThat(nack.action()).isEqualTo(Frame.NACK);
            assertThat(nack.requireMap("error")).containsEntry("code", 40012L).containsEntry("statusCode", 400L);
            assertThat(emu.presenceMembers("room"))
                    .extracting(PresenceMember::clientId)
                    .containsExactly("x", "y", "carol");
        }
    }

    @Test
    void RTP8h_presenceNeedsThePresenceCapability() throws Exception {
        try (WsClient c = WsClient.connected(emu, "key", "app.nopresence:s2", "clientId", "alice")) {
            Frame attached = c.attach("room");
            assertThat(attached.flags() & Frame.MODE_PRESENCE).isZero();
            Frame nack = presence(c, 0, 2, "");
            assertThat(nack.action()).isEqualTo(Frame.NACK);
            assertThat(nack.requireMap("error")).containsEntry("code", 40160L).containsEntry("statusCode", 401L);
            assertThat(emu.presenceMembers("room")).isEmpty();
        }
    }

    @Test
    void RTP17a_aConnectionGetsItsOwnPresenceEventsWithoutPresenceSubscribeAndWithEchoFalse() throws Exception {
        try (WsClient other = WsClient.connected(emu, "clientId", "bob");
                WsClient alice = WsClient.connected(emu, "clientId", "alice", "echo", "false")) {
            other.attach("room");
            alice.send(Frame.of(Frame.ATTACH).put("channel", "room").put("flags", (long)
                    (Frame.MODE_PRESENCE | Frame.MODE_PUBLISH)));
            assertThat(alice.await(Frame.ATTACHED).flags() & Frame.MODE_PRESENCE_SUBSCRIBE)
                    .isZero();
            presence(other, 0, 2, "");
            presence(alice, 0, 2, "");
            assertThat(item(alice.await(Frame.PRESENCE))).containsEntry("clientId", "alice");
            alice.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":1,\"messages\":[{\"data\":\"m\"}]}");
            ack(alice, 1);
            alice.roundTrip();
            assertThat(alice.pending(Frame.PRESENCE)).isEmpty(); // bob's ENTER is not for it
            assertThat(alice.pending(Frame.MESSAGE)).isEmpty(); // echo=false covers messages
        }
    }

    @Test
    void closeAndAFatalErrorRemoveMembersAtOnceAndHistoryRecordsEveryAction() throws Exception {
        try (WsClient watcher = WsClient.connected(emu);
                WsClient alice = WsClient.connected(emu, "clientId", "alice");
                WsClient bob = WsClient.connect(emu, "clientId", "bob")) {
            String bobId = connectionId(bob.await(Frame.CONNECTED));
            watcher.attach("room");
            alice.attach("room");
            bob.attach("room");
            presence(alice, 0, 2, "\"data\":\"1\"");
            presence(alice, 1, 4, "\"data\":\"2\"");
            presence(bob, 0, 2, "");
            for (int i = 0; i < 3; i++) {
                watcher.await(Frame.PRESENCE);
            }
            alice.sendJson("{\"action\":7}");
            assertThat(alice.await(Frame.CLOSED)).isNotNull();
            assertThat(item(watcher.await(Frame.PRESENCE)))
                    .containsEntry("action", 3L)
                    .containsEntry("clientId", "alice");
            emu.faults().error(bobId, 40101, 401, "failed by test");
            assertThat(item(watcher.await(Frame.PRESENCE)))
                    .containsEntry("action", 3L)
                    .containsEntry("clientId", "bob");
            assertThat(emu.connection(bobId)).isEmpty();
            assertThat(emu.presenceMembers("room")).isEmpty();

            HttpResponse<String> h =
                    Http.get(emu, "channels/room/presence/history?direction=forwards", Http.basic(emu.key()));
            assertThat(h.statusCode()).as(h.body()).isEqualTo(200);
            List<Object> actions = new ArrayList<>();
            List<Object> clients = new ArrayList<>();
            for (Object o : (List<?>) Wire.decodeJson(h.body())) {
                Map<?, ?> m = (Map<?, ?>) o;
                actions.add(m.get("action"));
                clients.add(m.get("clientId"));
            }
            assertThat(actions).containsExactly(2L, 4L, 2L, 3L, 3L);
            assertThat(clients).containsExactly("alice", "alice", "bob", "alice", "bob");
        }
    }
}
