package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Auth;
import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** requestToken (RSA9g signing, validation), native tokens and JWT on connect, AUTH, expiry. */
class TokenAuthTest {
    private final ManualClock clock = new ManualClock();
    private final Emulator emu = Emulator.builder()
            .clock(clock)
            .key("app.key:secret")
            .key("app.narrow:s2", "{\"chat:*\":[\"publish\",\"subscribe\"]}")
            .build();
    private int nonce = 1000;

    @AfterEach
    void stop() {
        emu.close();
    }

    private String signedRequest(
            String keyName, String secret, @Nullable String capability, @Nullable String clientId, long ttl, long ts) {
        nonce++;
        return Wire.encodeJson(
                signedBody(keyName, secret, capability, clientId, ttl, ts, "nonce-" + nonce + "-abcdefghij"));
    }

    static Map<String, Object> signedBody(
            String keyName,
            String secret,
            @Nullable String capability,
            @Nullable String clientId,
            long ttl,
            long ts,
            String n) {
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("keyName", keyName);
        if (ttl != 0) {
            body.put("ttl", ttl);
        }
        if (capability != null) {
            body.put("capability", capability);
        }
        if (clientId != null) {
            body.put("clientId", clientId);
        }
        body.put("timestamp", ts);
        body.put("nonce", n);
        return sign(body, secret);
    }

    /** (Re-)computes the RSA9g mac over the body's fields as they stand (absent fields sign as ""). */
    static Map<String, Object> sign(Map<String, Object> body, String secret) {
        StringBuilder text = new StringBuilder();
        for (String field : new String[] {"keyName", "ttl", "capability", "clientId", "timestamp", "nonce"}) {
            Object v = body.get(field);
            text.append(v == null ? "" : String.valueOf(v)).append('\n');
        }
        body.put("mac", Base64.getEncoder().encodeToString(Auth.hmac(secret, text.toString())));
        return body;
    }

    private Map<String, Object> requestToken(String body, int expectedStatus) throws Exception {
        HttpResponse<String> r = Http.post(emu, "keys/app.key/requestToken", null, body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
        return Wire.decodeJsonObject(r.body());
    }

    private String token(@Nullable String clientId, long ttl) throws Exception {
        return String.valueOf(requestToken(signedRequest("app.key", "secret", null, clientId, ttl, clock.millis()), 200)
                .get("token"));
    }

    static String jwt(String kid, String secret, Map<String, Object> claims) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        String header = e.encodeToString("{\"typ\":\"JWT\",\"alg\":\"HS256\",\"kid\":\"%s\"}"
                .formatted(kid)
                .getBytes(StandardCharsets.UTF_8));
        String payload = e.encodeToString(Wire.encodeJson(claims).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + e.encodeToString(Auth.hmac(secret, header + "." + payload));
    }

    @Test
    void RSA9g_signedTokenRequestGivesTokenDetailsWithCapability() throws Exception {
        Map<String, Object> td = requestToken(
                signedRequest("app.key", "secret", "{\"a\":[\"subscribe\"]}", "alice", 5000, clock.millis()), 200);
        assertThat(td)
                .containsEntry("keyName", "app.key")
                .containsEntry("clientId", "alice")
                .containsEntry("issued", clock.millis())
                .containsEntry("expires", clock.millis() + 5000)
                .containsEntry("capability", "{\"a\":[\"subscribe\"]}");
        assertThat(String.valueOf(td.get("token"))).startsWith("app.");
    }

    @Test
    void TK2a_defaultTtlIsOneHourAndCapabilityIsTheKeys() throws Exception {
        Map<String, Object> td = requestToken(signedRequest("app.key", "secret", null, null, 0, clock.millis()), 200);
        assertThat(td)
                .containsEntry("expires", clock.millis() + 3_600_000L)
                .containsEntry("capability", "{\"*\":[\"*\"]}");
        assertThat(td).doesNotContainKey("clientId");
    }

    @Test
    void tokenRequestValidationErrors() throws Exception {
        String bad = signedRequest("app.key", "wrong", null, null, 0, clock.millis());
        assertThat(Frame.wrap(requestToken(bad, 401)).requireMap("error")).containsEntry("code", 40101L);
        String old = signedRequest("app.key", "secret", null, null, 0, clock.millis() - 600_000);
        assertThat(Frame.wrap(requestToken(old, 401)).requireMap("error")).containsEntry("code", 40104L);
        String once = signedRequest("app.key", "secret", null, null, 0, clock.millis());
        requestToken(once, 200);
        assertThat(Frame.wrap(requestToken(once, 401)).requireMap("error")).containsEntry("code", 40105L);
        HttpResponse<String> r = Http.post(emu, "keys/app.key/requestToken", null, "{\"keyName\":\"app.key\"}");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40101");
    }

    @Test
    void capabilityIsIntersectedWithTheKey() throws Exception {
        HttpResponse<String> r = Http.post(
                emu,
                "keys/app.narrow/requestToken",
                null,
                signedRequest("app.narrow", "s2", "{\"*\":[\"*\"]}", null, 0, clock.millis()));
        assertThat(Wire.decodeJsonObject(r.body()))
                .containsEntry("capability", "{\"chat:*\":[\"publish\",\"subscribe\"]}");
    }

    @Test
    void unsignedRequestNeedsBasicAuthForTheKey() throws Exception {
        HttpResponse<String> r =
                Http.post(emu, "keys/app.key/requestToken", Http.basic("app.key:secret"), "{\"clientId\":\"bob\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Wire.decodeJsonObject(r.body())).containsEntry("clientId", "bob");
    }

    private Map<String, Object> error(String body, int status) throws Exception {
        return Frame.wrap(requestToken(body, status)).requireMap("error");
    }

    @Test
    void RSA9_tokenRequestFieldValidation() throws Exception {
        long now = clock.millis();
        // ttl: at most 24 h, positive, numeric
        assertThat(error(signedRequest("app.key", "secret", null, null, 24 * 3_600_000L + 1, now), 400))
                .containsEntry("code", 40003L)
                .containsEntry("statusCode", 400L);
        assertThat(requestToken(signedRequest("app.key", "secret", null, null, 24 * 3_600_000L, now), 200))
                .containsEntry("expires", now + 24 * 3_600_000L);
        assertThat(error(signedRequest("app.key", "secret", null, null, -1, now), 400))
                .containsEntry("code", 40003L);
        Map<String, Object> words = signedBody("app.key", "secret", null, null, 0, now, "0123456789abcdef-words");
        words.put("ttl", "notanumber");
        assertThat(error(Wire.encodeJson(sign(words, "secret")), 400)).containsEntry("code", 40003L);
        // ttl and timestamp may arrive as numeric strings (authUrl flows)
        Map<String, Object> strings = signedBody("app.key", "secret", null, null, 5000, now, "0123456789abcdef-str");
        strings.put("ttl", "5000");
        strings.put("timestamp", Long.toString(now));
        assertThat(requestToken(Wire.encodeJson(sign(strings, "secret")), 200)).containsEntry("expires", now + 5000);
        // nonce: at least 16 characters
        String shortNonce = Wire.encodeJson(signedBody("app.key", "secret", null, null, 0, now, "fifteen-chars-x"));
        assertThat(error(shortNonce, 400)).containsEntry("code", 40000L);
        // timestamp: within the window either side of the server clock
        assertThat(error(signedRequest("app.key", "secret", null, null, 0, now + 180_000), 401))
                .containsEntry("code", 40104L)
                .containsEntry("message", "Timestamp not current");
        requestToken(signedRequest("app.key", "secret", null, null, 0, now - 90_000), 200);
        requestToken(signedRequest("app.key", "secret", null, null, 0, now + 90_000), 200);
        // clientId: "" is not a clientId
        assertThat(error(signedRequest("app.key", "secret", null, "", 0, now), 400))
                .containsEntry("code", 40012L);
    }

    @Test
    void RSA9f_invalidRequestedCapabilityIs40000AndAnEmptyIntersectionIs40160() throws Exception {
        long now = clock.millis();
        for (String bad : new String[] {"{\"a\":[]}", "{\"a\":[\"*\",\"publish\"]}", "{\"a\":[\"fly\"]}", "[1]"}) {
            assertThat(error(signedRequest("app.key", "secret", bad, null, 0, now), 400))
                    .as(bad)
                    .containsEntry("code", 40000L);
        }
        HttpResponse<String> r = Http.post(
                emu,
                "keys/app.narrow/requestToken",
                null,
                signedRequest("app.narrow", "s2", "{\"news\":[\"subscribe\"]}", null, 0, now));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40160");
    }

    @Test
    void RSA15b_wildcardClientIdTokenIdentifiesAsTheRequestedClientId() throws Exception {
        Map<String, Object> td = requestToken(signedRequest("app.key", "secret", null, "*", 0, clock.millis()), 200);
        assertThat(td).containsEntry("clientId", "*");
        String t = String.valueOf(td.get("token"));
        try (WsClient anyone = WsClient.connect(emu, Map.of("accessToken", t));
                WsClient frank = WsClient.connect(emu, Map.of("accessToken", t, "clientId", "frank"))) {
            assertThat(anyone.await(Frame.CONNECTED).requireMap("connectionDetails"))
                    .containsEntry("clientId", "*");
            assertThat(frank.await(Frame.CONNECTED).requireMap("connectionDetails"))
                    .containsEntry("clientId", "frank");
        }
    }

    @Test
    void RSA9_msgpackTokenRequestGetsMsgpackTokenDetails() throws Exception {
        Map<String, Object> body = signedBody(
                "app.key", "secret", "{\"x\":[\"publish\"]}", "gina", 7000, clock.millis(), "0123456789abcdef-mp");
        HttpResponse<byte[]> r = Http.postMsgpack(emu, "keys/app.key/requestToken", null, Wire.encodeMsgpack(body));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-msgpack");
        Map<String, Object> td = Wire.decodeMsgpackObject(r.body());
        assertThat(td)
                .containsOnlyKeys("token", "keyName", "issued", "expires", "capability", "clientId")
                .containsEntry("keyName", "app.key")
                .containsEntry("clientId", "gina")
                .containsEntry("issued", clock.millis())
                .containsEntry("expires", clock.millis() + 7000)
                .containsEntry("capability", "{\"x\":[\"publish\"]}");
    }

    @Test
    void unsignedTokenParamsWithBasicAuthMayCarryCapabilityAsAnObject() throws Exception {
        HttpResponse<String> r = Http.post(
                emu,
                "keys/app.key/requestToken",
                Http.basic("app.key:secret"),
                "{\"capability\":{\"room\":[\"subscribe\",\"presence\"]},\"ttl\":1000}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(Wire.decodeJsonObject(r.body()))
                .containsEntry("capability", "{\"room\":[\"presence\",\"subscribe\"]}")
                .containsEntry("expires", clock.millis() + 1000);
        HttpResponse<String> other =
                Http.post(emu, "keys/app.key/requestToken", Http.basic("app.narrow:s2"), "{\"ttl\":1000}");
        assertThat(other.statusCode()).isEqualTo(401);
        assertThat(other.headers().firstValue("X-Ably-Errorcode")).hasValue("40101");
    }

    @Test
    void RSA8_nativeTokenConnectsWithEitherQueryParamName() throws Exception {
        String t = token("alice", 60_000);
        for (String param : new String[] {"accessToken", "access_token"}) {
            try (WsClient c = WsClient.connect(emu, Map.of(param, t))) {
                assertThat(c.await(Frame.CONNECTED).requireMap("connectionDetails"))
                        .containsEntry("clientId", "alice");
            }
        }
    }

    @Test
    void RSA7_clientIdConflictWithTokenIs40102() throws Exception {
        String t = token("alice", 60_000);
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", t, "clientId", "bob"))) {
            assertThat(c.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40102L);
        }
    }

    private static Frame publishAs(WsClient c, long serial, @Nullable String clientId) throws Exception {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("data", "d" + serial);
        if (clientId != null) {
            m.put("clientId", clientId);
        }
        c.send(Frame.of(Frame.MESSAGE)
                .put("channel", "ids")
                .put("msgSerial", serial)
                .put("messages", List.of(m)));
        return c.await(f -> (f.action() == Frame.ACK || f.action() == Frame.NACK)
                && Long.valueOf(serial).equals(f.longValue("msgSerial")));
    }

    @Test
    void RSA7_tokenClientIdBindsWhatTheConnectionMayPublishAs() throws Exception {
        try (WsClient kim = WsClient.connect(emu, Map.of("accessToken", token("kim", 60_000)));
                WsClient sub = WsClient.connected(emu)) {
            kim.await(Frame.CONNECTED);
            sub.attach("ids");
            Frame foreign = publishAs(kim, 0, "lee");
            assertThat(foreign.action()).isEqualTo(Frame.NACK);
            assertThat(foreign.requireMap("error"))
                    .containsEntry("code", 40012L)
                    .containsEntry("statusCode", 400L);
            assertThat(publishAs(kim, 1, "kim").action()).isEqualTo(Frame.ACK);
            assertThat(publishAs(kim, 2, null).action()).isEqualTo(Frame.ACK);
            assertThat(sub.await(Frame.MESSAGE).maps("messages").get(0)).containsEntry("clientId", "kim");
            assertThat(sub.await(Frame.MESSAGE).maps("messages").get(0))
                    .as("stamped with the token's clientId")
                    .containsEntry("clientId", "kim");
        }
    }

    @Test
    void RSA15b_wildcardTokenConnectionsPublishAsTheirClientIdOrAnyoneWhenUnidentified() throws Exception {
        String wildcard = token("*", 60_000);
        try (WsClient max = WsClient.connect(emu, Map.of("accessToken", wildcard, "clientId", "max"));
                WsClient anyone = WsClient.connect(emu, Map.of("accessToken", wildcard))) {
            max.await(Frame.CONNECTED);
            anyone.await(Frame.CONNECTED);
            assertThat(publishAs(max, 0, "nia").requireMap("error")).containsEntry("code", 40012L);
            assertThat(publishAs(max, 1, "max").action()).isEqualTo(Frame.ACK);
            assertThat(publishAs(anyone, 0, "nia").action()).isEqualTo(Frame.ACK);
            assertThat(publishAs(anyone, 1, "oz").action()).isEqualTo(Frame.ACK);
        }
    }

    @Test
    void RSA7_tokenWithoutClientIdCannotBeGivenOneByTheConnection() throws Exception {
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", token(null, 60_000), "clientId", "pat"))) {
            assertThat(c.await(Frame.ERROR).requireMap("error"))
                    .containsEntry("code", 40102L)
                    .containsEntry("statusCode", 401L);
            c.awaitClosed();
        }
    }

    @Test
    void TN3_jwtConnectsAndCarriesClientIdAndCapability() throws Exception {
        long now = clock.millis() / 1000;
        String jwt = jwt(
                "app.key",
                "secret",
                Map.of(
                        "iat",
                        now,
                        "exp",
                        now + 60,
                        "x-ably-clientId",
                        "carol",
                        "x-ably-capability",
                        "{\"only\":[\"subscribe\"]}"));
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", jwt))) {
            assertThat(c.await(Frame.CONNECTED).requireMap("connectionDetails")).containsEntry("clientId", "carol");
            c.sendJson("{\"action\":10,\"channel\":\"other\"}");
            assertThat(c.await(Frame.ERROR, "other").requireMap("error")).containsEntry("code", 40160L);
        }
    }

    @Test
    void badJwtSignatureIs40144AndExpiredIs40142() throws Exception {
        long now = clock.millis() / 1000;
        String forged = jwt("app.key", "not-the-secret", Map.of("iat", now, "exp", now + 60));
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", forged))) {
            assertThat(c.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40144L);
        }
        String expired = jwt("app.key", "secret", Map.of("iat", now - 120, "exp", now - 60));
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", expired))) {
            assertThat(c.await(Frame.ERROR).requireMap("error"))
                    .containsEntry("code", 40142L)
                    .containsEntry("statusCode", 401L);
        }
    }

    private static String rawJwt(String headerJson, String secret, Map<String, Object> claims) {
        Base64.Encoder e = Base64.getUrlEncoder().withoutPadding();
        String header = e.encodeToString(headerJson.getBytes(StandardCharsets.UTF_8));
        String payload = e.encodeToString(Wire.encodeJson(claims).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + "." + e.encodeToString(Auth.hmac(secret, header + "." + payload));
    }

    private @Nullable Object jwtCode(String jwt) throws Exception {
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", jwt))) {
            Map<String, Object> error = c.await(Frame.ERROR).requireMap("error");
            assertThat(error).containsEntry("statusCode", 401L);
            return error.get("code");
        }
    }

    @Test
    void TN3_malformedJwtsAre40144() throws Exception {
        long now = clock.millis() / 1000;
        Map<String, Object> claims = Map.of("iat", now, "exp", now + 60);
        assertThat(jwtCode(rawJwt("{\"typ\":\"JWT\",\"alg\":\"HS256\"}", "secret", claims)))
                .as("no kid")
                .isEqualTo(40144L);
        assertThat(jwtCode(jwt("app.nosuchkey", "secret", claims)))
                .as("unknown kid")
                .isEqualTo(40144L);
        assertThat(jwtCode(rawJwt("{\"typ\":\"JWT\",\"alg\":\"none\",\"kid\":\"app.key\"}", "secret", claims)))
                .as("alg none")
                .isEqualTo(40144L);
        assertThat(jwtCode(jwt("app.key", "secret", Map.of("iat", now))))
                .as("no exp")
                .isEqualTo(40144L);
        assertThat(jwtCode(jwt("app.key", "secret", Map.of("iat", now, "exp", now + 60, "x-ably-capability", 7))))
                .as("numeric capability claim")
                .isEqualTo(40144L);
        assertThat(jwtCode(jwt("app.key", "secret", Map.of("iat", now, "exp", now + 60, "x-ably-clientId", ""))))
                .as("empty clientId claim")
                .isEqualTo(40144L);
        assertThat(jwtCode("a.b.c")).as("not base64 JSON").isEqualTo(40144L);
    }

    @Test
    void TN3_jwtCapabilityClaimAsAnObjectStillRestricts() throws Exception {
        long now = clock.millis() / 1000;
        String jwt = jwt(
                "app.key",
                "secret",
                Map.of("iat", now, "exp", now + 60, "x-ably-capability", Map.of("only", List.of("subscribe"))));
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", jwt))) {
            c.await(Frame.CONNECTED);
            c.sendJson("{\"action\":10,\"channel\":\"other\"}");
            assertThat(c.await(Frame.ERROR, "other").requireMap("error")).containsEntry("code", 40160L);
            c.sendJson("{\"action\":10,\"channel\":\"only\"}");
            assertThat(c.await(Frame.ATTACHED, "only").longValue("flags")).isNotNull();
        }
    }

    @Test
    void TN3_jwtOnRestIsCheckedForSignatureExpiryAndCapability() throws Exception {
        long now = clock.millis() / 1000;
        String jwt = jwt(
                "app.narrow",
                "s2",
                Map.of("iat", now, "exp", now + 2, "x-ably-capability", "{\"chat:*\":[\"history\"],\"x\":[\"*\"]}"));
        assertThat(Http.get(emu, "channels/chat:a/messages", Http.bearer(jwt)).statusCode())
                .as("history is not in the key's capability")
                .isEqualTo(401);
        HttpResponse<String> denied = Http.get(emu, "channels/x/messages", Http.bearer(jwt));
        assertThat(denied.headers().firstValue("X-Ably-Errorcode")).hasValue("40160");
        String forged = jwt("app.narrow", "s3", Map.of("iat", now, "exp", now + 60));
        assertThat(Http.get(emu, "channels/chat:a/messages", Http.bearer(forged))
                        .headers()
                        .firstValue("X-Ably-Errorcode"))
                .hasValue("40144");
        String subscriber = jwt("app.narrow", "s2", Map.of("iat", now, "exp", now + 2));
        assertThat(Http.post(emu, "channels/chat:a/messages", Http.bearer(subscriber), "{\"data\":\"x\"}")
                        .statusCode())
                .isEqualTo(201);
        clock.advance(Duration.ofSeconds(2));
        HttpResponse<String> expired =
                Http.post(emu, "channels/chat:a/messages", Http.bearer(subscriber), "{\"data\":\"x\"}");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("X-Ably-Errorcode")).hasValue("40142");
    }

    @Test
    void RTC8a4_inBandReauthWithAJwt() throws Exception {
        String t = token("hana", 60_000);
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", t))) {
            String id = String.valueOf(c.await(Frame.CONNECTED).string("connectionId"));
            long now = clock.millis() / 1000;
            String jwt = jwt("app.key", "secret", Map.of("iat", now, "exp", now + 600, "x-ably-clientId", "hana"));
            c.sendJson("{\"action\":17,\"auth\":{\"accessToken\":\"" + jwt + "\"}}");
            Frame again = c.await(Frame.CONNECTED);
            assertThat(again.string("connectionId")).isEqualTo(id);
            assertThat(again.requireMap("connectionDetails")).containsEntry("clientId", "hana");
            clock.advance(Duration.ofMinutes(1)); // the native token's expiry no longer applies
            emu.awaitIdle();
            assertThat(c.pending(Frame.DISCONNECTED)).isEmpty();
        }
    }

    @Test
    void RTN22a_tokenExpiryOnALiveConnectionIsDisconnected40142() throws Exception {
        String t = token(null, 10_000);
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", t))) {
            String id = String.valueOf(c.await(Frame.CONNECTED).string("connectionId"));
            clock.advance(Duration.ofSeconds(10));
            assertThat(c.await(Frame.DISCONNECTED).requireMap("error")).containsEntry("code", 40142L);
            c.awaitClosed();
            assertThat(emu.connection(id)).isPresent(); // state kept for a resume with a new token
        }
    }

    @Test
    void RTC8_clientAuthKeepsTheConnectionAndSendsConnected() throws Exception {
        String t = token("dave", 10_000);
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", t))) {
            String id = String.valueOf(c.await(Frame.CONNECTED).string("connectionId"));
            String renewed = token("dave", 60_000);
            c.sendJson("{\"action\":17,\"auth\":{\"accessToken\":\"" + renewed + "\"}}");
            Frame again = c.await(Frame.CONNECTED);
            assertThat(again.string("connectionId")).isEqualTo(id);
            clock.advance(Duration.ofSeconds(10));
            emu.awaitIdle();
            assertThat(c.pending(Frame.DISCONNECTED)).isEmpty(); // old expiry no longer applies
            String other = token("eve", 60_000);
            c.sendJson("{\"action\":17,\"auth\":{\"accessToken\":\"" + other + "\"}}");
            assertThat(c.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40102L);
        }
    }

    @Test
    void expireTokenFault() throws Exception {
        String t = token(null, 60_000);
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", t))) {
            emu.faults().expireToken(String.valueOf(c.await(Frame.CONNECTED).string("connectionId")));
            assertThat(c.await(Frame.DISCONNECTED).requireMap("error")).containsEntry("code", 40142L);
        }
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", t))) {
            assertThat(c.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40142L);
        }
    }

    @Test
    void RSC10_restWithExpiredTokenIs401WithTokenErrorCode() throws Exception {
        String t = token(null, 1000);
        assertThat(Http.get(emu, "channels/x/messages", Http.bearer(t)).statusCode())
                .isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> r = Http.get(emu, "channels/x/messages", Http.bearer(t));
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40142");
    }
}
