package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/message_field_population.md (TM2a, TM2c, TM2f). */
@NullUnmarked
class MessageFieldPopulationTest extends ChannelTestSupport {
    private static final String CH = "test-TM2";
    private final List<Message> received = new ArrayList<>();

    private void subscribed() {
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = attachedChannel(client, CH);
        ch.subscribe(received::add);
    }

    private static ProtocolMessage.Builder message() {
        return ProtocolMessage.builder(Action.MESSAGE).channel(CH);
    }

    @Test
    void TM2a_id_from_protocol_message_0() {
        subscribed();
        deliver(message()
                .id("abc123:5")
                .connectionId("abc123")
                .timestamp(1700000000000L)
                .addMessage(Message.of("first", "a"))
                .addMessage(Message.of("second", "b"))
                .addMessage(Message.of("third", "c"))
                .build());
        assertThat(received).extracting(Message::id).containsExactly("abc123:5:0", "abc123:5:1", "abc123:5:2");
    }

    @Test
    void TM2a_existing_id_not_overwritten_1() {
        subscribed();
        deliver(message()
                .id("proto-id:0")
                .addMessage(Message.builder()
                        .id("my-custom-id")
                        .name("msg")
                        .data("hello")
                        .build())
                .build());
        assertThat(received).extracting(Message::id).containsExactly("my-custom-id");
    }

    @Test
    void TM2a_no_id_without_protocol_id_2() {
        subscribed();
        deliver(message()
                .connectionId("abc123")
                .addMessage(Message.of("msg", "hello"))
                .build());
        assertThat(received).hasSize(1);
        assertThat(received.get(0).id()).isNull();
    }

    @Test
    void TM2c_connectionid_from_protocol_0() {
        subscribed();
        deliver(message()
                .id("msg:0")
                .connectionId("server-conn-xyz")
                .addMessage(Message.of("msg", "hello"))
                .build());
        assertThat(received).extracting(Message::connectionId).containsExactly("server-conn-xyz");
    }

    @Test
    void TM2c_existing_connectionid_kept_1() {
        subscribed();
        deliver(message()
                .id("msg:0")
                .connectionId("proto-conn")
                .addMessage(Message.builder()
                        .connectionId("msg-conn")
                        .name("msg")
                        .data("hello")
                        .build())
                .build());
        assertThat(received).extracting(Message::connectionId).containsExactly("msg-conn");
    }

    @Test
    void TM2f_timestamp_from_protocol_0() {
        subscribed();
        deliver(message()
                .id("msg:0")
                .timestamp(1700000000000L)
                .addMessage(Message.of("msg", "hello"))
                .build());
        assertThat(received).extracting(Message::timestamp).containsExactly(1700000000000L);
    }

    @Test
    void TM2f_existing_timestamp_kept_1() {
        subscribed();
        deliver(message()
                .id("msg:0")
                .timestamp(1700000000000L)
                .addMessage(Message.builder()
                        .timestamp(1600000000000L)
                        .name("msg")
                        .data("hello")
                        .build())
                .build());
        assertThat(received).extracting(Message::timestamp).containsExactly(1600000000000L);
    }

    @Test
    void TM2a_all_fields_populated_together_3() {
        subscribed();
        deliver(message()
                .id("connId:7")
                .connectionId("connId")
                .timestamp(1700000000000L)
                .addMessage(Message.of("first", "a"))
                .addMessage(Message.of("second", "b"))
                .build());
        assertThat(received).hasSize(2);
        assertThat(received.get(0).id()).isEqualTo("connId:7:0");
        assertThat(received.get(0).connectionId()).isEqualTo("connId");
        assertThat(received.get(0).timestamp()).isEqualTo(1700000000000L);
        assertThat(received.get(0).name()).isEqualTo("first");
        assertThat(received.get(0).data()).isEqualTo("a");
        assertThat(received.get(1).id()).isEqualTo("connId:7:1");
        assertThat(received.get(1).connectionId()).isEqualTo("connId");
        assertThat(received.get(1).timestamp()).isEqualTo(1700000000000L);
        assertThat(received.get(1).name()).isEqualTo("second");
        assertThat(received.get(1).data()).isEqualTo("b");
    }
}
