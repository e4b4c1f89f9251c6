package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAnnotations;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * {@link ReceivedDefaults}: TM2a, TM2c, TM2f, TM2s, TM2u for messages and TP3a, TP3d, TP3g for presence messages,
 * applied in one copy per message, and no copy where every default is already there.
 */
class ReceivedDefaultsTest {
    private static final MessageVersion COMPLETE_VERSION =
            MessageVersion.builder().serial("v1").timestamp(7L).build();

    private static ProtocolMessage.Builder frame() {
        return ProtocolMessage.builder(Action.MESSAGE)
                .id("pm")
                .connectionId("conn")
                .timestamp(100L);
    }

    @Test
    void TM2a_TM2c_TM2f_TM2s_TM2u_derivedFromTheProtocolMessage() {
        Message wire = Message.builder().name("n").serial("s0").data("d").build();
        ProtocolMessage pm = frame().addMessage(wire).addMessage(wire).build();
        List<Message> received = ReceivedDefaults.messages(pm);
        assertThat(received).hasSize(2);
        for (int i = 0; i < 2; i++) {
            Message m = received.get(i);
            assertThat(m.id()).isEqualTo("pm:" + i);
            assertThat(m.connectionId()).isEqualTo("conn");
            assertThat(m.timestamp()).isEqualTo(100L);
            assertThat(m.version())
                    .isEqualTo(MessageVersion.builder()
                            .serial("s0")
                            .timestamp(100L)
                            .build());
            assertThat(m.annotations()).isSameAs(MessageAnnotations.empty());
            assertThat(m.name()).isEqualTo("n");
            assertThat(m.data()).isEqualTo("d");
        }
        assertThat(ReceivedDefaults.apply(pm).messages()).isEqualTo(received);
        assertThatThrownBy(() -> received.set(0, wire)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aMessageWithEveryDefaultIsNotCopied() {
        Message complete = Message.builder()
                .id("own")
                .connectionId("other")
                .timestamp(5L)
                .serial("s")
                .version(COMPLETE_VERSION)
                .annotations(MessageAnnotations.empty())
                .build();
        ProtocolMessage pm = frame().addMessage(complete).addMessage(complete).build();
        assertThat(ReceivedDefaults.messages(pm)).isSameAs(pm.messages());
        assertThat(ReceivedDefaults.apply(pm)).isSameAs(pm);
        assertThat(ReceivedDefaults.apply(complete)).isSameAs(complete);
        ProtocolMessage single = frame().addMessage(complete).build();
        assertThat(ReceivedDefaults.messages(single)).isSameAs(single.messages());
    }

    @Test
    void onlyTheMessagesLackingADefaultAreCopied() {
        Message complete = Message.builder()
                .id("own")
                .connectionId("other")
                .timestamp(5L)
                .version(COMPLETE_VERSION)
                .annotations(MessageAnnotations.empty())
                .build();
        Message bare = Message.builder().name("bare").build();
        ProtocolMessage pm = frame().addMessage(complete)
                .addMessage(bare)
                .addMessage(complete)
                .build();
        List<Message> received = ReceivedDefaults.messages(pm);
        assertThat(received.get(0)).isSameAs(complete);
        assertThat(received.get(2)).isSameAs(complete);
        assertThat(received.get(1).id()).isEqualTo("pm:1"); // the index in the protocol message
        assertThat(received.get(1).version())
                .isEqualTo(MessageVersion.builder().timestamp(100L).build());
    }

    @Test
    void TM2s_aPartialVersionKeepsItsFieldsAndGainsTheMissingOnes() {
        MessageVersion partial = MessageVersion.builder()
                .clientId("bob")
                .description("edit")
                .metadata(Map.of("k", "v"))
                .build();
        Message wire = Message.builder().serial("s1").version(partial).build();
        Message received =
                ReceivedDefaults.messages(frame().addMessage(wire).build()).get(0);
        assertThat(received.version())
                .isEqualTo(partial.toBuilder().serial("s1").timestamp(100L).build());
        MessageVersion own = MessageVersion.builder().serial("v9").build();
        Message withOwnSerial = ReceivedDefaults.apply(
                Message.builder().serial("s1").timestamp(3L).version(own).build());
        assertThat(withOwnSerial.version())
                .isEqualTo(MessageVersion.builder().serial("v9").timestamp(3L).build());
    }

    @Test
    void aProtocolMessageWithoutIdConnectionIdOrTimestampDerivesNone() {
        Message bare = Message.builder().name("n").build();
        ProtocolMessage pm =
                ProtocolMessage.builder(Action.MESSAGE).addMessage(bare).build();
        Message received = ReceivedDefaults.messages(pm).get(0);
        assertThat(received.id()).isNull();
        assertThat(received.connectionId()).isNull();
        assertThat(received.timestamp()).isNull();
        assertThat(received.version()).isEqualTo(MessageVersion.builder().build()); // TM2s: present, empty
        assertThat(received.annotations()).isEqualTo(MessageAnnotations.empty());
        ProtocolMessage empty = ProtocolMessage.builder(Action.MESSAGE).build();
        assertThat(ReceivedDefaults.apply(empty)).isSameAs(empty);
        assertThat(ReceivedDefaults.messages(empty)).isEmpty();
        assertThat(ReceivedDefaults.presence(empty)).isEmpty();
    }

    @Test
    void TP3a_TP3d_TP3g_presenceDerivedFromTheProtocolMessage() {
        PresenceMessage bare = PresenceMessage.builder(PresenceAction.ENTER)
                .clientId("alice")
                .data("d")
                .extras(Json.parse("{\"x\":1}"))
                .build();
        PresenceMessage stamped =
                bare.toBuilder().id("own").connectionId("c2").timestamp(9L).build();
        ProtocolMessage pm = ProtocolMessage.builder(Action.SYNC)
                .id("pm")
                .connectionId("conn")
                .timestamp(100L)
                .presence(List.of(stamped, bare))
                .build();
        List<PresenceMessage> received = ReceivedDefaults.presence(pm);
        assertThat(received.get(0)).isSameAs(stamped);
        assertThat(received.get(1))
                .isEqualTo(bare.toBuilder()
                        .id("pm:1")
                        .connectionId("conn")
                        .timestamp(100L)
                        .build());
        assertThat(ReceivedDefaults.apply(pm).presence()).isEqualTo(received);
        ProtocolMessage allStamped = ProtocolMessage.builder(Action.PRESENCE)
                .id("pm")
                .presence(List.of(stamped))
                .build();
        assertThat(ReceivedDefaults.presence(allStamped)).isSameAs(allStamped.presence());
        assertThat(ReceivedDefaults.apply(allStamped)).isSameAs(allStamped);
    }

    @Property(tries = 500)
    void theSameResultAsCopyingThroughTheBuilders(@ForAll long seed) {
        RandomProtocolMessages random = new RandomProtocolMessages(seed);
        ProtocolMessage pm = random.protocolMessage();
        ProtocolMessage expected = byBuilders(pm);
        assertThat(ReceivedDefaults.apply(pm)).isEqualTo(expected);
        assertThat(ReceivedDefaults.messages(pm)).isEqualTo(expected.messages());
        assertThat(ReceivedDefaults.presence(pm)).isEqualTo(expected.presence());
        Message m = random.message();
        assertThat(ReceivedDefaults.apply(m)).isEqualTo(versionByBuilders(m));
    }

    /** The defaults as they were first written: each field through the public builders. */
    private static ProtocolMessage byBuilders(ProtocolMessage pm) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < pm.messages().size(); i++) {
            Message m = pm.messages().get(i);
            Message.Builder b = m.toBuilder();
            if (m.id() == null && pm.id() != null) {
                b.id(pm.id() + ":" + i);
            }
            if (m.connectionId() == null) {
                b.connectionId(pm.connectionId());
            }
            if (m.timestamp() == null) {
                b.timestamp(pm.timestamp());
            }
            messages.add(versionByBuilders(b.build()));
        }
        List<PresenceMessage> presence = new ArrayList<>();
        for (int i = 0; i < pm.presence().size(); i++) {
            PresenceMessage p = pm.presence().get(i);
            PresenceMessage.Builder b = p.toBuilder();
            if (p.id() == null && pm.id() != null) {
                b.id(pm.id() + ":" + i);
            }
            if (p.connectionId() == null) {
                b.connectionId(pm.connectionId());
            }
            if (p.timestamp() == null) {
                b.timestamp(pm.timestamp());
            }
            presence.add(b.build());
        }
        return pm.toBuilder().messages(messages).presence(presence).build();
    }

    private static Message versionByBuilders(Message m) {
        MessageVersion v = m.version();
        MessageVersion.Builder b = v == null ? MessageVersion.builder() : v.toBuilder();
        b.serial(firstNonNull(v == null ? null : v.serial(), m.serial()))
                .timestamp(firstNonNull(v == null ? null : v.timestamp(), m.timestamp()));
        return m.toBuilder()
                .version(b.build())
                .annotations(Objects.requireNonNullElse(m.annotations(), MessageAnnotations.empty()))
                .build();
    }

    private static <T> @Nullable T firstNonNull(@Nullable T a, @Nullable T b) {
        return a != null ? a : b;
    }
}
