package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.ably.lib.http.HttpUtils;
import io.ably.lib.realtime.ConnectionState;
import io.ably.lib.rest.AblyRest;
import io.ably.lib.types.ClientOptions;
import io.ably.lib.types.HttpPaginatedResponse;
import io.ably.lib.types.Message;
import io.ably.lib.types.PresenceMessage;
import io.ably4j.emulator.Emulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Sandbox-style provisioning: ably-js and ably-java create an app with {@code POST /apps} (the body of ably-common's
 * test-app-setup.json, as their own test suites do), then connect, publish and use presence with its keys; two apps in
 * one emulator do not see each other's channels and do not accept each other's keys.
 */
class AppsInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Path FIXTURE = Path.of("src", "test", "resources", "ably-common", "test-app-setup.json")
            .toAbsolutePath();
    private static final List<String> FIXTURE_MEMBERS =
            List.of("client_bool", "client_int", "client_string", "client_json", "client_decoded", "client_encoded");

    /** ably-java's {@code request("POST", "/apps")} with the fixture's post_apps; the response object. */
    private static JsonObject javaProvision(Emulator emu, String body) throws Exception {
        AblyRest rest = JavaPeer.rest(emu, Format.JSON, KEY);
        HttpPaginatedResponse r = rest.request(
                "POST", "/apps", null, HttpUtils.requestBodyFromGson(JsonParser.parseString(body), false), null);
        assertThat(r.statusCode).as(r.errorMessage).isEqualTo(201);
        JsonElement[] items = r.items();
        assertThat(items).hasSize(1);
        return items[0].getAsJsonObject();
    }

    private static String postApps() throws Exception {
        JsonObject fixture = JsonParser.parseString(Files.readString(FIXTURE, StandardCharsets.UTF_8))
                .getAsJsonObject();
        return fixture.get("post_apps").toString();
    }

    private static String keyStr(JsonObject app, int i) {
        return app.getAsJsonArray("keys").get(i).getAsJsonObject().get("keyStr").getAsString();
    }

    private static String keyStr(Map<String, Object> app, int i) {
        return JsPeer.string(JsPeer.objects(app, "keys").get(i), "keyStr");
    }

    @Test
    void jsProvisionsTheTestAppAndRunsConnectPublishPresence_javaSeesIt() throws Exception {
        Emulator emu = start();
        JsPeer js = js("apps-js", emu, Format.MSGPACK);
        Map<String, Object> reply = js.call("provisionApp", "fixture", FIXTURE.toString());
        assertThat(JsPeer.number(reply, "status")).isEqualTo(201);
        Map<String, Object> app = JsPeer.object(reply, "app");
        assertThat(JsPeer.objects(app, "keys")).hasSize(6);
        assertThat(JsPeer.objects(app, "namespaces")).hasSize(3);
        String key = keyStr(app, 0);
        assertThat(key).startsWith(app.get("appId") + ".");

        js.call("connect", "auth", "key", "key", key, "clientId", "js-client");
        List<Map<String, Object>> fixtures =
                JsPeer.objects(js.call("presenceGet", "channel", "persisted:presence_fixtures"), "members");
        assertThat(fixtures).extracting(m -> m.get("clientId")).containsExactlyInAnyOrderElementsOf(FIXTURE_MEMBERS);

        JavaPeer java = java(JavaPeer.keyOptions(emu, Format.JSON, key));
        java.subscribe("persisted:room");
        java.subscribePresence("persisted:room");
        js.call(
                "enterClients",
                "channel",
                "persisted:room",
                "clientIds",
                List.of("js-client"),
                "data",
                JsPeer.data("hi"));
        js.call("publish", "channel", "persisted:room", "name", "greeting", "data", JsPeer.data("hello"));
        Message m = java.awaitMessages(x -> "greeting".equals(x.name), 1, WAIT).get(0);
        assertThat(m.data).isEqualTo("hello");
        assertThat(m.clientId).isEqualTo("js-client");
        PresenceMessage p = java.awaitPresence(
                        x -> x.action == PresenceMessage.Action.enter && "js-client".equals(x.clientId), 1, WAIT)
                .get(0);
        assertThat(p.data).isEqualTo("hi");
        assertThat(emu.presenceMembers(JsPeer.string(app, "appId"), "persisted:room"))
                .extracting(io.ably4j.emulator.PresenceMember::clientId)
                .containsExactly("js-client");
        assertThat(emu.presenceMembers("persisted:room")).isEmpty(); // not in the default app

        Map<String, Object> deleted = js.call("deleteApp", "appId", JsPeer.string(app, "appId"), "key", key);
        assertThat(JsPeer.number(deleted, "status")).isEqualTo(204);
        java.awaitState(ConnectionState.failed, WAIT);
        js.awaitEvent(JsPeer.connectionState("failed"), WAIT);
    }

    @Test
    void javaProvisionsTheTestAppAndRunsConnectPublishPresence_jsSeesIt() throws Exception {
        Emulator emu = start();
        JsonObject app = javaProvision(emu, postApps());
        assertThat(app.getAsJsonArray("keys")).hasSize(6);
        assertThat(app.getAsJsonArray("namespaces")).hasSize(3);
        String appId = app.get("appId").getAsString();
        String key = keyStr(app, 0);

        ClientOptions options = JavaPeer.keyOptions(emu, Format.MSGPACK, key);
        options.clientId = "java-client";
        JavaPeer java = java(options);
        java.attach("persisted:presence_fixtures");
        PresenceMessage[] fixtures =
                java.channel("persisted:presence_fixtures").presence.get(true);
        assertThat(Arrays.stream(fixtures).map(x -> x.clientId).toList())
                .containsExactlyInAnyOrderElementsOf(FIXTURE_MEMBERS);

        JsPeer js = js("apps-java", emu, key, Format.JSON);
        js.call("connect", "auth", "key");
        js.call("subscribe", "channel", "room");
        js.call("presenceSubscribe", "channel", "room");
        java.attach("room");
        CompletableFuture<@Nullable Void> entered = new CompletableFuture<>();
        java.channel("room").presence.enter("here", JavaPeer.completion(entered));
        JavaPeer.await(entered, "enter");
        java.publish("room", "greeting", "hello");
        Map<String, Object> msg = js.awaitEvent(JsPeer.message("room"), WAIT);
        assertThat(msg.get("data")).isEqualTo(JsPeer.data("hello"));
        assertThat(msg.get("clientId")).isEqualTo("java-client");
        Map<String, Object> enter =
                js.awaitEvent(e -> "presence".equals(e.get("event")) && "enter".equals(e.get("action")), WAIT);
        assertThat(enter.get("clientId")).isEqualTo("java-client");

        // tear down as ably-java's Setup does: DELETE /apps/{id} with Basic auth of the app's first key
        HttpPaginatedResponse deleted =
                JavaPeer.rest(emu, Format.JSON, key).request("DELETE", "/apps/" + appId, null, null, null);
        assertThat(deleted.statusCode).isEqualTo(204);
        java.awaitState(ConnectionState.failed, WAIT);
    }

    @Test
    void twoAppsInOneEmulator_cannotSeeEachOthersChannelsOrUseEachOthersKeys() throws Exception {
        Emulator emu = start();
        JsonObject appA = javaProvision(emu, "{\"keys\":[{}]}");
        JsPeer provisioner = js("apps-isolation", emu, Format.JSON);
        Map<String, Object> appB =
                JsPeer.object(provisioner.call("provisionApp", "spec", Map.of("keys", List.of(Map.of()))), "app");
        String keyA = keyStr(appA, 0);
        String keyB = keyStr(appB, 0);

        JavaPeer javaA = java(JavaPeer.keyOptions(emu, Format.JSON, keyA));
        javaA.subscribe("shared");
        provisioner.call("connect", "auth", "key", "key", keyB);
        provisioner.call("subscribe", "channel", "shared");
        provisioner.call("publish", "channel", "shared", "name", "from-b", "data", JsPeer.data("b"));
        javaA.publish("shared", "from-a", "a");
        // each app's subscriber gets its own app's message and not the other's
        provisioner.awaitEvent(m -> "message".equals(m.get("event")) && "from-b".equals(m.get("name")), WAIT);
        javaA.awaitMessages(m -> "from-a".equals(m.name), 1, WAIT);
        javaA.publish("shared", "from-a-again", "a"); // ordered after from-b: if from-b crossed, it is here by now
        javaA.awaitMessages(m -> "from-a-again".equals(m.name), 1, WAIT);
        assertThat(javaA.messages()).extracting(m -> m.name).containsExactly("from-a", "from-a-again");
        assertThat(provisioner.events(JsPeer.message("shared")))
                .extracting(m -> m.get("name"))
                .containsExactly("from-b");
        // histories are per app
        AblyRest restA = JavaPeer.rest(emu, Format.JSON, keyA);
        assertThat(Arrays.stream(restA.channels.get("shared").history(null).items())
                        .map(m -> m.name)
                        .toList())
                .containsExactlyInAnyOrder("from-a", "from-a-again");
        // A's key gets no token for B's key and cannot delete B
        String keyNameB = keyB.substring(0, keyB.indexOf(':'));
        HttpPaginatedResponse token = restA.request(
                "POST",
                "/keys/" + keyNameB + "/requestToken",
                null,
                HttpUtils.requestBodyFromGson(new JsonObject(), false),
                null);
        assertThat(token.statusCode).isEqualTo(401);
        HttpPaginatedResponse delete = restA.request("DELETE", "/apps/" + appB.get("appId"), null, null, null);
        assertThat(delete.statusCode).isEqualTo(401);
        // a token of A's key acts in A only: its history of "shared" has no message of B
        ClientOptions tokenOptions = JavaPeer.options(emu, Format.JSON);
        tokenOptions.token = restA.auth.requestToken(null, null).token;
        assertThat(tokenOptions.token).startsWith(appA.get("appId").getAsString() + ".");
        assertThat(Arrays.stream(new AblyRest(tokenOptions)
                                .channels
                                .get("shared")
                                .history(null)
                                .items())
                        .map(m -> m.name)
                        .toList())
                .containsExactlyInAnyOrder("from-a", "from-a-again");
        assertThat(emu.apps().list()).hasSize(3);
    }
}
