package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket.PendingConnection;
import io.ably4j.types.AblyException;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Regression tests for what {@link StateMachineFuzzTest} found (docs/reliability.md, "Fuzzing: Findings"). */
class FuzzFindingsRegressionTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient connected() {
        RealtimeClient client =
                rt.client(b -> b.autoConnect(false).clientId("fuzz").realtimeRequestTimeout(Duration.ofSeconds(2)));
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(Fixtures.connected()));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    /**
     * Finding 2 (seed 545033866766183810): a presence get waiting for the sync (RTP11c1) was never completed when
     * connect() after a close reset the channel to INITIALIZED (RTN11b, RTN11d) without passing through DETACHED.
     */
    @Test
    void RTN11d_RTP11_getWaitingForSync_failsWhenTheChannelIsReset() {
        RealtimeClient client = connected();
        RealtimeChannel channel = client.channels().get("a");
        AblyFuture<Void> attach = channel.attach();
        rt.drain();
        PendingConnection c = rt.ws.activeConnection();
        c.sendToClient(ProtocolMessage.builder(Action.ATTACHED)
                .channel("a")
                .flag(Flag.HAS_PRESENCE)
                .build());
        rt.drain();
        assertThat(attach).isCompleted();
        AblyFuture<List<PresenceMessage>> get = channel.presence().get(); // waits for the SYNC
        rt.drain();
        assertThat(get).isNotDone();
        AblyFuture<Void> detach = channel.detach();
        rt.drain();
        assertThat(channel.state()).isEqualTo(ChannelState.DETACHING);
        AblyFuture<Void> closing = client.closeAsync();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSING);
        client.connect(); // RTN11b: a new connection while CLOSING; RTN11d: channels back to INITIALIZED
        rt.drain();
        assertThat(channel.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(rt.awaitError(get)).isInstanceOf(AblyException.class);
        assertThat(detach).isDone();
        assertThat(closing).isDone(); // superseded by connect()
    }
}
