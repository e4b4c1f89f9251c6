package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.channel.ChannelObserver;
import io.ably4j.internal.channel.ChannelRegistry;
import io.ably4j.internal.connection.ConnectionManager;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * The {@link ChannelObserver} seam presence plugs into: state changes with the ATTACHED's HAS_PRESENCE flag (RTP1),
 * PRESENCE and SYNC routed after the RTL15b channelSerial update, all on the serial executor and before user listeners.
 */
@NullUnmarked
class ChannelObserverSeamTest extends ChannelTestSupport {
    private final List<String> log = new ArrayList<>();

    /** Records what it sees, and the channel's channelSerial and state at that moment. */
    private final class Recorder implements ChannelObserver {
        final ConnectionManager manager;
        final List<ChannelStateChange> changes = new ArrayList<>();
        final List<Boolean> hasPresence = new ArrayList<>();
        final List<ProtocolMessage> presence = new ArrayList<>();
        final List<ProtocolMessage> syncs = new ArrayList<>();
        final List<String> serialsSeen = new ArrayList<>();
        final RealtimeClient client;

        Recorder(RealtimeClient client) {
            this.client = client;
            this.manager = FakeRuntime.manager(client);
        }

        private RealtimeChannel channel(String name) {
            assertThat(client.channels().exists(name)).isTrue();
            return client.channels().get(name);
        }

        @Override
        public void onChannelStateChange(String name, ChannelStateChange change, boolean withPresence) {
            assertThat(manager.executor().inExecutor()).isTrue();
            assertThat(channel(name).state()).isEqualTo(change.current()); // the state is already updated
            log.add("observer:" + name + ":" + change.event());
            changes.add(change);
            hasPresence.add(withPresence);
        }

        @Override
        public void onPresence(ProtocolMessage message) {
            assertThat(manager.executor().inExecutor()).isTrue();
            presence.add(message);
            serialsSeen.add(channel(message.channel()).properties().channelSerial());
        }

        @Override
        public void onSync(ProtocolMessage message) {
            assertThat(manager.executor().inExecutor()).isTrue();
            syncs.add(message);
            serialsSeen.add(channel(message.channel()).properties().channelSerial());
        }
    }

    private Recorder observe(RealtimeClient client, RealtimeChannel channel) {
        Recorder r = new Recorder(client);
        ((ChannelRegistry) client.channels()).addChannelObserver(r);
        channel.on(c -> log.add("listener:" + c.event()));
        return r;
    }

    private static ProtocolMessage attachedWith(String channel, Flag... flags) {
        ProtocolMessage.Builder b = ProtocolMessage.builder(Action.ATTACHED).channel(channel);
        for (Flag f : flags) {
            b.flag(f);
        }
        return b.build();
    }

    private static ProtocolMessage presence(Action action, String channel, String serial) {
        return ProtocolMessage.builder(action)
                .channel(channel)
                .channelSerial(serial)
                .presence(List.of(PresenceMessage.builder(PresenceAction.PRESENT)
                        .clientId("c1")
                        .connectionId("conn")
                        .build()))
                .build();
    }

    @Test
    void RTP1_observerSeesStateChangesWithHasPresence_beforeUserListeners() {
        String name = "seam-has-presence";
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        Recorder r = observe(client, ch);
        fire(ch.attach());
        rt.drain();
        deliver(attachedWith(name, Flag.HAS_PRESENCE));

        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(r.changes)
                .extracting(ChannelStateChange::event)
                .containsExactly(ChannelEvent.ATTACHING, ChannelEvent.ATTACHED);
        assertThat(r.hasPresence).containsExactly(false, true);
        assertThat(log)
                .containsExactly(
                        "observer:" + name + ":ATTACHING",
                        "listener:ATTACHING",
                        "observer:" + name + ":ATTACHED",
                        "listener:ATTACHED");

        // RTL12: an additional ATTACHED (not resumed) is an UPDATE, with its own HAS_PRESENCE flag
        deliver(attachedWith(name));
        assertThat(r.changes).last().extracting(ChannelStateChange::event).isEqualTo(ChannelEvent.UPDATE);
        assertThat(r.hasPresence).last().isEqualTo(false);
        deliver(attachedWith(name, Flag.HAS_PRESENCE));
        assertThat(r.changes).hasSize(4);
        assertThat(r.hasPresence).last().isEqualTo(true);

        // a resumed ATTACHED on an ATTACHED channel emits nothing, to users or to observers
        deliver(attachedWith(name, Flag.RESUMED, Flag.HAS_PRESENCE));
        assertThat(r.changes).hasSize(4);
    }

    @Test
    void RTP1_noHasPresenceFlag_isFalse_andConnectionCausedChangesAreSeen() {
        String name = "seam-no-presence";
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        Recorder r = observe(client, ch);
        rt.await(ch.attach());
        assertThat(r.changes)
                .extracting(ChannelStateChange::current)
                .containsExactly(ChannelState.ATTACHING, ChannelState.ATTACHED);
        assertThat(r.hasPresence).containsExactly(false, false);

        ws.activeConnection().sendToClientAndClose(Fixtures.error(40198, 400, "Fatal"));
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        ChannelStateChange failed = r.changes.get(r.changes.size() - 1);
        assertThat(failed.current()).isEqualTo(ChannelState.FAILED);
        assertThat(failed.reason().code()).isEqualTo(40198);
        assertThat(r.hasPresence).last().isEqualTo(false);
    }

    @Test
    void RTL15b_presenceAndSyncRoutedAfterChannelSerialUpdate() {
        String name = "seam-presence";
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        Recorder r = observe(client, ch);
        rt.await(ch.attach());

        ProtocolMessage p = presence(Action.PRESENCE, name, "serial-1");
        deliver(p);
        assertThat(r.presence).containsExactly(p);
        assertThat(r.serialsSeen).containsExactly("serial-1"); // RTL15b applied before the observer runs

        ProtocolMessage s = presence(Action.SYNC, name, "seq1:cursor");
        deliver(s);
        assertThat(r.syncs).containsExactly(s);
        // a SYNC's channelSerial is the sync cursor (RTP18a), never the channel's serial (RTL15b)
        assertThat(r.serialsSeen).containsExactly("serial-1", "serial-1");
        assertThat(ch.properties().channelSerial()).isEqualTo("serial-1");
        assertThat(r.presence).containsExactly(p);
    }

    @Test
    void RTL17_presenceAndSyncNotRoutedUnlessAttached() {
        String name = "seam-presence-detached";
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        Recorder r = observe(client, ch);
        rt.await(ch.attach());
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);

        deliver(presence(Action.PRESENCE, name, "serial-2"));
        deliver(presence(Action.SYNC, name, "seq2:"));
        assertThat(r.presence).isEmpty();
        assertThat(r.syncs).isEmpty();
        assertThat(ch.properties().channelSerial()).isEqualTo("serial-2"); // RTL15b applies in any state
    }

    @Test
    void RTC11_throwingObserverDoesNotStopChannelOrOtherObservers() {
        String name = "seam-throwing";
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        ((ChannelRegistry) client.channels()).addChannelObserver(new ChannelObserver() {
            @Override
            public void onChannelStateChange(String channel, ChannelStateChange change, boolean hasPresence) {
                throw new IllegalStateException("observer bug");
            }

            @Override
            public void onPresence(ProtocolMessage message) {
                throw new IllegalStateException("observer bug");
            }
        });
        Recorder r = observe(client, ch);
        rt.await(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(r.changes)
                .extracting(ChannelStateChange::current)
                .containsExactly(ChannelState.ATTACHING, ChannelState.ATTACHED);
        deliver(presence(Action.PRESENCE, name, "serial-3"));
        assertThat(r.presence).hasSize(1);
        assertThat(ch.errorReason()).isNull();
    }

    @Test
    void observerSeesEveryChannelByName() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel a = client.channels().get("seam-a");
        RealtimeChannel b = client.channels().get("seam-b");
        Recorder r = observe(client, a);
        rt.await(a.attach());
        rt.await(b.attach());
        assertThat(log)
                .filteredOn(s -> s.startsWith("observer:"))
                .containsExactly(
                        "observer:seam-a:ATTACHING",
                        "observer:seam-a:ATTACHED",
                        "observer:seam-b:ATTACHING",
                        "observer:seam-b:ATTACHED");
        ErrorInfo none = r.changes.get(0).reason();
        assertThat(none).isNull();
    }
}
