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
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_additional_attached.md (RTL12). */
@NullUnmarked
class ChannelAdditionalAttachedTest extends ChannelTestSupport {
    private final List<ChannelStateChange> updateEvents = new ArrayList<>();
    /** Every event the channel emits after it attached: RTL12 allows the UPDATE only, never a second ATTACHED. */
    private final List<ChannelStateChange> allEvents = new ArrayList<>();

    /** Setup and the first test steps: connected, the channel attached, listeners registered. */
    private RealtimeChannel setUpAttached(String name) {
        autoAttachServer(); // ATTACH is answered with ATTACHED
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get(name);
        rt.await(channel.attach());
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        channel.on(ChannelEvent.UPDATE, updateEvents::add);
        channel.on(allEvents::add);
        return channel;
    }

    @Test
    void RTL12_update_emits_with_error_0() {
        String name = "test-RTL12-update";
        RealtimeChannel channel = setUpAttached(name);

        // loss of message continuity after a transport resume: an additional ATTACHED without RESUMED, with an error
        deliver(ProtocolMessage.builder(Action.ATTACHED)
                .channel(name)
                .error(ErrorInfo.of(50000, 500, "generic serverside failure"))
                .build());

        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(updateEvents).hasSize(1);
        ChannelStateChange update = updateEvents.get(0);
        assertThat(update.event()).isEqualTo(ChannelEvent.UPDATE);
        assertThat(update.current()).isEqualTo(ChannelState.ATTACHED);
        assertThat(update.previous()).isEqualTo(ChannelState.ATTACHED);
        assertThat(update.resumed()).isFalse();
        assertThat(update.reason().code()).isEqualTo(50000);
        assertThat(allEvents).containsExactly(update); // RTL12, RTL2g: UPDATE only, no ATTACHED
    }

    @Test
    void RTL12_resumed_no_update_1() {
        String name = "test-RTL12-no-update";
        RealtimeChannel channel = setUpAttached(name);

        // a successful resume with no loss of continuity
        deliver(ProtocolMessage.builder(Action.ATTACHED)
                .channel(name)
                .flag(Flag.RESUMED)
                .build());

        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(updateEvents).isEmpty();
        assertThat(allEvents).isEmpty();
    }

    @Test
    void RTL12_no_error_null_reason_2() {
        String name = "test-RTL12-no-error";
        RealtimeChannel channel = setUpAttached(name);

        deliver(ProtocolMessage.builder(Action.ATTACHED).channel(name).build());

        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(updateEvents).hasSize(1);
        assertThat(updateEvents.get(0).resumed()).isFalse();
        assertThat(updateEvents.get(0).reason()).isNull();
        assertThat(allEvents).containsExactly(updateEvents.get(0));
    }
}
