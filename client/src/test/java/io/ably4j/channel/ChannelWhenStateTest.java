package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_when_state_test.md (RTL25). */
@NullUnmarked
class ChannelWhenStateTest extends ChannelTestSupport {

    @Test
    void RTL25a_resolves_immediately_current_0() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL25a");
        assertThat(rt.await(ch.whenState(ChannelState.ATTACHED))).isNull();
    }

    @Test
    void RTL25b_waits_for_state_change_0() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL25b");
        CompletableFuture<ChannelStateChange> when = ch.whenState(ChannelState.ATTACHED);
        rt.drain();
        assertThat(when).isNotDone();
        rt.await(ch.attach());
        ChannelStateChange change = rt.await(when);
        assertThat(change).isNotNull();
        assertThat(change.current()).isEqualTo(ChannelState.ATTACHED);
        assertThat(change.previous()).isIn(ChannelState.INITIALIZED, ChannelState.ATTACHING);
    }

    @Test
    void RTL25b_fires_once_only_1() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL25b-once");
        AtomicInteger attachCount = new AtomicInteger();
        ch.once(ChannelEvent.ATTACHED, c -> attachCount.incrementAndGet());
        CompletableFuture<ChannelStateChange> when = ch.whenState(ChannelState.ATTACHED);
        rt.await(ch.attach());
        assertThat(rt.await(when)).isNotNull();
        assertThat(attachCount.get()).isEqualTo(1);
        rt.await(ch.detach());
        rt.await(ch.attach());
        assertThat(attachCount.get()).isEqualTo(1);
    }

    @Test
    void RTL25a_past_state_does_not_resolve_1() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL25a-past");
        CompletableFuture<ChannelStateChange> when = ch.whenState(ChannelState.ATTACHING);
        rt.drain();
        rt.advanceMillis(200);
        assertThat(when).isNotDone();
    }
}
