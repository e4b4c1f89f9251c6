package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Message updates, deletes and appends: capabilities, refusals and the wire shapes, realtime and REST. */
@NullUnmarked
class MutableMessagesTest {
    private static final String ALL = "app.all:secret";
    private static final String PUBLISH_ONLY = "app.pub:secret";
    private static final String UPDATE_OWN = "app.own:secret";

    private final Emulator emu = Emulator.builder()
            .key(ALL)
            .key(PUBLISH_ONLY, "{\"*\":[\"publish\",\"subscribe\",\"history\"]}")
            .key(UPDATE_OWN, "{\"*\":[\"publish\",\"subscribe\",\"history\",\"message-update-own\"]}")
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    /** Publishes {@code json} over REST with {@code ALL}; returns the serial. */
    private String publish(String channel, String json) throws Exception {
        HttpResponse<String> r = Http.post(emu, "channels/" + channel + "/messages", Http.basic(ALL), json);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        @SuppressWarnings("unchecked") // wire tree of the publish response
        List<Object> serials = (List<Object>) Wire.decodeJsonObject(r.body()).get("serials");
        return (String) serials.get(0);
    }

    private HttpResponse<byte[]> patch(String channel, String serial, String key, String clientId, String json)
            throws Exception {
        Map<String, String> headers = clientId == null
                ? Map.of("Content-Type", "application/json")
                : Map.of(
                        "Content-Type",
                        "application/json",
                        "X-Ably-ClientId",
                        Base64.getEncoder().encodeToString(clientId.getBytes(StandardCharsets.UTF_8)));
        return Http.send(
                emu,
                "PATCH",
                "channels/" + channel + "/messages/"
                        + serial.replace("@", "%40").replace(":", "%3A"),
                Http.basic(key),
                headers,
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static long errorCode(HttpResponse<byte[]> r) throws Exception {
        return (Long) Frame.wrap(Wire.decodeJsonObject(new String(r.body(), StandardCharsets.UTF_8)))
                .requireMap("error")
                .get("code");
    }

    @Test
    void updatesNeedMessageUpdateAnyOrOwnAndDeletesMessageDelete() throws Exception {
        String serial = publish("caps", "{\"clientId\":\"alice\",\"data\":\"v1\"}");

        HttpResponse<byte[]> noCapability = patch("caps", serial, PUBLISH_ONLY, null, "{\"action\":1,\"data\":\"x\"}");
        HttpResponse<byte[]> notOwn = patch("caps", serial, UPDATE_OWN, "bob", "{\"action\":1,\"data\":\"x\"}");
        HttpResponse<byte[]> own = patch("caps", serial, UPDATE_OWN, "alice", "{\"action\":1,\"data\":\"v2\"}");
        HttpResponse<byte[]> deleteOwn = patch("caps", serial, UPDATE_OWN, "alice", "{\"action\":2}");
        HttpResponse<byte[]> deleteAny = patch("caps", serial, ALL, null, "{\"action\":2}");

        assertThat(noCapability.statusCode()).isEqualTo(401);
        assertThat(errorCode(noCapability)).isEqualTo(40160);
        assertThat(errorCode(notOwn)).isEqualTo(40160);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(Wire.decodeJsonObject(new String(own.body(), StandardCharsets.UTF_8)))
                .containsKey("versionSerial");
        assertThat(errorCode(deleteOwn)).isEqualTo(40160);
        assertThat(deleteAny.statusCode()).isEqualTo(200);
    }

    @Test
    void badEditsAreRefused() throws Exception {
        String serial = publish("bad", "{\"data\":\"text\"}");

        assertThat(errorCode(patch("bad", serial, ALL, null, "{\"action\":0,\"data\":\"x\"}")))
                .isEqualTo(40003); // a create is no edit
        assertThat(errorCode(patch("bad", serial, ALL, null, "[{\"action\":1}]")))
                .isEqualTo(40000);
        assertThat(errorCode(patch("bad", "x@1:000", ALL, null, "{\"action\":1}")))
                .isEqualTo(40400);
        assertThat(errorCode(
                        patch("bad", serial, ALL, null, "{\"action\":5,\"data\":\"AQI=\",\"encoding\":\"base64\"}")))
                .isEqualTo(40013); // binary onto a string
        HttpResponse<String> post = Http.post(
                emu, "channels/bad/messages", Http.basic(ALL), "{\"action\":1,\"serial\":\"" + serial + "\"}");
        assertThat(post.statusCode()).isEqualTo(400);
        assertThat(Http.get(emu, "channels/bad/messages/nope", Http.basic(ALL)).statusCode())
                .isEqualTo(404);
    }

    @Test
    void realtimeEditsAreAckedWithTheVersionSerialAndUnsupportedActionsNacked() throws Exception {
        String serial = publish("rt", "{\"name\":\"n\",\"data\":\"a\"}");
        try (WsClient c = WsClient.connected(emu)) {
            c.attach("rt");
            c.send(Frame.of(Frame.MESSAGE)
                    .put("channel", "rt")
                    .put("msgSerial", 0L)
                    .put("messages", List.of(Map.of("action", 5L, "serial", serial, "data", "b"))));
            Frame ack = c.await(Frame.ACK);
            Frame live = c.await(Frame.MESSAGE);
            c.send(Frame.of(Frame.MESSAGE)
                    .put("channel", "rt")
                    .put("msgSerial", 1L)
                    .put("messages", List.of(Map.of("action", 3L, "data", "meta"))));
            Frame nack = c.await(Frame.NACK);
            c.send(Frame.of(19).put("channel", "rt").put("msgSerial", 2L)); // OBJECT: an action the emulator lacks
            Frame nack2 =
                    c.await(f -> f.action() == Frame.NACK && Long.valueOf(2).equals(f.longValue("msgSerial")));

            @SuppressWarnings("unchecked") // wire tree of the ACK
            List<Object> serials =
                    (List<Object>) ((Map<String, Object>) ((List<?>) ack.get("res")).get(0)).get("serials");
            Map<String, Object> item = live.maps("messages").get(0);
            assertThat(item)
                    .containsEntry("action", 5L)
                    .containsEntry("data", "b")
                    .containsEntry("name", "n");
            assertThat(item).containsEntry("serial", serial);
            @SuppressWarnings("unchecked") // wire tree of the version
            Map<String, Object> version = (Map<String, Object>) item.get("version");
            assertThat(version).containsEntry("serial", serials.get(0)).containsKey("timestamp");
            assertThat(nack.requireMap("error")).containsEntry("code", 40003L);
            assertThat(nack2.requireMap("error")).containsEntry("code", 40000L);
        }
        HttpResponse<String> latest =
                Http.get(emu, "channels/rt/messages/" + serial.replace("@", "%40"), Http.basic(ALL));
        assertThat(Wire.decodeJsonObject(latest.body()))
                .containsEntry("data", "ab")
                .containsEntry("action", 5L);
    }
}
