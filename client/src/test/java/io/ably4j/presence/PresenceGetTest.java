package io.ably4j.presence;

import static io.ably4j.presence.PresenceMessages.pm;
import static io.ably4j.types.PresenceAction.PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.PresenceGetParams;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/presence/realtime_presence_get.md} (RTP11, RTL33). */
@NullUnmarked
class PresenceGetTest extends PresenceTestSupport {
    private static final PresenceGetParams NO_WAIT =
            PresenceGetParams.builder().waitForSync(false).build();

    /** ATTACH answered with ATTACHED (HAS_PRESENCE), then {@code then} (e.g. a SYNC), if any. */
    private void attachingServer(String name, ProtocolMessage... then) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name, Flag.HAS_PRESENCE));
                for (ProtocolMessage pm : then) {
                    toClient(pm);
                }
            }
        });
    }

    private RealtimeChannel attachedChannel(String name) {
        ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("conn-1")));
        return attached(connectedClient((String) null), name);
    }

    @Test
    void RTP11a_get_returns_members_single_sync_0() {
        String name = "test-RTP11a-single";
        attachingServer(name);
        RealtimeChannel ch = attachedChannel(name);
        CompletableFuture<List<PresenceMessage>> get = ch.presence().get();
        rt.drain();
        assertThat(get).isNotDone();
        deliver(sync(
                name,
                "seq1:",
                pm(PRESENT, "alice", "c1", "c1:0:0", 100, "a"),
                pm(PRESENT, "bob", "c2", "c2:0:0", 100, "b")));
        assertThat(rt.await(get)).extracting(PresenceMessage::clientId).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void RTP11a_get_waits_for_multi_sync_1() {
        String name = "test-RTP11c1-multi";
        attachingServer(name);
        RealtimeChannel ch = attachedChannel(name);
        CompletableFuture<List<PresenceMessage>> get = ch.presence().get();
        rt.drain();
        assertThat(get).isNotDone();
        deliver(sync(name, "seq1:cursor1", pm(PRESENT, "alice", "c1", "c1:0:0", 100)));
        assertThat(get).isNotDone();
        deliver(sync(name, "seq1:", pm(PRESENT, "bob", "c2", "c2:0:0", 100)));
        assertThat(rt.await(get)).extracting(PresenceMessage::clientId).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void RTP11c1_get_no_wait_returns_immediately_0() {
        String name = "test-RTP11c1-nowait";
        attachingServer(name, sync(name, "seq1:cursor1", pm(PRESENT, "alice", "c1", "c1:0:0", 100)));
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> members = rt.await(ch.presence().get(NO_WAIT));
        assertThat(members).extracting(PresenceMessage::clientId).containsExactly("alice");
        assertThat(ch.presence().isSyncComplete()).isFalse();
    }

    @Test
    void RTP11c2_get_filtered_by_clientid_0() {
        String name = "test-RTP11c2";
        attachingServer(
                name,
                sync(
                        name,
                        "seq1:",
                        pm(PRESENT, "alice", "c1", "c1:0:0", 100),
                        pm(PRESENT, "bob", "c2", "c2:0:0", 100),
                        pm(PRESENT, "alice", "c3", "c3:0:0", 100)));
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> members = rt.await(
                ch.presence().get(PresenceGetParams.builder().clientId("alice").build()));
        assertThat(members).hasSize(2).allSatisfy(m -> assertThat(m.clientId()).isEqualTo("alice"));
    }

    @Test
    void RTP11c3_get_filtered_by_connectionid_0() {
        String name = "test-RTP11c3";
        attachingServer(
                name,
                sync(
                        name,
                        "seq1:",
                        pm(PRESENT, "alice", "c1", "c1:0:0", 100),
                        pm(PRESENT, "bob", "c2", "c2:0:0", 100),
                        pm(PRESENT, "carol", "c1", "c1:0:1", 100)));
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> members = rt.await(
                ch.presence().get(PresenceGetParams.builder().connectionId("c1").build()));
        assertThat(members)
                .hasSize(2)
                .allSatisfy(m -> assertThat(m.connectionId()).isEqualTo("c1"));
    }

    @Test
    void RTP11b_get_implicitly_attaches_0() {
        String name = "test-RTP11b";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            }
        });
        RealtimeChannel ch = connectedClient((String) null).channels().get(name);
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        List<PresenceMessage> members = rt.await(ch.presence().get(NO_WAIT));
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(members).isNotNull().isEmpty();
    }

    @Test
    void RTL33b1_get_fails_with_the_attach_error() {
        String name = "test-RTL33b1";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(channelError(name, 40160, "Not permitted"));
            }
        });
        RealtimeChannel ch = connectedClient((String) null).channels().get(name);
        ErrorInfo error = errorOf(ch.presence().get());
        assertThat(error.code()).isEqualTo(40160);
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
    }

    @Test
    void RTP11_waiting_get_fails_when_channel_detaches() {
        String name = "test-RTP11-detach";
        attachingServer(name);
        RealtimeChannel ch = attachedChannel(name);
        CompletableFuture<List<PresenceMessage>> get = ch.presence().get();
        rt.drain();
        assertThat(get).isNotDone();
        deliver(channelError(name, 90001, "Channel failed"));
        assertThat(errorOf(get).code()).isEqualTo(90001);
    }

    private RealtimeClient suspendableClient() {
        ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("conn-1", 5000)));
        return connectedClient(b -> b.disconnectedRetryTimeout(Duration.ofMillis(500)));
    }

    @Test
    void RTP11d_get_suspended_errors_default_0() {
        String name = "test-RTP11d";
        attachingServer(name, sync(name, "seq1:", pm(PRESENT, "alice", "c1", "c1:0:0", 100)));
        RealtimeClient client = suspendableClient();
        RealtimeChannel ch = attached(client, name);
        suspend(client);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        ErrorInfo error = errorOf(ch.presence().get());
        assertThat(error.code()).isEqualTo(91005);
        assertThat(error.statusCode()).isEqualTo(400);
    }

    @Test
    void RTP11d_get_suspended_no_wait_returns_1() {
        String name = "test-RTP11d-nowait";
        attachingServer(name, sync(name, "seq1:", pm(PRESENT, "alice", "c1", "c1:0:0", 100)));
        RealtimeClient client = suspendableClient();
        RealtimeChannel ch = attached(client, name);
        suspend(client);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        List<PresenceMessage> members = rt.await(ch.presence().get(NO_WAIT));
        assertThat(members).extracting(PresenceMessage::clientId).containsExactly("alice");
    }

    @Test
    void RTP11d_waiting_get_fails_when_channel_suspends() {
        String name = "test-RTP11d-waiting";
        attachingServer(name);
        RealtimeClient client = suspendableClient();
        RealtimeChannel ch = attached(client, name);
        CompletableFuture<List<PresenceMessage>> get = ch.presence().get();
        rt.drain();
        assertThat(get).isNotDone();
        suspend(client);
        assertThat(errorOf(get).code()).isEqualTo(91005);
    }
}
