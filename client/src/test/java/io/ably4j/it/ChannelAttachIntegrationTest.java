package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.awaitFailure;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.AblyException;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UTS {@code realtime/integration/channels/channel_attach_test.md} (RTL4c, RTL5d, RTL14) against the emulator. The
 * specs run in JSON only; each case also runs in msgpack.
 */
class ChannelAttachIntegrationTest {
    private static UtsSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = UtsSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        sandbox.closeClients();
    }

    private static RealtimeClient connected(String key, Protocol protocol) throws Exception {
        RealtimeClient client = sandbox.client(key, protocol);
        client.connect();
        await(client.connection().whenState(ConnectionState.CONNECTED));
        return client;
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL4c_attach_succeeds_0(Protocol protocol) throws Exception {
        String channelName = "attach-RTL4c-" + UtsSandbox.randomId();
        RealtimeClient client = connected(UtsSandbox.API_KEY, protocol);

        RealtimeChannel channel = client.channels().get(channelName);
        assertThat(channel.state()).isEqualTo(ChannelState.INITIALIZED);
        LinkedBlockingQueue<ChannelStateChange> changes = new LinkedBlockingQueue<>();
        channel.on(changes::add);

        await(channel.attach());

        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(channel.errorReason()).isNull();
        // RTL4c: ATTACHING on sending ATTACH, then ATTACHED on the server's confirmation
        assertThat(poll(changes, 2))
                .extracting(ChannelStateChange::current)
                .containsExactly(ChannelState.ATTACHING, ChannelState.ATTACHED);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL5d_detach_succeeds_0(Protocol protocol) throws Exception {
        String channelName = "detach-RTL5d-" + UtsSandbox.randomId();
        RealtimeClient client = connected(UtsSandbox.API_KEY, protocol);
        RealtimeChannel channel = client.channels().get(channelName);
        await(channel.attach());
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        LinkedBlockingQueue<ChannelStateChange> changes = new LinkedBlockingQueue<>();
        channel.on(changes::add);

        await(channel.detach());

        assertThat(channel.state()).isEqualTo(ChannelState.DETACHED);
        // RTL5d: DETACHING on sending DETACH, then DETACHED on the server's confirmation
        assertThat(poll(changes, 2))
                .extracting(ChannelStateChange::current)
                .containsExactly(ChannelState.DETACHING, ChannelState.DETACHED);
    }

    /**
     * Despite its title ("causes channel FAILED"), the UTS case checks a publish NACK on an attached channel: a
     * subscribe-only key may attach anywhere but not publish. (A denied attach is covered by {@code
     * ChannelsEmulatorTest.RTL14_attachWithoutCapabilityFails}.)
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL14_insufficient_capability_failed_0(Protocol protocol) throws Exception {
        String channelName = "publish-not-allowed-" + UtsSandbox.randomId();
        RealtimeClient client = connected(UtsSandbox.SUBSCRIBE_ONLY_KEY, protocol);
        RealtimeChannel channel = client.channels().get(channelName);

        await(channel.attach());
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);

        AblyException error = awaitFailure(channel.publish("test", "data"));

        assertThat(error.errorInfo().code()).isEqualTo(40160);
        assertThat(error.errorInfo().statusCode()).isEqualTo(401);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }
}
