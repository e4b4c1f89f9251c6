package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.RestChannel;
import io.ably4j.RestClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Annotation;
import io.ably4j.types.AnnotationAction;
import io.ably4j.types.ChannelMode;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UTS {@code realtime/integration/mutable_messages_test.md}, the annotation cases (RTAN1, RTAN2, RTAN4), against the
 * emulator in JSON and msgpack; plus summaries (message.summary), REST annotations (RSAN1-RSAN3) and realtime get
 * (RTAN3).
 */
@NullUnmarked
class AnnotationsIntegrationTest {
    private static final ChannelOptions PUBLISHER = ChannelOptions.builder()
            .modes(
                    ChannelMode.PUBLISH,
                    ChannelMode.SUBSCRIBE,
                    ChannelMode.ANNOTATION_PUBLISH,
                    ChannelMode.ANNOTATION_SUBSCRIBE)
            .build();
    private static final ChannelOptions ANNOTATION_SUBSCRIBER = ChannelOptions.builder()
            .modes(ChannelMode.SUBSCRIBE, ChannelMode.ANNOTATION_SUBSCRIBE)
            .build();

    private static UtsSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = UtsSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        sandbox.closeClients();
    }

    private static RealtimeClient connected(Protocol protocol, String clientId) throws Exception {
        RealtimeClient client = sandbox.client(UtsSandbox.API_KEY, protocol, b -> b.clientId(clientId));
        client.connect();
        await(client.connection().whenState(ConnectionState.CONNECTED));
        return client;
    }

    private static RestClient rest(Protocol protocol, String clientId) {
        return new RestClient(ClientOptions.builder()
                .key(UtsSandbox.API_KEY)
                .clientId(clientId)
                .endpoint("localhost")
                .port(sandbox.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .useBinaryProtocol(protocol.binary())
                .build());
    }

    /** Publishes a message on {@code channel} and returns its serial, as its own subscriber received it. */
    private static String publishAnnotatable(RealtimeChannel channel) throws Exception {
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        channel.subscribe("annotatable", received::add);
        await(channel.attach());
        await(channel.publish("annotatable", "content"));
        String serial = poll(received).serial();
        assertThat(serial).isNotEmpty();
        return serial;
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTAN1_annotation_publish_delete_0(Protocol protocol) throws Exception {
        String name = "mutable:rt-annotations-" + UtsSandbox.randomId();
        RealtimeChannel channelA = connected(protocol, "client-a").channels().get(name, PUBLISHER);
        RealtimeChannel channelB = connected(protocol, "client-b").channels().get(name, ANNOTATION_SUBSCRIBER);
        await(channelB.attach());
        LinkedBlockingQueue<Annotation> received = new LinkedBlockingQueue<>();
        channelB.annotations().subscribe(received::add);
        String serial = publishAnnotatable(channelA);

        await(channelA.annotations()
                .publish(
                        serial,
                        Annotation.builder()
                                .type("com.ably.reactions")
                                .name("like")
                                .build()));
        Annotation created = poll(received);
        await(channelA.annotations()
                .delete(
                        serial,
                        Annotation.builder()
                                .type("com.ably.reactions")
                                .name("like")
                                .build()));
        Annotation deleted = poll(received);

        assertThat(created.action()).isEqualTo(AnnotationAction.ANNOTATION_CREATE);
        assertThat(created.type()).isEqualTo("com.ably.reactions");
        assertThat(created.name()).isEqualTo("like");
        assertThat(created.messageSerial()).isEqualTo(serial);
        assertThat(created.clientId()).isEqualTo("client-a");
        assertThat(created.serial()).isNotEmpty();
        assertThat(deleted.action()).isEqualTo(AnnotationAction.ANNOTATION_DELETE);
        assertThat(deleted.type()).isEqualTo("com.ably.reactions");
        assertThat(deleted.name()).isEqualTo("like");
        assertThat(deleted.messageSerial()).isEqualTo(serial);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTAN4c_annotation_type_filtering_0(Protocol protocol) throws Exception {
        String name = "mutable:rt-ann-filter-" + UtsSandbox.randomId();
        RealtimeChannel channelA = connected(protocol, "client-a").channels().get(name, PUBLISHER);
        RealtimeChannel channelB = connected(protocol, "client-b").channels().get(name, ANNOTATION_SUBSCRIBER);
        await(channelB.attach());
        LinkedBlockingQueue<Annotation> filtered = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<Annotation> all = new LinkedBlockingQueue<>();
        channelB.annotations().subscribe("com.ably.reactions", filtered::add);
        channelB.annotations().subscribe(all::add);
        String serial = publishAnnotatable(channelA);

        await(channelA.annotations()
                .publish(
                        serial,
                        Annotation.builder()
                                .type("com.ably.reactions")
                                .name("like")
                                .build()));
        await(channelA.annotations()
                .publish(
                        serial,
                        Annotation.builder()
                                .type("com.example.comments")
                                .name("comment")
                                .build()));
        await(channelA.annotations()
                .publish(
                        serial,
                        Annotation.builder()
                                .type("com.ably.reactions")
                                .name("heart")
                                .build()));

        assertThat(poll(all, 3)).hasSize(3);
        List<Annotation> reactions = poll(filtered, 2);
        assertThat(reactions).extracting(Annotation::type).containsOnly("com.ably.reactions");
        assertThat(reactions).extracting(Annotation::name).containsExactly("like", "heart");
        assertThat(filtered).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTAN4d_annotation_implicit_attach_0(Protocol protocol) throws Exception {
        String name = "mutable:rt-ann-implicit-attach-" + UtsSandbox.randomId();
        RealtimeChannel channel = connected(protocol, "client-a")
                .channels()
                .get(
                        name,
                        ChannelOptions.builder()
                                .modes(ChannelMode.ANNOTATION_SUBSCRIBE)
                                .build());
        assertThat(channel.state()).isEqualTo(ChannelState.INITIALIZED);
        channel.annotations().subscribe(a -> {});
        await(channel.whenState(ChannelState.ATTACHED));
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(channel.modes()).contains(ChannelMode.ANNOTATION_SUBSCRIBE);
    }

    /** A summary (message.summary) reaches message subscribers after each annotation, aggregated by type. */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTAN4b_summaryReachesMessageSubscribers(Protocol protocol) throws Exception {
        String name = "mutable:rt-ann-summary-" + UtsSandbox.randomId();
        RealtimeChannel channelA = connected(protocol, "client-a").channels().get(name); // default modes
        RealtimeChannel channelB = connected(protocol, "client-b").channels().get(name);
        LinkedBlockingQueue<Message> summaries = new LinkedBlockingQueue<>();
        channelB.subscribe(m -> {
            if (m.action() == MessageAction.MESSAGE_SUMMARY) {
                summaries.add(m);
            }
        });
        await(channelB.whenState(ChannelState.ATTACHED));
        String serial = publishAnnotatable(channelA);

        await(channelA.annotations()
                .publish(
                        serial,
                        Annotation.builder()
                                .type("reactions:distinct.v1")
                                .name("👍")
                                .build()));
        await(channelB.annotations()
                .publish(
                        serial,
                        Annotation.builder()
                                .type("reactions:distinct.v1")
                                .name("👍")
                                .build()));
        poll(summaries);
        Message summary = poll(summaries);
        assertThat(summary.serial()).isEqualTo(serial);
        assertThat(summary.annotations()).isNotNull();
        assertThat(summary.annotations().summary().get("reactions:distinct.v1"))
                .isEqualTo(Json.parse(
                        "{\"👍\":{\"total\":2,\"clientIds\":[\"client-a\",\"client-b\"]," + "\"clipped\":false}}"));

        await(channelA.annotations()
                .delete(
                        serial,
                        Annotation.builder()
                                .type("reactions:distinct.v1")
                                .name("👍")
                                .build()));
        assertThat(poll(summaries).annotations().summary().get("reactions:distinct.v1"))
                .isEqualTo(Json.parse("{\"👍\":{\"total\":1,\"clientIds\":[\"client-b\"],\"clipped\":false}}"));
    }

    /** RSAN1-RSAN3 over HTTP, seen by a realtime subscriber; and RTAN3 (get from a realtime channel). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSAN_restPublishDeleteAndGet(Protocol protocol) throws Exception {
        String name = "mutable:rest-ann-" + UtsSandbox.randomId();
        RealtimeChannel realtime = connected(protocol, "client-b").channels().get(name, PUBLISHER);
        LinkedBlockingQueue<Annotation> received = new LinkedBlockingQueue<>();
        realtime.annotations().subscribe(received::add);
        String serial = publishAnnotatable(realtime);
        try (RestClient client = rest(protocol, "client-r")) {
            RestChannel channel = client.channels().get(name);
            Json data = Json.parse("{\"score\":5}");
            await(channel.annotations()
                    .publish(
                            serial,
                            Annotation.builder()
                                    .type("ratings:multiple.v1")
                                    .name("stars")
                                    .count(5)
                                    .data(data)
                                    .build()));
            Annotation live = poll(received);
            assertThat(live.clientId()).isEqualTo("client-r");
            assertThat(live.data()).isEqualTo(data);
            assertThat(live.count()).isEqualTo(5);
            await(channel.annotations()
                    .delete(
                            serial,
                            Annotation.builder()
                                    .type("ratings:multiple.v1")
                                    .name("stars")
                                    .build()));
            assertThat(poll(received).action()).isEqualTo(AnnotationAction.ANNOTATION_DELETE);

            PaginatedResult<Annotation> page = await(channel.annotations().get(serial, null));
            assertThat(page.items())
                    .extracting(Annotation::action)
                    .containsExactly(AnnotationAction.ANNOTATION_CREATE, AnnotationAction.ANNOTATION_DELETE);
            assertThat(page.items().get(0).data()).isEqualTo(data);
            assertThat(page.items().get(0).messageSerial()).isEqualTo(serial);
            PaginatedResult<Annotation> viaRealtime =
                    await(realtime.annotations().get(serial, null));
            assertThat(viaRealtime.items()).isEqualTo(page.items());
        }
    }
}
