package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.Channels;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channels_collection.md (RTS1-RTS4). */
@NullUnmarked
class ChannelsCollectionTest extends ChannelTestSupport {

    @Test
    void RTS1_channels_collection_accessible_0() {
        RealtimeClient client = client();
        Channels channels = client.channels();
        assertThat(channels).isNotNull();
        assertThat(client.channels()).isSameAs(channels);
    }

    @Test
    void RTS2_channel_exists_check_0() {
        RealtimeClient client = client();
        assertThat(client.channels().exists("test-RTS2")).isFalse();
        client.channels().get("test-RTS2");
        assertThat(client.channels().exists("test-RTS2")).isTrue();
        assertThat(client.channels().exists("test-RTS2-other")).isFalse();
    }

    @Test
    void RTS2_iterate_channels_1() {
        RealtimeClient client = client();
        client.channels().get("a");
        client.channels().get("b");
        client.channels().get("c");
        assertThat(client.channels().names()).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void RTS3a_get_creates_new_channel_0() {
        RealtimeClient client = client();
        RealtimeChannel ch = client.channels().get("test-RTS3a");
        assertThat(ch.name()).isEqualTo("test-RTS3a");
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(client.channels().exists("test-RTS3a")).isTrue();
    }

    @Test
    void RTS3a_get_returns_existing_channel_1() {
        RealtimeClient client = client();
        RealtimeChannel ch1 = client.channels().get("test-RTS3a-existing");
        RealtimeChannel ch2 = client.channels().get("test-RTS3a-existing");
        assertThat(ch1).isSameAs(ch2);
        assertThat(ch2.name()).isEqualTo("test-RTS3a-existing");
    }

    /** Java has no subscript operator: get(name), get(name, options) with default options, and get again agree. */
    @Test
    void RTS3a_subscript_operator_channel_2() {
        RealtimeClient client = client();
        RealtimeChannel ch1 = client.channels().get("test-RTS3a-subscript");
        RealtimeChannel ch2 = client.channels().get("test-RTS3a-subscript", ChannelOptions.defaults());
        RealtimeChannel ch3 = client.channels().get("test-RTS3a-subscript");
        assertThat(ch1).isSameAs(ch2).isSameAs(ch3);
    }

    @Test
    void RTS4a_release_removes_channel_0() {
        RealtimeClient client = client();
        client.channels().get("test-RTS4a");
        assertThat(client.channels().exists("test-RTS4a")).isTrue();
        rt.await(client.channels().release("test-RTS4a"));
        assertThat(client.channels().exists("test-RTS4a")).isFalse();
    }

    @Test
    void RTS4a_release_nonexistent_noop_1() {
        RealtimeClient client = client();
        rt.await(client.channels().release("test-RTS4a-none"));
        assertThat(client.channels().exists("test-RTS4a-none")).isFalse();
    }

    @Test
    void RTS4a_release_detaches_attached_2() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTS4a-attached");
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        rt.await(client.channels().release("test-RTS4a-attached"));
        assertThat(sent(Action.DETACH)).hasSize(1);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(client.channels().exists("test-RTS4a-attached")).isFalse();
    }

    @Test
    void RTS3a_get_after_release_new_3() {
        RealtimeClient client = client();
        RealtimeChannel ch1 = client.channels().get("test-RTS3a-release");
        rt.await(client.channels().release("test-RTS3a-release"));
        RealtimeChannel ch2 = client.channels().get("test-RTS3a-release");
        assertThat(ch1).isNotSameAs(ch2);
        assertThat(ch2.name()).isEqualTo("test-RTS3a-release");
        assertThat(client.channels().exists("test-RTS3a-release")).isTrue();
    }

    @Test
    void RTS4a_releasedChannelCannotAttachAgain_90001() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel old = attachedChannel(client, "test-RTS4a-reuse");
        rt.await(client.channels().release("test-RTS4a-reuse"));
        int attachesBefore = sent(Action.ATTACH).size();
        ErrorInfo e = errorOf(old.attach()); // its ATTACHED would be routed to no channel, or to a newer one
        assertThat(e.code()).isEqualTo(90001);
        assertThat(sent(Action.ATTACH)).hasSize(attachesBefore);
        assertThat(old.state()).isEqualTo(ChannelState.DETACHED);
        RealtimeChannel fresh = client.channels().get("test-RTS4a-reuse");
        rt.await(fresh.attach());
        assertThat(fresh.state()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTS3_invalidNames_throw40010() {
        RealtimeClient client = client();
        assertThatThrownBy(() -> client.channels().get(null))
                .isInstanceOf(AblyException.class)
                .satisfies(
                        e -> assertThat(((AblyException) e).errorInfo().code()).isEqualTo(40010));
        assertThatThrownBy(() -> client.channels().get(""))
                .isInstanceOf(AblyException.class)
                .satisfies(
                        e -> assertThat(((AblyException) e).errorInfo().code()).isEqualTo(40010));
        assertThatThrownBy(() -> client.channels().get("x", null)).isInstanceOf(AblyException.class);
        assertThat(client.channels().names()).isEmpty();
    }

    /**
     * RTS4a: a release removes the channel it detached, never a newer channel made with the same name. Here a second
     * release of the same channel is still finishing when the first one's caller gets a fresh channel.
     */
    @Test
    void RTS4a_overlappingReleases_doNotRemoveANewerChannel() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        String name = "test-RTS4a-overlap";
        RealtimeChannel old = attachedChannel(client, name);
        List<CompletableFuture<Void>> second = new ArrayList<>();
        old.once(ChannelEvent.DETACHED, c -> second.add(client.channels().release(name)));
        AtomicReference<RealtimeChannel> fresh = new AtomicReference<>();
        CompletableFuture<Void> first = client.channels()
                .release(name)
                .thenRun(() -> fresh.set(client.channels().get(name)));
        rt.await(first);
        rt.await(second.get(0));
        assertThat(fresh.get()).isNotNull().isNotSameAs(old);
        assertThat(client.channels().exists(name)).isTrue();
        assertThat(client.channels().get(name)).isSameAs(fresh.get());
    }
}
