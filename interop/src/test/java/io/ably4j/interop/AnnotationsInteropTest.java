package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Annotation;
import io.ably4j.types.AnnotationAction;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ably4j and ably-js 2.28 annotating the same message through the emulator (RTAN1, RTAN4, TAN, message.summary):
 * each sees the other's annotation with its type, name, clientId and message serial, and the summary that follows,
 * aggregated by {@code distinct.v1}, in the shape ably-js types it ({@code {name: {total, clientIds, clipped}}}).
 */
class AnnotationsInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TYPE = "reactions:distinct.v1";

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static <T> T poll(LinkedBlockingQueue<T> q) throws InterruptedException {
        T item = q.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (item == null) {
            throw new AssertionError("nothing received within " + WAIT);
        }
        return item;
    }

    @ParameterizedTest(name = "ably4j {0}, ably-js {1}")
    @MethodSource("formatPairs")
    void annotationsAndSummariesBothWays(Format ably4jFormat, Format jsFormat) throws Exception {
        Emulator emu = start();
        String name = "annotations-interop";
        RealtimeClient client = track(new RealtimeClient(
                Ably4jPeer.options(emu, ably4jFormat, KEY).clientId("ably4j").build()));
        await(client.connection().whenState(ConnectionState.CONNECTED));
        RealtimeChannel channel = client.channels()
                .get(
                        name,
                        ChannelOptions.builder()
                                .modes(
                                        ChannelMode.PUBLISH,
                                        ChannelMode.SUBSCRIBE,
                                        ChannelMode.ANNOTATION_PUBLISH,
                                        ChannelMode.ANNOTATION_SUBSCRIBE)
                                .build());
        LinkedBlockingQueue<Annotation> annotations = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Message> messages = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Message> summaries = new LinkedBlockingQueue<>();
        channel.annotations().subscribe(annotations::add);
        channel.subscribe(m -> (m.action() == MessageAction.MESSAGE_SUMMARY ? summaries : messages).add(m));
        await(channel.whenState(ChannelState.ATTACHED));

        JsPeer js = js("annotations", emu, jsFormat);
        js.call("connect", "auth", "key", "clientId", "js");
        js.call("annotationsSubscribe", "channel", name);

        await(channel.publish("annotatable", "content"));
        String serial = Objects.requireNonNull(poll(messages).serial());

        // ably-js annotates: ably4j receives the annotation and the summary
        js.call("annotate", "channel", name, "messageSerial", serial, "type", TYPE, "name", "like");
        Annotation fromJs = poll(annotations);
        assertThat(fromJs.action()).isEqualTo(AnnotationAction.ANNOTATION_CREATE);
        assertThat(fromJs.type()).isEqualTo(TYPE);
        assertThat(fromJs.name()).isEqualTo("like");
        assertThat(fromJs.clientId()).isEqualTo("js");
        assertThat(fromJs.messageSerial()).isEqualTo(serial);
        Message summary = poll(summaries);
        assertThat(summary.serial()).isEqualTo(serial);
        assertThat(Objects.requireNonNull(summary.annotations()).summary().get(TYPE))
                .isEqualTo(Json.parse("{\"like\":{\"total\":1,\"clientIds\":[\"js\"],\"clipped\":false}}"));

        // ably4j annotates: ably-js receives the annotation and the summary
        await(channel.annotations()
                .publish(serial, Annotation.builder().type(TYPE).name("like").build()));
        Map<String, Object> jsAnnotation =
                js.awaitEvent(e -> "annotation".equals(e.get("event")) && "ably4j".equals(e.get("clientId")), WAIT);
        assertThat(jsAnnotation)
                .containsEntry("action", "annotation.create")
                .containsEntry("type", TYPE)
                .containsEntry("name", "like")
                .containsEntry("messageSerial", serial);
        Map<String, Object> jsSummary = js.awaitEvent(
                e -> "message".equals(e.get("event"))
                        && "message.summary".equals(e.get("action"))
                        && e.get("summary") instanceof Map<?, ?> s
                        && s.get(TYPE) instanceof Map<?, ?> t
                        && t.get("like") instanceof Map<?, ?> like
                        && like.get("clientIds") instanceof List<?> ids
                        && ids.size() == 2,
                WAIT);
        assertThat(jsSummary).containsEntry("serial", serial);
        Map<String, Object> like = JsPeer.object(JsPeer.object(JsPeer.object(jsSummary, "summary"), TYPE), "like");
        assertThat(JsPeer.number(like, "total")).isEqualTo(2);
        assertThat(like.get("clientIds")).isEqualTo(List.of("js", "ably4j"));
        assertThat(like.get("clipped")).isEqualTo(false);
        assertThat(summaries.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNotNull(); // ably4j's own summary too
    }
}
