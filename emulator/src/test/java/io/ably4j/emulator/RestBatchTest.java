package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Batch publish (RSC22), batch presence (RSC24) and stats (RSC6) over REST, in JSON and msgpack. */
class RestBatchTest {
    private static final String MSGPACK = "application/x-msgpack";
    private final Emulator emu = Emulator.builder()
            .key("app.key:secret")
            .key("app.limited:s2", "{\"ok:*\":[\"publish\",\"subscribe\"]}")
            .build();
    private final String auth = Http.basic("app.key:secret");
    private final String limited = Http.basic("app.limited:s2");

    @AfterEach
    void stop() {
        emu.close();
    }

    /** JSON request and response, protocol version 6 (the BatchResult envelope). */
    private static Map<String, String> jsonV6() {
        return Map.of("Content-Type", "application/json", "X-Ably-Version", "6");
    }

    private static Map<String, String> msgpackV6() {
        return Map.of("Content-Type", MSGPACK, "Accept", MSGPACK, "X-Ably-Version", "6");
    }

    private HttpResponse<byte[]> postJson(String path, @Nullable String auth, Map<String, String> headers, String body)
            throws Exception {
        return Http.send(emu, "POST", path, auth, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private static @Nullable Object json(HttpResponse<byte[]> r) throws Wire.MalformedException {
        return Wire.decodeJson(new String(r.body(), StandardCharsets.UTF_8));
    }

    private static Map<String, Object> map(@Nullable Object o) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new AssertionError("not an object: " + o);
        }
        return Wire.castMap(m);
    }

    @SuppressWarnings("unchecked") // wire trees
    private static List<Object> list(@Nullable Object o) {
        if (!(o instanceof List<?> l)) {
            throw new AssertionError("not an array: " + o);
        }
        return (List<Object>) l;
    }

    private static Map<String, Object> error(Map<String, Object> result) {
        return map(result.get("error"));
    }

    private List<Object> history(String channel) throws Exception {
        return list(Wire.decodeJson(
                Http.get(emu, "channels/" + channel + "/messages", auth).body()));
    }

    // ---------------------------------------------------------------- stats

    @Test
    void RSC6_statsAreAnEmptyPageWithRelativeLinks() throws Exception {
        HttpResponse<String> r = Http.get(emu, "stats?unit=hour&limit=10", auth);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Wire.decodeJson(r.body())).isEqualTo(List.of());
        assertThat(r.headers().firstValue("Link").orElseThrow())
                .contains("<./stats?unit=hour&limit=10>; rel=\"first\"")
                .contains("rel=\"current\"")
                .doesNotContain("rel=\"next\"");
        HttpResponse<byte[]> mp = Http.send(emu, "GET", "stats", auth, Map.of("Accept", MSGPACK), null);
        assertThat(mp.statusCode()).isEqualTo(200);
        assertThat(mp.headers().firstValue("Content-Type")).hasValue(MSGPACK);
        assertThat(Wire.decodeMsgpack(mp.body())).isEqualTo(List.of());
        assertThat(Http.get(emu, "stats", null).statusCode()).isEqualTo(401);
    }

    @Test
    void RSC6b_invalidStatsParamsAre40003() throws Exception {
        long now = System.currentTimeMillis();
        for (String q : List.of(
                "unit=week",
                "limit=1001",
                "limit=0",
                "limit=x",
                "direction=sideways",
                "start=" + (now + 1000) + "&end=" + now,
                "start=" + (now + 3_600_000))) {
            HttpResponse<String> r = Http.get(emu, "stats?" + q, auth);
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(r.headers().firstValue("X-Ably-Errorcode")).as(q).hasValue("40003");
        }
        assertThat(Http.get(emu, "stats?start=1&end=2&direction=forwards&limit=1000&unit=month", auth)
                        .statusCode())
                .isEqualTo(200);
    }

    // ---------------------------------------------------------------- batch publish

    @Test
    void RSC22_singleSpecPublishesToEachPermittedChannelAndReportsFailuresPerChannel() throws Exception {
        try (WsClient sub = WsClient.connected(emu)) {
            sub.attach("ok:a");
            HttpResponse<byte[]> r = postJson(
                    "messages",
                    limited,
                    jsonV6(),
                    "{\"channels\":[\"ok:a\",\"no:b\",\"ok:c\"],"
                            + "\"messages\":[{\"name\":\"n1\",\"data\":\"d1\"},{\"name\":\"n2\",\"data\":\"d2\"}]}");
            assertThat(r.statusCode()).isEqualTo(201); // a partial failure is no error with the envelope
            Map<String, Object> result = map(json(r));
            assertThat(result).containsEntry("successCount", 2L).containsEntry("failureCount", 1L);
            List<Object> results = list(result.get("results"));
            Map<String, Object> a = map(results.get(0));
            assertThat(a).containsEntry("channel", "ok:a").doesNotContainKey("error");
            String messageId = String.valueOf(a.get("messageId"));
            assertThat(list(a.get("serials"))).hasSize(2);
            Map<String, Object> b = map(results.get(1));
            assertThat(b).containsEntry("channel", "no:b").doesNotContainKey("messageId");
            assertThat(error(b)).containsEntry("code", 40160L).containsEntry("statusCode", 401L);
            assertThat(map(results.get(2))).containsEntry("channel", "ok:c");

            Frame delivered = sub.await(Frame.MESSAGE, "ok:a");
            List<Map<String, Object>> messages = delivered.maps("messages");
            assertThat(messages).extracting(m -> m.get("data")).containsExactly("d1", "d2");
            assertThat(messages).extracting(m -> m.get("id")).containsExactly(messageId + ":0", messageId + ":1");
            assertThat(messages).extracting(m -> m.get("serial")).isEqualTo(a.get("serials"));
        }
        assertThat(history("ok:a")).hasSize(2);
        assertThat(history("ok:c")).hasSize(2);
        assertThat(history("no:b")).isEmpty();
    }

    @Test
    void RSC22_arrayOfSpecsInMsgpackGivesAnArrayOfBatchResults() throws Exception {
        byte[] body = Wire.encodeMsgpack(List.of(
                Map.of("channels", List.of("ok:1"), "messages", Map.of("name", "single", "data", "x")),
                Map.of("channels", List.of("ok:2", "no:2"), "messages", List.of(Map.of("data", "y")))));
        HttpResponse<byte[]> r = Http.send(emu, "POST", "messages", limited, msgpackV6(), body);
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(MSGPACK);
        List<Object> out = list(Wire.decodeMsgpack(r.body()));
        assertThat(out).hasSize(2);
        assertThat(map(out.get(0))).containsEntry("successCount", 1L).containsEntry("failureCount", 0L);
        assertThat(map(out.get(1))).containsEntry("successCount", 1L).containsEntry("failureCount", 1L);
        assertThat(map(list(map(out.get(1)).get("results")).get(1))).containsEntry("channel", "no:2");
        assertThat(history("ok:1")).extracting(m -> map(m).get("name")).containsExactly("single");
        assertThat(history("ok:2")).hasSize(1);
    }

    @Test
    void RSC22_legacyClientsGetAPlainArrayOr40020WithTheBatchResponse() throws Exception {
        Map<String, String> legacy = Map.of("Content-Type", "application/json");
        HttpResponse<byte[]> allOk = postJson(
                "messages", limited, legacy, "{\"channels\":[\"ok:x\",\"ok:y\"],\"messages\":{\"data\":\"z\"}}");
        assertThat(allOk.statusCode()).isEqualTo(201);
        assertThat(list(json(allOk))).extracting(o -> map(o).get("channel")).containsExactly("ok:x", "ok:y");

        HttpResponse<byte[]> partial = postJson(
                "messages", limited, legacy, "{\"channels\":[\"ok:x\",\"no:y\"],\"messages\":{\"data\":\"z\"}}");
        assertThat(partial.statusCode()).isEqualTo(400);
        assertThat(partial.headers().firstValue("X-Ably-Errorcode")).hasValue("40020");
        Map<String, Object> body = map(json(partial));
        assertThat(map(body.get("error"))).containsEntry("code", 40020L).containsEntry("statusCode", 400L);
        List<Object> batchResponse = list(body.get("batchResponse"));
        assertThat(map(batchResponse.get(0))).containsKey("messageId");
        assertThat(error(map(batchResponse.get(1)))).containsEntry("code", 40160L);
        assertThat(history("ok:x")).hasSize(2); // the permitted channel was published to both times
    }

    @Test
    void RSC22_invalidChannelsAndMessagesFailPerChannelAMalformedRequestAsAWhole() throws Exception {
        HttpResponse<byte[]> r = postJson(
                "messages",
                auth,
                jsonV6(),
                "[{\"channels\":[\":bad\",\"fine\"],\"messages\":[{\"data\":\"a\"}]},"
                        + "{\"channels\":[\"fine\"],\"messages\":[{\"id\":5,\"data\":\"b\"}]}]");
        assertThat(r.statusCode()).isEqualTo(201);
        List<Object> out = list(json(r));
        assertThat(error(map(list(map(out.get(0)).get("results")).get(0)))).containsEntry("code", 40010L);
        assertThat(map(out.get(0))).containsEntry("successCount", 1L);
        assertThat(error(map(list(map(out.get(1)).get("results")).get(0)))).containsEntry("code", 40003L);
        assertThat(history("fine")).hasSize(1);

        for (String bad : List.of(
                "{\"messages\":[{\"data\":\"a\"}]}",
                "{\"channels\":[],\"messages\":[{\"data\":\"a\"}]}",
                "{\"channels\":[\"x\"]}",
                "{\"channels\":[\"x\"],\"messages\":[]}",
                "[]",
                "[\"x\"]",
                "\"x\"")) {
            HttpResponse<byte[]> e = postJson("messages", auth, jsonV6(), bad);
            assertThat(e.statusCode()).as(bad).isEqualTo(400);
            assertThat(e.headers().firstValue("X-Ably-Errorcode")).as(bad).hasValue("40000");
        }
        assertThat(postJson("messages", null, jsonV6(), "{\"channels\":[\"x\"],\"messages\":{}}")
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void RSC22d_RSL1k_aMessageIdAlreadyPublishedOnTheChannelIsNotPublishedAgain() throws Exception {
        String spec = "{\"channels\":[\"idem:a\",\"idem:b\"],\"messages\":[{\"id\":\"fixed:0\",\"data\":\"once\"}]}";
        HttpResponse<byte[]> first = postJson("messages", auth, jsonV6(), spec);
        HttpResponse<byte[]> again = postJson("messages", auth, jsonV6(), spec);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(map(list(map(json(again)).get("results")).get(0)).get("serials"))
                .isEqualTo(map(list(map(json(first)).get("results")).get(0)).get("serials"));
        assertThat(history("idem:a")).hasSize(1);
        assertThat(history("idem:b")).hasSize(1);
        // and the same id through the channel endpoint is a duplicate too
        assertThat(Http.post(emu, "channels/idem:a/messages", auth, "{\"id\":\"fixed:0\",\"data\":\"once\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(history("idem:a")).hasSize(1);
    }

    // ---------------------------------------------------------------- batch presence

    @Test
    void RSC24_batchPresenceListsMembersPerChannelWithFailuresPerChannel() throws Exception {
        try (WsClient c = WsClient.connected(emu, "clientId", "amy")) {
            c.attach("ok:room");
            c.sendJson("{\"action\":14,\"channel\":\"ok:room\",\"msgSerial\":0,\"presence\":[{\"action\":2}]}");
            c.await(Frame.ACK);
            HttpResponse<byte[]> r =
                    Http.send(emu, "GET", "presence?channels=ok:room,no:room,ok:empty", limited, jsonV6(), null);
            assertThat(r.statusCode()).isEqualTo(200);
            Map<String, Object> result = map(json(r));
            assertThat(result).containsEntry("successCount", 2L).containsEntry("failureCount", 1L);
            List<Object> results = list(result.get("results"));
            Map<String, Object> room = map(results.get(0));
            assertThat(room).containsEntry("channel", "ok:room");
            assertThat(list(room.get("presence")))
                    .singleElement()
                    .satisfies(m ->
                            assertThat(map(m)).containsEntry("clientId", "amy").containsEntry("action", 1L));
            assertThat(map(results.get(1))).containsEntry("channel", "no:room").doesNotContainKey("presence");
            assertThat(error(map(results.get(1)))).containsEntry("code", 40160L).containsEntry("statusCode", 401L);
            assertThat(list(map(results.get(2)).get("presence"))).isEmpty();

            HttpResponse<byte[]> mp = Http.send(emu, "GET", "presence?channels=ok:room", limited, msgpackV6(), null);
            assertThat(mp.headers().firstValue("Content-Type")).hasValue(MSGPACK);
            Map<String, Object> mpResult = map(Wire.decodeMsgpack(mp.body()));
            assertThat(mpResult).containsEntry("successCount", 1L);
            assertThat(map(list(map(list(mpResult.get("results")).get(0)).get("presence"))
                            .get(0)))
                    .containsEntry("clientId", "amy");

            HttpResponse<byte[]> legacy =
                    Http.send(emu, "GET", "presence?channels=ok:room,no:x", limited, Map.of(), null);
            assertThat(legacy.statusCode()).isEqualTo(400);
            assertThat(map(map(json(legacy)).get("error"))).containsEntry("code", 40020L);
            assertThat(list(map(json(legacy)).get("batchResponse"))).hasSize(2);
            HttpResponse<byte[]> legacyOk = Http.send(emu, "GET", "presence?channels=ok:room", limited, Map.of(), null);
            assertThat(legacyOk.statusCode()).isEqualTo(200);
            assertThat(list(json(legacyOk))).hasSize(1);
        }
        HttpResponse<byte[]> missing = Http.send(emu, "GET", "presence", auth, jsonV6(), null);
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("X-Ably-Errorcode")).hasValue("40000");
        HttpResponse<byte[]> invalid = Http.send(emu, "GET", "presence?channels=%3Abad", auth, jsonV6(), null);
        assertThat(error(map(list(map(json(invalid)).get("results")).get(0)))).containsEntry("code", 40010L);
    }

    // ---------------------------------------------------------------- history parameters and routing

    @Test
    void RSL2b_historyAndPresenceHistoryParamsAreValidatedLikeAblys() throws Exception {
        long now = System.currentTimeMillis();
        for (String path : List.of("channels/h/messages", "channels/h/presence/history")) {
            for (String q : List.of(
                    "limit=1001", "limit=0", "direction=up", "start=" + (now + 5000) + "&end=" + now, "end=x")) {
                HttpResponse<String> r = Http.get(emu, path + "?" + q, auth);
                assertThat(r.statusCode()).as(path + "?" + q).isEqualTo(400);
                assertThat(r.headers().firstValue("X-Ably-Errorcode")).as(q).hasValue("40003");
            }
            assertThat(Http.get(emu, path + "?limit=1000&start=0&end=" + now, auth)
                            .statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void RSL2_forwardsHistoryFollowsNextLinksWithFirstAndCurrent() throws Exception {
        for (int i = 0; i < 3; i++) {
            Http.post(emu, "channels/fw/messages", auth, "{\"data\":\"m" + i + "\"}");
        }
        HttpResponse<String> first = Http.get(emu, "channels/fw/messages?direction=forwards&limit=2", auth);
        // Quoted: ids are random and may contain "m1" or "m2" themselves.
        assertThat(first.body()).contains("\"m0\"").contains("\"m1\"").doesNotContain("\"m2\"");
        String link = first.headers().firstValue("Link").orElseThrow();
        assertThat(link)
                .contains("<./messages?direction=forwards&limit=2>; rel=\"first\"")
                .contains("<./messages?direction=forwards&limit=2>; rel=\"current\"");
        String next = link.replaceAll(".*<\\./(messages\\?[^>]*)>; rel=\"next\".*", "$1");
        HttpResponse<String> second = Http.get(emu, "channels/fw/" + next, auth);
        assertThat(second.body()).contains("\"m2\"").doesNotContain("\"m1\"");
        String link2 = second.headers().firstValue("Link").orElseThrow();
        assertThat(link2).contains("<./" + next + ">; rel=\"current\"").doesNotContain("rel=\"next\"");
    }

    @Test
    void anUnsupportedMethodOnAKnownPathIs40400() throws Exception {
        for (String[] mp : new String[][] {
            {"DELETE", "channels/x/messages"},
            {"PUT", "time"},
            {"GET", "messages"},
            {"POST", "stats"},
            {"GET", "keys/app.key/revokeTokens"}
        }) {
            HttpResponse<byte[]> r = Http.send(emu, mp[0], mp[1], auth, Map.of(), null);
            assertThat(r.statusCode()).as(mp[0] + " " + mp[1]).isEqualTo(404);
            assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40400");
        }
    }
}
