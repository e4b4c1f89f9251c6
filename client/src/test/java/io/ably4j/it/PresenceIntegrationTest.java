package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UTS {@code realtime/integration/presence_lifecycle_test.md} (RTP4, RTP8-RTP10, RTP11a) and {@code
 * realtime/integration/presence/presence_sync_test.md} (RTP2) against the emulator, in JSON and msgpack; plus enter
 * before attach (RTP8d).
 */
class PresenceIntegrationTest {
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

    private static RealtimeClient connected(Protocol protocol, Consumer<io.ably4j.ClientOptions.Builder> more)
            throws Exception {
        RealtimeClient client = sandbox.client(UtsSandbox.API_KEY, protocol, more);
        client.connect();
        await(client.connection().whenState(ConnectionState.CONNECTED));
        return client;
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTP4_bulk_enter_observed_0(Protocol protocol) throws Exception {
        String name = "presence-bulk-" + UtsSandbox.randomId();
        int count = 50;
        RealtimeClient clientA = connected(protocol, b -> {});
        RealtimeClient clientB = connected(protocol, b -> {});
        RealtimeChannel channelA = clientA.channels().get(name);
        RealtimeChannel channelB = clientB.channels().get(name);
        await(channelB.attach());
        Set<String> entered = ConcurrentHashMap.newKeySet();
        LinkedBlockingQueue<PresenceMessage> events = new LinkedBlockingQueue<>();
        channelB.presence().subscribe(Set.of(PresenceAction.ENTER, PresenceAction.PRESENT), m -> {
            entered.add(m.clientId());
            events.add(m);
        });
        await(channelA.attach());
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(channelA.presence().enterClient("user-" + i, "data-" + i));
        }
        await(CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])));
        poll(events, count);
        List<PresenceMessage> members = await(channelB.presence().get());
        assertThat(entered).hasSize(count);
        assertThat(members).hasSize(count);
        for (int i = 0; i < count; i++) {
            String clientId = "user-" + i;
            String data = "data-" + i;
            assertThat(members)
                    .filteredOn(m -> clientId.equals(m.clientId()))
                    .singleElement()
                    .satisfies(m -> assertThat(m.data()).isEqualTo(data));
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTP8_enter_update_leave_lifecycle_0(Protocol protocol) throws Exception {
        String name = "presence-lifecycle-" + UtsSandbox.randomId();
        RealtimeClient clientA = connected(protocol, b -> b.clientId("lifecycle-client"));
        RealtimeClient clientB = connected(protocol, b -> {});
        RealtimeChannel channelA = clientA.channels().get(name);
        RealtimeChannel channelB = clientB.channels().get(name);
        await(channelB.attach());
        LinkedBlockingQueue<PresenceMessage> events = new LinkedBlockingQueue<>();
        channelB.presence().subscribe(events::add);
        await(channelA.attach());

        await(channelA.presence().enter("hello"));
        PresenceMessage enter = poll(events);
        List<PresenceMessage> afterEnter = await(channelB.presence().get());
        assertThat(afterEnter).singleElement().satisfies(m -> {
            assertThat(m.clientId()).isEqualTo("lifecycle-client");
            assertThat(m.data()).isEqualTo("hello");
        });

        await(channelA.presence().update("world"));
        PresenceMessage update = poll(events);
        assertThat(await(channelB.presence().get()))
                .singleElement()
                .satisfies(m -> assertThat(m.data()).isEqualTo("world"));

        await(channelA.presence().leave("goodbye"));
        PresenceMessage leave = poll(events);
        assertThat(await(channelB.presence().get())).isEmpty();

        assertThat(enter.action()).isEqualTo(PresenceAction.ENTER);
        assertThat(enter.clientId()).isEqualTo("lifecycle-client");
        assertThat(enter.data()).isEqualTo("hello");
        assertThat(update.action()).isEqualTo(PresenceAction.UPDATE);
        assertThat(update.clientId()).isEqualTo("lifecycle-client");
        assertThat(update.data()).isEqualTo("world");
        assertThat(leave.action()).isEqualTo(PresenceAction.LEAVE);
        assertThat(leave.clientId()).isEqualTo("lifecycle-client");
        assertThat(leave.data()).isEqualTo("goodbye");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTP2_sync_delivers_members_0(Protocol protocol) throws Exception {
        String name = "presence-sync-" + UtsSandbox.randomId();
        RealtimeClient clientA = connected(protocol, b -> b.clientId("sync-member-a"));
        RealtimeChannel channelA = clientA.channels().get(name);
        await(channelA.attach());
        await(channelA.presence().enter("sync-data"));
        RealtimeClient clientB = connected(protocol, b -> {});
        RealtimeChannel channelB = clientB.channels().get(name);
        await(channelB.attach());
        List<PresenceMessage> members = await(channelB.presence().get());
        assertThat(members).singleElement().satisfies(m -> {
            assertThat(m.clientId()).isEqualTo("sync-member-a");
            assertThat(m.data()).isEqualTo("sync-data");
            assertThat(m.action()).isEqualTo(PresenceAction.PRESENT);
        });
        assertThat(channelB.presence().isSyncComplete()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTP2_sync_multiple_members_1(Protocol protocol) throws Exception {
        String name = "presence-sync-multi-" + UtsSandbox.randomId();
        int count = 10;
        RealtimeClient clientA = connected(protocol, b -> {});
        RealtimeChannel channelA = clientA.channels().get(name);
        await(channelA.attach());
        for (int i = 0; i < count; i++) {
            await(channelA.presence().enterClient("sync-user-" + i, "data-" + i));
        }
        RealtimeClient clientB = connected(protocol, b -> {});
        RealtimeChannel channelB = clientB.channels().get(name);
        await(channelB.attach());
        List<PresenceMessage> members = await(channelB.presence().get());
        assertThat(members).hasSize(count);
        for (int i = 0; i < count; i++) {
            String clientId = "sync-user-" + i;
            String data = "data-" + i;
            assertThat(members)
                    .filteredOn(m -> clientId.equals(m.clientId()))
                    .singleElement()
                    .satisfies(m -> assertThat(m.data()).isEqualTo(data));
        }
    }

    /** RTP8d, RTP16b: enter on an INITIALIZED channel of a client still connecting attaches it and is sent after. */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTP8d_enter_before_attach_and_connect(Protocol protocol) throws Exception {
        String name = "presence-early-" + UtsSandbox.randomId();
        RealtimeClient clientA = sandbox.client(UtsSandbox.API_KEY, protocol, b -> b.clientId("early-bird"));
        RealtimeChannel channelA = clientA.channels().get(name);
        CompletableFuture<Void> entered = channelA.presence().enter("first");
        clientA.connect();
        await(entered);
        assertThat(channelA.state()).isEqualTo(ChannelState.ATTACHED);
        RealtimeClient clientB = connected(protocol, b -> {});
        RealtimeChannel channelB = clientB.channels().get(name);
        List<PresenceMessage> members = await(channelB.presence().get()); // attaches (RTP11e)
        assertThat(members).singleElement().satisfies(m -> {
            assertThat(m.clientId()).isEqualTo("early-bird");
            assertThat(m.data()).isEqualTo("first");
        });
    }
}
