package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.connection.ConnectionObserver;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The internal seam the channel registry uses: ConnectionObserver + ConnectionManager#send (RTL3d ordering). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ChannelSeamTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private final class Recorder implements ConnectionObserver {
        final ConnectionManager manager;
        final List<ProtocolMessage> forwarded = new ArrayList<>();
        final List<Boolean> resets = new ArrayList<>();
        final List<Boolean> resumedFlags = new ArrayList<>();

        Recorder(ConnectionManager manager) {
            this.manager = manager;
        }

        @Override
        public void onConnectionStateChange(ConnectionStateChange change, boolean resumed) {
            assertThat(manager.executor().inExecutor()).isTrue();
            assertThat(manager.state()).isEqualTo(change.current());
            log.add("observer:" + change.event());
            if (change.current() == ConnectionState.CONNECTED) {
                resumedFlags.add(resumed);
                if (change.event() == ConnectionEvent.CONNECTED) {
                    // RTL3d: re-attach before users see CONNECTED
                    boolean sent = manager.send(
                            ProtocolMessage.builder(Action.ATTACH).channel("ch").build());
                    assertThat(sent).isTrue();
                }
            }
        }

        @Override
        public void onProtocolMessage(ProtocolMessage message) {
            forwarded.add(message);
        }

        @Override
        public void onConnectionReset(boolean fromClosing) {
            resets.add(fromClosing);
        }
    }

    private Recorder install(RealtimeClient client) {
        Recorder r = new Recorder(FakeRuntime.manager(client));
        FakeRuntime.manager(client).addObserver(r);
        client.connection().on(c -> log.add("listener:" + c.event()));
        return r;
    }

    @Test
    void RTL3d_observerRunsBeforeUserListenersAndCanSendAttachFirst() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        rt.ws.onMessageFromClient(m -> log.add("wire:" + m.action()));
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        install(client);
        client.connect();
        rt.drain();
        assertThat(log)
                .containsSubsequence("observer:CONNECTING", "listener:CONNECTING")
                .containsSubsequence("observer:CONNECTED", "wire:ATTACH", "listener:CONNECTED");
        assertThat(log.indexOf("wire:ATTACH")).isLessThan(log.indexOf("listener:CONNECTED"));
    }

    @Test
    void channelAddressedAndUnknownMessagesAreForwarded_connectionMessagesAreNot() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        Recorder r = install(client);
        client.connect();
        rt.drain();
        var c = rt.ws.activeConnection();
        c.sendToClient(ProtocolMessage.builder(Action.ATTACHED).channel("ch").build());
        c.sendToClient(ProtocolMessage.builder(Action.MESSAGE).channel("ch").build());
        c.sendToClient(ProtocolMessage.builder(Action.ERROR)
                .channel("ch")
                .error(ErrorInfo.of(40160, 401, "no capability"))
                .build());
        c.sendToClient(
                ProtocolMessage.builder(Action.ACK).msgSerial(0L).count(1).build());
        c.sendToClient(
                ProtocolMessage.builder(Action.NACK).msgSerial(1L).count(1).build());
        c.sendToClient(ProtocolMessage.builder(99).build());
        c.sendToClient(Fixtures.heartbeat("hb"));
        rt.drain();
        assertThat(r.forwarded)
                .extracting(ProtocolMessage::action)
                .containsExactly(
                        Action.ATTACHED, Action.MESSAGE, Action.ERROR, Action.ACK, Action.NACK, Action.UNKNOWN);
        // A channel ERROR does not fail the connection.
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void resumedFlag_trueForResume_falseForNewConnection() {
        AtomicInteger n = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            int i = n.incrementAndGet();
            c.respondWithSuccess(Fixtures.connected(i == 3 ? "other-id" : "id-1", "key-" + i));
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        Recorder r = install(client);
        client.connect();
        rt.drain();
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        rt.ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(r.resumedFlags).containsExactly(false, true, false);
    }

    @Test
    void RTN11b_RTN11d_resetNotifications() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        Recorder r = install(client);
        client.connect();
        rt.drain();
        client.close(); // no CLOSED reply: stays CLOSING
        rt.drain();
        client.connect(); // RTN11b
        rt.drain();
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                rt.ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        client.close();
        rt.drain();
        client.connect(); // RTN11d
        rt.drain();
        assertThat(r.resets).containsExactly(true, false);
        assertThat(log).containsSubsequence("observer:CLOSING", "observer:CONNECTING");
    }

    @Test
    void RTC11_throwingObserverDoesNotCorruptTheConnection() {
        rt.ws.respondToEveryAttemptWith(Fixtures.connected());
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        FakeRuntime.manager(client).addObserver(new ConnectionObserver() {
            @Override
            public void onConnectionStateChange(ConnectionStateChange change, boolean resumed) {
                throw new IllegalStateException("observer bug");
            }

            @Override
            public void onProtocolMessage(ProtocolMessage message) {
                throw new IllegalStateException("observer bug");
            }
        });
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));
        client.connect();
        rt.drain();
        rt.ws.activeConnection()
                .sendToClient(
                        ProtocolMessage.builder(Action.ATTACHED).channel("ch").build());
        rt.drain();
        assertThat(states).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void sendWithoutAnOpenTransportReturnsFalse() {
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        ConnectionManager m = FakeRuntime.manager(client);
        boolean[] sent = {true};
        m.executor().execute(() -> sent[0] = m.send(ProtocolMessage.of(Action.HEARTBEAT)));
        rt.drain();
        assertThat(sent[0]).isFalse();
    }
}
