package io.ably4j.presence;

import static io.ably4j.presence.PresenceMessages.pm;
import static io.ably4j.types.PresenceAction.ENTER;
import static io.ably4j.types.PresenceAction.LEAVE;
import static io.ably4j.types.PresenceAction.PRESENT;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.PresenceGetParams;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.RealtimePresence;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/presence/realtime_presence_channel_state.md} (RTL9, RTL11, RTP1, RTP5, RTP13). */
@NullUnmarked
class PresenceChannelStateTest extends PresenceTestSupport {
    private static final PresenceGetParams NO_WAIT =
            PresenceGetParams.builder().waitForSync(false).build();

    /** ATTACH answered by ATTACHED with HAS_PRESENCE and a complete SYNC of {@code members}; DETACH by DETACHED. */
    private void syncingServer(String channel, PresenceMessage... members) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(channel, Flag.HAS_PRESENCE));
                toClient(sync(channel, "seq1:", members));
            } else if (m.action() == Action.DETACH) {
                toClient(detachedMsg(channel));
            }
        });
    }

    @Test
    void RTP1_has_presence_triggers_sync_0() {
        String name = "test-RTP1";
        syncingServer(name, pm(PRESENT, "alice", "c1", "c1:0:0", 100));
        RealtimeChannel ch = attached(connectedClient((String) null), name);
        List<PresenceMessage> members = rt.await(ch.presence().get());
        assertThat(members).extracting(PresenceMessage::clientId).containsExactly("alice");
        assertThat(ch.presence().isSyncComplete()).isTrue();
    }

    @Test
    void RTP1_no_has_presence_empty_1() {
        String name = "test-RTP1-empty";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            }
        });
        RealtimeChannel ch = client(b -> {}).channels().get(name);
        assertThat(ch.presence().isSyncComplete()).isFalse();
        ch = attached(connectedClient((String) null), name);
        assertThat(rt.await(ch.presence().get())).isEmpty();
        assertThat(ch.presence().isSyncComplete()).isTrue();
    }

    @Test
    void RTP1_no_has_presence_clears_existing_2() {
        String name = "test-RTP19a";
        numberedConnections();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                if (connectionCount.get() == 1) {
                    toClient(attachedMsg(name, Flag.HAS_PRESENCE));
                    toClient(sync(
                            name,
                            "seq1:",
                            pm(PRESENT, "alice", "c1", "c1:0:0", 100),
                            pm(PRESENT, "bob", "c2", "c2:0:0", 100)));
                } else {
                    toClient(attachedMsg(name));
                }
            }
        });
        RealtimeClient client = connectedClient((String) null);
        RealtimeChannel ch = attached(client, name);
        assertThat(rt.await(ch.presence().get())).hasSize(2);
        List<PresenceMessage> leaves = new ArrayList<>();
        ch.presence().subscribe(LEAVE, leaves::add);
        dropAndReconnect(client);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(rt.await(ch.presence().get())).isEmpty();
        assertThat(leaves).extracting(PresenceMessage::clientId).containsExactlyInAnyOrder("alice", "bob");
        assertThat(leaves).allSatisfy(l -> assertThat(l.id()).isNull());
    }

    @Test
    void RTP5a_detached_clears_presence_maps_0() {
        String name = "test-RTP5a-detached";
        syncingServer(name, pm(PRESENT, "alice", "c1", "c1:0:0", 100));
        RealtimeChannel ch = attached(connectedClient((String) null), name);
        assertThat(rt.await(ch.presence().get())).hasSize(1);
        List<PresenceMessage> leaves = new ArrayList<>();
        ch.presence().subscribe(LEAVE, leaves::add);
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(leaves).isEmpty();
        // get() would re-attach (RTL33b), which re-syncs; read the cleared map without attaching
        assertThat(ch.presence().isSyncComplete()).isFalse();
        server(m -> {}); // the attach of get() stays pending: nothing repopulates the map
        CompletableFuture<List<PresenceMessage>> f = ch.presence().get(NO_WAIT);
        rt.drain();
        assertThat(f).isNotDone();
        deliver(attachedMsg(name));
        assertThat(rt.await(f)).isEmpty();
        assertThat(leaves).isEmpty();
    }

    @Test
    void RTP5a_failed_clears_presence_maps_1() {
        String name = "test-RTP5a-failed";
        syncingServer(name, pm(PRESENT, "alice", "c1", "c1:0:0", 100));
        RealtimeChannel ch = attached(connectedClient((String) null), name);
        assertThat(rt.await(ch.presence().get())).hasSize(1);
        List<PresenceMessage> leaves = new ArrayList<>();
        ch.presence().subscribe(LEAVE, leaves::add);
        deliver(channelError(name, 90001, "Channel failed"));
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(leaves).isEmpty();
        assertThat(ch.presence().isSyncComplete()).isFalse();
        // RTL33c: get on a FAILED channel fails with 90001
        assertThat(errorOf(ch.presence().get(NO_WAIT)).code()).isEqualTo(90001);
    }

    @Test
    void RTP5b_attached_sends_queued_presence_0() {
        String name = "test-RTP5b";
        server(m -> {
            if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
            }
        });
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = client.channels().get(name);
        fire(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        CompletableFuture<Void> enter = ch.presence().enter("queued");
        rt.drain();
        assertThat(capturedPresence()).isEmpty();
        deliver(attachedMsg(name));
        rt.await(enter);
        assertThat(capturedPresence()).hasSize(1);
        assertThat(capturedPresence().get(0).presence().get(0).action()).isEqualTo(ENTER);
        assertThat(capturedPresence().get(0).presence().get(0).data()).isEqualTo("queued");
    }

    @Test
    void RTP5f_suspended_maintains_presence_map_0() {
        String name = "test-RTP5f";
        syncingServer(name, pm(PRESENT, "alice", "c1", "c1:0:0", 100), pm(PRESENT, "bob", "c2", "c2:0:0", 100));
        RealtimeClient client = connectedClient((String) null);
        RealtimeChannel ch = attached(client, name);
        assertThat(rt.await(ch.presence().get())).hasSize(2);
        suspend(client);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        assertThat(rt.await(ch.presence().get(NO_WAIT))).hasSize(2);
    }

    @Test
    void RTP5f_members_kept_through_suspension_emit_nothing_after_resync() {
        String name = "test-RTP5f-resync";
        PresenceMessage alice = pm(PRESENT, "alice", "c1", "c1:0:0", 100);
        syncingServer(name, alice, pm(PRESENT, "bob", "c2", "c2:0:0", 100));
        RealtimeClient client = connectedClient((String) null);
        RealtimeChannel ch = attached(client, name);
        assertThat(rt.await(ch.presence().get())).hasSize(2);
        suspend(client);
        List<PresenceMessage> events = new ArrayList<>();
        ch.presence().subscribe(events::add);
        syncingServer(name, alice, pm(PRESENT, "carol", "c3", "c3:0:0", 100)); // bob left while suspended
        ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("conn-2")));
        advanceUntil(client, ConnectionState.CONNECTED, 5000, 20);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(events)
                .extracting(PresenceMessage::clientId, PresenceMessage::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("carol", PRESENT),
                        org.assertj.core.groups.Tuple.tuple("bob", LEAVE));
        assertThat(rt.await(ch.presence().get()))
                .extracting(PresenceMessage::clientId)
                .containsExactlyInAnyOrder("alice", "carol");
    }

    @Test
    void RTP19_server_initiated_sync_removes_members_it_omits() {
        String name = "test-RTP19-server-sync";
        PresenceMessage alice = pm(PRESENT, "alice", "c1", "c1:0:0", 100);
        syncingServer(name, alice);
        RealtimeChannel ch = attached(connectedClient((String) null), name);
        assertThat(rt.await(ch.presence().get())).hasSize(1);
        deliver(presence(name, pm(ENTER, "ghost", "c9", "c9:0:0", 200))); // known here only
        List<PresenceMessage> events = new ArrayList<>();
        ch.presence().subscribe(events::add);
        long now = rt.scheduler.currentTimeMillis();
        deliver(sync(name, "seq2:c1", alice)); // RTP18a: a new sequence starts a sync
        assertThat(ch.presence().isSyncComplete()).isFalse();
        deliver(sync(name, "seq3:", alice)); // another new sequence discards seq2 and completes at once
        assertThat(ch.presence().isSyncComplete()).isTrue();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(LEAVE);
            assertThat(e.clientId()).isEqualTo("ghost");
            assertThat(e.id()).isNull();
            assertThat(e.timestamp()).isEqualTo(now);
        });
        assertThat(rt.await(ch.presence().get()))
                .extracting(PresenceMessage::clientId)
                .containsExactly("alice");
    }

    @Test
    void RTP18c_sync_without_channelSerial_is_complete_in_itself() {
        String name = "test-RTP18c";
        syncingServer(name, pm(PRESENT, "alice", "c1", "c1:0:0", 100));
        RealtimeChannel ch = attached(connectedClient((String) null), name);
        deliver(sync(name, null, pm(PRESENT, "bob", "c2", "c2:0:0", 100)));
        assertThat(ch.presence().isSyncComplete()).isTrue();
        assertThat(rt.await(ch.presence().get()))
                .extracting(PresenceMessage::clientId)
                .containsExactly("bob");
    }

    @Test
    void RTP13_sync_complete_attribute_0() {
        String name = "test-RTP13";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name, Flag.HAS_PRESENCE));
                toClient(sync(name, "seq1:cursor1", pm(PRESENT, "alice", "c1", "c1:0:0", 100)));
            }
        });
        RealtimeChannel ch = attached(connectedClient((String) null), name);
        assertThat(ch.presence().isSyncComplete()).isFalse();
        deliver(sync(name, "seq1:", pm(PRESENT, "bob", "c2", "c2:0:0", 100)));
        assertThat(ch.presence().isSyncComplete()).isTrue();
    }

    @Test
    void RTL9_presence_attribute_0() {
        RealtimeChannel ch = client(b -> {}).channels().get("test-RTL9a");
        RealtimePresence presence = ch.presence();
        assertThat(presence).isNotNull();
        assertThat(ch.presence()).isSameAs(presence);
    }

    @Test
    void RTL11_queued_presence_fail_detached_0() {
        String name = "test-RTL11-detached";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            } else if (m.action() == Action.DETACH) {
                toClient(detachedMsg(name));
            }
        });
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        ErrorInfo error = errorOf(ch.presence().enter("queued-enter"));
        assertThat(capturedPresence()).isEmpty();
        assertThat(error.code()).isEqualTo(90001);
    }

    @Test
    void RTL11_queued_presence_detached_while_queued_fails() {
        String name = "test-RTL11-detach-while-attaching";
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = client.channels().get(name);
        fire(ch.attach());
        rt.drain();
        CompletableFuture<Void> enter = ch.presence().enter("queued");
        server(m -> {
            if (m.action() == Action.DETACH) {
                toClient(detachedMsg(name));
            }
        });
        CompletableFuture<Void> detach = ch.detach();
        deliver(attachedMsg(name)); // the pending attach completes, then the queued detach runs (RTL5i)
        rt.await(detach);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        // the enter was sent on ATTACHED (RTP5b) before the detach, so it awaits its ACK (RTL11a)
        assertThat(capturedPresence()).hasSize(1);
        assertThat(enter).isNotDone();
    }

    @Test
    void RTL11_queued_presence_fail_suspended_1() {
        String name = "test-RTL11-suspended";
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = client.channels().get(name);
        fire(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        CompletableFuture<Void> enter = ch.presence().enter("queued-enter");
        CompletableFuture<Void> update = ch.presence().update("queued-update");
        rt.drain();
        assertThat(capturedPresence()).isEmpty();
        suspend(client);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        assertThat(capturedPresence()).isEmpty();
        assertThat(errorOf(enter).code()).isEqualTo(90001);
        assertThat(errorOf(update).code()).isEqualTo(90001);
    }

    @Test
    void RTL11_queued_presence_fail_failed_2() {
        String name = "test-RTL11-failed";
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = client.channels().get(name);
        fire(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        CompletableFuture<Void> enter = ch.presence().enter("queued-enter");
        rt.drain();
        assertThat(capturedPresence()).isEmpty();
        deliver(channelError(name, 90001, "Channel failed"));
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(capturedPresence()).isEmpty();
        ErrorInfo error = errorOf(enter);
        assertThat(error.code()).isEqualTo(90001);
        assertThat(error.cause()).isNotNull();
        assertThat(error.cause().message()).isEqualTo("Channel failed");
    }

    @Test
    void RTL11a_ack_nack_unaffected_by_state_0() {
        String name = "test-RTL11a";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            } else if (m.action() == Action.DETACH) {
                toClient(detachedMsg(name));
            }
        });
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        CompletableFuture<Void> enter = ch.presence().enter("awaiting-ack");
        rt.drain();
        assertThat(capturedPresence()).hasSize(1);
        fire(ch.detach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(enter).isNotDone();
        deliver(ack(capturedPresence().get(0).msgSerial()));
        rt.await(enter);
        assertThat(enter).isCompleted();
    }

    /** Futures started and not awaited by a test (fire and forget); kept so none is silently dropped. */
    private final List<CompletableFuture<?>> fired = new ArrayList<>();

    private void fire(CompletableFuture<?> f) {
        fired.add(f);
    }
}
