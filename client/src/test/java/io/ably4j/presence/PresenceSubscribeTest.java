package io.ably4j.presence;

import static io.ably4j.presence.PresenceMessages.pm;
import static io.ably4j.types.PresenceAction.ENTER;
import static io.ably4j.types.PresenceAction.LEAVE;
import static io.ably4j.types.PresenceAction.PRESENT;
import static io.ably4j.types.PresenceAction.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.PresenceGetParams;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.Subscription;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/presence/realtime_presence_subscribe.md} (RTP6, RTP7). */
@NullUnmarked
class PresenceSubscribeTest extends PresenceTestSupport {
    private void simpleServer(String name) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            }
        });
    }

    private RealtimeChannel attachedChannel(String name) {
        simpleServer(name);
        return attached(connectedClient((String) null), name);
    }

    @Test
    void RTP6a_subscribe_all_presence_events_0() {
        String name = "test-RTP6a";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name, Flag.HAS_PRESENCE));
            }
        });
        RealtimeClient client = connectedClient((String) null);
        RealtimeChannel ch = client.channels().get(name);
        List<PresenceMessage> received = new ArrayList<>();
        ch.presence().subscribe(received::add);
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        deliver(presence(name, pm(ENTER, "alice", "c1", "c1:0:0", 1000)));
        deliver(presence(name, pm(UPDATE, "alice", "c1", "c1:1:0", 2000, "updated")));
        deliver(presence(name, pm(LEAVE, "alice", "c1", "c1:2:0", 3000)));
        assertThat(received).hasSize(3);
        assertThat(received.get(0).action()).isEqualTo(ENTER);
        assertThat(received.get(0).clientId()).isEqualTo("alice");
        assertThat(received.get(1).action()).isEqualTo(UPDATE);
        assertThat(received.get(1).data()).isEqualTo("updated");
        assertThat(received.get(2).action()).isEqualTo(LEAVE);
    }

    @Test
    void RTP6b_subscribe_filtered_by_action_0() {
        String name = "test-RTP6b";
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> enters = new ArrayList<>();
        List<PresenceMessage> leaves = new ArrayList<>();
        ch.presence().subscribe(ENTER, enters::add);
        ch.presence().subscribe(LEAVE, leaves::add);
        deliver(presence(
                name,
                pm(ENTER, "alice", "c1", "c1:0:0", 1000),
                pm(UPDATE, "alice", "c1", "c1:1:0", 2000),
                pm(LEAVE, "alice", "c1", "c1:2:0", 3000)));
        assertThat(enters).extracting(PresenceMessage::action).containsExactly(ENTER);
        assertThat(leaves).extracting(PresenceMessage::action).containsExactly(LEAVE);
    }

    @Test
    void RTP6b_subscribe_filtered_multiple_actions_1() {
        String name = "test-RTP6b-multi";
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> received = new ArrayList<>();
        ch.presence().subscribe(Set.of(ENTER, LEAVE), received::add);
        deliver(presence(
                name,
                pm(ENTER, "alice", "c1", "c1:0:0", 1000),
                pm(UPDATE, "alice", "c1", "c1:1:0", 2000),
                pm(LEAVE, "alice", "c1", "c1:2:0", 3000)));
        assertThat(received).extracting(PresenceMessage::action).containsExactly(ENTER, LEAVE);
    }

    @Test
    void RTP6d_subscribe_implicitly_attaches_0() {
        String name = "test-RTP6d";
        simpleServer(name);
        RealtimeChannel ch = connectedClient((String) null).channels().get(name);
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        ch.presence().subscribe(e -> {});
        rt.drain();
        assertThat(sent(Action.ATTACH)).hasSize(1);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTP6e_subscribe_no_attach_option_0() {
        String name = "test-RTP6e";
        RealtimeChannel ch = connectedClient((String) null)
                .channels()
                .get(name, ChannelOptions.builder().attachOnSubscribe(false).build());
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        ch.presence().subscribe(e -> {});
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(sent(Action.ATTACH)).isEmpty();
    }

    @Test
    void RTP7c_unsubscribe_all_listeners_0() {
        String name = "test-RTP7c";
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> a = new ArrayList<>();
        List<PresenceMessage> b = new ArrayList<>();
        ch.presence().subscribe(a::add);
        ch.presence().subscribe(b::add);
        deliver(presence(name, pm(ENTER, "alice", "c1", "c1:0:0", 1000)));
        assertThat(a).hasSize(1);
        assertThat(b).hasSize(1);
        ch.presence().unsubscribe();
        deliver(presence(name, pm(ENTER, "bob", "c2", "c2:0:0", 2000)));
        assertThat(a).hasSize(1);
        assertThat(b).hasSize(1);
    }

    @Test
    void RTP7a_unsubscribe_specific_listener_0() {
        String name = "test-RTP7a";
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> a = new ArrayList<>();
        List<PresenceMessage> b = new ArrayList<>();
        Consumer<PresenceMessage> listenerA = a::add;
        Consumer<PresenceMessage> listenerB = b::add;
        ch.presence().subscribe(listenerA);
        ch.presence().subscribe(listenerB);
        ch.presence().unsubscribe(listenerA);
        deliver(presence(name, pm(ENTER, "alice", "c1", "c1:0:0", 1000)));
        assertThat(a).isEmpty();
        assertThat(b).hasSize(1);
    }

    @Test
    void RTP7b_unsubscribe_for_specific_action_0() {
        String name = "test-RTP7b";
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> received = new ArrayList<>();
        Consumer<PresenceMessage> listener = received::add;
        ch.presence().subscribe(ENTER, listener);
        ch.presence().subscribe(LEAVE, listener);
        ch.presence().unsubscribe(ENTER, listener);
        deliver(presence(name, pm(ENTER, "alice", "c1", "c1:0:0", 1000), pm(LEAVE, "alice", "c1", "c1:1:0", 2000)));
        assertThat(received).extracting(PresenceMessage::action).containsExactly(LEAVE);
    }

    @Test
    void RTP7_closing_subscription_removes_listener() {
        String name = "test-RTP7-close";
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> received = new ArrayList<>();
        Subscription s = ch.presence().subscribe(received::add);
        s.close();
        deliver(presence(name, pm(ENTER, "alice", "c1", "c1:0:0", 1000)));
        assertThat(received).isEmpty();
    }

    @Test
    void RTP6_presence_events_update_map_0() {
        String name = "test-RTP6-map";
        RealtimeChannel ch = attachedChannel(name);
        ch.presence().subscribe(e -> {});
        deliver(presence(name, pm(ENTER, "alice", "c1", "c1:0:0", 1000, "hello")));
        List<PresenceMessage> members = rt.await(
                ch.presence().get(PresenceGetParams.builder().waitForSync(false).build()));
        assertThat(members).hasSize(1);
        assertThat(members.get(0).clientId()).isEqualTo("alice");
        assertThat(members.get(0).data()).isEqualTo("hello");
        assertThat(members.get(0).action()).isEqualTo(PRESENT);
    }

    @Test
    void RTP6_multiple_presence_in_single_message_1() {
        String name = "test-RTP6-batch";
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> received = new ArrayList<>();
        ch.presence().subscribe(received::add);
        deliver(presence(
                name,
                pm(ENTER, "alice", "c1", "c1:0:0", 1000),
                pm(ENTER, "bob", "c2", "c2:0:0", 1000),
                pm(ENTER, "carol", "c3", "c3:0:0", 1000)));
        assertThat(received).extracting(PresenceMessage::clientId).containsExactly("alice", "bob", "carol");
    }

    @Test
    void RTP2d1_stale_event_not_emitted_and_listener_exception_isolated() {
        String name = "test-RTP2a-stale";
        RealtimeChannel ch = attachedChannel(name);
        List<PresenceMessage> received = new ArrayList<>();
        ch.presence().subscribe(e -> {
            throw new IllegalStateException("listener failure");
        });
        ch.presence().subscribe(received::add);
        deliver(presence(name, pm(ENTER, "alice", "c1", "c1:5:0", 1000)));
        deliver(presence(name, pm(UPDATE, "alice", "c1", "c1:3:0", 2000))); // RTP2a: older, discarded
        assertThat(received).extracting(PresenceMessage::action).containsExactly(ENTER);
    }
}
