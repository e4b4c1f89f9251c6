package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Token revocation (RSA17): the endpoint, and its effect on REST requests and realtime connections. */
class RevocationTest {
    private static final String MSGPACK = "application/x-msgpack";
    private final ManualClock clock = new ManualClock();
    private final Emulator emu = Emulator.builder()
            .key("app.key:secret")
            .key("app.other:secret2")
            .clock(clock)
            .build();
    private final String auth = Http.basic("app.key:secret");

    @AfterEach
    void stop() {
        emu.close();
    }

    private String token(String clientId) throws Exception {
        HttpResponse<String> r =
                Http.post(emu, "keys/app.key/requestToken", auth, "{\"clientId\":\"" + clientId + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return String.valueOf(Wire.decodeJsonObject(r.body()).get("token"));
    }

    private HttpResponse<byte[]> revoke(String keyName, @Nullable String auth, boolean v6, String body)
            throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        if (v6) {
            headers.put("X-Ably-Version", "6");
        }
        return Http.send(
                emu, "POST", "keys/" + keyName + "/revokeTokens", auth, headers, body.getBytes(StandardCharsets.UTF_8));
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

    private static Map<String, Object> json(HttpResponse<byte[]> r) throws Wire.MalformedException {
        return map(Wire.decodeJson(new String(r.body(), StandardCharsets.UTF_8)));
    }

    private int historyStatus(String bearer) throws Exception {
        return Http.get(emu, "channels/x/messages", Http.bearer(bearer)).statusCode();
    }

    private static void assertErrorCode(HttpResponse<?> r, int status, String code) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue(code);
    }

    private WsClient connectWithToken(String token) {
        return WsClient.connect(emu, Map.of("accessToken", token, "format", "json", "v", "6"));
    }

    @Test
    void RSA17_tokensIssuedBeforeTheRevocationAreRefusedWith40141AndLaterOnesWork() throws Exception {
        String bob = token("bob");
        String alice = token("alice");
        assertThat(historyStatus(bob)).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        long now = clock.millis();

        HttpResponse<byte[]> r = revoke("app.key", auth, true, "{\"targets\":[\"clientId:bob\"]}");
        assertThat(r.statusCode()).isEqualTo(201);
        Map<String, Object> result = json(r);
        assertThat(result).containsEntry("successCount", 1L).containsEntry("failureCount", 0L);
        assertThat(map(list(result.get("results")).get(0)))
                .containsEntry("target", "clientId:bob")
                .containsEntry("issuedBefore", now)
                .containsEntry("appliesAt", now);

        HttpResponse<String> refused = Http.get(emu, "channels/x/messages", Http.bearer(bob));
        assertErrorCode(refused, 401, "40141");
        assertThat(refused.body()).contains("\"code\":40141").contains("\"statusCode\":401");
        assertThat(historyStatus(alice)).isEqualTo(200); // another clientId
        String bobAgain = token("bob"); // issued at the revocation's issuedBefore, not before it
        assertThat(historyStatus(bobAgain)).isEqualTo(200);
    }

    @Test
    void RSA17_aRealtimeConnectionWithARevokedTokenGetsDisconnected40141AndCannotConnectWithItAgain() throws Exception {
        String bob = token("bob");
        String carol = token("carol");
        clock.advance(Duration.ofSeconds(1));
        try (WsClient bobWs = connectWithToken(bob);
                WsClient carolWs = connectWithToken(carol)) {
            bobWs.await(Frame.CONNECTED);
            carolWs.await(Frame.CONNECTED);
            assertThat(revoke("app.key", auth, true, "{\"targets\":[\"clientId:bob\"]}")
                            .statusCode())
                    .isEqualTo(201);
            Frame disconnected = bobWs.await(Frame.DISCONNECTED);
            assertThat(disconnected.requireMap("error"))
                    .containsEntry("code", 40141L)
                    .containsEntry("statusCode", 401L);
            bobWs.awaitClosed(); // the server closes the transport after DISCONNECTED
            carolWs.roundTrip();
            assertThat(carolWs.pending(Frame.DISCONNECTED)).isEmpty();
        }
        try (WsClient again = connectWithToken(bob)) {
            Frame error = again.await(Frame.ERROR);
            assertThat(error.requireMap("error")).containsEntry("code", 40141L);
        }
        String fresh = token("bob");
        try (WsClient renewed = connectWithToken(fresh)) {
            renewed.await(Frame.CONNECTED);
        }
    }

    @Test
    void RSA17f_withAllowReauthMarginConnectionsAreAskedToReauthAndCutOff30sLater() throws Exception {
        String bob1 = token("bob");
        String bob2 = token("bob");
        clock.advance(Duration.ofSeconds(1));
        try (WsClient stays = connectWithToken(bob1);
                WsClient renews = connectWithToken(bob2)) {
            stays.await(Frame.CONNECTED);
            renews.await(Frame.CONNECTED);
            long now = clock.millis();
            HttpResponse<byte[]> r =
                    revoke("app.key", auth, true, "{\"targets\":[\"clientId:bob\"],\"allowReauthMargin\":true}");
            assertThat(map(list(json(r).get("results")).get(0)))
                    .containsEntry("issuedBefore", now)
                    .containsEntry("appliesAt", now + 30_000);
            stays.await(Frame.AUTH); // the hint to renew (RTN22)
            renews.await(Frame.AUTH);
            assertThat(historyStatus(bob1)).isEqualTo(200); // not revoked yet

            String fresh = token("bob");
            renews.send(Frame.of(Frame.AUTH).put("auth", Map.of("accessToken", fresh)));
            renews.await(Frame.CONNECTED);

            clock.advance(Duration.ofSeconds(30));
            assertThat(stays.await(Frame.DISCONNECTED).requireMap("error")).containsEntry("code", 40141L);
            renews.roundTrip();
            assertThat(renews.pending(Frame.DISCONNECTED)).isEmpty();
            assertThat(historyStatus(bob1)).isEqualTo(401);
            assertThat(historyStatus(fresh)).isEqualTo(200);
        }
    }

    @Test
    void RSA17_jwtsAreRevokedByRevocationKeyAndIssuedBefore() throws Exception {
        long now = clock.millis();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iat", now / 1000);
        claims.put("exp", now / 1000 + 3600);
        claims.put("x-ably-revocation-key", "group-1");
        String jwt = TokenAuthTest.jwt("app.key", "secret", claims);
        claims.put("x-ably-revocation-key", "group-2");
        String otherGroup = TokenAuthTest.jwt("app.key", "secret", claims);
        assertThat(historyStatus(jwt)).isEqualTo(200);
        clock.advance(Duration.ofMinutes(10));

        // issuedBefore before the JWT's iat: nothing revoked yet
        HttpResponse<byte[]> early = revoke(
                "app.key",
                auth,
                true,
                "{\"targets\":[\"revocationKey:group-1\"],\"issuedBefore\":" + (now - 60_000) + "}");
        assertThat(map(list(json(early).get("results")).get(0))).containsEntry("issuedBefore", now - 60_000);
        assertThat(historyStatus(jwt)).isEqualTo(200);

        revoke(
                "app.key",
                auth,
                true,
                "{\"targets\":[\"revocationKey:group-1\"],\"issuedBefore\":" + (now + 1000) + "}");
        assertThat(historyStatus(jwt)).isEqualTo(401);
        assertThat(historyStatus(otherGroup)).isEqualTo(200);
    }

    @Test
    void RSA17_msgpackRequestWithPerTargetFailures() throws Exception {
        Map<String, Object> body = Map.of("targets", List.of("clientId:x", "channel:secret", "bogus:y", "nocolon"));
        HttpResponse<byte[]> r = Http.send(
                emu,
                "POST",
                "keys/app.key/revokeTokens",
                auth,
                Map.of("Content-Type", MSGPACK, "Accept", MSGPACK, "X-Ably-Version", "6"),
                Wire.encodeMsgpack(body));
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(MSGPACK);
        Map<String, Object> result = map(Wire.decodeMsgpack(r.body()));
        assertThat(result).containsEntry("successCount", 1L).containsEntry("failureCount", 3L);
        List<Object> results = list(result.get("results"));
        assertThat(map(results.get(0))).containsEntry("target", "clientId:x").containsKey("appliesAt");
        assertThat(map(map(results.get(1)).get("error"))).containsEntry("code", 40121L);
        assertThat(map(results.get(2))).containsEntry("target", "bogus:y");
        assertThat(map(map(results.get(2)).get("error")))
                .containsEntry("code", 40000L)
                .containsEntry("statusCode", 400L);
        assertThat(map(map(results.get(3)).get("error"))).containsEntry("code", 40000L);
    }

    @Test
    void RSA17_requestErrors() throws Exception {
        String targets = "{\"targets\":[\"clientId:bob\"]}";
        assertErrorCode(revoke("app.key", Http.bearer(token("admin")), true, targets), 401, "40162");
        assertErrorCode(revoke("app.key", Http.basic("app.other:secret2"), true, targets), 401, "40133");
        assertErrorCode(revoke("app.key", Http.basic("app.key:wrong"), true, targets), 401, "40101");
        assertThat(revoke("app.key", null, true, targets).statusCode()).isEqualTo(401);
        long now = clock.millis();
        assertErrorCode(
                revoke("app.key", auth, true, "{\"targets\":[\"clientId:bob\"],\"issuedBefore\":" + (now + 1) + "}"),
                400,
                "40003");
        assertErrorCode(
                revoke(
                        "app.key",
                        auth,
                        true,
                        "{\"targets\":[\"clientId:b\"],\"issuedBefore\":" + (now - 3_600_001) + "}"),
                400,
                "40003");
        assertErrorCode(
                revoke("app.key", auth, true, "{\"targets\":[\"clientId:b\"],\"allowReauthMargin\":1}"), 400, "40003");
        for (String bad :
                List.of("{}", "{\"targets\":[]}", "{\"targets\":\"clientId:b\"}", "{\"targets\":[1]}", "[]")) {
            assertErrorCode(revoke("app.key", auth, true, bad), 400, "40000");
        }
    }

    @Test
    void RSA17_legacyClientsGetAPlainArrayOr40020() throws Exception {
        HttpResponse<byte[]> ok = revoke("app.key", auth, false, "{\"targets\":[\"clientId:a\"]}");
        assertThat(ok.statusCode()).isEqualTo(201);
        assertThat(list(Wire.decodeJson(new String(ok.body(), StandardCharsets.UTF_8))))
                .singleElement()
                .satisfies(o -> assertThat(map(o)).containsEntry("target", "clientId:a"));
        HttpResponse<byte[]> mixed = revoke("app.key", auth, false, "{\"targets\":[\"clientId:a\",\"x:y\"]}");
        assertErrorCode(mixed, 400, "40020");
        assertThat(list(json(mixed).get("batchResponse"))).hasSize(2);
    }
}
