package io.ably4j.presence;

import static io.ably4j.presence.PresenceMessages.pm;
import static io.ably4j.types.PresenceAction.ENTER;
import static io.ably4j.types.PresenceAction.LEAVE;
import static io.ably4j.types.PresenceAction.PRESENT;
import static io.ably4j.types.PresenceAction.UPDATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.AblyException;
import io.ably4j.types.CipherParams;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code realtime/unit/presence/realtime_presence_enter.md} (RTP4, RTP8, RTP9, RTP10, RTP14, RTP15, RTP16).
 *
 * <p>ClientOptions rejects the wildcard clientId {@code *} (RSA7c), so the UTS cases with {@code clientId: "*"} run
 * on a client without a clientId option whose connection Ably identifies as {@code *} (a wildcard token): CONNECTED
 * carries {@code connectionDetails.clientId = "*"}.
 */
@NullUnmarked
class PresenceEnterTest extends PresenceTestSupport {
    /** ATTACH answered with ATTACHED, PRESENCE with ACK. */
    private void ackingServer(String channel) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(channel));
            } else if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
            }
        });
    }

    /** Every connection is identified as the wildcard clientId (UTS {@code clientId: "*"}). */
    private void wildcardConnections() {
        ws.onConnectionAttempt(c -> c.respondWithSuccess(ProtocolMessage.builder(Action.CONNECTED)
                .connectionId("conn-1")
                .connectionKey("key-1")
                .connectionDetails(Fixtures.details("key-1").clientId("*").build())
                .build()));
    }

    private RealtimeClient wildcardClient() {
        wildcardConnections();
        return connectedClient((String) null);
    }

    private PresenceMessage sentItem(int i) {
        return capturedPresence().get(i).presence().get(0);
    }

    @Test
    void RTP8a_enter_sends_presence_enter_0() {
        String name = "test-RTP8a";
        ackingServer(name);
        ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("conn-1")));
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        rt.await(ch.presence().enter(null));
        assertThat(capturedPresence()).hasSize(1);
        ProtocolMessage pm = capturedPresence().get(0);
        assertThat(pm.channel()).isEqualTo(name);
        assertThat(pm.presence()).hasSize(1);
        assertThat(pm.presence().get(0).action()).isEqualTo(ENTER);
        assertThat(pm.presence().get(0).clientId()).isNull(); // RTP8c
    }

    @Test
    void RTP8e_enter_with_data_0() {
        String name = "test-RTP8e";
        ackingServer(name);
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        rt.await(ch.presence().enter("hello world"));
        assertThat(capturedPresence()).hasSize(1);
        assertThat(sentItem(0).action()).isEqualTo(ENTER);
        assertThat(sentItem(0).data()).isEqualTo("hello world");
    }

    @Test
    void RTP8e_json_data_encoded_and_echo_decoded() {
        String name = "test-RTP8e-json";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            } else if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
                echo(m, "test-connection-id", "my-client");
            }
        });
        RealtimeClient client = connectedClient(b -> b.clientId("my-client").useBinaryProtocol(false));
        RealtimeChannel ch = attached(client, name);
        List<PresenceMessage> events = new ArrayList<>();
        ch.presence().subscribe(events::add);
        Json data = Json.parse("{\"status\":\"online\"}");
        rt.await(ch.presence().enter(data));
        assertThat(sentItem(0).encoding()).isEqualTo("json"); // RSL4: JSON data goes as a string on the wire
        assertThat(events).hasSize(1);
        assertThat(events.get(0).data()).isEqualTo(data);
        assertThat(events.get(0).encoding()).isNull();
    }

    @Test
    void RTP8e_encrypted_with_channel_cipher() {
        String name = "test-RTP8e-cipher";
        ackingServer(name);
        CipherParams cipher = CipherParams.builder().key(new byte[16]).build();
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = client.channels()
                .get(name, ChannelOptions.builder().cipher(cipher).build());
        rt.await(ch.attach());
        rt.await(ch.presence().enter("secret"));
        assertThat(sentItem(0).encoding()).contains("cipher+aes-128-cbc");
        assertThat(sentItem(0).data()).isNotEqualTo("secret");
    }

    @Test
    void RTP8d_enter_implicitly_attaches_0() {
        String name = "test-RTP8d";
        ackingServer(name);
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = client.channels().get(name);
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        rt.await(ch.presence().enter(null));
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(capturedPresence()).hasSize(1);
    }

    @Test
    void RTP8d_implicit_attach_refused_fails_queued_enter() {
        server(m -> {
            if (m.action() == Action.CLOSE) {
                toClient(Fixtures.closed());
            }
        });
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = client.channels().get("test-RTP8d-refused");
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        ErrorInfo error = errorOf(ch.presence().enter(null));
        assertThat(error.code()).isEqualTo(90001);
        assertThat(error.cause().code()).isEqualTo(80017);
    }

    @Test
    void RTP8g_enter_detached_failed_errors_0() {
        String name = "test-RTP8g";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(channelError(name, 90001, "Channel failed"));
            }
        });
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = client.channels().get(name);
        rt.awaitError(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        ErrorInfo error = errorOf(ch.presence().enter(null));
        assertThat(error.code()).isEqualTo(90001);
        assertThat(capturedPresence()).isEmpty();
    }

    @Test
    void RTP8j_enter_null_clientid_errors_0() {
        String name = "test-RTP8j";
        ackingServer(name);
        RealtimeChannel ch = attached(connectedClient((String) null), name);
        ErrorInfo error = errorOf(ch.presence().enter(null));
        assertThat(error.code()).isEqualTo(91000);
        assertThat(error.statusCode()).isEqualTo(400);
        assertThat(capturedPresence()).isEmpty();
    }

    @Test
    void RTP8j_enter_wildcard_clientid_errors_1() {
        assertThatThrownBy(() -> ClientOptions.builder().clientId("*"))
                .isInstanceOf(AblyException.class)
                .extracting(e -> ((AblyException) e).errorInfo().code())
                .isEqualTo(40012);
        String name = "test-RTP8j-wild";
        ackingServer(name);
        RealtimeChannel ch = attached(wildcardClient(), name);
        ErrorInfo error = errorOf(ch.presence().enter(null));
        assertThat(error.code()).isEqualTo(91000);
        assertThat(capturedPresence()).isEmpty();
    }

    @Test
    void RTP8h_nack_presence_permission_denied_0() {
        String name = "test-RTP8h";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            } else if (m.action() == Action.PRESENCE) {
                toClient(nack(m.msgSerial(), ErrorInfo.of(40160, 401, "Presence permission denied")));
            }
        });
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        ErrorInfo error = errorOf(ch.presence().enter(null));
        assertThat(error.code()).isEqualTo(40160);
    }

    @Test
    void RTP9a_update_sends_presence_update_0() {
        String name = "test-RTP9a";
        ackingServer(name);
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        rt.await(ch.presence().update("new-status"));
        assertThat(capturedPresence()).hasSize(1);
        assertThat(sentItem(0).action()).isEqualTo(UPDATE);
        assertThat(sentItem(0).data()).isEqualTo("new-status");
        assertThat(sentItem(0).clientId()).isNull(); // RTP9d
    }

    @Test
    void RTP10a_leave_sends_presence_leave_0() {
        String name = "test-RTP10a";
        ackingServer(name);
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        rt.await(ch.presence().leave(null));
        assertThat(capturedPresence()).hasSize(1);
        assertThat(sentItem(0).action()).isEqualTo(LEAVE);
        assertThat(sentItem(0).clientId()).isNull(); // RTP10c
    }

    @Test
    void RTP10a_leave_with_data_1() {
        String name = "test-RTP10a-data";
        ackingServer(name);
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        rt.await(ch.presence().leave("goodbye"));
        assertThat(sentItem(0).action()).isEqualTo(LEAVE);
        assertThat(sentItem(0).data()).isEqualTo("goodbye");
    }

    @Test
    void RTP14a_enterclient_on_behalf_0() {
        String name = "test-RTP14a";
        ackingServer(name);
        RealtimeChannel ch = attached(wildcardClient(), name);
        rt.await(ch.presence().enterClient("user-alice", "alice-data"));
        rt.await(ch.presence().enterClient("user-bob", "bob-data"));
        assertThat(capturedPresence()).hasSize(2);
        assertThat(sentItem(0).action()).isEqualTo(ENTER);
        assertThat(sentItem(0).clientId()).isEqualTo("user-alice");
        assertThat(sentItem(0).data()).isEqualTo("alice-data");
        assertThat(sentItem(1).action()).isEqualTo(ENTER);
        assertThat(sentItem(1).clientId()).isEqualTo("user-bob");
        assertThat(sentItem(1).data()).isEqualTo("bob-data");
    }

    @Test
    void RTP15a_updateclient_leaveclient_0() {
        String name = "test-RTP15a";
        ackingServer(name);
        RealtimeChannel ch = attached(wildcardClient(), name);
        rt.await(ch.presence().enterClient("user-1", "entered"));
        rt.await(ch.presence().updateClient("user-1", "updated"));
        rt.await(ch.presence().leaveClient("user-1", "leaving"));
        assertThat(capturedPresence()).hasSize(3);
        assertThat(capturedPresence())
                .extracting(m -> m.presence().get(0))
                .extracting(PresenceMessage::action, PresenceMessage::clientId, PresenceMessage::data)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ENTER, "user-1", "entered"),
                        org.assertj.core.groups.Tuple.tuple(UPDATE, "user-1", "updated"),
                        org.assertj.core.groups.Tuple.tuple(LEAVE, "user-1", "leaving"));
    }

    @Test
    void RTP15e_enterclient_implicitly_attaches_0() {
        String name = "test-RTP15e";
        ackingServer(name);
        RealtimeClient client = wildcardClient();
        RealtimeChannel ch = client.channels().get(name);
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        rt.await(ch.presence().enterClient("user-1", null));
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
    }

    @Test
    void RTP15f_enterclient_mismatched_clientid_0() {
        String name = "test-RTP15f";
        ackingServer(name);
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = attached(client, name);
        ErrorInfo error = errorOf(ch.presence().enterClient("other-client", null));
        assertThat(error.code()).isEqualTo(40012);
        assertThat(capturedPresence()).isEmpty();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        rt.await(ch.presence().enterClient("my-client", null)); // the channel remains usable
        assertThat(capturedPresence()).hasSize(1);
    }

    @Test
    void RTP15_invalid_clientId_argument_throws_40000() {
        RealtimeChannel ch = client(b -> {}).channels().get("test-RTP15-args");
        for (String bad : new String[] {null, ""}) {
            assertThatThrownBy(() -> ch.presence().enterClient(bad, null))
                    .isInstanceOf(AblyException.class)
                    .extracting(e -> ((AblyException) e).errorInfo().code())
                    .isEqualTo(40000);
        }
        assertThat(errorOf(ch.presence().enter(new Object())).code()).isEqualTo(40013);
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
    }

    @Test
    void RTP16a_presence_sent_when_attached_0() {
        String name = "test-RTP16a";
        ackingServer(name);
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        CompletableFuture<Void> f = ch.presence().enter(null);
        rt.drain();
        assertThat(capturedPresence()).hasSize(1); // sent before any ACK
        rt.await(f);
    }

    @Test
    void RTP16b_presence_queued_when_attaching_0() {
        String name = "test-RTP16b";
        server(m -> {
            if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
            }
        });
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = client.channels().get(name);
        CompletableFuture<Void> attach = ch.attach();
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        CompletableFuture<Void> enter = ch.presence().enter(null);
        rt.drain();
        assertThat(capturedPresence()).isEmpty();
        deliver(attachedMsg(name));
        rt.await(attach);
        rt.await(enter);
        assertThat(capturedPresence()).hasSize(1);
        assertThat(sentItem(0).action()).isEqualTo(ENTER);
    }

    @Test
    void RTP16b_queueMessages_false_rejects_while_attaching() {
        String name = "test-RTP16b-noqueue";
        RealtimeClient client = connectedClient(b -> b.clientId("my-client").queueMessages(false));
        RealtimeChannel ch = client.channels().get(name);
        CompletableFuture<Void> attach = ch.attach();
        rt.drain();
        assertThat(errorOf(ch.presence().enter(null)).code()).isEqualTo(90001);
        assertThat(attach).isNotDone();
    }

    @Test
    void RTP16b_RTL3d2_queued_while_reconnecting_sent_after_reattach() {
        String name = "test-RTL3d2";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            } else if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
            }
        });
        RealtimeClient client = connectedClient("my-client");
        RealtimeChannel ch = attached(client, name);
        ws.onConnectionAttempt(c -> {}); // the reconnection stays pending until answered below
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isNotEqualTo(ConnectionState.CONNECTED);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        CompletableFuture<Void> enter = ch.presence().enter("while-away");
        rt.drain();
        server(m -> {
            if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
            }
        }); // the re-attach is answered below
        ws.lastAttempt().respondWithSuccess(Fixtures.connected()); // resumed: the same connection
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING); // RTL3d
        // RTL3d2: the PRESENCE is held on the channel until the re-attach completes
        assertThat(capturedPresence()).isEmpty();
        assertThat(enter).isNotDone();
        deliver(attachedMsg(name, Flag.RESUMED));
        rt.await(enter);
        assertThat(capturedPresence()).hasSize(1);
        assertThat(sentItem(0).data()).isEqualTo("while-away");
    }

    @Test
    void RTP16c_presence_errors_other_states_0() {
        String name = "test-RTP16c";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(ProtocolMessage.builder(Action.DETACHED)
                        .channel(name)
                        .error(ErrorInfo.of(90001, 400, "Detached"))
                        .build());
            }
        });
        RealtimeClient client = connectedClient(b -> b.clientId("my-client"));
        RealtimeChannel ch = client.channels().get(name);
        CompletableFuture<Void> attach = ch.attach();
        rt.drain();
        // RTL13b: a DETACHED in reply to ATTACH makes the channel SUSPENDED (and retry), not DETACHED
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        rt.awaitError(attach);
        ErrorInfo error = errorOf(ch.presence().enter(null));
        assertThat(error.code()).isEqualTo(90001);
        assertThat(capturedPresence()).isEmpty();
    }

    @Test
    void RTP16c_enter_on_detached_channel_errors() {
        String name = "test-RTP16c-detached";
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name));
            } else if (m.action() == Action.DETACH) {
                toClient(detachedMsg(name));
            }
        });
        RealtimeChannel ch = attached(connectedClient("my-client"), name);
        rt.await(ch.detach());
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(errorOf(ch.presence().enter(null)).code()).isEqualTo(90001);
        assertThat(capturedPresence()).isEmpty();
    }

    @Test
    @Disabled("contradicts spec 6.1.1: RTP8j makes enter() fail when the client's clientId is the wildcard '*' (see"
            + " RTP8j_enter_wildcard_clientid_errors_1); ClientOptions also rejects '*' (RSA7c)")
    void RTP15c_enterclient_no_side_effects_0() {
        String name = "test-RTP15c";
        ackingServer(name);
        RealtimeChannel ch = attached(wildcardClient(), name);
        rt.await(ch.presence().enter("main-client"));
        rt.await(ch.presence().enterClient("other-user", "other-data"));
        rt.await(ch.presence().leaveClient("other-user", null));
        assertThat(capturedPresence()).hasSize(3);
    }

    @Test
    void RTP4_bulk_enterclient_same_connection_0() {
        String name = "test-RTP4-same";
        int count = 50;
        wildcardConnections();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name, Flag.HAS_PRESENCE));
            } else if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
                echo(m, "conn-1", "*");
            }
        });
        RealtimeChannel ch = attached(connectedClient((String) null), name);
        List<PresenceMessage> enters = new ArrayList<>();
        ch.presence().subscribe(ENTER, enters::add);
        for (int i = 0; i < count; i++) {
            rt.await(ch.presence().enterClient("user-" + i, "data-" + i));
        }
        List<PresenceMessage> syncMembers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            syncMembers.add(pm(PRESENT, "user-" + i, "conn-1", "conn-1:" + i + ":0", 100, "data-" + i));
        }
        deliver(sync(name, "seq1:", syncMembers.toArray(new PresenceMessage[0])));
        List<PresenceMessage> members = rt.await(ch.presence().get());
        assertThat(capturedPresence()).hasSize(count);
        assertThat(enters).hasSize(count);
        assertThat(members).hasSize(count);
        for (int i = 0; i < count; i++) {
            String id = "user-" + i;
            String data = "data-" + i;
            assertThat(members).anySatisfy(m -> {
                assertThat(m.clientId()).isEqualTo(id);
                assertThat(m.data()).isEqualTo(data);
            });
        }
    }

    @Test
    void RTP4_bulk_enterclient_diff_connections_1() {
        String name = "test-RTP4-diff";
        int count = 50;
        // client A: identified as the wildcard, enters members; its server ACKs
        wildcardConnections();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attachedMsg(name, Flag.HAS_PRESENCE));
            } else if (m.action() == Action.PRESENCE) {
                toClient(ack(m.msgSerial()));
            }
        });
        RealtimeClient clientA = connectedClient((String) null);
        RealtimeChannel channelA = attached(clientA, name);
        for (int i = 0; i < count; i++) {
            rt.await(channelA.presence().enterClient("user-" + i, "data-" + i));
        }
        assertThat(capturedPresence()).hasSize(count);
        // client B, on its own mock server, observes
        PresenceTestSupport b = new PresenceTestSupport() {};
        try {
            b.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("conn-B")));
            b.server(m -> {
                if (m.action() == Action.ATTACH) {
                    b.toClient(attachedMsg(name, Flag.HAS_PRESENCE));
                }
            });
            RealtimeChannel channelB = b.attached(b.connectedClient((String) null), name);
            List<PresenceMessage> enters = new ArrayList<>();
            channelB.presence().subscribe(ENTER, enters::add);
            List<PresenceMessage> syncMembers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                b.deliver(presence(name, pm(ENTER, "user-" + i, "conn-A", "conn-A:" + i + ":0", 100, "data-" + i)));
                syncMembers.add(pm(PRESENT, "user-" + i, "conn-A", "conn-A:" + i + ":0", 100, "data-" + i));
            }
            b.deliver(sync(name, "seq1:", syncMembers.toArray(new PresenceMessage[0])));
            List<PresenceMessage> members = b.rt.await(channelB.presence().get());
            assertThat(enters).hasSize(count);
            assertThat(members).hasSize(count);
            assertThat(members).allSatisfy(m -> assertThat(m.connectionId()).isEqualTo("conn-A"));
            for (int i = 0; i < count; i++) {
                String id = "user-" + i;
                String data = "data-" + i;
                assertThat(members).anySatisfy(m -> {
                    assertThat(m.clientId()).isEqualTo(id);
                    assertThat(m.data()).isEqualTo(data);
                });
            }
        } finally {
            b.closeRuntime();
        }
    }
}
