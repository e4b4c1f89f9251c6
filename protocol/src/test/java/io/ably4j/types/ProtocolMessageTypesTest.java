package io.ably4j.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Type-level tests of ProtocolMessage (TR2, TR3, TR4), ChannelMode, ConnectionDetails, PublishResult. */
class ProtocolMessageTypesTest {

    @Test
    void TR2_actionCodesInOrderFromZero() {
        List<String> names = List.of(
                "HEARTBEAT",
                "ACK",
                "NACK",
                "CONNECT",
                "CONNECTED",
                "DISCONNECT",
                "DISCONNECTED",
                "CLOSE",
                "CLOSED",
                "ERROR",
                "ATTACH",
                "ATTACHED",
                "DETACH",
                "DETACHED",
                "PRESENCE",
                "MESSAGE",
                "SYNC",
                "AUTH",
                "ACTIVATE",
                "OBJECT",
                "OBJECT_SYNC",
                "ANNOTATION");
        for (int code = 0; code < names.size(); code++) {
            Action a = Action.of(code);
            assertThat(a.name()).isEqualTo(names.get(code));
            assertThat(a.code()).isEqualTo(code);
        }
        assertThat(Action.of(22)).isEqualTo(Action.UNKNOWN);
        assertThat(Action.of(-5)).isEqualTo(Action.UNKNOWN);
        assertThat(ProtocolMessage.builder(99).build().action()).isEqualTo(Action.UNKNOWN);
        assertThatThrownBy(() -> ProtocolMessage.builder(Action.UNKNOWN)).isInstanceOf(AblyException.class);
    }

    @Test
    void TR3_flagBitNumbers() {
        Map<Flag, Integer> bits = Map.ofEntries(
                Map.entry(Flag.HAS_PRESENCE, 0),
                Map.entry(Flag.HAS_BACKLOG, 1),
                Map.entry(Flag.RESUMED, 2),
                Map.entry(Flag.TRANSIENT, 4),
                Map.entry(Flag.ATTACH_RESUME, 5),
                Map.entry(Flag.HAS_OBJECTS, 7),
                Map.entry(Flag.PRESENCE, 16),
                Map.entry(Flag.PUBLISH, 17),
                Map.entry(Flag.SUBSCRIBE, 18),
                Map.entry(Flag.PRESENCE_SUBSCRIBE, 19),
                Map.entry(Flag.ANNOTATION_PUBLISH, 21),
                Map.entry(Flag.ANNOTATION_SUBSCRIBE, 22),
                Map.entry(Flag.OBJECT_SUBSCRIBE, 24),
                Map.entry(Flag.OBJECT_PUBLISH, 25));
        assertThat(bits).hasSize(Flag.values().length);
        bits.forEach((flag, bit) -> {
            assertThat(flag.bit()).isEqualTo(bit);
            assertThat(flag.mask()).isEqualTo(1L << bit);
        });
    }

    @Test
    void TR3q_TR3z_channelModesMapToFlags() {
        Set<ChannelMode> defaults = EnumSet.of(
                ChannelMode.PRESENCE, ChannelMode.PUBLISH, ChannelMode.SUBSCRIBE, ChannelMode.PRESENCE_SUBSCRIBE);
        assertThat(ChannelMode.toFlags(defaults)).isEqualTo(983040L);
        assertThat(ChannelMode.fromFlags(983047L)).isEqualTo(defaults); // non-mode bits ignored
        assertThat(ChannelMode.fromFlags(0)).isEmpty();
        Set<ChannelMode> all = EnumSet.allOf(ChannelMode.class);
        assertThat(ChannelMode.fromFlags(ChannelMode.toFlags(all))).isEqualTo(all);
        assertThat(ChannelMode.allModesMask()).isEqualTo(ChannelMode.toFlags(all));
        assertThat(ChannelMode.OBJECT_PUBLISH.mask()).isEqualTo(1L << 25);
        assertThat(ChannelMode.ANNOTATION_SUBSCRIBE.flag()).isEqualTo(Flag.ANNOTATION_SUBSCRIBE);
        assertThatThrownBy(() -> ChannelMode.fromFlags(1L << 16).add(ChannelMode.PUBLISH))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void TR4_listsAndMapsAreCopiedAndUnmodifiable() {
        List<Message> messages = new ArrayList<>(List.of(Message.of("a", "1")));
        Map<String, String> params = new HashMap<>(Map.of("k", "v"));
        ProtocolMessage m = ProtocolMessage.builder(Action.MESSAGE)
                .messages(messages)
                .params(params)
                .build();
        messages.add(Message.of("b", "2"));
        params.put("x", "y");
        assertThat(m.messages()).hasSize(1);
        assertThat(m.params()).containsOnlyKeys("k");
        assertThatThrownBy(() -> m.messages().add(Message.of("c", "3")))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.params().put("z", "z")).isInstanceOf(UnsupportedOperationException.class);
        List<Message> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> ProtocolMessage.builder(Action.MESSAGE)
                        .messages(withNull)
                        .build())
                .isInstanceOf(AblyException.class);
        ProtocolMessage appended =
                m.toBuilder().addMessage(Message.of("d", "4")).build();
        assertThat(appended.messages()).extracting(Message::name).containsExactly("a", "d");
        assertThat(m.messages()).hasSize(1);
    }

    @Test
    void TR4_equalityAndToBuilder() {
        ProtocolMessage a =
                ProtocolMessage.builder(Action.ATTACH).channel("c").flags(5).build();
        assertThat(a.toBuilder().build()).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(a.toBuilder().flags(6).build()).isNotEqualTo(a);
        assertThat(a.toString()).isEqualTo("ProtocolMessage{action=ATTACH, channel=c, flags=5}");
    }

    @Test
    void CD2_connectionKeysAreRedacted() {
        ConnectionDetails d = ConnectionDetails.builder()
                .connectionKey("abc!secret")
                .clientId("alice")
                .build();
        ProtocolMessage m = ProtocolMessage.builder(Action.CONNECTED)
                .connectionKey("abc!secret")
                .connectionDetails(d)
                .auth(AuthDetails.of("tok-secret"))
                .build();
        assertThat(m.toString()).doesNotContain("secret").contains("alice");
        assertThat(d.toBuilder().build()).isEqualTo(d);
    }

    @Test
    void PBR2a_serialsMayBeNullAndAreUnmodifiable() {
        List<@Nullable String> serials = Arrays.asList("s1", null);
        PublishResult r = PublishResult.of(serials);
        serials.set(0, "changed");
        assertThat(r.serials()).containsExactly("s1", null);
        assertThatThrownBy(() -> r.serials().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(PublishResult.of(List.of())).isEqualTo(PublishResult.of(new ArrayList<>()));
    }
}
