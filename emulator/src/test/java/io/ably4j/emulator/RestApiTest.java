package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** REST endpoints on the realtime port. */
class RestApiTest {
    private final Emulator emu = Emulator.builder().key("app.key:secret").build();
    private final String auth = Http.basic("app.key:secret");

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void RSC16_timeIsAnArrayWithTheServerTime() throws Exception {
        long before = System.currentTimeMillis();
        HttpResponse<String> r = Http.get(emu, "time", null);
        assertThat(r.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked") // wire tree of a JSON array
        List<Object> body = (List<Object>) Wire.decodeJson(r.body());
        assertThat((Long) body.get(0)).isBetween(before - 1000, System.currentTimeMillis() + 1000);
        HttpResponse<byte[]> mp = Http.getBytes(emu, "time", "application/x-msgpack");
        assertThat(mp.headers().firstValue("Content-Type")).hasValue("application/x-msgpack");
        assertThat(Wire.decodeMsgpack(mp.body())).isInstanceOf(List.class);
    }

    @Test
    void connectivityCheckSaysYes() throws Exception {
        HttpResponse<String> r = Http.get(emu, "is-the-internet-up.txt", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("yes\n");
    }

    @Test
    void unknownRouteIsAnAblyError404() throws Exception {
        HttpResponse<String> r = Http.get(emu, "nope", auth);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40400");
        assertThat(Frame.wrap(Wire.decodeJsonObject(r.body())).requireMap("error"))
                .containsEntry("code", 40400L)
                .containsEntry("statusCode", 404L);
    }

    @Test
    void RSC1_missingOrWrongCredentialsAre401() throws Exception {
        assertThat(Http.get(emu, "channels/x/messages", null).statusCode()).isEqualTo(401);
        HttpResponse<String> r = Http.get(emu, "channels/x/messages", Http.basic("app.key:nope"));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40101");
    }

    @Test
    void RSL1_publishReachesRealtimeSubscribersAndHistory() throws Exception {
        try (WsClient sub = WsClient.connected(emu)) {
            sub.attach("news");
            HttpResponse<String> r = Http.post(
                    emu,
                    "channels/news/messages",
                    auth,
                    "[{\"name\":\"a\",\"data\":\"1\"},{\"name\":\"b\",\"data\":\"2\"}]");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            assertThat(Wire.decodeJsonObject(r.body()))
                    .containsEntry("channel", "news")
                    .containsKey("serials");
            assertThat(sub.await(Frame.MESSAGE).maps("messages")).hasSize(2);
        }
        HttpResponse<String> h = Http.get(emu, "channels/news/messages", auth);
        assertThat(h.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked") // wire tree of a JSON array
        List<Map<String, Object>> items = (List<Map<String, Object>>) Wire.decodeJson(h.body());
        assertThat(items).extracting(m -> m.get("data")).containsExactly("2", "1"); // backwards by default
        HttpResponse<String> alias = Http.get(emu, "channels/news/history?direction=forwards", auth);
        assertThat(alias.body()).contains("\"data\":\"1\"");
        assertThat(alias.body().indexOf("\"data\":\"1\""))
                .isLessThan(alias.body().indexOf("\"data\":\"2\""));
    }

    @Test
    void RSL2_historyPaginatesWithRelativeLinks() throws Exception {
        for (int i = 0; i < 5; i++) {
            Http.post(emu, "channels/paged/messages", auth, "{\"data\":\"m" + i + "\"}");
        }
        HttpResponse<String> first = Http.get(emu, "channels/paged/messages?limit=2", auth);
        String link = first.headers().firstValue("Link").orElseThrow();
        assertThat(link).contains("rel=\"first\"").contains("rel=\"next\"").contains("<./messages?");
        // Quoted: ids are random and may contain "m2" or "m3" themselves.
        assertThat(first.body()).contains("\"m4\"").contains("\"m3\"").doesNotContain("\"m2\"");
        String next = link.replaceAll(".*<\\./(messages\\?[^>]*)>; rel=\"next\".*", "$1");
        HttpResponse<String> second = Http.get(emu, "channels/paged/" + next, auth);
        assertThat(second.body()).contains("\"m2\"").contains("\"m1\"").doesNotContain("\"m3\"");
        String next2 = second.headers()
                .firstValue("Link")
                .orElseThrow()
                .replaceAll(".*<\\./(messages\\?[^>]*)>; rel=\"next\".*", "$1");
        HttpResponse<String> third = Http.get(emu, "channels/paged/" + next2, auth);
        assertThat(third.body()).contains("\"m0\"");
        assertThat(third.headers().firstValue("Link").orElseThrow()).doesNotContain("rel=\"next\"");
    }

    @Test
    void RSP3_presenceAndPresenceHistory() throws Exception {
        try (WsClient c = WsClient.connected(emu, "clientId", "amy")) {
            c.attach("lobby");
            c.sendJson(
                    "{\"action\":14,\"channel\":\"lobby\",\"msgSerial\":0,\"presence\":[{\"action\":2,\"data\":\"hi\"}]}");
            c.await(Frame.ACK);
            HttpResponse<String> p = Http.get(emu, "channels/lobby/presence", auth);
            assertThat(p.body()).contains("\"clientId\":\"amy\"").contains("\"action\":1");
            HttpResponse<String> h = Http.get(emu, "channels/lobby/presence/history", auth);
            assertThat(h.body()).contains("\"action\":2");
            assertThat(h.headers().firstValue("Link").orElseThrow()).contains("<./history?");
        }
    }

    @Test
    void RSL1_restPublishWithMismatchedTokenClientIdIs40012() throws Exception {
        HttpResponse<String> tr = Http.post(emu, "keys/app.key/requestToken", auth, "{\"clientId\":\"tom\"}");
        String token = String.valueOf(Wire.decodeJsonObject(tr.body()).get("token"));
        HttpResponse<String> r =
                Http.post(emu, "channels/x/messages", Http.bearer(token), "{\"clientId\":\"jerry\",\"data\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40012");
    }

    @Test
    void RSL1_restPublishWithNumericIdIs40003() throws Exception {
        HttpResponse<String> r = Http.post(emu, "channels/x/messages", auth, "{\"id\":3,\"data\":\"x\"}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40003");
    }

    @Test
    void channelDetailsShowOccupancy() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.attach("busy");
            HttpResponse<String> r = Http.get(emu, "channels/busy", auth);
            assertThat(r.body()).contains("\"isActive\":true").contains("\"connections\":1");
        }
    }

    @Test
    void CHM2_channelMetricsCountAttachmentsByMode() throws Exception {
        try (WsClient all = WsClient.connected(emu);
                WsClient subOnly = WsClient.connected(emu, "clientId", "sam")) {
            all.attach("occ");
            subOnly.send(Frame.of(Frame.ATTACH).put("channel", "occ").put("flags", (long) Frame.MODE_SUBSCRIBE));
            subOnly.await(Frame.ATTACHED);
            HttpResponse<String> r = Http.get(emu, "channels/occ", auth);
            Map<String, Object> status =
                    Frame.wrap(Wire.decodeJsonObject(r.body())).requireMap("status");
            Map<String, Object> metrics =
                    Frame.wrap(Frame.wrap(status).requireMap("occupancy")).requireMap("metrics");
            assertThat(metrics)
                    .containsEntry("connections", 2L)
                    .containsEntry("publishers", 1L)
                    .containsEntry("subscribers", 2L)
                    .containsEntry("presenceConnections", 1L)
                    .containsEntry("presenceSubscribers", 1L)
                    .containsEntry("presenceMembers", 0L)
                    .containsEntry("objectPublishers", 0L)
                    .containsEntry("objectSubscribers", 0L);
        }
    }

    @Test
    void RSL1_restPublishBodyThatIsNoMessageIs40000() throws Exception {
        for (String body : List.of("\"hello\"", "42", "true")) {
            HttpResponse<String> r = Http.post(emu, "channels/x/messages", auth, body);
            assertThat(r.statusCode()).as(body).isEqualTo(400);
            assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40000");
        }
        assertThat(Http.get(emu, "channels/x/messages", auth).body()).isEqualTo("[]");
    }

    @Test
    void TM6_restPublishSizeCountsClientIdAndDecodedBinary() throws Exception {
        try (Emulator small =
                Emulator.builder().key("app.key:secret").maxMessageSize(1024).build()) {
            String big = "{\"clientId\":\"" + "c".repeat(100) + "\",\"data\":\"" + "x".repeat(1000) + "\"}";
            HttpResponse<String> r = Http.post(small, "channels/x/messages", auth, big);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40009");
            String b64 = java.util.Base64.getEncoder().encodeToString(new byte[900]);
            String binary = "{\"data\":\"" + b64 + "\",\"encoding\":\"base64\"}";
            assertThat(Http.post(small, "channels/x/messages", auth, binary).statusCode())
                    .isEqualTo(201);
        }
    }

    @Test
    void RSL1k5_RSL1k4_messagesWithAnIdAlreadyPublishedAreNotPublishedAgain() throws Exception {
        HttpResponse<String> first =
                Http.post(emu, "channels/idem/messages", auth, "{\"id\":\"one:0\",\"data\":\"a\"}");
        HttpResponse<String> again =
                Http.post(emu, "channels/idem/messages", auth, "{\"id\":\"one:0\",\"data\":\"a\"}");
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(Wire.decodeJsonObject(again.body()).get("serials"))
                .isEqualTo(Wire.decodeJsonObject(first.body()).get("serials"));
        String batch = "[{\"id\":\"b:0\",\"data\":\"x\"},{\"id\":\"b:1\",\"data\":\"y\"}]";
        assertThat(Http.post(emu, "channels/idem/messages", auth, batch).statusCode())
                .isEqualTo(201);
        assertThat(Http.post(emu, "channels/idem/messages", auth, batch).statusCode())
                .isEqualTo(201); // a retry of the whole batch (RSL1k4)
        assertThat(Http.post(emu, "channels/idem/messages", auth, "{\"id\":\"b:1\",\"data\":\"y\"}")
                        .statusCode())
                .isEqualTo(201);
        @SuppressWarnings("unchecked") // wire tree of a JSON array
        List<Object> history = (List<Object>)
                Wire.decodeJson(Http.get(emu, "channels/idem/messages", auth).body());
        assertThat(history).hasSize(3);
        assertThat(Http.post(emu, "channels/other/messages", auth, "{\"id\":\"one:0\",\"data\":\"a\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat((List<?>) Wire.decodeJson(
                        Http.get(emu, "channels/other/messages", auth).body()))
                .hasSize(1); // ids are per channel
    }
}
