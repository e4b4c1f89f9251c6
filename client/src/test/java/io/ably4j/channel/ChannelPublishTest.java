package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_publish.md (RTL6, RTN7, RTN19). */
@NullUnmarked
class ChannelPublishTest extends ChannelTestSupport {
    private static final ChannelOptions NO_AUTO_ATTACH =
            ChannelOptions.builder().attachOnSubscribe(false).build();
    private final AtomicInteger connections = new AtomicInteger();

    private RealtimeChannel channel(RealtimeClient client, String name) {
        return client.channels().get(name, NO_AUTO_ATTACH);
    }

    private List<ProtocolMessage> messages() {
        return sent(Action.MESSAGE);
    }

    /** Attach answered; MESSAGE handled by {@code onMessage}. */
    private void onPublish(Consumer<ProtocolMessage> onMessage) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            } else if (m.action() == Action.DETACH) {
                toClient(detached(m.channel()));
            } else if (m.action() == Action.MESSAGE) {
                onMessage.accept(m);
            }
        });
    }

    private static ProtocolMessage ackWith(Long serial, String... serials) {
        return ProtocolMessage.builder(Action.ACK)
                .msgSerial(serial)
                .count(1)
                .res(List.of(PublishResult.of(Arrays.asList(serials))))
                .build();
    }

    /** Counts connections; each attempt succeeds with CONNECTED. */
    private void countingConnections() {
        ws.onConnectionAttempt(c -> {
            connections.incrementAndGet();
            c.respondWithSuccess(Fixtures.connected());
        });
    }

    @Test
    void RTL6i1_publish_name_and_data_0() {
        onPublish(m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6i1");
        rt.await(ch.attach());
        fire(ch.publish("greeting", "hello"));
        rt.drain();
        assertThat(messages()).hasSize(1);
        ProtocolMessage pm = messages().get(0);
        assertThat(pm.channel()).isEqualTo("test-RTL6i1");
        assertThat(pm.messages()).hasSize(1);
        assertThat(pm.messages().get(0).name()).isEqualTo("greeting");
        assertThat(pm.messages().get(0).data()).isEqualTo("hello");
    }

    @Test
    void RTL6i2_publish_message_array_0() {
        onPublish(m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6i2");
        rt.await(ch.attach());
        fire(ch.publish(Message.of("event1", "data1"), Message.of("event2", "data2"), Message.of("event3", "data3")));
        rt.drain();
        assertThat(messages()).hasSize(1);
        assertThat(messages().get(0).messages())
                .extracting(Message::name)
                .containsExactly("event1", "event2", "event3");
    }

    private void nullFields(boolean binary) {
        onPublish(m -> {});
        List<Object> frames = new ArrayList<>();
        ws.onRawFrame(frames::add);
        RealtimeClient client = connectedClient(b -> b.useBinaryProtocol(binary));
        RealtimeChannel ch = channel(client, "test-RTL6i3");
        rt.await(ch.attach());
        frames.clear();
        fire(ch.publish("click", null));
        fire(ch.publish(null, "payload"));
        fire(ch.publish(null, null));
        rt.drain();
        assertThat(frames).hasSize(3);
        assertThat(hasKey(frames.get(0), "name")).isTrue();
        assertThat(hasKey(frames.get(0), "data")).isFalse();
        assertThat(hasKey(frames.get(1), "name")).isFalse();
        assertThat(hasKey(frames.get(1), "data")).isTrue();
        assertThat(hasKey(frames.get(2), "name")).isFalse();
        assertThat(hasKey(frames.get(2), "data")).isFalse();
        List<ProtocolMessage> sent = messages();
        assertThat(sent.get(0).messages().get(0).name()).isEqualTo("click");
        assertThat(sent.get(1).messages().get(0).data()).isEqualTo("payload");
    }

    /** Whether a frame contains the key: a JSON {@code "key":} or a msgpack fixstr {@code key}. */
    private static boolean hasKey(Object frame, String key) {
        if (frame instanceof String text) {
            return text.contains("\"" + key + "\":");
        }
        byte[] bytes = (byte[]) frame;
        byte[] k = key.getBytes(StandardCharsets.US_ASCII);
        byte[] needle = new byte[k.length + 1];
        needle[0] = (byte) (0xa0 | k.length);
        System.arraycopy(k, 0, needle, 1, k.length);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void RTL6i3_null_fields_json_0() {
        nullFields(false);
    }

    @Test
    void RTL6i3_null_fields_msgpack_1() {
        nullFields(true);
    }

    @Test
    void RTL6c1_publish_when_attached_0() {
        onPublish(m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6c1");
        rt.await(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        fire(ch.publish("test", "immediate"));
        rt.drain();
        assertThat(messages()).hasSize(1);
        assertThat(messages().get(0).messages().get(0).data()).isEqualTo("immediate");
    }

    @Test
    void RTL6c1_publish_when_attaching_1() {
        RealtimeClient client = connectedClient(); // no server: ATTACH unanswered
        RealtimeChannel ch = channel(client, "test-RTL6c1-attaching");
        fire(ch.attach());
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHING);
        fire(ch.publish("while-attaching", "data"));
        rt.drain();
        assertThat(messages()).hasSize(1);
        assertThat(messages().get(0).messages().get(0).name()).isEqualTo("while-attaching");
    }

    @Test
    void RTL6c1_publish_when_initialized_2() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6c1-init");
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        fire(ch.publish("before-attach", "data"));
        rt.drain();
        assertThat(messages()).hasSize(1);
        assertThat(messages().get(0).messages().get(0).name()).isEqualTo("before-attach");
    }

    @Test
    void RTL6c2_queued_when_connecting_0() {
        ws.onConnectionAttempt(c -> {});
        RealtimeClient client = client();
        RealtimeChannel ch = channel(client, "test-RTL6c2");
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        fire(ch.publish("queued", "waiting"));
        rt.drain();
        assertThat(messages()).isEmpty();
        ws.lastAttempt().respondWithSuccess(Fixtures.connected());
        rt.drain();
        assertThat(messages()).hasSize(1);
        assertThat(messages().get(0).messages().get(0).data()).isEqualTo("waiting");
    }

    @Test
    void RTL6c2_queued_when_disconnected_1() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6c2-disc");
        ws.onConnectionAttempt(c -> {}); // hold the reconnection
        ws.activeConnection().simulateDisconnect(null);
        rt.drain();
        assertThat(client.connection().state()).isIn(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING);
        fire(ch.publish("during-disconnect", "queued"));
        rt.drain();
        assertThat(messages()).isEmpty();
        ws.lastAttempt().respondWithSuccess(Fixtures.connected());
        rt.drain();
        assertThat(messages()).hasSize(1);
        assertThat(messages().get(0).messages().get(0).name()).isEqualTo("during-disconnect");
    }

    @Test
    void RTL6c2_queued_when_initialized_2() {
        RealtimeClient client = client();
        RealtimeChannel ch = channel(client, "test-RTL6c2-init");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);
        fire(ch.publish("pre-connect", "early"));
        rt.drain();
        assertThat(messages()).isEmpty();
        client.connect();
        rt.drain();
        assertThat(messages()).hasSize(1);
        assertThat(messages().get(0).messages().get(0).name()).isEqualTo("pre-connect");
    }

    @Test
    void RTL6c4_fails_conn_suspended_0() {
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        RealtimeClient client = client(b -> b.disconnectedRetryTimeout(Duration.ofSeconds(1)));
        RealtimeChannel ch = channel(client, "test-RTL6c4");
        client.connect();
        advanceUntil(client, ConnectionState.SUSPENDED, 2000, 100);
        ErrorInfo e = errorOf(ch.publish("fail", "should-error"));
        assertThat(e.code()).isEqualTo(80002); // the connection state explains the refusal
        assertThat(e.statusCode()).isEqualTo(503);
    }

    @Test
    void RTL6c4_fails_conn_closed_1() {
        ws.onMessageFromClient(m -> {
            if (m.action() == Action.CLOSE) {
                ws.activeConnection().sendToClient(Fixtures.closed());
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6c4-closed");
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        ErrorInfo e = errorOf(ch.publish("fail", "should-error"));
        assertThat(e.code()).isEqualTo(80017);
        assertThat(e.statusCode()).isEqualTo(400);
    }

    @Test
    void RTL6c4_fails_conn_failed_2() {
        ws.onConnectionAttempt(c -> c.respondWithError(Fixtures.error(80000, "Fatal error"), true));
        RealtimeClient client = client();
        RealtimeChannel ch = channel(client, "test-RTL6c4-failed");
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(errorOf(ch.publish("fail", "should-error")).code()).isEqualTo(80000);
    }

    @Test
    void RTL6c4_fails_channel_suspended_3() {
        RealtimeClient client = connectedClient(b -> b.realtimeRequestTimeout(Duration.ofMillis(100)));
        RealtimeChannel ch = channel(client, "test-RTL6c4-ch-suspended");
        CompletableFuture<Void> attach = ch.attach();
        rt.drain();
        rt.advanceMillis(150);
        errorOf(attach);
        assertThat(ch.state()).isEqualTo(ChannelState.SUSPENDED);
        assertThat(errorOf(ch.publish("fail", "should-error")).code()).isEqualTo(90001);
        assertThat(messages()).isEmpty();
    }

    @Test
    void RTL6c4_fails_channel_failed_4() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(channelError(m.channel(), 40160, "Not permitted"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6c4-ch-failed");
        errorOf(ch.attach());
        assertThat(ch.state()).isEqualTo(ChannelState.FAILED);
        assertThat(errorOf(ch.publish("fail", "should-error")).code()).isEqualTo(90001);
        assertThat(messages()).isEmpty();
    }

    @Test
    void RTL6c2_fails_no_queue_messages_3() {
        ws.onConnectionAttempt(c -> {});
        RealtimeClient client = client(b -> b.queueMessages(false));
        RealtimeChannel ch = channel(client, "test-RTL6c2-noqueue");
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);
        ErrorInfo e = errorOf(ch.publish("fail", "should-error"));
        assertThat(e.code()).isEqualTo(80009); // not yet connected
        assertThat(e.statusCode()).isEqualTo(400);
    }

    @Test
    void RTL6c5_no_implicit_attach_0() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6c5");
        fire(ch.publish("no-attach", "test"));
        rt.drain();
        assertThat(messages()).hasSize(1);
        assertThat(ch.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(sent(Action.ATTACH)).isEmpty();
    }

    @Test
    void RTL6c2_queued_messages_order_4() {
        ws.onConnectionAttempt(c -> {});
        RealtimeClient client = client();
        RealtimeChannel ch = channel(client, "test-RTL6c2-order");
        client.connect();
        rt.drain();
        fire(ch.publish("first", "1"));
        fire(ch.publish("second", "2"));
        fire(ch.publish("third", "3"));
        rt.drain();
        assertThat(messages()).isEmpty();
        ws.lastAttempt().respondWithSuccess(Fixtures.connected());
        rt.drain();
        assertThat(messages()).extracting(m -> m.messages().get(0).name()).containsExactly("first", "second", "third");
        assertThat(messages()).extracting(ProtocolMessage::msgSerial).containsExactly(0L, 1L, 2L);
    }

    @Test
    void RTL6i1_publish_message_object_1() {
        onPublish(m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6i1-object");
        rt.await(ch.attach());
        fire(ch.publish(Message.builder()
                .name("custom")
                .data(Json.parse("{\"key\":\"value\"}"))
                .build()));
        rt.drain();
        assertThat(messages()).hasSize(1);
        Message m = messages().get(0).messages().get(0);
        assertThat(m.name()).isEqualTo("custom");
        assertThat(m.encoding()).isEqualTo("json");
        assertThat(Json.parse((String) m.data())).isEqualTo(Json.parse("{\"key\":\"value\"}"));
    }

    @Test
    void RTL6j_publish_result_serials_0() {
        onPublish(m -> toClient(ackWith(m.msgSerial(), "abc123")));
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6j");
        rt.await(ch.attach());
        PublishResult result = rt.await(ch.publish("greeting", "hello"));
        assertThat(messages()).hasSize(1);
        assertThat(messages().get(0).msgSerial()).isEqualTo(0L);
        assertThat(result.serials()).containsExactly("abc123");
    }

    @Test
    void RTL6j_batch_publish_serials_1() {
        onPublish(m -> toClient(ackWith(m.msgSerial(), "serial-1", null, "serial-3")));
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6j-batch");
        rt.await(ch.attach());
        PublishResult result = rt.await(ch.publish(
                Message.of("event1", "data1"), Message.of("event2", "data2"), Message.of("event3", "data3")));
        assertThat(messages()).hasSize(1);
        assertThat(messages().get(0).messages()).hasSize(3);
        assertThat(result.serials()).containsExactly("serial-1", null, "serial-3");
    }

    @Test
    void RTL6j_incrementing_msg_serial_2() {
        onPublish(m -> toClient(ackWith(m.msgSerial(), "serial-" + m.msgSerial())));
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6j-serial");
        rt.await(ch.attach());
        PublishResult r1 = rt.await(ch.publish("first", "1"));
        PublishResult r2 = rt.await(ch.publish("second", "2"));
        PublishResult r3 = rt.await(ch.publish("third", "3"));
        assertThat(messages()).extracting(ProtocolMessage::msgSerial).containsExactly(0L, 1L, 2L);
        assertThat(r1.serials()).containsExactly("serial-0");
        assertThat(r2.serials()).containsExactly("serial-1");
        assertThat(r3.serials()).containsExactly("serial-2");
    }

    @Test
    void RTL6j_nack_results_error_3() {
        onPublish(m -> toClient(nack(m.msgSerial(), 1, ErrorInfo.of(40160, 401, "Publish rejected"))));
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTL6j-nack");
        rt.await(ch.attach());
        ErrorInfo e = errorOf(ch.publish("rejected", "data"));
        assertThat(e.code()).isEqualTo(40160);
        assertThat(e.message()).isEqualTo("Publish rejected");
    }

    @Test
    void RTN7e_pending_fail_suspended_0() {
        onPublish(m -> {});
        RealtimeClient client = connectedClient(b -> b.disconnectedRetryTimeout(Duration.ofSeconds(1)));
        RealtimeChannel ch = channel(client, "test-RTN7e");
        rt.await(ch.attach());
        CompletableFuture<PublishResult> f = ch.publish("pending", "data");
        rt.drain();
        ws.onConnectionAttempt(c -> c.respondWithRefused());
        ws.activeConnection().simulateDisconnect(null);
        advanceUntil(client, ConnectionState.SUSPENDED, 2000, 100);
        assertThat(errorOf(f).code()).isEqualTo(80002);
    }

    @Test
    void RTN7e_pending_fail_closed_1() {
        onPublish(m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTN7e-closed");
        rt.await(ch.attach());
        CompletableFuture<PublishResult> f = ch.publish("pending", "data");
        rt.drain();
        client.close();
        rt.advanceMillis(10_000); // no CLOSED reply: RTN12b
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(errorOf(f).code()).isEqualTo(80017);
    }

    @Test
    void RTN7e_pending_fail_failed_2() {
        onPublish(m -> ws.activeConnection().sendToClientAndClose(Fixtures.error(80000, "Fatal error")));
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTN7e-failed");
        rt.await(ch.attach());
        CompletableFuture<PublishResult> f = ch.publish("pending", "data");
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(errorOf(f).code()).isEqualTo(80000);
    }

    @Test
    void RTN7e_multiple_pending_fail_3() {
        onPublish(m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTN7e-multi");
        rt.await(ch.attach());
        CompletableFuture<PublishResult> f1 = ch.publish("msg1", "data1");
        CompletableFuture<PublishResult> f2 = ch.publish("msg2", "data2");
        CompletableFuture<PublishResult> f3 = ch.publish("msg3", "data3");
        rt.drain();
        client.close();
        rt.advanceMillis(10_000);
        assertThat(errorOf(f1)).isNotNull();
        assertThat(errorOf(f2)).isNotNull();
        assertThat(errorOf(f3)).isNotNull();
    }

    @Test
    void RTN7e_error_represents_reason_4() {
        onPublish(m -> ws.activeConnection()
                .sendToClientAndClose(Fixtures.error(80019, 400, "Connection closed due to admin action")));
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTN7e-reason");
        rt.await(ch.attach());
        CompletableFuture<PublishResult> f = ch.publish("pending", "data");
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        ErrorInfo e = errorOf(f);
        assertThat(e.code()).isEqualTo(80019);
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.message()).isEqualTo("Connection closed due to admin action");
        assertThat(client.connection().errorReason().code()).isEqualTo(80019);
    }

    @Test
    void RTN7d_fail_disconnected_no_queue_0() {
        onPublish(m -> {});
        RealtimeClient client = connectedClient(b -> b.queueMessages(false));
        RealtimeChannel ch = channel(client, "test-RTN7d");
        rt.await(ch.attach());
        CompletableFuture<PublishResult> f = ch.publish("pending", "data");
        rt.drain();
        ws.onConnectionAttempt(c -> {});
        ws.activeConnection().simulateDisconnect(null);
        assertThat(errorOf(f)).isNotNull();
    }

    @Test
    void RTN7d_survive_disconnected_queue_1() {
        countingConnections();
        onPublish(m -> {
            if (connections.get() >= 2) {
                toClient(ackWith(m.msgSerial(), "serial-ack"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTN7d-queue");
        rt.await(ch.attach());
        CompletableFuture<PublishResult> f = ch.publish("pending", "data");
        rt.drain();
        ws.activeConnection().simulateDisconnect(null);
        rt.advanceMillis(2000);
        assertThat(rt.await(f).serials()).containsExactly("serial-ack");
    }

    @Test
    void RTN19a_resent_on_new_transport_0() {
        countingConnections();
        List<Integer> onConnection = new ArrayList<>();
        onPublish(m -> {
            onConnection.add(connections.get());
            if (connections.get() >= 2) {
                toClient(ackWith(m.msgSerial(), "serial-resent"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTN19a");
        rt.await(ch.attach());
        CompletableFuture<PublishResult> f = ch.publish("resend-me", "data");
        rt.drain();
        assertThat(onConnection).containsExactly(1);
        ws.activeConnection().simulateDisconnect(null);
        rt.advanceMillis(2000);
        PublishResult r = rt.await(f);
        assertThat(onConnection).containsExactly(1, 2);
        assertThat(messages().get(1).messages().get(0).name()).isEqualTo("resend-me");
        assertThat(r.serials()).containsExactly("serial-resent");
    }

    @Test
    void RTN19a2_same_serial_on_resume_0() {
        ws.onConnectionAttempt(c -> {
            int n = connections.incrementAndGet();
            c.respondWithSuccess(Fixtures.connected("connection-abc", "key-" + n));
        });
        onPublish(m -> {
            if (connections.get() >= 2) {
                toClient(ackWith(m.msgSerial(), "serial-resumed"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTN19a2");
        rt.await(ch.attach());
        CompletableFuture<PublishResult> f1 = ch.publish("msg1", "data1");
        CompletableFuture<PublishResult> f2 = ch.publish("msg2", "data2");
        rt.drain();
        ws.activeConnection().simulateDisconnect(null);
        rt.advanceMillis(2000);
        rt.await(f1);
        rt.await(f2);
        List<ProtocolMessage> all = messages();
        assertThat(all).hasSize(4);
        assertThat(all.get(2).msgSerial()).isEqualTo(all.get(0).msgSerial());
        assertThat(all.get(3).msgSerial()).isEqualTo(all.get(1).msgSerial());
    }

    @Test
    void RTN19a2_new_serial_failed_resume_1() {
        ws.onConnectionAttempt(c -> {
            if (connections.incrementAndGet() == 1) {
                c.respondWithSuccess(Fixtures.connected("connection-first", "key-first"));
            } else {
                c.respondWithSuccess(Fixtures.connected("connection-new", "key-new").toBuilder()
                        .error(ErrorInfo.of(80018, 400, "Connection not resumable"))
                        .build());
            }
        });
        onPublish(m -> {
            if (connections.get() >= 2) {
                toClient(ackWith(m.msgSerial(), "serial-new"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTN19a2-failed");
        rt.await(ch.attach());
        CompletableFuture<PublishResult> f1 = ch.publish("msg1", "data1");
        CompletableFuture<PublishResult> f2 = ch.publish("msg2", "data2");
        // make the first transport's serials non-trivial: a third message ACKed before the disconnect is not resent
        rt.drain();
        assertThat(messages()).extracting(ProtocolMessage::msgSerial).containsExactly(0L, 1L);
        ws.activeConnection().simulateDisconnect(null);
        rt.advanceMillis(2000);
        rt.await(f1);
        rt.await(f2);
        List<ProtocolMessage> all = messages();
        assertThat(all).hasSize(4);
        assertThat(all.get(2).msgSerial()).isEqualTo(0L);
        assertThat(all.get(3).msgSerial()).isEqualTo(1L);
        // the counter continues from the renumbered messages
        PublishResult r = rt.await(ch.publish("msg3", "data3"));
        assertThat(r.serials()).containsExactly("serial-new");
        assertThat(messages().get(4).msgSerial()).isEqualTo(2L);
    }

    @Test
    void RTN19b_attach_resent_on_reconnect_0() {
        countingConnections();
        List<Integer> attachOn = new ArrayList<>();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                attachOn.add(connections.get());
                if (connections.get() >= 2) {
                    toClient(attached(m.channel()));
                }
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTN19b");
        CompletableFuture<Void> attach = ch.attach();
        rt.drain();
        assertThat(attachOn).containsExactly(1);
        ws.activeConnection().simulateDisconnect(null);
        rt.advanceMillis(2000);
        rt.await(attach);
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(attachOn).containsExactly(1, 2);
        assertThat(sent(Action.ATTACH).get(1).channel()).isEqualTo("test-RTN19b");
    }

    @Test
    void RTN19b_detach_resent_on_reconnect_1() {
        countingConnections();
        List<Integer> detachOn = new ArrayList<>();
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            } else if (m.action() == Action.DETACH) {
                detachOn.add(connections.get());
                if (connections.get() >= 2) {
                    toClient(detached(m.channel()));
                }
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = channel(client, "test-RTN19b-detach");
        rt.await(ch.attach());
        CompletableFuture<Void> detach = ch.detach();
        rt.drain();
        assertThat(detachOn).containsExactly(1);
        ws.activeConnection().simulateDisconnect(null);
        rt.advanceMillis(2000);
        rt.await(detach);
        assertThat(ch.state()).isEqualTo(ChannelState.DETACHED);
        assertThat(detachOn).containsExactly(1, 2);
    }
}
