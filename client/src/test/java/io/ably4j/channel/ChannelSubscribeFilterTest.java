package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.MessageFilter;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.Subscription;
import io.ably4j.types.AblyException;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_subscribe.md: the RTL22 MessageFilter cases (RTL22a-c, MFI2a-e). */
@NullUnmarked
class ChannelSubscribeFilterTest extends ChannelTestSupport {
    private static final String CH = "test-RTL22";

    private RealtimeChannel attachedNoAuto() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels()
                .get(CH, ChannelOptions.builder().attachOnSubscribe(false).build());
        rt.await(ch.attach());
        return ch;
    }

    private void send(Message m) {
        deliver(ProtocolMessage.builder(Action.MESSAGE)
                .channel(CH)
                .messages(List.of(m))
                .build());
    }

    private static Message msg(String name, String data, String extras) {
        return Message.builder()
                .name(name)
                .data(data)
                .extras(extras == null ? null : Json.parse(extras))
                .build();
    }

    private static String ref(String timeserial, String type) {
        return "{\"ref\":{\"timeserial\":\"" + timeserial + "\",\"type\":\"" + type + "\"}}";
    }

    @Test
    void RTL22a_filter_matching_name_0() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> got = new ArrayList<>();
        ch.subscribe(MessageFilter.builder().name("target-event").build(), got::add);
        send(Message.of("target-event", "match-1"));
        send(Message.of("other-event", "no-match"));
        send(Message.of("target-event", "match-2"));
        send(Message.of(null, "no-name"));
        assertThat(got).extracting(Message::name).containsExactly("target-event", "target-event");
        assertThat(got).extracting(Message::data).containsExactly("match-1", "match-2");
    }

    @Test
    void RTL22a_filter_matching_ref_timeserial_1() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> got = new ArrayList<>();
        ch.subscribe(
                MessageFilter.builder().refTimeserial("abc123@1700000000000-0").build(), got::add);
        send(msg("reply", "match", ref("abc123@1700000000000-0", "com.ably.reply")));
        send(msg("reply", "no-match", ref("xyz789@1700000000000-0", "com.ably.reply")));
        send(msg("plain", "no-ref", null));
        send(msg("reaction", "match-2", ref("abc123@1700000000000-0", "com.ably.reaction")));
        assertThat(got).extracting(Message::data).containsExactly("match", "match-2");
    }

    @Test
    void RTL22b_filter_isref_false_0() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> got = new ArrayList<>();
        ch.subscribe(MessageFilter.builder().isRef(false).build(), got::add);
        send(msg("plain", "no-extras", null));
        send(msg("reply", "has-ref", ref("abc123@1700000000000-0", "com.ably.reply")));
        send(msg("annotated", "extras-no-ref", "{\"headers\":{\"custom-key\":\"custom-value\"}}"));
        send(msg("reaction", "also-has-ref", ref("xyz789@1700000000000-0", "com.ably.reaction")));
        assertThat(got).extracting(Message::name).containsExactly("plain", "annotated");
        assertThat(got).extracting(Message::data).containsExactly("no-extras", "extras-no-ref");
    }

    @Test
    void RTL22b_isRefTrue_onlyMessagesWithRef() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> got = new ArrayList<>();
        ch.subscribe(MessageFilter.builder().isRef(true).build(), got::add);
        send(msg("plain", "no-extras", null));
        send(msg("reply", "has-ref", ref("abc", "com.ably.reply")));
        send(msg("annotated", "extras-no-ref", "{\"headers\":{}}"));
        assertThat(got).extracting(Message::data).containsExactly("has-ref");
    }

    @Test
    void RTL22c_filter_multiple_criteria_0() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> got = new ArrayList<>();
        ch.subscribe(
                MessageFilter.builder()
                        .name("comment")
                        .refType("com.ably.reply")
                        .build(),
                got::add);
        send(msg("comment", "both-match", ref("abc@1700000000000-0", "com.ably.reply")));
        send(msg("comment", "name-only", ref("def@1700000000000-0", "com.ably.reaction")));
        send(msg("update", "type-only", ref("ghi@1700000000000-0", "com.ably.reply")));
        send(msg("update", "neither", null));
        send(msg("comment", "both-match-2", ref("jkl@1700000000000-0", "com.ably.reply")));
        assertThat(got).extracting(Message::data).containsExactly("both-match", "both-match-2");
    }

    @Test
    void RTL22a_filter_matching_clientid_2() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> got = new ArrayList<>();
        ch.subscribe(MessageFilter.builder().clientId("user-1").build(), got::add);
        send(Message.of("e", "match-1", "user-1"));
        send(Message.of("e", "no-match", "user-2"));
        send(Message.of("e", "no-client", null));
        send(Message.of("e", "match-2", "user-1"));
        assertThat(got).extracting(Message::data).containsExactly("match-1", "match-2");
    }

    @Test
    void RTL22_unsubscribeByFilterAndClose() {
        RealtimeChannel ch = attachedNoAuto();
        List<Message> a = new ArrayList<>();
        List<Message> b = new ArrayList<>();
        Consumer<Message> la = a::add;
        ch.subscribe(MessageFilter.builder().name("x").build(), la);
        Subscription sb = ch.subscribe(MessageFilter.builder().name("x").build(), b::add);
        send(Message.of("x", "1"));
        ch.unsubscribe(MessageFilter.builder().name("y").build(), la); // another filter: no effect
        send(Message.of("x", "2"));
        ch.unsubscribe(MessageFilter.builder().name("x").build(), la);
        sb.close();
        send(Message.of("x", "3"));
        assertThat(a).extracting(Message::data).containsExactly("1", "2");
        assertThat(b).extracting(Message::data).containsExactly("1", "2");
    }

    @Test
    void RTL22_subscribeWithFilterAttachesImplicitly() {
        autoAttachServer();
        RealtimeClient client = connectedClient();
        RealtimeChannel ch = client.channels().get(CH);
        ch.subscribe(MessageFilter.builder().build(), m -> {});
        rt.drain();
        assertThat(ch.state()).isEqualTo(ChannelState.ATTACHED);
        assertThatThrownBy(() -> ch.subscribe((MessageFilter) null, m -> {})).isInstanceOf(AblyException.class);
        assertThatThrownBy(() -> ch.subscribe(MessageFilter.builder().build(), null))
                .isInstanceOf(AblyException.class);
    }
}
