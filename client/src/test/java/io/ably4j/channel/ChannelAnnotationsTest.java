package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeAnnotations;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.types.Annotation;
import io.ably4j.types.AnnotationAction;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.ProtocolMessage.Flag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** UTS realtime/unit/channels/channel_annotations.md (RTL26, RTAN1-RTAN5). */
@NullUnmarked
class ChannelAnnotationsTest extends ChannelTestSupport {
    private static final ChannelOptions NO_AUTO_ATTACH =
            ChannelOptions.builder().attachOnSubscribe(false).build();
    private static final long PUBLISH = Flag.PUBLISH.mask();
    private static final long ANNOTATION_PUBLISH = Flag.ANNOTATION_PUBLISH.mask();
    private static final long ANNOTATION_SUBSCRIBE = Flag.ANNOTATION_SUBSCRIBE.mask();

    /** ATTACH answered with ATTACHED carrying {@code flags}; ANNOTATION handled by {@code onAnnotation}. */
    private void server(long flags, Consumer<ProtocolMessage> onAnnotation) {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(ProtocolMessage.builder(Action.ATTACHED)
                        .channel(m.channel())
                        .flags(flags)
                        .build());
            } else if (m.action() == Action.ANNOTATION) {
                onAnnotation.accept(m);
            }
        });
    }

    private void ackingServer(long flags) {
        server(flags, m -> toClient(ack(m.msgSerial(), 1)));
    }

    private static Annotation like() {
        return Annotation.builder().type("com.example.reaction").name("like").build();
    }

    private static Annotation wire(String type, String name, String serial, long timestamp) {
        return Annotation.builder()
                .action(AnnotationAction.ANNOTATION_CREATE)
                .type(type)
                .name(name)
                .messageSerial("msg-serial-1")
                .serial(serial)
                .timestamp(timestamp)
                .build();
    }

    private void sendAnnotations(String channel, Annotation... annotations) {
        deliver(ProtocolMessage.builder(Action.ANNOTATION)
                .channel(channel)
                .annotations(List.of(annotations))
                .build());
    }

    private ProtocolMessage lastAnnotationMessage() {
        List<ProtocolMessage> sent = sent(Action.ANNOTATION);
        assertThat(sent).isNotEmpty();
        return sent.get(sent.size() - 1);
    }

    @Test
    void RTL26_annotations_attribute_type_0() {
        RealtimeClient client = client();
        RealtimeChannel channel = client.channels().get("test-RTL26");
        assertThat(channel.annotations()).isInstanceOf(RealtimeAnnotations.class);
        assertThat(channel.annotations()).isSameAs(channel.annotations());
    }

    @Test
    void RTAN1a_publish_sends_annotation_0() {
        ackingServer(PUBLISH | ANNOTATION_PUBLISH);
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN1-publish");
        rt.await(channel.attach());
        rt.await(channel.annotations().publish("msg-serial-1", like()));
        ProtocolMessage pm = lastAnnotationMessage();
        assertThat(pm.channel()).isEqualTo("test-RTAN1-publish");
        assertThat(pm.annotations()).hasSize(1);
        Annotation a = pm.annotations().get(0);
        assertThat(a.action()).isEqualTo(AnnotationAction.ANNOTATION_CREATE);
        assertThat(a.actionCode()).isZero();
        assertThat(a.messageSerial()).isEqualTo("msg-serial-1");
        assertThat(a.type()).isEqualTo("com.example.reaction");
        assertThat(a.name()).isEqualTo("like");
    }

    @Test
    void RTAN1a_validates_type_required_1() {
        ackingServer(PUBLISH | ANNOTATION_PUBLISH);
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN1a-validate");
        rt.await(channel.attach());
        CompletableFuture<Void> f = channel.annotations()
                .publish("msg-serial-1", Annotation.builder().name("like").build());
        assertThat(errorOf(f).code()).isEqualTo(40003);
        assertThat(sent(Action.ANNOTATION)).isEmpty();
    }

    @Test
    void RTAN1a_encodes_data_json_2() {
        ackingServer(PUBLISH | ANNOTATION_PUBLISH);
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN1a-encode");
        rt.await(channel.attach());
        Json data = Json.parse("{\"key\":\"value\",\"nested\":{\"a\":1}}");
        rt.await(channel.annotations()
                .publish(
                        "msg-serial-1",
                        Annotation.builder().type("com.example.data").data(data).build()));
        Annotation a = lastAnnotationMessage().annotations().get(0);
        assertThat(a.data()).isInstanceOf(String.class);
        assertThat(a.encoding()).isEqualTo("json");
        assertThat(Json.parse((String) a.data())).isEqualTo(data);
    }

    @Test
    void RTAN1b_publish_channel_state_0() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(channelError(m.channel(), 40160, "Not permitted"));
            }
        });
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN1b");
        rt.awaitError(channel.attach());
        assertThat(channel.state()).isEqualTo(ChannelState.FAILED);
        CompletableFuture<Void> f = channel.annotations().publish("msg-serial-1", like());
        assertThat(errorOf(f)).isNotNull();
        assertThat(sent(Action.ANNOTATION)).isEmpty();
    }

    @Test
    void RTAN1d_publish_ack_nack_0() {
        ackingServer(PUBLISH | ANNOTATION_PUBLISH);
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN1d-ack");
        rt.await(channel.attach());
        rt.await(channel.annotations().publish("msg-serial-1", like())); // resolves on ACK
    }

    @Test
    void RTAN1d_publish_ack_nack_0_nack() {
        server(
                PUBLISH | ANNOTATION_PUBLISH,
                m -> toClient(nack(m.msgSerial(), 1, ErrorInfo.of(40160, 401, "Not permitted"))));
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN1d-nack");
        rt.await(channel.attach());
        CompletableFuture<Void> f = channel.annotations().publish("msg-serial-1", like());
        assertThat(errorOf(f).code()).isEqualTo(40160);
    }

    @Test
    void RTAN2a_delete_sends_annotation_0() {
        ackingServer(PUBLISH | ANNOTATION_PUBLISH);
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN2-delete");
        rt.await(channel.attach());
        rt.await(channel.annotations().delete("msg-serial-1", like()));
        Annotation a = lastAnnotationMessage().annotations().get(0);
        assertThat(a.action()).isEqualTo(AnnotationAction.ANNOTATION_DELETE);
        assertThat(a.actionCode()).isEqualTo(1);
        assertThat(a.messageSerial()).isEqualTo("msg-serial-1");
        assertThat(a.type()).isEqualTo("com.example.reaction");
        assertThat(a.name()).isEqualTo("like");
    }

    @Test
    void RTAN4a_subscribe_delivers_annotations_0() {
        server(PUBLISH | ANNOTATION_PUBLISH | ANNOTATION_SUBSCRIBE, m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN4-subscribe", NO_AUTO_ATTACH);
        rt.await(channel.attach());
        List<Annotation> received = new ArrayList<>();
        channel.annotations().subscribe(received::add);
        sendAnnotations(
                "test-RTAN4-subscribe",
                wire("com.example.reaction", "like", "ann-serial-1", 1700000000000L).toBuilder()
                        .id("ann-1")
                        .clientId("user-1")
                        .build(),
                wire("com.example.reaction", "heart", "ann-serial-2", 1700000001000L).toBuilder()
                        .id("ann-2")
                        .clientId("user-2")
                        .build());
        assertThat(received).hasSize(2);
        Annotation a1 = received.get(0);
        assertThat(a1.id()).isEqualTo("ann-1");
        assertThat(a1.action()).isEqualTo(AnnotationAction.ANNOTATION_CREATE);
        assertThat(a1.type()).isEqualTo("com.example.reaction");
        assertThat(a1.name()).isEqualTo("like");
        assertThat(a1.clientId()).isEqualTo("user-1");
        assertThat(a1.serial()).isEqualTo("ann-serial-1");
        assertThat(a1.messageSerial()).isEqualTo("msg-serial-1");
        assertThat(a1.timestamp()).isEqualTo(1700000000000L);
        assertThat(received.get(1).name()).isEqualTo("heart");
        assertThat(received.get(1).clientId()).isEqualTo("user-2");
    }

    @Test
    void RTAN4c_subscribe_type_filter_0() {
        server(PUBLISH | ANNOTATION_PUBLISH | ANNOTATION_SUBSCRIBE, m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN4c-filter", NO_AUTO_ATTACH);
        rt.await(channel.attach());
        List<Annotation> reactions = new ArrayList<>();
        channel.annotations().subscribe("com.example.reaction", reactions::add);
        sendAnnotations(
                "test-RTAN4c-filter",
                wire("com.example.reaction", "like", "ann-serial-1", 1700000000000L),
                wire("com.example.comment", "text", "ann-serial-2", 1700000001000L),
                wire("com.example.reaction", "heart", "ann-serial-3", 1700000002000L));
        assertThat(reactions).extracting(Annotation::name).containsExactly("like", "heart");
    }

    @Test
    void RTAN4d_subscribe_implicit_attach_0() {
        server(PUBLISH | ANNOTATION_PUBLISH | ANNOTATION_SUBSCRIBE, m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN4d-attach");
        assertThat(channel.state()).isEqualTo(ChannelState.INITIALIZED);
        channel.annotations().subscribe(a -> {});
        rt.drain();
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
    }

    private final List<String> warnings = new ArrayList<>();

    private RealtimeClient clientLoggingWarnings() {
        return connectedClient(b -> b.logHandler((level, message, t) -> {
            if (level == LogLevel.WARN) {
                synchronized (warnings) {
                    warnings.add(message);
                }
            }
        }));
    }

    private boolean warnedAboutMode() {
        synchronized (warnings) {
            return warnings.stream().anyMatch(w -> w.contains("ANNOTATION_SUBSCRIBE"));
        }
    }

    @Test
    void RTAN4e_subscribe_warns_no_mode_0() {
        server(PUBLISH, m -> {});
        RealtimeClient client = clientLoggingWarnings();
        RealtimeChannel channel = client.channels().get("test-RTAN4e-warn", NO_AUTO_ATTACH);
        rt.await(channel.attach());
        channel.annotations().subscribe(a -> {});
        rt.drain();
        assertThat(warnedAboutMode()).isTrue();
    }

    @Test
    void RTAN4e_subscribe_warns_no_mode_0_afterImplicitAttach() {
        server(PUBLISH, m -> {});
        RealtimeClient client = clientLoggingWarnings();
        RealtimeChannel channel = client.channels().get("test-RTAN4e-implicit");
        channel.annotations().subscribe(a -> {});
        rt.drain();
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(warnedAboutMode()).isTrue();
    }

    @Test
    void RTAN4e_subscribe_warns_no_mode_0_notWhenGranted() {
        server(PUBLISH | ANNOTATION_SUBSCRIBE, m -> {});
        RealtimeClient client = clientLoggingWarnings();
        RealtimeChannel channel = client.channels().get("test-RTAN4e-granted");
        channel.annotations().subscribe(a -> {});
        rt.drain();
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(warnedAboutMode()).isFalse();
    }

    @Test
    void RTAN4e1_no_warn_unattached_0() {
        RealtimeClient client = clientLoggingWarnings();
        RealtimeChannel channel = client.channels().get("test-RTAN4e1", NO_AUTO_ATTACH);
        assertThat(channel.state()).isEqualTo(ChannelState.INITIALIZED);
        channel.annotations().subscribe(a -> {});
        rt.drain();
        assertThat(channel.state()).isEqualTo(ChannelState.INITIALIZED);
        assertThat(warnedAboutMode()).isFalse();
    }

    @Test
    void RTAN5a_unsubscribe_removes_listeners_0() {
        server(PUBLISH | ANNOTATION_PUBLISH | ANNOTATION_SUBSCRIBE, m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN5-unsub", NO_AUTO_ATTACH);
        rt.await(channel.attach());
        List<Annotation> received = new ArrayList<>();
        Consumer<Annotation> listener = received::add;
        channel.annotations().subscribe(listener);
        sendAnnotations("test-RTAN5-unsub", wire("com.example.reaction", "like", "ann-serial-1", 1700000000000L));
        assertThat(received).hasSize(1);
        channel.annotations().unsubscribe(listener);
        sendAnnotations("test-RTAN5-unsub", wire("com.example.reaction", "heart", "ann-serial-2", 1700000001000L));
        assertThat(received).extracting(Annotation::name).containsExactly("like");
    }

    @Test
    void RTAN5a_unsubscribe_type_filter_1() {
        server(PUBLISH | ANNOTATION_PUBLISH | ANNOTATION_SUBSCRIBE, m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN5a-typed", NO_AUTO_ATTACH);
        rt.await(channel.attach());
        List<Annotation> reactions = new ArrayList<>();
        List<Annotation> comments = new ArrayList<>();
        Consumer<Annotation> reactionListener = reactions::add;
        Consumer<Annotation> commentListener = comments::add;
        channel.annotations().subscribe("com.example.reaction", reactionListener);
        channel.annotations().subscribe("com.example.comment", commentListener);
        channel.annotations().unsubscribe("com.example.reaction", reactionListener);
        sendAnnotations(
                "test-RTAN5a-typed",
                wire("com.example.reaction", "like", "ann-serial-1", 1700000000000L),
                wire("com.example.comment", "text", "ann-serial-2", 1700000001000L));
        assertThat(reactions).isEmpty();
        assertThat(comments).extracting(Annotation::type).containsExactly("com.example.comment");
    }

    @Test
    void RTAN4b_annotations_decoded_and_dropped_unless_attached() {
        server(PUBLISH | ANNOTATION_SUBSCRIBE, m -> {});
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTAN4b-decode", NO_AUTO_ATTACH);
        List<Annotation> received = new ArrayList<>();
        channel.annotations().subscribe(received::add);
        sendAnnotations("test-RTAN4b-decode", wire("t:flag.v1", "early", "s0", 1L)); // RTL17: not attached
        rt.await(channel.attach());
        sendAnnotations(
                "test-RTAN4b-decode",
                wire("t:flag.v1", "x", "s1", 2L).toBuilder()
                        .data("{\"a\":1}")
                        .encoding("json")
                        .build());
        assertThat(received).hasSize(1);
        assertThat(received.get(0).data()).isEqualTo(Json.parse("{\"a\":1}"));
        assertThat(received.get(0).encoding()).isNull();
    }
}
