package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_state_events.md (RTL2, RTL24, RTL4c). */
@NullUnmarked
class ChannelStateEventsTest extends ChannelTestSupport {
    private static final String CH = "test-RTL2";
    private final List<ChannelStateChange> changes = new ArrayList<>();

    private void attachedWith(Flag... flags) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                ProtocolMessage.Builder b =
                        ProtocolMessage.builder(Action.ATTACHED).channel(CH);
                for (Flag f : flags) {
                    b.flag(f);
                }
                toClient(b.build());
            }
        });
    }

    private void deniedWith(String message) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(ProtocolMessage.builder(Action.ERROR)
                        .channel(CH)
                        .error(ErrorInfo.of(40160, 401, message))
                        .build());
            }
        });
    }

    @Test
    void RTL2b_channel_state_attribute_0() {
        RealtimeChannel ch = client().channels().get(CH);
        assertThat(ch.state()).isInstanceOf(ChannelState.class).isEqualTo(ChannelState.INITIALIZED);
    }

    @Test
    void RTL2b_initial_state_initialized_1() {
        RealtimeChannel ch = connectedClient().channels().get(CH);
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
    }

    @Test
    void RTL2a_state_change_events_emitted_0() {
        autoAttachServer();
        RealtimeChannel ch = connectedClient().channels().get(CH);
        ch.on(changes::add);
        rt.await(ch.attach());
        assertThat(changes).hasSizeGreaterThanOrEqualTo(2);
        assertThat(changes.get(0).current()).isEqualTo(ChannelState.ATTACHING);
        assertThat(changes.get(0).previous()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(changes.get(1).current()).isEqualTo(ChannelState.ATTACHED);
        assertThat(changes.get(1).previous()).isEqualTo(ChannelState.ATTACHING);
    }

    @Test
    void RTL2d_state_change_object_structure_0() {
        autoAttachServer();
        RealtimeChannel ch = connectedClient().channels().get(CH);
        ch.once(changes::add);
        rt.await(ch.attach());
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).current()).isEqualTo(ChannelState.ATTACHING);
        assertThat(changes.get(0).previous()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(changes.get(0).event()).isEqualTo(ChannelEvent.ATTACHING);
    }

    @Test
    void RTL2d_state_change_error_reason_1() {
        deniedWith("Channel denied");
        RealtimeChannel ch = connectedClient().channels().get(CH);
        ch.on(ChannelEvent.FAILED, changes::add);
        errorOf(ch.attach());
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).current()).isEqualTo(ChannelState.FAILED);
        assertThat(changes.get(0).reason().code()).isEqualTo(40160);
        assertThat(changes.get(0).reason().message()).isEqualTo("Channel denied");
    }

    @Test
    void RTL2_filtered_event_subscription_0() {
        autoAttachServer();
        RealtimeChannel ch = connectedClient().channels().get(CH);
        ch.on(ChannelEvent.ATTACHED, changes::add);
        rt.await(ch.attach());
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).current()).isEqualTo(ChannelState.ATTACHED);
        assertThat(changes.get(0).event()).isEqualTo(ChannelEvent.ATTACHED);
    }

    @Test
    void RTL2g_update_event_condition_change_0() {
        autoAttachServer();
        RealtimeChannel ch = connectedClient().channels().get(CH);
        ch.on(ChannelEvent.UPDATE, changes::add);
        rt.await(ch.attach());
        deliver(attached(CH));
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).event()).isEqualTo(ChannelEvent.UPDATE);
        assertThat(changes.get(0).current()).isEqualTo(ChannelState.ATTACHED);
        assertThat(changes.get(0).previous()).isEqualTo(ChannelState.ATTACHED);
        assertThat(changes.get(0).resumed()).isFalse();
    }

    @Test
    void RTL2g_no_duplicate_state_events_1() {
        autoAttachServer();
        RealtimeChannel ch = connectedClient().channels().get(CH);
        ch.on(changes::add);
        rt.await(ch.attach());
        deliver(attached(CH));
        assertThat(changes)
                .filteredOn(c -> c.current() == ChannelState.ATTACHED && c.event() == ChannelEvent.ATTACHED)
                .hasSize(1);
    }

    @Test
    void RTL2i_has_backlog_flag_true_0() {
        attachedWith(Flag.HAS_BACKLOG);
        RealtimeChannel ch = connectedClient().channels().get(CH);
        ch.on(ChannelEvent.ATTACHED, changes::add);
        rt.await(ch.attach());
        assertThat(changes.get(0).hasBacklog()).isTrue();
    }

    @Test
    void RTL2i_has_backlog_flag_false_1() {
        attachedWith();
        RealtimeChannel ch = connectedClient().channels().get(CH);
        ch.on(ChannelEvent.ATTACHED, changes::add);
        rt.await(ch.attach());
        assertThat(changes.get(0).hasBacklog()).isFalse();
    }

    @Test
    void RTL2d_resumed_flag_propagated_2() {
        attachedWith(Flag.RESUMED);
        RealtimeChannel ch = connectedClient().channels().get(CH);
        ch.on(ChannelEvent.ATTACHED, changes::add);
        rt.await(ch.attach());
        assertThat(changes.get(0).resumed()).isTrue();
    }

    @Test
    void RTL24_error_reason_populated_0() {
        deniedWith("Not authorized");
        RealtimeChannel ch = connectedClient().channels().get(CH);
        errorOf(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(ch.errorReason().code()).isEqualTo(40160);
        assertThat(ch.errorReason().message()).isEqualTo("Not authorized");
    }

    @Test
    void RTL4c_error_reason_cleared_attach_0() {
        AtomicInteger attaches = new AtomicInteger();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attaches.incrementAndGet() == 1 ? channelError(CH, 40160, "Not authorized") : attached(CH));
            }
        });
        RealtimeChannel ch = connectedClient().channels().get(CH);
        errorOf(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(ch.errorReason()).isNotNull();
        rt.await(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(ch.errorReason()).isNull();
    }

    /** RTE6: a throwing state listener does not stop other listeners. */
    @Test
    void RTL2_throwingStateListenerIsIsolated() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH);
        ch.on(c -> {
            throw new IllegalStateException("listener bug");
        });
        ch.on(changes::add);
        rt.await(ch.attach());
        assertThat(changes)
                .extracting(ChannelStateChange::current)
                .containsExactly(ChannelState.ATTACHING, ChannelState.ATTACHED);
    }
}
