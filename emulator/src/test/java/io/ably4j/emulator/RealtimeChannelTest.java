package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ATTACH/DETACH, publish fan-out, ACK/NACK, echo, capabilities, sizes, binary transcoding. */
class RealtimeChannelTest {
    private final Emulator emu = Emulator.builder()
            .key("app.key:secret")
            .key("app.limited:secret2", "{\"chat:*\":[\"subscribe\"],\"pub\":[\"publish\",\"subscribe\"]}")
            .maxMessageSize(1024)
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void RTL4c_attachedEchoesModesParamsAndNonEmptySerial() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.sendJson("{\"action\":10,\"channel\":\"room\",\"params\":{\"rewind\":\"1\",\"bogus\":\"x\"}}");
            Frame a = c.await(Frame.ATTACHED, "room");
            assertThat(a.flags() & Frame.ALL_MODES).isEqualTo(Frame.DEFAULT_MODES);
            assertThat(a.flags() & Frame.FLAG_RESUMED).isZero();
            assertThat(a.string("channelSerial")).isNotEmpty().contains("@");
            assertThat(a.map("params")).containsOnlyKeys("rewind");
        }
    }

    @Test
    void RTL4_repeatAttachIsAlwaysAnswered() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.attach("room");
            Frame again = c.attach("room");
            assertThat(again.flags() & Frame.FLAG_RESUMED).isNotZero();
        }
    }

    @Test
    void RTL4m_requestedModesAreGranted() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.send(Frame.of(Frame.ATTACH).put("channel", "room").put("flags", (long) Frame.MODE_SUBSCRIBE));
            assertThat(c.await(Frame.ATTACHED).flags() & Frame.ALL_MODES).isEqualTo(Frame.MODE_SUBSCRIBE);
        }
    }

    @Test
    void RTL5_detachIsAnsweredWithDetached() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.attach("room");
            c.sendJson("{\"action\":12,\"channel\":\"room\"}");
            c.await(Frame.DETACHED, "room");
            assertThat(emu.connections().get(0).channels()).isEmpty();
        }
    }

    @Test
    void invalidChannelNameIsAChannelErrorAndTheConnectionStaysUp() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            for (String bad : List.of(":x", ",x", " x", "a\nb", "")) {
                c.send(Frame.of(Frame.ATTACH).put("channel", bad));
                Frame e = c.await(Frame.ERROR);
                assertThat(e.channel()).isEqualTo(bad);
                assertThat(e.requireMap("error")).containsEntry("code", 40010L);
            }
            assertThat(c.attach("fine").action()).isEqualTo(Frame.ATTACHED);
        }
    }

    @Test
    void RTL14_capabilityDeniedAttachIs40160() throws Exception {
        try (WsClient c = WsClient.connected(emu, "key", "app.limited:secret2")) {
            c.sendJson("{\"action\":10,\"channel\":\"secret\"}");
            Frame e = c.await(Frame.ERROR, "secret");
            assertThat(e.requireMap("error")).containsEntry("code", 40160L).containsEntry("statusCode", 401L);
            Frame ok = c.attach("chat:room");
            assertThat(ok.flags() & Frame.ALL_MODES).isEqualTo(Frame.MODE_SUBSCRIBE | Frame.MODE_PRESENCE_SUBSCRIBE);
        }
    }

    @Test
    void RTL6_publishIsStampedFannedOutAndAcked() throws Exception {
        try (WsClient pub = WsClient.connected(emu, "clientId", "alice");
                WsClient sub = WsClient.connected(emu)) {
            pub.attach("room");
            sub.attach("room");
            pub.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":0,"
                    + "\"messages\":[{\"name\":\"a\",\"data\":\"hello\"},{\"name\":\"b\",\"data\":\"\"}]}");
            Frame ack = pub.await(Frame.ACK);
            assertThat(ack.fields()).containsEntry("msgSerial", 0L).containsEntry("count", 1L);
            Frame m = sub.await(Frame.MESSAGE, "room");
            assertThat(pub.await(Frame.MESSAGE).toJson()).isEqualTo(m.toJson()); // echoed to the publisher
            List<Map<String, Object>> msgs = m.maps("messages");
            assertThat(msgs).hasSize(2);
            String publisher = String.valueOf(m.string("connectionId"));
            assertThat(m.string("channelSerial")).isNotEmpty();
            assertThat(msgs.get(0))
                    .containsEntry("id", publisher + ":0:0")
                    .containsEntry("clientId", "alice")
                    .containsEntry("connectionId", publisher)
                    .containsEntry("data", "hello")
                    .containsKeys("timestamp", "serial");
            assertThat(msgs.get(1)).containsEntry("data", "").containsEntry("id", publisher + ":0:1");
            @SuppressWarnings("unchecked") // test reads the wire tree
            List<Object> serials = (List<Object>) ack.maps("res").get(0).get("serials");
            assertThat(serials)
                    .containsExactly(msgs.get(0).get("serial"), msgs.get(1).get("serial"));
        }
    }

    @Test
    void RTN2b_echoFalseSuppressesOwnMessages() throws Exception {
        try (WsClient pub = WsClient.connected(emu, "echo", "false")) {
            pub.attach("room");
            pub.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":0,\"messages\":[{\"data\":\"x\"}]}");
            pub.await(Frame.ACK);
            pub.sendJson("{\"action\":0,\"id\":\"marker\"}");
            pub.await(Frame.HEARTBEAT);
            assertThat(pub.pending(Frame.MESSAGE)).isEmpty();
        }
    }

    @Test
    void RTN19a_resentMsgSerialIsReAckedNotRepublished() throws Exception {
        try (WsClient pub = WsClient.connected(emu);
                WsClient sub = WsClient.connected(emu)) {
            sub.attach("room");
            String publish = "{\"action\":15,\"channel\":\"room\",\"msgSerial\":0,\"messages\":[{\"data\":\"x\"}]}";
            pub.sendJson(publish);
            Frame first = pub.await(Frame.ACK);
            pub.sendJson(publish);
            Frame second = pub.await(Frame.ACK);
            assertThat(second.toJson()).isEqualTo(first.toJson());
            sub.await(Frame.MESSAGE);
            pub.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":1,\"messages\":[{\"data\":\"y\"}]}");
            assertThat(pub.await(Frame.ACK).longValue("msgSerial")).isEqualTo(1L);
            Frame next = sub.await(Frame.MESSAGE);
            assertThat(next.maps("messages").get(0)).containsEntry("data", "y");
        }
    }

    @Test
    void RTN19a_unseenMsgSerialBelowTheHighestIsPublishedNotOnlyAcked() throws Exception {
        try (WsClient pub = WsClient.connected(emu);
                WsClient sub = WsClient.connected(emu)) {
            sub.attach("room");
            pub.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":1,\"messages\":[{\"data\":\"b\"}]}");
            pub.await(f -> f.action() == Frame.ACK && Long.valueOf(1).equals(f.longValue("msgSerial")));
            assertThat(sub.await(Frame.MESSAGE).maps("messages").get(0)).containsEntry("data", "b");
            String first = "{\"action\":15,\"channel\":\"room\",\"msgSerial\":0,\"messages\":[{\"data\":\"a\"}]}";
            pub.sendJson(first);
            Frame ack =
                    pub.await(f -> f.action() == Frame.ACK && Long.valueOf(0).equals(f.longValue("msgSerial")));
            assertThat(ack.maps("res")).hasSize(1); // a real ACK, with the serial it was published under
            assertThat(sub.await(Frame.MESSAGE).maps("messages").get(0)).containsEntry("data", "a");
            pub.sendJson(first); // now it is a duplicate: re-ACKed identically, not re-published
            assertThat(pub.await(Frame.ACK).toJson()).isEqualTo(ack.toJson());
            sub.sendJson("{\"action\":0,\"id\":\"marker\"}");
            sub.await(Frame.HEARTBEAT);
            assertThat(sub.pending(Frame.MESSAGE)).isEmpty();
        }
    }

    @Test
    void oversizeMessageIsNacked40009() throws Exception {
        try (WsClient pub = WsClient.connected(emu)) {
            String big = "x".repeat(2000);
            pub.sendJson(
                    "{\"action\":15,\"channel\":\"room\",\"msgSerial\":0,\"messages\":[{\"data\":\"" + big + "\"}]}");
            Frame nack = pub.await(Frame.NACK);
            assertThat(nack.fields()).containsEntry("msgSerial", 0L).containsEntry("count", 1L);
            assertThat(nack.requireMap("error")).containsEntry("code", 40009L);
        }
    }

    @Test
    void publishWithoutCapabilityIsNacked40160() throws Exception {
        try (WsClient pub = WsClient.connected(emu, "key", "app.limited:secret2")) {
            pub.sendJson("{\"action\":15,\"channel\":\"chat:x\",\"msgSerial\":0,\"messages\":[{\"data\":\"x\"}]}");
            assertThat(pub.await(Frame.NACK).requireMap("error")).containsEntry("code", 40160L);
            pub.sendJson("{\"action\":15,\"channel\":\"pub\",\"msgSerial\":1,\"messages\":[{\"data\":\"x\"}]}");
            assertThat(pub.await(Frame.ACK).longValue("msgSerial")).isEqualTo(1L);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"id\":3",
                "\"name\":true",
                "\"clientId\":[\"a\"]",
                "\"encoding\":{}",
                "\"connectionKey\":1.5",
                "\"extras\":\"x\"",
                "\"timestamp\":\"now\""
            })
    void TM2_fieldOfTheWrongTypeIsNacked40003AndNotRelayed(String field) throws Exception {
        try (WsClient sub = WsClient.connected(emu);
                WsClient pub = WsClient.connected(emu)) {
            sub.attach("room");
            pub.sendJson(
                    "{\"action\":15,\"channel\":\"room\",\"msgSerial\":0,\"messages\":[{\"data\":\"bad\"},{\"data\":\"x\","
                            + field + "}]}");
            Frame nack = pub.await(Frame.NACK);
            assertThat(nack.requireMap("error")).containsEntry("code", 40003L);
            assertThat(String.valueOf(nack.requireMap("error").get("message")))
                    .contains(field.substring(1, field.indexOf('"', 1)));
            pub.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":1,\"messages\":[{\"data\":\"good\"}]}");
            assertThat(pub.await(Frame.ACK).longValue("msgSerial")).isEqualTo(1L);
            Frame delivered = sub.await(Frame.MESSAGE);
            assertThat(delivered.maps("messages"))
                    .singleElement()
                    .satisfies(m -> assertThat(m).containsEntry("data", "good"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"3", "true", "1.5"})
    void RSL4a_dataOfAnUnsupportedWireTypeIsNacked40013AndNotRelayed(String data) throws Exception {
        try (WsClient sub = WsClient.connected(emu);
                WsClient pub = WsClient.connected(emu)) {
            sub.attach("room");
            pub.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":0,\"messages\":[{\"data\":" + data + "}]}");
            assertThat(pub.await(Frame.NACK).requireMap("error")).containsEntry("code", 40013L);
            pub.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":1,\"messages\":[{\"data\":\"good\"}]}");
            pub.await(Frame.ACK);
            assertThat(sub.await(Frame.MESSAGE).maps("messages").get(0)).containsEntry("data", "good");
        }
    }

    @Test
    void TM6c_base64DataCountsItsDecodedSize() throws Exception {
        try (WsClient sub = WsClient.connected(emu);
                WsClient pub = WsClient.connected(emu)) {
            sub.attach("room");
            String b64 = java.util.Base64.getEncoder().encodeToString(new byte[900]); // 1200 chars, limit 1024
            pub.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":0,\"messages\":[{\"data\":\"" + b64
                    + "\",\"encoding\":\"base64\"}]}");
            assertThat(pub.await(f -> f.action() == Frame.ACK || f.action() == Frame.NACK)
                            .action())
                    .isEqualTo(Frame.ACK);
            assertThat(sub.await(Frame.MESSAGE).maps("messages").get(0)).containsEntry("data", b64);
        }
    }

    @Test
    void TP3_presenceFieldOfTheWrongTypeIsNacked40003() throws Exception {
        try (WsClient c = WsClient.connected(emu, "clientId", "alice")) {
            c.attach("room");
            c.sendJson("{\"action\":14,\"channel\":\"room\",\"msgSerial\":0,\"presence\":[{\"action\":2,\"id\":7}]}");
            assertThat(c.await(Frame.NACK).requireMap("error")).containsEntry("code", 40003L);
        }
    }

    @Test
    void RSL1g_mismatchedClientIdIsNacked40012() throws Exception {
        try (WsClient pub = WsClient.connected(emu, "clientId", "alice")) {
            pub.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":0,"
                    + "\"messages\":[{\"data\":\"x\",\"clientId\":\"mallory\"}]}");
            assertThat(pub.await(Frame.NACK).requireMap("error")).containsEntry("code", 40012L);
        }
    }

    @Test
    void binaryFromMsgpackReachesJsonAsBase64AndBack() throws Exception {
        try (WsClient mp = WsClient.connect(emu, Map.of("key", emu.key(), "format", "msgpack"));
                WsClient js = WsClient.connected(emu)) {
            mp.await(Frame.CONNECTED);
            mp.attach("bin");
            js.attach("bin");
            Map<String, Object> msg = new java.util.LinkedHashMap<>();
            msg.put("data", new byte[] {1, 2, 3});
            msg.put("encoding", "cipher+aes-128-cbc");
            mp.send(Frame.of(Frame.MESSAGE)
                    .put("channel", "bin")
                    .put("msgSerial", 0L)
                    .put("messages", List.of(msg)));
            Map<String, Object> got = js.await(Frame.MESSAGE).maps("messages").get(0);
            assertThat(got).containsEntry("data", "AQID").containsEntry("encoding", "cipher+aes-128-cbc/base64");
            Map<String, Object> echoed =
                    mp.await(Frame.MESSAGE).maps("messages").get(0);
            assertThat((byte[]) echoed.get("data")).containsExactly(1, 2, 3);
            js.sendJson("{\"action\":15,\"channel\":\"bin\",\"msgSerial\":0,"
                    + "\"messages\":[{\"data\":\"BAU=\",\"encoding\":\"base64\"}]}");
            Map<String, Object> back = mp.await(Frame.MESSAGE).maps("messages").get(0);
            assertThat((byte[]) back.get("data")).containsExactly(4, 5);
            assertThat(back).doesNotContainKey("encoding");
        }
    }
}
