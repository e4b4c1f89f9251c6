package io.ably4j.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelEvent;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.PresenceGetParams;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code realtime/unit/presence/realtime_presence_reentry.md} (RTP17a, RTP17e, RTP17g, RTP17g1, RTP17i). The
 * server echoes each PRESENCE with the current connection's id, which is what fills the RTP17 map.
 */
@NullUnmarked
class PresenceReentryTest extends PresenceTestSupport {
    /** ATTACH answered with ATTACHED; PRESENCE ACKed and echoed from {@code conn-N}. */
    private void echoingServer(String name, String defaultClientId) {
        numberedConnections();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            } else if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
                echo(m, "conn-" + connectionCount.get(), defaultClientId);
            }
        });
    }

    /** Reconnects on a new connection ({@code conn-2}): the channel re-attaches without RESUMED. */
    private void reconnect(RealtimeClient client, RealtimeChannel ch) {
        fromClient.clear();
        dropAndReconnect(client);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
    }

    private List<PresenceMessage> sentItems() {
        return capturedPresence().stream().flatMap(m -> m.presence().stream()).toList();
    }

    @Test
    void RTP17i_auto_reentry_on_attached_0() {
        String name = "test-RTP17i";
        echoingServer(name, "my-client");
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = attached(client, name);
        rt.await(ch.presence().enter("hello"));
        assertThat(capturedPresence()).hasSize(1);
        reconnect(client, ch);
        assertThat(sentItems()).anySatisfy(p -> assertThat(p.action()).isEqualTo(PresenceAction.ENTER));
    }

    @Test
    void RTP17g_reentry_publishes_enter_with_data_0() {
        // The UTS case uses clientId "admin" for enterClient of other ids, which RTP15f forbids; as its note allows
        // for SDKs that check, the client here is identified as the wildcard by its connection instead.
        String name = "test-RTP17g";
        numberedConnections();
        ws.onConnectionAttempt(c -> {
            int n = connectionCount.incrementAndGet();
            c.respondWithSuccess(ProtocolMessage.builder(Action.CONNECTED)
                    .connectionId("conn-" + n)
                    .connectionKey("key-" + n)
                    .connectionDetails(
                            Fixtures.details("key-" + n).clientId("*").build())
                    .build());
        });
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            } else if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
                echo(m, "conn-" + connectionCount.get(), "*");
            }
        });
        RealtimeClient client = connectedClient((String) null);
        RealtimeChannel ch = attached(client, name);
        rt.await(ch.presence().enterClient("alice", "alice-data"));
        rt.await(ch.presence().enterClient("bob", "bob-data"));
        assertThat(capturedPresence()).hasSize(2);
        reconnect(client, ch);
        List<PresenceMessage> items = sentItems();
        assertThat(items).hasSizeGreaterThanOrEqualTo(2);
        assertThat(items)
                .filteredOn(p -> "alice".equals(p.clientId()))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.action()).isEqualTo(PresenceAction.ENTER);
                    assertThat(p.data()).isEqualTo("alice-data");
                });
        assertThat(items)
                .filteredOn(p -> "bob".equals(p.clientId()))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.action()).isEqualTo(PresenceAction.ENTER);
                    assertThat(p.data()).isEqualTo("bob-data");
                });
    }

    @Test
    void RTP17g1_reentry_omits_id_new_connid_0() {
        String name = "test-RTP17g1";
        echoingServer(name, "my-client");
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = attached(client, name);
        rt.await(ch.presence().enter("hello"));
        assertThat(connectionCount.get()).isEqualTo(1);
        reconnect(client, ch);
        assertThat(connectionCount.get()).isEqualTo(2);
        PresenceMessage reentry = capturedPresence().get(0).presence().get(0);
        assertThat(reentry.action()).isEqualTo(PresenceAction.ENTER);
        assertThat(reentry.id()).isNull();
        assertThat(reentry.data()).isEqualTo("hello");
    }

    @Test
    void RTP17g1_reentry_keeps_id_on_same_connection() {
        String name = "test-RTP17g1-same";
        echoingServer(name, "my-client");
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = attached(client, name);
        rt.await(ch.presence().enter("hello"));
        fromClient.clear();
        deliver(attachedMsg(name)); // ATTACHED while attached, not resumed (RTL12): re-entry on conn-1
        PresenceMessage reentry = capturedPresence().get(0).presence().get(0);
        assertThat(reentry.action()).isEqualTo(PresenceAction.ENTER);
        assertThat(reentry.clientId()).isEqualTo("my-client");
        assertThat(reentry.id()).isEqualTo("conn-1:0:0");
    }

    @Test
    void RTP17i_no_reentry_with_resumed_flag_1() {
        String name = "test-RTP17i-resumed";
        echoingServer(name, "my-client");
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = attached(client, name);
        rt.await(ch.presence().enter("hello"));
        fromClient.clear();
        deliver(attachedMsg(name, Flag.RESUMED));
        assertThat(capturedPresence()).isEmpty();
    }

    @Test
    void RTP17_no_reentry_after_leave_or_detach() {
        String name = "test-RTP17-left";
        echoingServer(name, "my-client");
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            } else if (m.action() == Action.DETACH) {
                toClient(detachedMsg(name));
            } else if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
                echo(m, "conn-" + connectionCount.get(), "my-client");
            }
        });
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = attached(client, name);
        rt.await(ch.presence().enter("hello"));
        rt.await(ch.presence().leave(null)); // the echoed LEAVE removes the member (RTP17b)
        fromClient.clear();
        deliver(attachedMsg(name));
        assertThat(capturedPresence()).isEmpty();
        rt.await(ch.presence().enter("again"));
        rt.await(ch.detach()); // RTP5a: the local map is cleared
        fromClient.clear();
        rt.await(ch.attach());
        assertThat(capturedPresence()).isEmpty();
    }

    @Test
    void RTP17e_failed_reentry_emits_update_error_0() {
        String name = "test-RTP17e";
        numberedConnections();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            } else if (m.action() == Action.PRESENCE) {
                if (connectionCount.get() == 1) {
                    toClient(ack(m.msgSerial()));
                    echo(m, "conn-1", "my-client");
                } else {
                    toClient(nack(m.msgSerial(), ErrorInfo.of(40160, 401, "Presence denied")));
                }
            }
        });
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = attached(client, name);
        rt.await(ch.presence().enter("hello"));
        List<ChannelStateChange> updates = new ArrayList<>();
        ch.on(ChannelEvent.UPDATE, change -> {
            if (change.reason() != null && change.reason().code() == 91004) {
                updates.add(change);
            }
        });
        reconnect(client, ch);
        rt.drain();
        assertThat(updates).hasSize(1);
        ChannelStateChange update = updates.get(0);
        assertThat(update.resumed()).isTrue();
        assertThat(update.current()).isEqualTo(ChannelState.ATTACHED);
        assertThat(update.reason().code()).isEqualTo(91004);
        assertThat(update.reason().message()).contains("my-client");
        assertThat(update.reason().cause()).isNotNull();
        assertThat(update.reason().cause().code()).isEqualTo(40160);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTP17a_server_publishes_without_subscribe_0() {
        String name = "test-RTP17a";
        ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("conn-1")));
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(ProtocolMessage.builder(Action.ATTACHED)
                        .channel(name)
                        .flags(ChannelMode.toFlags(Set.of(ChannelMode.PRESENCE)))
                        .build());
            } else if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
                toClient(presence(
                        name, PresenceMessages.pm(PresenceAction.ENTER, "my-client", "conn-1", "conn-1:0:0", 1000)));
            }
        });
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        rt.await(ch.presence().enter(null));
        List<PresenceMessage> members = rt.await(
                ch.presence().get(PresenceGetParams.builder().waitForSync(false).build()));
        assertThat(members).extracting(PresenceMessage::clientId).containsExactly("my-client");
    }
}
