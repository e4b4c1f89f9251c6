package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Annotations: ANNOTATION publish (ACK/NACK), fan-out by mode, and the summaries of each aggregation method. */
class AnnotationsTest {
    private static final long MODES_ALL_ANNOTATIONS =
            Frame.MODE_SUBSCRIBE | Frame.MODE_PUBLISH | Frame.MODE_ANNOTATION_PUBLISH | Frame.MODE_ANNOTATION_SUBSCRIBE;

    private final Emulator emu = Emulator.builder()
            .key("app.key:secret")
            .key("app.noann:secret2", "{\"*\":[\"publish\",\"subscribe\"]}")
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    private static void attach(WsClient c, String channel, long modes) throws InterruptedException {
        c.send(Frame.of(Frame.ATTACH).put("channel", channel).put("flags", modes));
        c.await(Frame.ATTACHED, channel);
    }

    private static void annotate(WsClient c, long msgSerial, String json) throws Exception {
        c.sendJson(
                "{\"action\":21,\"channel\":\"room\",\"msgSerial\":" + msgSerial + ",\"annotations\":[" + json + "]}");
    }

    private static Map<String, Object> summaryOf(Frame message) {
        Map<String, Object> m = message.maps("messages").get(0);
        assertThat(m).containsEntry("action", 4L);
        return Frame.wrap(Frame.wrap(m).requireMap("annotations")).requireMap("summary");
    }

    private static Frame nextSummary(WsClient c) throws InterruptedException {
        return c.await(f ->
                f.action() == Frame.MESSAGE && f.maps("messages").get(0).get("action") instanceof Long a && a == 4L);
    }

    @Test
    void defaultModesIncludeAnnotationPublishButNotSubscribe() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            Frame a = c.attach("room");
            assertThat(a.flags() & Frame.MODE_ANNOTATION_PUBLISH).isNotZero();
            assertThat(a.flags() & Frame.MODE_ANNOTATION_SUBSCRIBE).isZero();
        }
    }

    @Test
    void annotationIsAckedStampedFannedOutByModeAndSummarised() throws Exception {
        try (WsClient pub = WsClient.connected(emu, "clientId", "alice");
                WsClient annSub = WsClient.connected(emu);
                WsClient msgSub = WsClient.connected(emu)) {
            attach(pub, "room", MODES_ALL_ANNOTATIONS);
            attach(annSub, "room", Frame.MODE_ANNOTATION_SUBSCRIBE);
            attach(msgSub, "room", Frame.MODE_SUBSCRIBE);
            annotate(pub, 0, "{\"type\":\"reactions:distinct.v1\",\"name\":\"like\",\"messageSerial\":\"m1\"}");
            assertThat(pub.await(Frame.ACK).fields()).containsEntry("msgSerial", 0L);
            Frame ann = annSub.await(Frame.ANNOTATION, "room");
            Map<String, Object> a = ann.maps("annotations").get(0);
            assertThat(a)
                    .containsEntry("type", "reactions:distinct.v1")
                    .containsEntry("name", "like")
                    .containsEntry("clientId", "alice")
                    .containsEntry("messageSerial", "m1")
                    .containsEntry("action", 0L)
                    .containsKeys("id", "serial", "timestamp", "connectionId");
            assertThat(summaryOf(nextSummary(msgSub)))
                    .isEqualTo(Map.of(
                            "reactions:distinct.v1",
                            Map.of("like", Map.of("total", 1L, "clientIds", List.of("alice"), "clipped", false))));
            msgSub.roundTrip();
            assertThat(msgSub.pending(Frame.ANNOTATION)).isEmpty(); // no ANNOTATION_SUBSCRIBE mode
        }
    }

    @Test
    void withoutTheModeOrCapabilityAnnotationIsNacked() throws Exception {
        try (WsClient c = WsClient.connected(emu, "clientId", "alice");
                WsClient limited = WsClient.connected(emu, "key", "app.noann:secret2", "clientId", "bob")) {
            attach(c, "room", Frame.MODE_SUBSCRIBE);
            annotate(c, 0, "{\"type\":\"r:flag.v1\",\"messageSerial\":\"m1\"}");
            assertThat(c.await(Frame.NACK).requireMap("error")).containsEntry("code", 40160L);
            annotate(limited, 0, "{\"type\":\"r:flag.v1\",\"messageSerial\":\"m1\"}");
            assertThat(limited.await(Frame.NACK).requireMap("error")).containsEntry("code", 40160L);
            annotate(c, 1, "{\"name\":\"x\",\"messageSerial\":\"m1\"}"); // no type
            assertThat(c.await(Frame.NACK).requireMap("error")).containsEntry("code", 40160L);
        }
    }

    @Test
    void invalidAnnotationIsNackedWith40003() throws Exception {
        try (WsClient c = WsClient.connected(emu, "clientId", "alice")) {
            attach(c, "room", MODES_ALL_ANNOTATIONS);
            annotate(c, 0, "{\"name\":\"x\",\"messageSerial\":\"m1\"}");
            assertThat(c.await(Frame.NACK).requireMap("error")).containsEntry("code", 40003L);
            annotate(c, 1, "{\"type\":\"r:flag.v1\"}");
            assertThat(c.await(Frame.NACK).requireMap("error")).containsEntry("code", 40003L);
        }
    }

    /** Annotates and waits for the ACK, so that annotations from several connections apply in this order. */
    private static void annotateAcked(WsClient c, long msgSerial, String json) throws Exception {
        annotate(c, msgSerial, json);
        c.await(f -> f.action() == Frame.ACK && Long.valueOf(msgSerial).equals(f.longValue("msgSerial")));
    }

    @Test
    void summariesFollowEachAggregationMethod() throws Exception {
        try (WsClient alice = WsClient.connected(emu, "clientId", "alice");
                WsClient bob = WsClient.connected(emu, "clientId", "bob");
                WsClient anon = WsClient.connected(emu);
                WsClient sub = WsClient.connected(emu)) {
            attach(alice, "room", MODES_ALL_ANNOTATIONS);
            attach(bob, "room", MODES_ALL_ANNOTATIONS);
            attach(anon, "room", MODES_ALL_ANNOTATIONS);
            attach(sub, "room", Frame.MODE_SUBSCRIBE);
            annotateAcked(alice, 0, "{\"type\":\"t:total.v1\",\"messageSerial\":\"m\"}");
            annotateAcked(anon, 0, "{\"type\":\"t:total.v1\",\"messageSerial\":\"m\"}");
            annotateAcked(alice, 1, "{\"type\":\"f:flag.v1\",\"messageSerial\":\"m\"}");
            annotateAcked(bob, 1, "{\"type\":\"f:flag.v1\",\"messageSerial\":\"m\"}");
            annotateAcked(alice, 2, "{\"type\":\"u:unique.v1\",\"name\":\"a\",\"messageSerial\":\"m\"}");
            annotateAcked(bob, 2, "{\"type\":\"u:unique.v1\",\"name\":\"a\",\"messageSerial\":\"m\"}");
            annotateAcked(alice, 3, "{\"type\":\"u:unique.v1\",\"name\":\"b\",\"messageSerial\":\"m\"}"); // moves alice
            annotateAcked(alice, 4, "{\"type\":\"d:distinct.v1\",\"name\":\"a\",\"messageSerial\":\"m\"}");
            annotateAcked(alice, 5, "{\"type\":\"d:distinct.v1\",\"name\":\"b\",\"messageSerial\":\"m\"}");
            annotateAcked(alice, 6, "{\"type\":\"x:multiple.v1\",\"name\":\"a\",\"count\":3,\"messageSerial\":\"m\"}");
            annotateAcked(alice, 7, "{\"type\":\"x:multiple.v1\",\"name\":\"a\",\"messageSerial\":\"m\"}");
            annotateAcked(anon, 1, "{\"type\":\"x:multiple.v1\",\"name\":\"a\",\"count\":2,\"messageSerial\":\"m\"}");
            annotateAcked(bob, 3, "{\"type\":\"f:flag.v1\",\"action\":1,\"messageSerial\":\"m\"}"); // delete
            Frame last = sub.await(f -> f.action() == Frame.MESSAGE
                    && summaryOf(f).get("f:flag.v1") instanceof Map<?, ?> flag
                    && Long.valueOf(1).equals(flag.get("total"))
                    && summaryOf(f).containsKey("x:multiple.v1"));
            Map<String, Object> s = summaryOf(last);
            assertThat(s.get("t:total.v1")).isEqualTo(Map.of("total", 2L));
            assertThat(s.get("f:flag.v1"))
                    .isEqualTo(Map.of("total", 1L, "clientIds", List.of("alice"), "clipped", false));
            assertThat(s.get("u:unique.v1"))
                    .isEqualTo(Map.of(
                            "a", Map.of("total", 1L, "clientIds", List.of("bob"), "clipped", false),
                            "b", Map.of("total", 1L, "clientIds", List.of("alice"), "clipped", false)));
            assertThat(s.get("d:distinct.v1"))
                    .isEqualTo(Map.of(
                            "a", Map.of("total", 1L, "clientIds", List.of("alice"), "clipped", false),
                            "b", Map.of("total", 1L, "clientIds", List.of("alice"), "clipped", false)));
            assertThat(s.get("x:multiple.v1"))
                    .isEqualTo(Map.of(
                            "a",
                            Map.of(
                                    "total", 6L,
                                    "clientIds", Map.of("alice", 4L),
                                    "totalUnidentified", 2L,
                                    "clipped", false,
                                    "totalClientIds", 1L)));
        }
    }

    /** Annotations are kept for the channel's retention, like its messages; a store does not outlive it. */
    @Test
    void annotationsAreForgottenAfterTheRetention() throws Exception {
        ManualClock clock = new ManualClock();
        try (Emulator timed =
                Emulator.builder().key("app.key:secret").clock(clock).build()) {
            String auth = Http.basic("app.key:secret");
            String path = "/channels/kept/messages/s1/annotations";
            assertThat(Http.post(timed, path, auth, "{\"type\":\"reactions:flag.v1\",\"clientId\":\"c1\"}")
                            .statusCode())
                    .isEqualTo(201);
            assertThat(Http.get(timed, path, auth).body()).contains("reactions:flag.v1");

            String body = "";
            for (int step = 0; step < 8 && !body.equals("[]"); step++) { // 4 minutes: past the 2 minute retention
                clock.advance(Duration.ofSeconds(30)); // a sweep; the request below waits for it (engine thread)
                body = Http.get(timed, path, auth).body();
            }

            assertThat(body).isEqualTo("[]");
        }
    }
}
