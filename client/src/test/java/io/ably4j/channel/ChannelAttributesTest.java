package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_attributes.md (RTL23, RTL24, RTL4c). */
@NullUnmarked
class ChannelAttributesTest extends ChannelTestSupport {

    private static ProtocolMessage errorFor(String channel, int code, int statusCode, String message) {
        return ProtocolMessage.builder(Action.ERROR)
                .channel(channel)
                .error(ErrorInfo.of(code, statusCode, message))
                .build();
    }

    private static ProtocolMessage detachedWith(String channel, int code, int statusCode, String message) {
        return ProtocolMessage.builder(Action.DETACHED)
                .channel(channel)
                .error(ErrorInfo.of(code, statusCode, message))
                .build();
    }

    @Test
    void RTL23_name_attribute_0() {
        RealtimeClient client = client();
        RealtimeChannel channel = client.channels().get("my-channel");
        assertThat(channel.name()).isEqualTo("my-channel");
        RealtimeChannel channel2 = client.channels().get("namespace:channel-name");
        assertThat(channel2.name()).isEqualTo("namespace:channel-name");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);
    }

    @Test
    void RTL24_error_reason_channel_error_0() {
        String name = "test-RTL24-error";
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = attachedChannel(client, name);
        assertThat(channel.errorReason()).isNull();
        deliver(errorFor(name, 90001, 500, "Channel error occurred"));
        assertThat(channel.state()).isEqualTo(ChannelState.FAILED);
        ErrorInfo reason = channel.errorReason();
        assertThat(reason).isNotNull();
        assertThat(reason.code()).isEqualTo(90001);
        assertThat(reason.statusCode()).isEqualTo(500);
        assertThat(reason.message()).isEqualTo("Channel error occurred");
    }

    @Test
    void RTL24_error_reason_attach_failure_1() {
        String name = "test-RTL24-attach-fail";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(detachedWith(name, 40160, 401, "Permission denied"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get(name);
        ErrorInfo e = errorOf(channel.attach());
        assertThat(e.code()).isEqualTo(40160);
        ErrorInfo reason = channel.errorReason();
        assertThat(reason).isNotNull();
        assertThat(reason.code()).isEqualTo(40160);
        assertThat(reason.statusCode()).isEqualTo(401);
    }

    @Test
    void RTL4c_error_cleared_on_attach_0() {
        String name = "test-RTL24-clear-attach";
        AtomicInteger attaches = new AtomicInteger();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(
                        attaches.incrementAndGet() == 1
                                ? detachedWith(name, 50000, 500, "Temporary error")
                                : attached(name));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get(name);
        errorOf(channel.attach());
        assertThat(channel.errorReason()).isNotNull();
        assertThat(channel.errorReason().code()).isEqualTo(50000);
        rt.await(channel.attach());
        assertThat(attaches.get()).isEqualTo(2);
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(channel.errorReason()).isNull();
    }

    @Test
    void RTL4c_error_cleared_preserved_detach_1() {
        String name = "test-RTL24-clear-detach";
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = attachedChannel(client, name);
        deliver(errorFor(name, 90002, 500, "Channel error"));
        assertThat(channel.state()).isEqualTo(ChannelState.FAILED);
        assertThat(channel.errorReason()).isNotNull();
        assertThat(channel.errorReason().code()).isEqualTo(90002);
        rt.await(channel.attach());
        assertThat(channel.errorReason()).isNull();
        rt.await(channel.detach());
        assertThat(sent(Action.DETACH)).hasSize(1);
        assertThat(channel.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(channel.errorReason()).isNull();
    }
}
