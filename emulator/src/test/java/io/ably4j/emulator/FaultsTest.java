package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.emulator.internal.Frame;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every fault action of {@link Faults}, and the event log. */
class FaultsTest {
    private final ManualClock clock = new ManualClock();
    private final Emulator emu = Emulator.builder().clock(clock).build();

    @AfterEach
    void stop() {
        emu.close();
    }

    private static String id(WsClient c) throws InterruptedException {
        return String.valueOf(c.await(Frame.CONNECTED).string("connectionId"));
    }

    @Test
    void dropCleanSendsACloseFrame() throws Exception {
        try (WsClient c = WsClient.connect(emu)) {
            emu.faults().drop(id(c), DropMode.CLEAN);
            assertThat(c.awaitClosed()).isEqualTo(1000);
            assertThat(emu.awaitConnection(ci -> !ci.connected(), WsClient.TIMEOUT))
                    .isNotNull();
        }
    }

    @Test
    void dropFinAndRstEndTheTransportWithoutACloseFrame() throws Exception {
        for (DropMode mode : new DropMode[] {DropMode.FIN, DropMode.RST}) {
            try (WsClient c = WsClient.connect(emu)) {
                String id = id(c);
                emu.faults().drop(id, mode);
                assertThat(c.awaitClosed()).as(mode.name()).isNotEqualTo(1000);
                emu.awaitConnection(ci -> ci.connectionId().equals(id) && !ci.connected(), WsClient.TIMEOUT);
            }
        }
    }

    @Test
    void refuseResetAndHttp503FailTheUpgrade() throws Exception {
        emu.faults().refuseConnections(RefuseMode.RESET);
        assertThatThrownBy(() -> WsClient.connect(emu)).isInstanceOf(CompletionException.class);
        emu.faults().refuseConnections(RefuseMode.HTTP_503);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> WsClient.connect(emu));
        assertThat(thrown).isInstanceOf(CompletionException.class);
        assertThat(thrown.getCause())
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        h -> assertThat(h.getResponse().statusCode()).isEqualTo(503));
        emu.faults().acceptConnections();
        try (WsClient c = WsClient.connected(emu)) {
            assertThat(c.json).isTrue();
        }
    }

    @Test
    void holdWithholdsConnectedUntilAccepted() throws Exception {
        emu.faults().refuseConnections(RefuseMode.HOLD);
        try (WsClient c = WsClient.connect(emu)) {
            emu.events().await(e -> e.type() == EmulatorEvent.Type.WS_OPEN, WsClient.TIMEOUT);
            emu.awaitIdle();
            assertThat(c.pending(Frame.CONNECTED)).isEmpty();
            assertThat(emu.connections()).isEmpty();
            emu.faults().acceptConnections();
            c.await(Frame.CONNECTED);
        }
    }

    @Test
    void suppressHeartbeatsGloballyAndPerConnection() throws Exception {
        try (WsClient a = WsClient.connect(emu);
                WsClient b = WsClient.connect(emu)) {
            String idA = id(a);
            id(b);
            emu.faults().suppressHeartbeats(idA, true);
            clock.advance(Duration.ofSeconds(15));
            b.await(Frame.HEARTBEAT);
            emu.awaitIdle();
            assertThat(a.pending(Frame.HEARTBEAT)).isEmpty();
            emu.faults().suppressHeartbeats(true);
            emu.faults().suppressHeartbeats(idA, false);
            clock.advance(Duration.ofSeconds(15));
            emu.awaitIdle();
            assertThat(emu.events().events(EventLog.frame(true, Frame.HEARTBEAT)))
                    .hasSize(1);
            emu.faults().suppressHeartbeats(false);
            clock.advance(Duration.ofSeconds(15));
            a.await(Frame.HEARTBEAT);
        }
    }

    @Test
    void ruleSuppressesMatchingFramesForTimesThenExpires() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            Faults.Registration r = emu.faults()
                    .addRule(FrameRule.toClient()
                            .action(Frame.ATTACHED)
                            .channel("a")
                            .times(1)
                            .suppress());
            c.sendJson("{\"action\":10,\"channel\":\"a\"}");
            c.sendJson("{\"action\":10,\"channel\":\"b\"}");
            c.await(Frame.ATTACHED, "b");
            assertThat(c.pending(Frame.ATTACHED)).isEmpty();
            assertThat(emu.faults().rules()).isEmpty();
            assertThat(r.remove()).isFalse();
            c.attach("a");
        }
    }

    @Test
    void delayRuleHoldsFramesInOrderUntilTheClockMoves() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            emu.faults().addRule(FrameRule.toClient().action(Frame.ATTACHED).delay(Duration.ofSeconds(5)));
            c.sendJson("{\"action\":10,\"channel\":\"a\"}");
            c.sendJson("{\"action\":0,\"id\":\"after\"}");
            emu.events().await(e -> e.type() == EmulatorEvent.Type.FRAME_DELAYED, WsClient.TIMEOUT);
            emu.events().await(EventLog.frame(false, Frame.HEARTBEAT), WsClient.TIMEOUT);
            emu.awaitIdle();
            assertThat(c.pending(Frame.ATTACHED)).isEmpty();
            assertThat(c.pending(Frame.HEARTBEAT)).isEmpty(); // order kept: queued behind the delayed frame
            clock.advance(Duration.ofSeconds(5));
            c.await(Frame.ATTACHED, "a");
            c.await(Frame.HEARTBEAT);
        }
    }

    @Test
    void inboundRuleSuppressesClientFrames() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            emu.faults()
                    .addRule(FrameRule.toServer().action(Frame.ATTACH).times(1).suppress());
            c.sendJson("{\"action\":10,\"channel\":\"a\"}");
            c.sendJson("{\"action\":0,\"id\":\"marker\"}");
            c.await(Frame.HEARTBEAT);
            assertThat(c.pending(Frame.ATTACHED)).isEmpty();
            c.attach("a");
        }
    }

    @Test
    void injectAnyProtocolMessage() throws Exception {
        try (WsClient c = WsClient.connect(emu)) {
            String id = id(c);
            emu.faults().inject(id, "{\"action\":11,\"channel\":\"x\",\"flags\":983040}");
            assertThat(c.await(Frame.ATTACHED, "x").flags()).isEqualTo(983040);
            emu.faults().requestAuth(id);
            c.await(Frame.AUTH);
            emu.faults().detachChannel("nobody", 90000, 500, "detached");
            emu.faults().disconnect(id, 80003, 503, "maintenance");
            assertThat(c.await(Frame.DISCONNECTED).requireMap("error")).containsEntry("code", 80003L);
            c.awaitClosed();
            emu.awaitConnection(ci -> ci.connectionId().equals(id) && !ci.connected(), WsClient.TIMEOUT);
        }
    }

    @Test
    void injectErrorFailsTheConnection() throws Exception {
        try (WsClient c = WsClient.connect(emu)) {
            emu.faults().error(id(c), 40101, 401, "revoked");
            Frame e = c.await(Frame.ERROR);
            assertThat(e.fields()).doesNotContainKey("channel");
            assertThat(c.awaitClosed()).isEqualTo(1000);
        }
    }

    @Test
    void RTL13_unsolicitedDetachedReachesAttachedConnections() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.attach("room");
            emu.faults().detachChannel("room", 90000, 500, "gone");
            assertThat(c.await(Frame.DETACHED, "room").requireMap("error")).containsEntry("code", 90000L);
        }
    }

    @Test
    void unknownConnectionIsRejected() {
        assertThatThrownBy(() -> emu.faults().drop("nope", DropMode.FIN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> emu.faults().inject("nope", "[1]")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventLogRecordsFramesBothWays() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.attach("logged");
            EmulatorEvent in = emu.events().await(EventLog.frame(false, Frame.ATTACH), WsClient.TIMEOUT);
            assertThat(in.channel()).isEqualTo("logged");
            assertThat(in.detail()).contains("\"action\":10");
            assertThat(emu.events()
                            .await(EventLog.frame(true, Frame.CONNECTED), WsClient.TIMEOUT)
                            .connectionId())
                    .isNotNull();
            assertThat(emu.events().events(e -> e.type() == EmulatorEvent.Type.WS_OPEN))
                    .singleElement()
                    .satisfies(
                            e -> assertThat(e.detail()).contains("<redacted>").doesNotContain("secret"));
            emu.events().clear();
            assertThat(emu.events().events()).isEmpty();
        }
    }

    static HttpClient http() {
        return HttpClient.newHttpClient();
    }
}
