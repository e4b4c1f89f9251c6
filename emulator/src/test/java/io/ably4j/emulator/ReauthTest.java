package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Live connections and their tokens: the AUTH request before expiry (RTN22), in-place renewal (RTC8a). */
class ReauthTest {
    private final ManualClock clock = new ManualClock();
    private @Nullable Emulator emu;

    @AfterEach
    void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    private Emulator start(Emulator.Builder b) {
        emu = b.clock(clock).key("app.key:secret").key("other.key:s2").build();
        return emu;
    }

    static String token(Emulator emu, @Nullable String clientId, long ttl, @Nullable String capability)
            throws Exception {
        return token(emu, "app.key:secret", clientId, ttl, capability);
    }

    /** A native token from an unsigned TokenParams request with basic auth. */
    static String token(Emulator emu, String key, @Nullable String clientId, long ttl, @Nullable String capability)
            throws Exception {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("ttl", ttl);
        if (clientId != null) {
            params.put("clientId", clientId);
        }
        if (capability != null) {
            params.put("capability", capability);
        }
        String keyName = key.substring(0, key.indexOf(':'));
        HttpResponse<String> r =
                Http.post(emu, "keys/" + keyName + "/requestToken", Http.basic(key), Wire.encodeJson(params));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return String.valueOf(Wire.decodeJsonObject(r.body()).get("token"));
    }

    static void reauth(WsClient c, String token) throws Exception {
        c.send(Frame.of(Frame.AUTH).put("auth", Map.of("accessToken", token)));
    }

    @Test
    void RTN22_authIsRequestedThirtySecondsBeforeExpiryAndRenewalKeepsTheConnection() throws Exception {
        Emulator emu = start(Emulator.builder());
        String t = token(emu, "ivy", 120_000, null);
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", t))) {
            String id = String.valueOf(c.await(Frame.CONNECTED).string("connectionId"));
            clock.advance(Duration.ofSeconds(89));
            c.roundTrip();
            assertThat(c.pending(Frame.AUTH)).isEmpty();
            clock.advance(Duration.ofSeconds(1)); // 30 s before expiry
            c.await(Frame.AUTH);
            reauth(c, token(emu, "ivy", 120_000, null));
            Frame update = c.await(Frame.CONNECTED); // RTN24: an UPDATE for the client, same connection
            assertThat(update.string("connectionId")).isEqualTo(id);
            assertThat(update.requireMap("connectionDetails")).containsEntry("clientId", "ivy");
            clock.advance(Duration.ofSeconds(30)); // the first token's expiry
            c.roundTrip();
            assertThat(c.pending(Frame.DISCONNECTED)).isEmpty();
            assertThat(c.pending(Frame.AUTH)).isEmpty();
            clock.advance(Duration.ofSeconds(60)); // 30 s before the renewed token's expiry
            c.await(Frame.AUTH);
            assertThat(emu.connection(id))
                    .hasValueSatisfying(info -> assertThat(info.connected()).isTrue());
        }
    }

    @Test
    void RTN22a_noRenewalAfterTheRequestIsDisconnected40142AtExpiry() throws Exception {
        Emulator emu = start(Emulator.builder().authRequestLead(Duration.ofSeconds(5)));
        String t = token(emu, null, 20_000, null);
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", t))) {
            c.await(Frame.CONNECTED);
            clock.advance(Duration.ofSeconds(15));
            c.await(Frame.AUTH);
            clock.advance(Duration.ofSeconds(4));
            c.roundTrip();
            assertThat(c.pending(Frame.DISCONNECTED)).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            assertThat(c.await(Frame.DISCONNECTED).requireMap("error"))
                    .containsEntry("code", 40142L)
                    .containsEntry("statusCode", 401L);
            c.awaitClosed();
        }
    }

    @Test
    void aTokenThatDoesNotOutliveTheLeadGetsNoAuthRequestAndZeroTurnsItOff() throws Exception {
        Emulator emu = start(Emulator.builder().authRequestLead(Duration.ofSeconds(30)));
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", token(emu, null, 30_000, null)))) {
            c.await(Frame.CONNECTED);
            clock.advance(Duration.ofSeconds(29));
            c.roundTrip();
            assertThat(c.pending(Frame.AUTH)).isEmpty();
            clock.advance(Duration.ofSeconds(1));
            assertThat(c.await(Frame.DISCONNECTED).requireMap("error")).containsEntry("code", 40142L);
            assertThat(c.pending(Frame.AUTH)).isEmpty();
        }
        emu.close();
        Emulator off = start(Emulator.builder().authRequestLead(Duration.ZERO));
        try (WsClient c = WsClient.connect(off, Map.of("accessToken", token(off, null, 600_000, null)))) {
            c.await(Frame.CONNECTED);
            clock.advance(Duration.ofSeconds(599));
            c.roundTrip();
            assertThat(c.pending(Frame.AUTH)).isEmpty();
        }
    }

    @Test
    void basicAuthConnectionsAreNeverAskedToReauthenticate() throws Exception {
        Emulator emu = start(Emulator.builder());
        try (WsClient c = WsClient.connect(emu, Map.of("key", "app.key:secret"))) {
            c.await(Frame.CONNECTED);
            clock.advance(Duration.ofHours(25));
            c.roundTrip();
            assertThat(c.pending(Frame.AUTH)).isEmpty();
        }
    }

    @Test
    void theRequestFollowsTheConnectionAcrossAResume() throws Exception {
        Emulator emu = start(Emulator.builder().authRequestLead(Duration.ofSeconds(10)));
        String t = token(emu, null, 60_000, null);
        String id;
        String key;
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", t))) {
            Frame connected = c.await(Frame.CONNECTED);
            id = String.valueOf(connected.string("connectionId"));
            key = String.valueOf(connected.string("connectionKey"));
        }
        emu.awaitConnection(i -> i.connectionId().equals(id) && !i.connected(), WsClient.TIMEOUT);
        clock.advance(Duration.ofSeconds(55)); // the request falls due while no transport is open: nothing sent
        String renewed = token(emu, null, 60_000, null);
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", renewed, "resume", key))) {
            assertThat(c.await(Frame.CONNECTED).string("connectionId")).isEqualTo(id);
            assertThat(c.pending(Frame.AUTH)).isEmpty();
            clock.advance(Duration.ofSeconds(50)); // 10 s before the renewed token's expiry
            c.await(Frame.AUTH);
        }
    }

    private static void enter(WsClient c, String channel, long serial) throws Exception {
        c.send(Frame.of(Frame.PRESENCE)
                .put("channel", channel)
                .put("msgSerial", serial)
                .put("presence", List.of(Map.of("action", 2L))));
        c.await(f -> f.action() == Frame.ACK && Long.valueOf(serial).equals(f.longValue("msgSerial")));
    }

    private static Map<String, Object> presence(WsClient c, String channel) throws InterruptedException {
        return c.await(Frame.PRESENCE, channel).maps("presence").get(0);
    }

    @Test
    void RTC8a1_capabilityDowngradeFailsTheChannelsNoLongerPermitted() throws Exception {
        Emulator emu = start(Emulator.builder());
        String wide = token(emu, "jo", 600_000, "{\"room\":[\"*\"],\"keep\":[\"*\"]}");
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", wide));
                WsClient watcher = WsClient.connect(emu, Map.of("key", "app.key:secret"))) {
            String id = String.valueOf(c.await(Frame.CONNECTED).string("connectionId"));
            watcher.await(Frame.CONNECTED);
            watcher.attach("room");
            watcher.attach("keep");
            c.attach("room");
            c.attach("keep");
            enter(c, "room", 0);
            enter(c, "keep", 1);
            assertThat(presence(watcher, "room")).containsEntry("action", 2L).containsEntry("clientId", "jo");
            assertThat(presence(watcher, "keep")).containsEntry("action", 2L);

            reauth(c, token(emu, "jo", 600_000, "{\"keep\":[\"publish\",\"subscribe\"]}"));
            Frame update = c.await(Frame.CONNECTED);
            assertThat(update.string("connectionId")).isEqualTo(id);
            assertThat(c.await(Frame.ERROR, "room").requireMap("error"))
                    .containsEntry("code", 40160L)
                    .containsEntry("statusCode", 401L);
            assertThat(c.pending(Frame.ERROR)).isEmpty(); // only the channel that is no longer permitted
            // the failed channel's member leaves; on the kept channel presence is no longer permitted either
            assertThat(presence(watcher, "room")).containsEntry("action", 3L).containsEntry("clientId", "jo");
            assertThat(presence(watcher, "keep")).containsEntry("action", 3L).containsEntry("clientId", "jo");
            assertThat(emu.connection(id))
                    .hasValueSatisfying(i -> assertThat(i.channels()).containsExactly("keep"));

            emu.publish("room", "not-for-jo", "x");
            emu.publish("keep", "for-jo", "y");
            assertThat(c.await(Frame.MESSAGE, "keep").maps("messages").get(0)).containsEntry("name", "for-jo");
            c.roundTrip();
            assertThat(c.pending(Frame.MESSAGE)).isEmpty();
            c.sendJson("{\"action\":15,\"channel\":\"room\",\"msgSerial\":2,\"messages\":[{\"data\":\"z\"}]}");
            assertThat(c.await(Frame.NACK).requireMap("error")).containsEntry("code", 40160L);
            c.sendJson("{\"action\":10,\"channel\":\"room\"}");
            assertThat(c.await(Frame.ERROR, "room").requireMap("error")).containsEntry("code", 40160L);
            c.send(Frame.of(Frame.PRESENCE)
                    .put("channel", "keep")
                    .put("msgSerial", 3L)
                    .put("presence", List.of(Map.of("action", 2L))));
            assertThat(c.await(Frame.NACK).requireMap("error")).containsEntry("code", 40160L);
        }
    }

    @Test
    void RTC8a1_anUnchangedOrWiderCapabilityKeepsEveryChannel() throws Exception {
        Emulator emu = start(Emulator.builder());
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", token(emu, null, 600_000, "{\"a\":[\"*\"]}")))) {
            c.await(Frame.CONNECTED);
            c.attach("a");
            reauth(c, token(emu, null, 600_000, null));
            c.await(Frame.CONNECTED);
            c.roundTrip();
            assertThat(c.pending(Frame.ERROR)).isEmpty();
            emu.publish("a", "still", "here");
            assertThat(c.await(Frame.MESSAGE, "a").maps("messages").get(0)).containsEntry("name", "still");
        }
    }

    @Test
    void RTC8a2_reauthWithATokenForAnotherAppIs40102() throws Exception {
        Emulator emu = start(Emulator.builder());
        try (WsClient c = WsClient.connect(emu, Map.of("accessToken", token(emu, null, 600_000, null)))) {
            c.await(Frame.CONNECTED);
            reauth(c, token(emu, "other.key:s2", null, 600_000, null));
            assertThat(c.await(Frame.ERROR).requireMap("error"))
                    .containsEntry("code", 40102L)
                    .containsEntry("statusCode", 401L);
            c.awaitClosed();
        }
    }

    @Test
    void theLeadMustNotBeNegative() {
        assertThatThrownBy(() -> Emulator.builder().authRequestLead(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
