package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.DropMode;
import io.ably4j.emulator.Emulator;
import io.ably4j.emulator.PresenceMember;
import io.ably4j.emulator.RefuseMode;
import io.ably4j.testing.EmulatorOptions;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Presence across connection failures against the emulator: a large sync to a late attacher (RTP18), a transport drop
 * that resumes (no duplicate events, RTP17i), and a drop past the connectionStateTtl after which every member is
 * re-entered on the new connection (RTP17i, RTP17g, RTP17g1). Each test runs its own emulator, with short TTLs where
 * it needs them.
 */
@NullUnmarked
class PresenceFailuresIntegrationTest {
    private final List<RealtimeClient> clients = new ArrayList<>();
    private Emulator emulator;

    @AfterEach
    void close() throws Exception {
        for (RealtimeClient c : clients) {
            c.close();
        }
        for (RealtimeClient c : clients) {
            await(CompletableFuture.anyOf(
                    c.connection().whenState(ConnectionState.CLOSED),
                    c.connection().whenState(ConnectionState.FAILED)));
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private RealtimeClient connected(Consumer<ClientOptions.Builder> more) throws Exception {
        ClientOptions.Builder b = EmulatorOptions.builder(emulator).autoConnect(false);
        more.accept(b);
        RealtimeClient c = new RealtimeClient(b.build());
        clients.add(c);
        c.connect();
        await(c.connection().whenState(ConnectionState.CONNECTED));
        return c;
    }

    private static void enterAll(RealtimeChannel channel, int count) throws Exception {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(channel.presence().enterClient("member-" + i, "data-" + i));
        }
        await(CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])));
    }

    @Test
    void RTP18_thousand_members_synced_to_late_attacher() throws Exception {
        emulator = Emulator.builder().port(0).syncPageSize(100).build();
        int count = 1000;
        String name = "presence-1000-" + UtsSandbox.randomId();
        RealtimeChannel entering = connected(b -> {}).channels().get(name);
        await(entering.attach());
        enterAll(entering, count);
        assertThat(emulator.presenceMembers(name)).hasSize(count);

        RealtimeChannel late =
                connected(b -> b.useBinaryProtocol(false)).channels().get(name);
        LinkedBlockingQueue<PresenceMessage> present = new LinkedBlockingQueue<>();
        late.presence().subscribe(PresenceAction.PRESENT, present::add);
        List<PresenceMessage> members = await(late.presence().get()); // attaches, waits for the 10-page sync
        assertThat(members).hasSize(count);
        assertThat(members).extracting(PresenceMessage::clientId).doesNotHaveDuplicates();
        assertThat(members).allSatisfy(m -> assertThat(m.action()).isEqualTo(PresenceAction.PRESENT));
        assertThat(members)
                .filteredOn(m -> "member-999".equals(m.clientId()))
                .singleElement()
                .satisfies(m -> assertThat(m.data()).isEqualTo("data-999"));
        assertThat(poll(present, count)).hasSize(count);
        assertThat(late.presence().isSyncComplete()).isTrue();
    }

    @Test
    void RTP17i_resumed_drop_keeps_members_without_duplicate_events() throws Exception {
        emulator = Emulator.builder().port(0).build(); // leave grace 15 s: the resume comes well within it
        String name = "presence-resume-" + UtsSandbox.randomId();
        RealtimeClient a = connected(b -> {});
        RealtimeChannel channelA = a.channels().get(name);
        await(channelA.attach());
        RealtimeClient observer = connected(b -> {});
        RealtimeChannel channelB = observer.channels().get(name);
        await(channelB.attach());
        LinkedBlockingQueue<PresenceMessage> events = new LinkedBlockingQueue<>();
        channelB.presence().subscribe(events::add);
        LinkedBlockingQueue<Message> markers = new LinkedBlockingQueue<>();
        channelB.subscribe(markers::add);
        enterAll(channelA, 3);
        assertThat(poll(events, 3)).allSatisfy(e -> assertThat(e.action()).isEqualTo(PresenceAction.ENTER));

        String connectionId = a.connection().id();
        UtsSandbox.StateLog states = new UtsSandbox.StateLog(a);
        emulator.faults().drop(connectionId, DropMode.RST);
        states.await(ConnectionState.DISCONNECTED);
        states.await(ConnectionState.CONNECTED);
        assertThat(a.connection().id()).isEqualTo(connectionId); // resumed
        await(channelA.whenState(ChannelState.ATTACHED));
        // A message published after the re-attach and its re-entries reaches the observer after any presence event
        // they caused (one channel, in order).
        emulator.awaitIdle();
        await(channelA.publish("marker", "after-resume"));
        assertThat(poll(markers).name()).isEqualTo("marker");
        assertThat(events).isEmpty();
        assertThat(emulator.presenceMembers(name))
                .hasSize(3)
                .allSatisfy(m -> assertThat(m.connectionId()).isEqualTo(connectionId));
        assertThat(await(channelB.presence().get())).hasSize(3);
    }

    @Test
    void RTP17i_drop_past_connectionStateTtl_reenters_every_member() throws Exception {
        emulator = Emulator.builder()
                .port(0)
                .connectionStateTtl(Duration.ofSeconds(2))
                .presenceLeaveGrace(Duration.ofMillis(500))
                .build();
        String name = "presence-ttl-" + UtsSandbox.randomId();
        RealtimeClient a = connected(
                b -> b.disconnectedRetryTimeout(Duration.ofMillis(200)).suspendedRetryTimeout(Duration.ofMillis(300)));
        RealtimeChannel channelA = a.channels().get(name);
        await(channelA.attach());
        RealtimeClient observer = connected(b -> {});
        RealtimeChannel channelB = observer.channels().get(name);
        await(channelB.attach());
        int count = 5;
        LinkedBlockingQueue<PresenceMessage> events = new LinkedBlockingQueue<>();
        channelB.presence().subscribe(events::add);
        enterAll(channelA, count);
        assertThat(poll(events, count)).allSatisfy(e -> assertThat(e.action()).isEqualTo(PresenceAction.ENTER));
        assertThat(await(channelB.presence().get())).hasSize(count);

        String oldId = a.connection().id();
        emulator.faults().refuseConnections(RefuseMode.RESET);
        emulator.faults().drop(oldId, DropMode.RST);
        await(a.connection().whenState(ConnectionState.SUSPENDED)); // past the TTL
        await(channelA.whenState(ChannelState.SUSPENDED));
        List<PresenceMessage> leaves = poll(events, count); // the leave grace expired on the server
        assertThat(leaves).allSatisfy(e -> assertThat(e.action()).isEqualTo(PresenceAction.LEAVE));

        emulator.faults().acceptConnections();
        await(a.connection().whenState(ConnectionState.CONNECTED));
        String newId = a.connection().id();
        assertThat(newId).isNotEqualTo(oldId);
        await(channelA.whenState(ChannelState.ATTACHED));
        List<PresenceMessage> reentered = poll(events, count);
        assertThat(reentered).allSatisfy(e -> {
            assertThat(e.action()).isEqualTo(PresenceAction.ENTER);
            assertThat(e.connectionId()).isEqualTo(newId);
        });
        assertThat(reentered)
                .extracting(PresenceMessage::clientId)
                .containsExactlyInAnyOrder("member-0", "member-1", "member-2", "member-3", "member-4");
        List<PresenceMember> onServer = emulator.presenceMembers(name);
        assertThat(onServer)
                .hasSize(count)
                .allSatisfy(m -> assertThat(m.connectionId()).isEqualTo(newId));
        assertThat(onServer)
                .filteredOn(m -> "member-3".equals(m.clientId()))
                .singleElement()
                .satisfies(m -> assertThat(m.data()).isEqualTo("data-3"));
        assertThat(await(channelB.presence().get())).hasSize(count);
    }
}
