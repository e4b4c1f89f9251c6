package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Sandbox-style app provisioning ({@code POST /apps}, {@code DELETE /apps/{id}}), isolation between apps. */
class AppsTest {
    private final ManualClock clock = new ManualClock();
    private final Emulator emu =
            Emulator.builder().clock(clock).key("default.key:secret").build();

    @AfterEach
    void stop() {
        emu.close();
    }

    /** The {@code post_apps} object of ably-common's test-app-setup.json, as JSON text. */
    static String testAppSetup() throws Exception {
        try (InputStream in = Objects.requireNonNull(
                AppsTest.class.getResourceAsStream("/ably-common/test-app-setup.json"), "fixture")) {
            Map<String, Object> fixture = Wire.decodeJsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return Wire.encodeJson(Objects.requireNonNull(fixture.get("post_apps")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Object> provision(String spec) throws Exception {
        HttpResponse<String> r = Http.post(emu, "apps", null, spec);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Wire.decodeJsonObject(r.body());
    }

    @SuppressWarnings("unchecked") // wire trees of JSON objects
    private static List<Map<String, Object>> list(Map<String, Object> m, String field) {
        return (List<Map<String, Object>>) Objects.requireNonNull(m.get(field), field);
    }

    private static String keyStr(Map<String, Object> app, int i) {
        return str(list(app, "keys").get(i), "keyStr");
    }

    private static String str(Map<String, Object> m, String field) {
        return (String) Objects.requireNonNull(m.get(field), field);
    }

    @SuppressWarnings("unchecked") // a JSON array body
    private static List<Map<String, Object>> items(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (List<Map<String, Object>>) Objects.requireNonNull(Wire.decodeJson(r.body()));
    }

    @Test
    void postApps_testAppSetupFixture_createsKeysNamespacesAndPresenceFixtures() throws Exception {
        Map<String, Object> app = provision(testAppSetup());
        String appId = (String) app.get("appId");
        assertThat(appId).isNotEmpty().isNotEqualTo("default");
        List<Map<String, Object>> keys = list(app, "keys");
        assertThat(keys).hasSize(6);
        for (Map<String, Object> k : keys) {
            assertThat((String) k.get("keyName")).startsWith(appId + ".");
            assertThat(k.get("keyStr")).isEqualTo(k.get("keyName") + ":" + k.get("keySecret"));
            assertThat(k.get("value")).isEqualTo(k.get("keySecret"));
            assertThat(k.get("capability")).isInstanceOf(String.class);
        }
        assertThat(keys.get(0).get("capability")).isEqualTo("{\"*\":[\"*\"]}");
        assertThat(Wire.decodeJsonObject(str(keys.get(3), "capability"))).containsOnlyKeys("*");
        assertThat(list(app, "namespaces"))
                .extracting(n -> n.get("id"))
                .containsExactly("persisted", "pushenabled", "mutable");
        assertThat(list(app, "namespaces").get(0)).containsEntry("persisted", true);
        assertThat(list(app, "namespaces").get(1)).containsEntry("pushEnabled", true);

        List<Map<String, Object>> members =
                items(Http.get(emu, "channels/persisted:presence_fixtures/presence", Http.basic(keyStr(app, 0))));
        assertThat(members)
                .extracting(m -> m.get("clientId"))
                .containsExactlyInAnyOrder(
                        "client_bool",
                        "client_int",
                        "client_string",
                        "client_json",
                        "client_decoded",
                        "client_encoded");
        Map<String, Object> encoded = members.stream()
                .filter(m -> "client_encoded".equals(m.get("clientId")))
                .findFirst()
                .orElseThrow();
        // binary on the wire; JSON carries it as base64 with the remaining encoding
        assertThat(encoded)
                .containsEntry("encoding", "json/utf-8/cipher+aes-128-cbc/base64")
                .containsEntry("data", "HO4cYSP8LybPYBPZPHQOtuD53yrD3YV3NBoTEYBh4U0N1QXHbtkfsDfTspKeLQFt")
                .containsEntry("action", 1L);

        // a key with a capability of the fixture is enforced: key 3 may only subscribe
        HttpResponse<String> denied =
                Http.post(emu, "channels/any/messages", Http.basic(keyStr(app, 3)), "{\"name\":\"x\"}");
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.headers().firstValue("X-Ably-Errorcode")).hasValue("40160");
    }

    @Test
    void twoApps_cannotSeeEachOthersChannelsPresenceOrHistory() throws Exception {
        Map<String, Object> a = provision("{}");
        Map<String, Object> b = provision("{}");
        try (WsClient subA = WsClient.connected(emu, "key", keyStr(a, 0));
                WsClient subB = WsClient.connected(emu, "key", keyStr(b, 0), "clientId", "bob");
                WsClient subDefault = WsClient.connected(emu)) {
            subA.attach("room");
            subB.attach("room");
            subDefault.attach("room");
            subB.sendJson("{\"action\":14,\"channel\":\"room\",\"msgSerial\":0,\"presence\":[{\"action\":2}]}");
            subB.await(Frame.ACK);
            assertThat(Http.post(emu, "channels/room/messages", Http.basic(keyStr(a, 0)), "{\"name\":\"for-a\"}")
                            .statusCode())
                    .isEqualTo(201);
            Frame got = subA.await(Frame.MESSAGE, "room");
            assertThat(Frame.wrap(got.maps("messages").get(0)).string("name")).isEqualTo("for-a");
            subB.roundTrip();
            subDefault.roundTrip();
            assertThat(subB.pending(Frame.MESSAGE)).isEmpty();
            assertThat(subDefault.pending(Frame.MESSAGE)).isEmpty();
            assertThat(subA.pending(Frame.PRESENCE)).isEmpty();
        }
        assertThat(items(Http.get(emu, "channels/room/messages", Http.basic(keyStr(a, 0)))))
                .extracting(m -> m.get("name"))
                .containsExactly("for-a");
        assertThat(items(Http.get(emu, "channels/room/messages", Http.basic(keyStr(b, 0)))))
                .isEmpty();
        assertThat(items(Http.get(emu, "channels/room/messages", Http.basic(emu.key()))))
                .isEmpty();
        assertThat(items(Http.get(emu, "channels/room/presence/history", Http.basic(keyStr(a, 0)))))
                .isEmpty();
        assertThat(emu.presenceMembers("room")).isEmpty();
        assertThat(emu.presenceMembers((String) b.get("appId"), "room"))
                .extracting(PresenceMember::clientId)
                .containsExactly("bob");
    }

    @Test
    void aKeyOnlyActsInItsOwnApp_tokensToo() throws Exception {
        Map<String, Object> a = provision("{}");
        Map<String, Object> b = provision("{}");
        String keyNameB = (String) list(b, "keys").get(0).get("keyName");
        // A's key cannot request a token of B's key, nor delete B
        HttpResponse<String> token =
                Http.post(emu, "keys/" + keyNameB + "/requestToken", Http.basic(keyStr(a, 0)), "{}");
        assertThat(token.statusCode()).isEqualTo(401);
        HttpResponse<byte[]> delete =
                Http.send(emu, "DELETE", "apps/" + b.get("appId"), Http.basic(keyStr(a, 0)), Map.of(), null);
        assertThat(delete.statusCode()).isEqualTo(401);
        // a token of A's key acts in A only
        HttpResponse<String> issued = Http.post(
                emu, "keys/" + list(a, "keys").get(0).get("keyName") + "/requestToken", Http.basic(keyStr(a, 0)), "{}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String tokenA = str(Wire.decodeJsonObject(issued.body()), "token");
        assertThat(tokenA).startsWith(a.get("appId") + ".");
        assertThat(Http.post(emu, "channels/t/messages", Http.bearer(tokenA), "{\"name\":\"by-token\"}")
                        .statusCode())
                .isEqualTo(201);
        assertThat(items(Http.get(emu, "channels/t/messages", Http.basic(keyStr(a, 0)))))
                .hasSize(1);
        assertThat(items(Http.get(emu, "channels/t/messages", Http.basic(keyStr(b, 0)))))
                .isEmpty();
        // a connection of A cannot be resumed with B's key
        try (WsClient c = WsClient.connect(emu, "key", keyStr(a, 0))) {
            Frame first = c.await(Frame.CONNECTED);
            c.abort();
            try (WsClient other = WsClient.connect(
                    emu, "key", keyStr(b, 0), "resume", Objects.requireNonNull(first.string("connectionKey")))) {
                Frame connected = other.await(Frame.CONNECTED);
                assertThat(connected.string("connectionId")).isNotEqualTo(first.string("connectionId"));
                assertThat(connected.requireMap("error")).containsEntry("code", 80018L);
            }
        }
    }

    @Test
    void deleteApp_endsItsConnectionsAndRefusesItsKeys() throws Exception {
        Map<String, Object> app = provision("{}");
        String key = keyStr(app, 0);
        try (WsClient c = WsClient.connected(emu, "key", key)) {
            HttpResponse<byte[]> deleted =
                    Http.send(emu, "DELETE", "apps/" + app.get("appId"), Http.basic(key), Map.of(), null);
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(c.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40400L);
        }
        HttpResponse<String> refused = Http.get(emu, "channels/x/messages", Http.basic(key));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("X-Ably-Errorcode")).hasValue("40101");
        try (WsClient c = WsClient.connect(emu, "key", key)) {
            assertThat(c.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40101L);
        }
        assertThat(Http.send(emu, "DELETE", "apps/" + app.get("appId"), Http.basic(emu.key()), Map.of(), null)
                        .statusCode())
                .isEqualTo(404);
        assertThat(emu.apps().list()).extracting(EmulatorApp::appId).containsExactly("default");
    }

    @Test
    void persistedNamespace_keepsHistoryBeyondTheDefaultRetention() throws Exception {
        EmulatorApp app = emu.apps().create("{\"namespaces\":[{\"id\":\"keep\",\"persisted\":true}]}");
        String auth = Http.basic(app.key());
        for (String channel : List.of("keep:a", "other:a", "keep", "keeper:a")) {
            assertThat(Http.post(emu, "channels/" + channel + "/messages", auth, "{\"name\":\"m\"}")
                            .statusCode())
                    .isEqualTo(201);
        }
        clock.advance(Duration.ofMinutes(10)); // beyond the default 2 minutes
        emu.awaitIdle();
        assertThat(items(Http.get(emu, "channels/keep:a/messages", auth))).hasSize(1);
        assertThat(items(Http.get(emu, "channels/keep/messages", auth))).hasSize(1);
        assertThat(items(Http.get(emu, "channels/other:a/messages", auth))).isEmpty();
        assertThat(items(Http.get(emu, "channels/keeper:a/messages", auth))).isEmpty(); // not in namespace keep
        clock.advance(Duration.ofHours(24));
        assertThat(items(Http.get(emu, "channels/keep:a/messages", auth))).isEmpty();
    }

    @Test
    void identifiedNamespace_needsAClientIdToAttachOrPublish() throws Exception {
        EmulatorApp app = emu.apps()
                .create("{\"namespaces\":[{\"id\":\"who\",\"identified\":true,\"pushEnabled\":true,"
                        + "\"exposeTimeserial\":true,\"batchingEnabled\":false}]}");
        try (WsClient anonymous = WsClient.connected(emu, "key", app.key());
                WsClient alice = WsClient.connected(emu, "key", app.key(), "clientId", "alice")) {
            anonymous.send(Frame.of(Frame.ATTACH).put("channel", "who:room"));
            assertThat(anonymous.await(Frame.ERROR, "who:room").requireMap("error"))
                    .containsEntry("code", 40160L);
            anonymous.attach("open:room");
            alice.attach("who:room");
        }
        String auth = Http.basic(app.key());
        HttpResponse<String> refused = Http.post(emu, "channels/who:room/messages", auth, "{\"name\":\"x\"}");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("X-Ably-Errorcode")).hasValue("40160");
        assertThat(Http.post(emu, "channels/who:room/messages", auth, "{\"name\":\"x\",\"clientId\":\"al\"}")
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> withHeader = Http.send(
                emu,
                "POST",
                "channels/who:room/messages",
                auth,
                Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Ably-ClientId",
                        Base64.getEncoder().encodeToString("al".getBytes(StandardCharsets.UTF_8))),
                "{\"name\":\"y\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(withHeader.statusCode()).isEqualTo(201);
        Map<String, Object> described = Wire.decodeJsonObject(app.json());
        assertThat(list(described, "namespaces").get(0))
                .containsEntry("pushEnabled", true)
                .containsEntry("exposeTimeserial", true)
                .containsEntry("identified", true);
    }

    @Test
    void tlsOnlyNamespace_refusesAttachAndRestWithoutTls() throws Exception {
        EmulatorApp app = emu.apps().create("{\"namespaces\":[{\"id\":\"secure\",\"tlsOnly\":true}]}");
        try (WsClient c = WsClient.connected(emu, "key", app.key(), "clientId", "al")) {
            c.send(Frame.of(Frame.ATTACH).put("channel", "secure:x"));
            assertThat(c.await(Frame.ERROR, "secure:x").requireMap("error")).containsEntry("code", 40103L);
            c.attach("plain:x");
        }
        HttpResponse<String> refused = Http.get(emu, "channels/secure:x/messages", Http.basic(app.key()));
        assertThat(refused.headers().firstValue("X-Ably-Errorcode")).hasValue("40103");
    }

    @Test
    void javaApi_createListGetDelete_defaultAppStays() {
        EmulatorApp defaultApp = emu.apps().defaultApp();
        assertThat(defaultApp.isDefault()).isTrue();
        assertThat(defaultApp.keys()).containsExactly(emu.key());
        EmulatorApp created = emu.apps().create();
        assertThat(created.keys()).hasSize(1);
        assertThat(created.key()).startsWith(created.appId() + ".");
        assertThat(emu.apps().get(created.appId())).hasValue(created);
        assertThat(emu.apps().list()).extracting(EmulatorApp::appId).containsExactly("default", created.appId());
        assertThatThrownBy(() -> emu.apps().delete("default")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emu.apps().create("{\"namespaces\":[{\"persisted\":true}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("namespace");
        assertThatThrownBy(() -> emu.apps().create("{\"keys\":[{\"capability\":\"{\\\"x\\\":[\\\"fly\\\"]}\"}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capability");
        assertThat(emu.apps().delete(created.appId())).isTrue();
        assertThat(emu.apps().delete(created.appId())).isFalse();
        assertThat(emu.apps().list()).hasSize(1);
    }

    @Test
    void postApps_invalidSpecIs400() throws Exception {
        HttpResponse<String> r = Http.post(emu, "apps", null, "{\"keys\":{}}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("X-Ably-Errorcode")).hasValue("40000");
        assertThat(Http.post(emu, "apps", null, "[1]").statusCode()).isEqualTo(400);
    }

    @Test
    void postApps_tooManyKeysIs400_andCreatesNothing() throws Exception {
        String keys = String.join(",", java.util.Collections.nCopies(1001, "{}"));
        HttpResponse<String> r = Http.post(emu, "apps", null, "{\"keys\":[" + keys + "]}");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("more than 1000");
        assertThat(emu.apps().list()).hasSize(1); // the default app only
    }
}
