package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Presence enter/update/leave, SYNC on attach, leave grace (RTP). */
class PresenceTest {
    private final ManualClock clock = new ManualClock();
    private final Emulator emu = Emulator.builder()
            .clock(clock)
            .syncPageSize(2)
            .presenceLeaveGrace(Duration.ofSeconds(15))
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    private static void enter(WsClient c, long serial, String clientId) throws Exception {
        c.sendJson("{\"action\":14,\"channel\":\"room\",\"msgSerial\":" + serial + ",\"presence\":[{\"action\":2,"
                + "\"clientId\":\"" + clientId + "\",\"data\":\"d-" + clientId + "\"}]}");
        c.await(f -> f.action() == Frame.ACK && Long.valueOf(serial).equals(f.longValue("msgSerial")));
    }

    @Test
    void RTP8_enterIsAckedAndBroadcastWithServerIds() throws Exception {
        try (WsClient a = WsClient.connected(emu, "clientId", "alice");
                WsClient watcher = WsClient.connected(emu)) {
            a.attach("room");
            watcher.attach("room");
            a.sendJson(
                    "{\"action\":14,\"channel\":\"room\",\"msgSerial\":0,\"presence\":[{\"action\":2,\"data\":\"hi\"}]}");
            Frame ack = a.await(Frame.ACK);
            assertThat(ack.fields()).containsEntry("msgSerial", 0L).containsEntry("count", 1L);
            Frame p = watcher.await(Frame.PRESENCE);
            Map<String, Object> m = p.maps("presence").get(0);
            String conn = String.valueOf(p.string("connectionId"));
            assertThat(m)
                    .containsEntry("id", conn + ":0:0")
                    .containsEntry("action", 2L)
                    .containsEntry("clientId", "alice")
                    .containsEntry("connectionId", conn)
                    .containsEntry("data", "hi")
                    .containsKey("timestamp");
            a.await(Frame.PRESENCE); // presence is echoed to its own connection
            a.sendJson("{\"action\":14,\"channel\":\"room\",\"msgSerial\":1,\"presence\":[{\"action\":3}]}");
            assertThat(watcher.await(Frame.PRESENCE).maps("presence").get(0)).containsEntry("action", 3L);
        }
    }

    @Test
    void RTP18_attachWithMembersHasPresenceAndPagedSync() throws Exception {
        try (WsClient a = WsClient.connected(emu)) {
            a.attach("room");
            for (int i = 0; i < 5; i++) {
                enter(a, i, "m" + i);
            }
            try (WsClient late = WsClient.connected(emu)) {
                Frame attached = late.attach("room");
                assertThat(attached.flags() & Frame.FLAG_HAS_PRESENCE).isNotZero();
                Frame s1 = late.await(Frame.SYNC);
                Frame s2 = late.await(Frame.SYNC);
                Frame s3 = late.await(Frame.SYNC);
                String syncId = String.valueOf(s1.string("channelSerial")).split(":", -1)[0];
                assertThat(syncId).matches("[A-Za-z0-9_-]+");
                assertThat(s1.string("channelSerial")).isEqualTo(syncId + ":1");
                assertThat(s2.string("channelSerial")).isEqualTo(syncId + ":2");
                assertThat(s3.string("channelSerial")).isEqualTo(syncId + ":");
                assertThat(s1.maps("presence")).hasSize(2);
                assertThat(s3.maps("presence")).hasSize(1);
                assertThat(s1.maps("presence").get(0))
                        .containsEntry("action", 1L)
                        .containsEntry("clientId", "m0");
                Frame again = late.attach("room");
                assertThat(again.flags() & Frame.FLAG_HAS_PRESENCE).isNotZero();
                late.await(Frame.SYNC);
            }
        }
    }

    @Test
    void emptyChannelAttachHasNoPresenceFlag() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            assertThat(c.attach("room").flags() & Frame.FLAG_HAS_PRESENCE).isZero();
        }
    }

    @Test
    void RTP17_membersLeaveAfterTheGraceUnlessResumed() throws Exception {
        try (WsClient watcher = WsClient.connected(emu);
                WsClient a = WsClient.connected(emu, "clientId", "alice")) {
            watcher.attach("room");
            a.attach("room");
            enter(a, 0, "alice");
            watcher.await(Frame.PRESENCE);
            a.abort();
            emu.awaitConnection(c -> "alice".equals(c.clientId()) && !c.connected(), WsClient.TIMEOUT);
            clock.advance(Duration.ofSeconds(14));
            emu.awaitIdle();
            assertThat(watcher.pending(Frame.PRESENCE)).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            Frame leave = watcher.await(Frame.PRESENCE);
            Map<String, Object> m = leave.maps("presence").get(0);
            assertThat(m).containsEntry("action", 3L).containsEntry("clientId", "alice");
            assertThat(String.valueOf(m.get("id"))).doesNotStartWith(String.valueOf(m.get("connectionId")));
        }
    }

    @Test
    void closeLeavesImmediately() throws Exception {
        try (WsClient watcher = WsClient.connected(emu);
                WsClient a = WsClient.connected(emu, "clientId", "alice")) {
            watcher.attach("room");
            a.attach("room");
            enter(a, 0, "alice");
            watcher.await(Frame.PRESENCE);
            a.sendJson("{\"action\":7}");
            assertThat(watcher.await(Frame.PRESENCE).maps("presence").get(0)).containsEntry("action", 3L);
        }
    }

    @Test
    void RTP8j_anonymousEnterIs91000AndForeignClientIdIs40012() throws Exception {
        try (WsClient token = WsClient.connected(emu, "clientId", "bob")) {
            token.attach("room");
            token.sendJson("{\"action\":14,\"channel\":\"room\",\"msgSerial\":0,\"presence\":[{\"action\":2,"
                    + "\"clientId\":\"zed\"}]}");
            assertThat(token.await(Frame.NACK).requireMap("error")).containsEntry("code", 40012L);
        }
        try (WsClient anon = WsClient.connected(emu)) {
            anon.attach("room");
            anon.sendJson("{\"action\":14,\"channel\":\"room\",\"msgSerial\":0,\"presence\":[{\"action\":2}]}");
            assertThat(anon.await(Frame.NACK).requireMap("error")).containsEntry("code", 91000L);
        }
    }

    @Test
    void RTL13_serverDetachRemovesTheDetachedConnectionsMembers() throws Exception {
        try (WsClient a = WsClient.connected(emu, "clientId", "alice")) {
            a.attach("room");
            enter(a, 0, "alice");
            emu.faults().detachChannel("room", 90198, 500, "detached by test");
            assertThat(a.await(Frame.DETACHED, "room").requireMap("error")).containsEntry("code", 90198L);
            try (WsClient late = WsClient.connected(emu)) {
                assertThat(late.attach("room").flags() & Frame.FLAG_HAS_PRESENCE)
                        .isZero();
            }
        }
    }
}
