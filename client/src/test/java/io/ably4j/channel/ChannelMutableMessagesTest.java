package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageOperation;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.PublishResult;
import io.ably4j.types.UpdateDeleteResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code realtime/unit/channels/channel_update_delete_message.md} (RTL32), {@code channel_get_message.md} (RTL28)
 * and {@code channel_message_versions.md} (RTL31).
 */
@NullUnmarked
class ChannelMutableMessagesTest extends ChannelTestSupport {
    private final List<HttpCall> requests = rt.http.requests;

    /** ATTACH answered with ATTACHED; each MESSAGE answered by {@code onMessage}. */
    private void onMessage(Consumer<ProtocolMessage> onMessage) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(attached(m.channel()));
            } else if (m.action() == Action.MESSAGE) {
                onMessage.accept(m);
            }
        });
    }

    /** Every MESSAGE ACKed with {@code versionSerial} as the first serial of its {@code res}. */
    private void ackWithVersion(String versionSerial) {
        onMessage(m -> toClient(ProtocolMessage.builder(Action.ACK)
                .msgSerial(m.msgSerial())
                .count(1)
                .res(List.of(PublishResult.of(List.of(versionSerial))))
                .build()));
    }

    private RealtimeChannel attachedNew(String name) {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(name);
        rt.await(ch.attach());
        return ch;
    }

    private Message onlySentMessage() {
        List<ProtocolMessage> sent = sent(Action.MESSAGE);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).messages()).hasSize(1);
        return sent.get(0).messages().get(0);
    }

    @Test
    void RTL32b_update_message_action_0() {
        ackWithVersion("version-serial-1");
        RealtimeChannel ch = attachedNew("test-RTL32-update");

        rt.await(ch.updateMessage(Message.builder()
                .serial("msg-serial-1")
                .name("updated")
                .data("new-data")
                .build()));

        ProtocolMessage pm = sent(Action.MESSAGE).get(0);
        assertThat(pm.channel()).isEqualTo("test-RTL32-update");
        Message msg = onlySentMessage();
        assertThat(msg.action()).isEqualTo(MessageAction.MESSAGE_UPDATE);
        assertThat(msg.actionCode()).isEqualTo(1);
        assertThat(msg.serial()).isEqualTo("msg-serial-1");
        assertThat(msg.name()).isEqualTo("updated");
        assertThat(msg.data()).isEqualTo("new-data");
    }

    @Test
    void RTL32b_delete_message_action_1() {
        ackWithVersion("version-serial-1");
        RealtimeChannel ch = attachedNew("test-RTL32-delete");

        rt.await(ch.deleteMessage(Message.builder().serial("msg-serial-1").build()));

        Message msg = onlySentMessage();
        assertThat(msg.action()).isEqualTo(MessageAction.MESSAGE_DELETE);
        assertThat(msg.actionCode()).isEqualTo(2);
        assertThat(msg.serial()).isEqualTo("msg-serial-1");
    }

    @Test
    void RTL32b_append_message_action_2() {
        ackWithVersion("version-serial-1");
        RealtimeChannel ch = attachedNew("test-RTL32-append");

        rt.await(ch.appendMessage(
                Message.builder().serial("msg-serial-1").data("appended-data").build(),
                MessageOperation.builder().description("appended content").build()));

        Message msg = onlySentMessage();
        assertThat(msg.action()).isEqualTo(MessageAction.MESSAGE_APPEND);
        assertThat(msg.actionCode()).isEqualTo(5);
        assertThat(msg.serial()).isEqualTo("msg-serial-1");
        assertThat(msg.data()).isEqualTo("appended-data");
    }

    @Test
    void RTL32b2_version_from_operation_0() {
        ackWithVersion("version-serial-1");
        RealtimeChannel ch = attachedNew("test-RTL32b2");

        rt.await(ch.updateMessage(
                Message.builder().serial("msg-serial-1").data("v2").build(),
                MessageOperation.builder()
                        .description("edited content")
                        .metadata(Map.of("reason", "typo"))
                        .build()));
        rt.await(ch.updateMessage(
                Message.builder().serial("msg-serial-2").data("v2").build()));

        List<ProtocolMessage> sent = sent(Action.MESSAGE);
        assertThat(sent).hasSize(2);
        MessageVersion version = sent.get(0).messages().get(0).version();
        assertThat(version).isNotNull();
        assertThat(version.description()).isEqualTo("edited content");
        assertThat(version.metadata()).containsEntry("reason", "typo");
        assertThat(sent.get(1).messages().get(0).version()).isNull();
    }

    /** RTL32b2 on the wire: the operation is the message's {@code version} object, absent without one. */
    @Test
    void RTL32b2_version_from_operation_0_onTheWire() {
        ackWithVersion("version-serial-1");
        List<Object> frames = new java.util.ArrayList<>();
        ws.onRawFrame(frames::add);
        RealtimeClient client = connectedClient(b -> b.useBinaryProtocol(false));
        RealtimeChannel ch = client.channels().get("test-RTL32b2-wire");
        rt.await(ch.attach());
        frames.clear();

        rt.await(ch.updateMessage(
                Message.builder().serial("s1").build(),
                MessageOperation.builder().clientId("editor").description("why").build()));
        rt.await(ch.deleteMessage(Message.builder().serial("s1").build()));

        String withOperation = (String) frames.get(0);
        assertThat(withOperation).contains("\"version\":{\"clientId\":\"editor\",\"description\":\"why\"}");
        assertThat(withOperation).contains("\"action\":1");
        assertThat((String) frames.get(1)).doesNotContain("\"version\"").contains("\"action\":2");
    }

    @Test
    void RTL32c_no_message_mutation_0() {
        ackWithVersion("version-serial-1");
        RealtimeChannel ch = attachedNew("test-RTL32c");
        Message original = Message.builder()
                .serial("msg-serial-1")
                .name("original")
                .data("original-data")
                .build();

        rt.await(ch.updateMessage(
                original, MessageOperation.builder().description("d").build()));

        assertThat(original.name()).isEqualTo("original");
        assertThat(original.data()).isEqualTo("original-data");
        assertThat(original.serial()).isEqualTo("msg-serial-1");
        assertThat(original.action()).isNull();
        assertThat(original.version()).isNull();
    }

    @Test
    void RTL32d_ack_returns_result_0() {
        ackWithVersion("01770000000000-000@abcdef:000");
        RealtimeChannel ch = attachedNew("test-RTL32d");

        UpdateDeleteResult result = rt.await(ch.updateMessage(
                Message.builder().serial("msg-serial-1").data("updated").build()));

        assertThat(result.versionSerial()).isEqualTo("01770000000000-000@abcdef:000");
    }

    /** UDR2a: an ACK without a serial for the message (superseded) gives a null versionSerial. */
    @Test
    void RTL32d_ack_returns_result_0_withoutSerials() {
        onMessage(m -> toClient(ack(m.msgSerial(), 1)));
        RealtimeChannel ch = attachedNew("test-RTL32d-none");

        UpdateDeleteResult result = rt.await(
                ch.appendMessage(Message.builder().serial("s").data("x").build()));

        assertThat(result.versionSerial()).isNull();
    }

    @Test
    void RTL32d_nack_returns_error_1() {
        onMessage(m -> toClient(nack(m.msgSerial(), 1, ErrorInfo.of(40160, 401, "Not permitted"))));
        RealtimeChannel ch = attachedNew("test-RTL32d-nack");

        CompletableFuture<UpdateDeleteResult> f = ch.updateMessage(
                Message.builder().serial("msg-serial-1").data("updated").build());

        assertThat(errorOf(f).code()).isEqualTo(40160);
    }

    @Test
    void RTL32e_params_in_protocol_message_0() {
        ackWithVersion("version-serial-1");
        RealtimeChannel ch = attachedNew("test-RTL32e");

        rt.await(ch.updateMessage(
                Message.builder().serial("msg-serial-1").data("v2").build(),
                null,
                Map.of("key1", "value1", "key2", "value2")));

        ProtocolMessage pm = sent(Action.MESSAGE).get(0);
        assertThat(pm.params()).containsEntry("key1", "value1").containsEntry("key2", "value2");
    }

    @Test
    void RTL32a_serial_validation_required_0() {
        ackWithVersion("version-serial-1");
        RealtimeChannel ch = attachedNew("test-RTL32a");

        ErrorInfo empty =
                errorOf(ch.updateMessage(Message.builder().serial("").data("v2").build()));
        ErrorInfo absent = errorOf(ch.deleteMessage(Message.builder().data("v2").build()));
        ErrorInfo append = errorOf(ch.appendMessage(Message.builder().data("v2").build()));

        assertThat(empty.code()).isEqualTo(40003);
        assertThat(absent.code()).isEqualTo(40003);
        assertThat(append.code()).isEqualTo(40003);
        assertThat(sent(Action.MESSAGE)).isEmpty();
        assertThatThrownBy(() -> ch.updateMessage(null))
                .isInstanceOfSatisfying(
                        AblyException.class,
                        e -> assertThat(e.errorInfo().code()).isEqualTo(40000));
    }

    /** Like a publish (RTL6c4), an edit on a FAILED channel fails at once without being sent. */
    @Test
    void RTL32a_serial_validation_required_0_failedChannel() {
        onMessage(m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get("test-RTL32-failed");
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(channelError(m.channel(), 40160, "denied"));
            }
        });
        rt.drain();
        fire(ch.attach());
        rt.drain();

        ErrorInfo e = errorOf(ch.updateMessage(Message.builder().serial("s").build()));

        assertThat(e.code()).isEqualTo(90001);
        assertThat(sent(Action.MESSAGE)).isEmpty();
    }

    @Test
    void RTL28_identical_to_rest_0() {
        Message stored = Message.builder()
                .serial("01726232498871-001@abcdefghij:001")
                .name("evt")
                .data("latest")
                .actionCode(1)
                .timestamp(1000L)
                .build();
        String body = json(List.of(stored)).replaceFirst("^\\[", "").replaceFirst("]$", "");
        rt.http.handler = call -> MockHttp.json(200, body);
        RealtimeClient client = client(b -> b.useBinaryProtocol(false));
        RealtimeChannel ch = client.channels().get("test-RTL28");

        Message m = rt.await(ch.getMessage("01726232498871-001@abcdefghij:001"));
        Message byMessage = rt.await(ch.getMessage(stored));

        assertThat(requests).hasSize(2);
        HttpCall call = requests.get(0);
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getRawPath())
                .isEqualTo("/channels/test-RTL28/messages/01726232498871-001%40abcdefghij%3A001");
        assertThat(requests.get(1).uri().getRawPath()).isEqualTo(call.uri().getRawPath());
        assertThat(m.data()).isEqualTo("latest");
        assertThat(m.action()).isEqualTo(MessageAction.MESSAGE_UPDATE);
        assertThat(m.version()).isNotNull(); // TM2s
        assertThat(m.version().serial()).isEqualTo(stored.serial());
        assertThat(byMessage.data()).isEqualTo("latest");
        assertThat(errorOf(ch.getMessage(Message.of("no", "serial"))).code()).isEqualTo(40003);
        assertThat(requests).hasSize(2);
    }

    @Test
    void RTL31_identical_to_rest_0() {
        Message v1 = Message.builder().serial("s1").data("v1").actionCode(0).build();
        Message v2 = Message.builder()
                .serial("s1")
                .data("v2")
                .actionCode(1)
                .version(MessageVersion.builder().serial("s1-v2").build())
                .build();
        rt.http.handler = call -> MockHttp.json(200, json(List.of(v1, v2)));
        RealtimeClient client = client(b -> b.useBinaryProtocol(false));
        RealtimeChannel ch = client.channels().get("test-RTL31");

        PaginatedResult<Message> page = rt.await(ch.getMessageVersions("s1", Map.of("limit", "10")));

        HttpCall call = requests.get(0);
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getRawPath()).isEqualTo("/channels/test-RTL31/messages/s1/versions");
        assertThat(MockHttp.query(call)).containsEntry("limit", "10");
        assertThat(page.items()).extracting(Message::data).containsExactly("v1", "v2");
        assertThat(page.items().get(0).version().serial()).isEqualTo("s1"); // TM2s1
        assertThat(page.items().get(1).version().serial()).isEqualTo("s1-v2");
        assertThat(errorOf(ch.getMessageVersions(Message.of("no", "serial"), null))
                        .code())
                .isEqualTo(40003);
    }

    private static String json(List<Message> messages) {
        return new String(ProtocolCodec.create(WireFormat.JSON).encodeMessages(messages), StandardCharsets.UTF_8);
    }
}
