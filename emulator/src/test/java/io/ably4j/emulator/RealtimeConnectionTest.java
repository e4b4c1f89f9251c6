package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connect, CONNECTED details, auth errors in band, heartbeats, ping, CLOSE. */
class RealtimeConnectionTest {
    private final ManualClock clock = new ManualClock();
    private final Emulator emu = Emulator.builder()
            .key("app.key:secret")
            .clock(clock)
            .connectionStateTtl(Duration.ofSeconds(30))
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void RTN21_connectedCarriesCompleteConnectionDetails() throws Exception {
        try (WsClient c = WsClient.connect(emu, "clientId", "alice")) {
            Frame f = c.await(Frame.CONNECTED);
            assertThat(f.string("connectionId")).matches("[A-Za-z0-9_-]+");
            Map<String, Object> d = f.requireMap("connectionDetails");
            assertThat(d.get("connectionKey")).asString().startsWith(f.string("connectionId") + "!");
            assertThat(d)
                    .containsEntry("clientId", "alice")
                    .containsEntry("connectionStateTtl", 30_000L)
                    .containsEntry("maxIdleInterval", 15_000L)
                    .containsEntry("maxMessageSize", 65536L)
                    .containsEntry("maxFrameSize", 524288L)
                    .containsKey("serverId");
            assertThat(f.fields()).doesNotContainKey("error");
        }
    }

    @Test
    void CD2_basicAuthWithoutClientIdOmitsClientId() throws Exception {
        try (WsClient c = WsClient.connect(emu)) {
            Map<String, Object> d = c.await(Frame.CONNECTED).requireMap("connectionDetails");
            assertThat(d).doesNotContainKey("clientId");
        }
    }

    @Test
    void msgpackFormatUsesBinaryFramesAndTheSameFields() throws Exception {
        try (WsClient c = WsClient.connect(
                emu, Map.of("key", "app.key:secret", "format", "msgpack", "v", "4", "agent", "ably-java/1.5.0"))) {
            Frame f = c.await(Frame.CONNECTED);
            assertThat(f.map("connectionDetails")).containsKey("connectionKey");
            assertThat(emu.connections())
                    .singleElement()
                    .extracting(ConnectionInfo::format)
                    .isEqualTo("msgpack");
        }
    }

    @Test
    void RTN14g_invalidKeyIsAnInBandErrorThenClose() throws Exception {
        try (WsClient c = WsClient.connect(emu, "key", "app.key:wrong")) {
            Frame f = c.await(Frame.ERROR);
            assertThat(f.fields()).doesNotContainKey("channel");
            assertThat(f.map("error")).containsEntry("code", 40101L).containsEntry("statusCode", 401L);
            assertThat(c.awaitClosed()).isEqualTo(1000);
            assertThat(emu.connections()).isEmpty();
        }
    }

    @Test
    void noCredentialsIs40106() throws Exception {
        try (WsClient c = WsClient.connect(emu, Map.of("format", "json"))) {
            assertThat(c.await(Frame.ERROR).map("error")).containsEntry("code", 40106L);
        }
    }

    @Test
    void RSC18_strictModeRefusesBasicAuthWithoutTls() throws Exception {
        try (Emulator strict = Emulator.builder().strictBasicAuth(true).build();
                WsClient c = WsClient.connect(strict, Map.of("key", strict.key()))) {
            assertThat(c.await(Frame.ERROR).map("error")).containsEntry("code", 40103L);
        }
    }

    @Test
    void RTN23_heartbeatMessagesWhenHeartbeatsParamAbsentOrTrue() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            clock.advance(Duration.ofSeconds(15));
            Frame hb = c.await(Frame.HEARTBEAT);
            assertThat(hb.fields()).containsOnlyKeys("action");
            clock.advance(Duration.ofSeconds(15));
            c.await(Frame.HEARTBEAT);
            assertThat(c.pings.get()).isZero();
        }
    }

    @Test
    void RTN23b_websocketPingsWhenHeartbeatsFalse() throws Exception {
        try (WsClient c = WsClient.connected(emu, "heartbeats", "false")) {
            clock.advance(Duration.ofSeconds(15));
            long deadline = System.nanoTime() + WsClient.TIMEOUT.toNanos();
            while (c.pings.get() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(c.pings.get()).isEqualTo(1);
            emu.awaitIdle();
            assertThat(emu.events().events(EventLog.frame(true, Frame.HEARTBEAT)))
                    .isEmpty();
        }
    }

    @Test
    void RTN13e_pingWithIdIsEchoed() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.sendJson("{\"action\":0,\"id\":\"p-7f3a\"}");
            assertThat(c.await(Frame.HEARTBEAT).string("id")).isEqualTo("p-7f3a");
        }
    }

    @Test
    void RTN12_closeIsAnsweredWithClosedAndDisposesState() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            assertThat(emu.connections()).hasSize(1);
            c.sendJson("{\"action\":7}");
            c.await(Frame.CLOSED);
            assertThat(c.awaitClosed()).isEqualTo(1000);
            emu.awaitIdle();
            assertThat(emu.connections()).isEmpty();
        }
    }

    @Test
    void transportLossKeepsStateUntilConnectionStateTtl() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.abort();
            ConnectionInfo info = emu.awaitConnection(ci -> !ci.connected(), WsClient.TIMEOUT);
            assertThat(emu.connections()).hasSize(1);
            clock.advance(Duration.ofSeconds(29));
            emu.awaitIdle();
            assertThat(emu.connection(info.connectionId())).isPresent();
            clock.advance(Duration.ofSeconds(1));
            emu.awaitIdle();
            assertThat(emu.connections()).isEmpty();
        }
    }
}
