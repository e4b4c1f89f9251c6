package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_error.md (RTL14). */
@NullUnmarked
class ChannelErrorTest extends ChannelTestSupport {
    private static ProtocolMessage notPermitted(String channel) {
        return ProtocolMessage.builder(Action.ERROR)
                .channel(channel)
                .error(ErrorInfo.of(40160, 401, "Not permitted"))
                .build();
    }

    @Test
    void RTL14_attached_to_failed_0() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL14");
        List<ChannelStateChange> changes = new ArrayList<>();
        ch.on(changes::add);
        deliver(notPermitted("test-RTL14"));
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(ch.errorReason().code()).isEqualTo(40160);
        assertThat(ch.errorReason().statusCode()).isEqualTo(401);
        assertThat(ch.errorReason().message()).contains("Not permitted");
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).current()).isEqualTo(ChannelState.FAILED);
        assertThat(changes.get(0).previous()).isEqualTo(ChannelState.ATTACHED);
        assertThat(changes.get(0).reason().code()).isEqualTo(40160);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void RTL14_attaching_to_failed_1() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(notPermitted(m.channel()));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL14-attaching");
        ErrorInfo e = errorOf(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(ch.errorReason().code()).isEqualTo(40160);
        assertThat(e.code()).isEqualTo(40160);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void RTL14_pending_detach_error_2() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            } else if (m.action() == Action.DETACH) {
                toClient(ProtocolMessage.builder(Action.ERROR)
                        .channel(m.channel())
                        .error(ErrorInfo.of(90198, 500, "Detach failed"))
                        .build());
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, "test-RTL14-detach");
        ErrorInfo e = errorOf(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(ch.errorReason().code()).isEqualTo(90198);
        assertThat(e.code()).isEqualTo(90198);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void RTL14_other_channels_unaffected_3() {
        RealtimeClient client = connectedClient();
        RealtimeChannel a = attachedChannel(client, "test-RTL14-a");
        RealtimeChannel b = attachedChannel(client, "test-RTL14-b");
        deliver(notPermitted("test-RTL14-a"));
        assertThat(a.state()).isEqualTo(ChannelState.FAILED);
        assertThat(a.errorReason()).isNotNull();
        assertThat(b.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(b.errorReason()).isNull();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void RTL14_cancels_pending_timers_4() {
        AtomicInteger attaches = new AtomicInteger();
        server(m -> {
            if (m.action() == Action.ATTACH && attaches.incrementAndGet() == 1) {
                toClient(attached(m.channel()));
            }
        });
        RealtimeClient client = connectedClient(
                b -> b.realtimeRequestTimeout(Duration.ofMillis(100)).channelRetryTimeout(Duration.ofMillis(200)));
        RealtimeChannel ch = client.channels().get("test-RTL14-timers");
        rt.await(ch.attach());
        assertThat(attaches.get()).isEqualTo(1);
        deliver(ProtocolMessage.builder(Action.DETACHED)
                .channel("test-RTL14-timers")
                .error(ErrorInfo.of(90198, 500, "Detach"))
                .build());
        rt.advanceMillis(150);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        deliver(notPermitted("test-RTL14-timers"));
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        int after = attaches.get();
        rt.advanceMillis(500);
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(attaches.get()).isEqualTo(after);
    }
}
