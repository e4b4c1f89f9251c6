package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.internal.connection.RecoveryParticipant;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * The channel half of connection recovery (RTN16): the channel registry as the connection manager's {@link
 * RecoveryParticipant}, called directly here as the connection half will call it.
 */
@NullUnmarked
class ChannelRecoveryTest extends ChannelTestSupport {

    private static RecoveryParticipant participant(RealtimeClient client) {
        RecoveryParticipant p = FakeRuntime.manager(client).recoveryParticipant();
        assertThat(p).isNotNull();
        return p;
    }

    /** Calls {@code recover} on the serial executor, as the connection manager does. */
    private void recover(RealtimeClient client, long msgSerial, Map<String, String> channelSerials) {
        ConnectionManager manager = FakeRuntime.manager(client);
        RecoveryParticipant p = participant(client);
        manager.executor().execute(() -> p.recover(msgSerial, channelSerials));
        rt.drain();
    }

    private static ProtocolMessage attachedWithSerial(String channel, String serial) {
        return ProtocolMessage.builder(Action.ATTACHED)
                .channel(channel)
                .channelSerial(serial)
                .build();
    }

    @Test
    void RTN16_registryIsTheRecoveryParticipant() {
        RealtimeClient client = client();
        assertThat(participant(client)).isSameAs(client.channels());
    }

    @Test
    void RTN16g_msgSerialIsTheNextPublishSerial() {
        autoAckServer();
        RealtimeClient client = connectedClient();
        RecoveryParticipant p = participant(client);
        assertThat(p.msgSerial()).isZero();
        RealtimeChannel ch = client.channels().get("recovery-serial");
        for (int i = 0; i < 3; i++) {
            rt.await(ch.publish("m" + i, "d"));
        }
        assertThat(sent(Action.MESSAGE)).extracting(ProtocolMessage::msgSerial).containsExactly(0L, 1L, 2L);
        assertThat(p.msgSerial()).isEqualTo(3L);
    }

    @Test
    void RTN16g_attachedChannelSerials_onlyAttachedChannelsWithASerial() {
        Map<String, String> attachSerials = Map.of(
                "ch-a", "a-1",
                "ch-b", "b-1",
                "ch-reattaching", "r-1",
                "ch-detached", "d-1");
        server(m -> {
            if (m.action() == Action.ATTACH) {
                String serial = attachSerials.get(m.channel());
                toClient(serial == null ? attached(m.channel()) : attachedWithSerial(m.channel(), serial));
            } else if (m.action() == Action.DETACH) {
                toClient(detached(m.channel()));
            }
        });
        RealtimeClient client = connectedClient();
        for (String name : new String[] {"ch-a", "ch-b", "ch-no-serial", "ch-reattaching", "ch-detached"}) {
            rt.await(client.channels().get(name).attach());
        }
        // RTL15b: a MESSAGE moves ch-b's serial on
        deliver(ProtocolMessage.builder(Action.MESSAGE)
                .channel("ch-b")
                .channelSerial("b-2")
                .build());
        // RTL13a: a server DETACHED sends ch-reattaching back to ATTACHING, its serial kept; the server stays silent
        server(null);
        deliver(detached("ch-reattaching"));
        RealtimeChannel reattaching = client.channels().get("ch-reattaching");
        assertThat(reattaching.state()).isEqualTo(ChannelState.ATTACHING);
        assertThat(reattaching.properties().channelSerial()).isEqualTo("r-1");
        // ch-detached: DETACHED (RTL15b2 clears its serial)
        fire(client.channels().get("ch-detached").detach());
        deliver(detached("ch-detached"));
        assertThat(client.channels().get("ch-detached").state()).isEqualTo(ChannelState.DETACHED);

        assertThat(participant(client).attachedChannelSerials()).isEqualTo(Map.of("ch-a", "a-1", "ch-b", "b-2"));
    }

    @Test
    void RTN16j_channelsCreatedWithSerials() {
        autoAttachServer();
        RealtimeClient client = client();
        RealtimeChannel existing = client.channels().get("existing");
        Map<String, String> serials = new LinkedHashMap<>();
        serials.put("recovered", "rec-1");
        serials.put("existing", "ex-1");
        recover(client, 0, serials);

        assertThat(client.channels().names()).containsExactlyInAnyOrder("existing", "recovered");
        RealtimeChannel recovered = client.channels().get("recovered");
        assertThat(recovered.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(recovered.properties().channelSerial()).isEqualTo("rec-1");
        assertThat(existing.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(existing.properties().channelSerial()).isEqualTo("ex-1");

        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(sent(Action.ATTACH)).isEmpty(); // RTN16i: the user attaches them
        rt.await(recovered.attach());
        rt.await(existing.attach());
        // RTL4c1: each ATTACH asks to continue from the recovered serial
        assertThat(sent(Action.ATTACH))
                .extracting(ProtocolMessage::channel, ProtocolMessage::channelSerial)
                .containsExactly(tuple("recovered", "rec-1"), tuple("existing", "ex-1"));
    }

    @Test
    void RTN16f_msgSerialContinues() {
        // The connection half reports a successful recovery as a resumed CONNECTED (same connection id); a resumed
        // reconnection of this client stands in for it here.
        autoAckServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("recovery-continue");
        ws.onConnectionAttempt(c -> {}); // the reconnection waits for the test
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isNotEqualTo(ConnectionState.CONNECTED);

        recover(client, 7, Map.of());
        assertThat(participant(client).msgSerial()).isEqualTo(7L);
        CompletableFuture<PublishResult> f = ch.publish("after-recovery", "d");
        rt.drain();
        assertThat(sent(Action.MESSAGE)).isEmpty(); // queued (RTL6c2)

        ws.lastAttempt().respondWithSuccess(Fixtures.connected());
        rt.await(f);
        assertThat(sent(Action.MESSAGE)).extracting(ProtocolMessage::msgSerial).containsExactly(7L);
        assertThat(participant(client).msgSerial()).isEqualTo(8L);
    }

    @Test
    void RTN16f_failedRecoveryResetsMsgSerialToZero() {
        // RTN16l, RTN15c7: CONNECTED with a new connection id and an error; the manager reports it as not resumed
        ws.respondToEveryAttemptWith(Fixtures.connected("new-connection", "new-key").toBuilder()
                .error(ErrorInfo.of(80008, 400, "Unable to recover connection"))
                .build());
        autoAckServer();
        RealtimeClient client = client();
        recover(client, 7, Map.of("recovered", "rec-1"));
        assertThat(participant(client).msgSerial()).isEqualTo(7L);
        CompletableFuture<PublishResult> f = client.channels().get("recovered").publish("n", "d");

        client.connect();
        rt.await(f);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().errorReason().code()).isEqualTo(80008);
        assertThat(sent(Action.MESSAGE)).extracting(ProtocolMessage::msgSerial).containsExactly(0L);
        assertThat(participant(client).msgSerial()).isEqualTo(1L);
    }

    @Test
    void RTN16f_invalidRecoveryValuesIgnored() {
        RealtimeClient client = client();
        recover(client, 3, Map.of());
        recover(client, -1, Map.of("", "serial"));
        assertThat(participant(client).msgSerial()).isEqualTo(3L);
        assertThat(client.channels().names()).isEmpty();
    }
}
