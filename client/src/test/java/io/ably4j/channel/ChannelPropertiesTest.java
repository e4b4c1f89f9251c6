package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_properties.md (RTL15, CP2). */
@NullUnmarked
class ChannelPropertiesTest extends ChannelTestSupport {
    private static final String CH = "test-RTL15";
    private final AtomicInteger attaches = new AtomicInteger();

    /** ATTACH answered (unless {@code onlyFirst} and not the first) with ATTACHED carrying {@code serial}. */
    private void serialServer(String serial, boolean numbered, boolean onlyFirst) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                int n = attaches.incrementAndGet();
                if (!onlyFirst || n == 1) {
                    toClient(ProtocolMessage.builder(Action.ATTACHED)
                            .channel(m.channel())
                            .channelSerial(numbered ? serial + n : serial)
                            .build());
                }
            } else if (m.action() == Action.DETACH) {
                toClient(detached(m.channel()));
            }
        });
    }

    private RealtimeChannel attached(RealtimeClient client) {
        RealtimeChannel ch = client.channels().get(CH);
        rt.await(ch.attach());
        return ch;
    }

    @Test
    void RTL15c_attach_serial_from_attached_0() {
        serialServer("attach-serial-", true, false);
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH);
        assertThat(ch.properties().attachSerial()).isNull();
        rt.await(ch.attach());
        assertThat(ch.properties().attachSerial()).isEqualTo("attach-serial-1");
        rt.await(ch.detach());
        rt.await(ch.attach());
        assertThat(ch.properties().attachSerial()).isEqualTo("attach-serial-2");
    }

    @Test
    void RTL15c_attach_serial_server_reattach_1() {
        serialServer("initial-serial", false, false);
        RealtimeChannel ch = attached(connectedClient());
        assertThat(ch.properties().attachSerial()).isEqualTo("initial-serial");
        deliver(ProtocolMessage.builder(Action.ATTACHED)
                .channel(CH)
                .channelSerial("updated-serial")
                .build());
        assertThat(ch.properties().attachSerial()).isEqualTo("updated-serial");
    }

    @Test
    void RTL15c_attach_serial_not_updated_resumed_2() {
        serialServer("initial-serial", false, false);
        RealtimeChannel ch = attached(connectedClient());
        deliver(ProtocolMessage.builder(Action.ATTACHED)
                .channel(CH)
                .channelSerial("resumed-serial")
                .flag(Flag.RESUMED)
                .build());
        assertThat(ch.properties().channelSerial()).isEqualTo("resumed-serial");
        assertThat(ch.properties().attachSerial()).isEqualTo("initial-serial");
    }

    @Test
    void RTL15b_channel_serial_from_attached_0() {
        serialServer("serial-001", false, false);
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH);
        assertThat(ch.properties().channelSerial()).isNull();
        rt.await(ch.attach());
        assertThat(ch.properties().channelSerial()).isEqualTo("serial-001");
    }

    @Test
    void RTL15b_channel_serial_from_messages_1() {
        serialServer("serial-001", false, false);
        RealtimeChannel ch = attached(connectedClient());
        deliver(ProtocolMessage.builder(Action.MESSAGE)
                .channel(CH)
                .channelSerial("serial-002")
                .addMessage(Message.of("event", "data"))
                .build());
        assertThat(ch.properties().channelSerial()).isEqualTo("serial-002");
        deliver(ProtocolMessage.builder(Action.PRESENCE)
                .channel(CH)
                .channelSerial("serial-003")
                .build());
        assertThat(ch.properties().channelSerial()).isEqualTo("serial-003");
    }

    @Test
    void RTL15b_serial_not_updated_empty_2() {
        serialServer("serial-001", false, false);
        RealtimeChannel ch = attached(connectedClient());
        deliver(ProtocolMessage.builder(Action.MESSAGE)
                .channel(CH)
                .addMessage(Message.of("event", "data"))
                .build());
        assertThat(ch.properties().channelSerial()).isEqualTo("serial-001");
    }

    @Test
    void RTL15b_serial_not_updated_irrelevant_3() {
        serialServer("serial-001", false, false);
        RealtimeChannel ch = attached(connectedClient());
        deliver(ProtocolMessage.builder(Action.DETACHED)
                .channel(CH)
                .channelSerial("serial-should-not-apply")
                .error(ErrorInfo.of(90198, 500, "Detached"))
                .build());
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(attaches.get()).isEqualTo(2);
        assertThat(ch.properties().channelSerial()).isEqualTo("serial-001");
    }

    @Test
    void RTL15b1_serial_cleared_detached_0() {
        serialServer("serial-001", false, false);
        RealtimeChannel ch = attached(connectedClient());
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(ch.properties().channelSerial()).isNull();
    }

    @Test
    @Disabled("contradicts spec 6.1.1: RTL15b2 keeps channelSerial on SUSPENDED (see RTL15b2_serialKeptWhenSuspended)")
    void RTL15b1_serial_cleared_suspended_1() {
        serialServer("serial-001", false, true);
        RealtimeChannel ch = attached(connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100))));
        deliver(ProtocolMessage.builder(Action.DETACHED)
                .channel(CH)
                .error(ErrorInfo.of(90198, 500, "Detached"))
                .build());
        rt.advanceMillis(150);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        assertThat(ch.properties().channelSerial()).isNull();
    }

    /** What spec 6.1.1 says for the case above: SUSPENDED keeps the serial, so the re-attach can carry it. */
    @Test
    void RTL15b2_serialKeptWhenSuspended() {
        serialServer("serial-001", false, true);
        RealtimeChannel ch = attached(connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100))));
        deliver(ProtocolMessage.builder(Action.DETACHED)
                .channel(CH)
                .error(ErrorInfo.of(90198, 500, "Detached"))
                .build());
        rt.advanceMillis(150);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        assertThat(ch.properties().channelSerial()).isEqualTo("serial-001");
        assertThat(sent(Action.ATTACH).get(1).channelSerial()).isEqualTo("serial-001");
    }

    @Test
    void RTL15b1_serial_cleared_failed_2() {
        serialServer("serial-001", false, false);
        RealtimeChannel ch = attached(connectedClient());
        deliver(ProtocolMessage.builder(Action.ERROR)
                .channel(CH)
                .error(ErrorInfo.of(40160, 401, "Not permitted"))
                .build());
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(ch.properties().channelSerial()).isNull();
    }

    @Test
    void RTL15b2_channelSerialClearedWhenSuspendedChannelIsDetached() {
        serialServer("serial-001", false, true);
        RealtimeChannel ch = attached(connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100))));
        deliver(ProtocolMessage.builder(Action.DETACHED)
                .channel(CH)
                .error(ErrorInfo.of(90198, 500, "Detached"))
                .build());
        rt.advanceMillis(150); // RTL13a re-attach times out: SUSPENDED, serial kept (RTL15b2)
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        rt.await(ch.detach()); // RTL5j
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(ch.properties().channelSerial()).isNull();
        // so a later attach does not resume from the previous attachment (RTL4c1)
        fire(ch.attach());
        rt.drain();
        List<ProtocolMessage> attaches = sent(Action.ATTACH);
        assertThat(attaches.get(attaches.size() - 1).channelSerial()).isNull();
    }

    @Test
    void RTL15b2_channelSerialClearedWhenDetachedWhileDisconnected() {
        serialServer("serial-001", false, false);
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attached(client);
        ws.onConnectionAttempt(c -> {}); // the reconnection hangs
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        rt.await(ch.detach()); // RTL5l
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(ch.properties().channelSerial()).isNull();
    }
}
