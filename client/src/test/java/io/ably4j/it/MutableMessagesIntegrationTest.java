package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.awaitFailure;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.RestChannel;
import io.ably4j.RestClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageOperation;
import io.ably4j.types.UpdateDeleteResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UTS {@code realtime/integration/mutable_messages_test.md} (RTL28, RTL31, RTL32) against the emulator, in JSON and
 * msgpack; plus the REST operations (RSL11, RSL14, RSL15) end to end. The file's annotation cases (RTAN1, RTAN4c,
 * RTAN4d) belong with annotations. The spec polls for Ably's eventual consistency; the emulator stores a version
 * before it ACKs it, so a read after the ACK sees it.
 */
@NullUnmarked
class MutableMessagesIntegrationTest {
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

    /** Client A (publisher, editor) and client B (subscriber, collecting into {@code received}), both attached. */
    private RealtimeChannel[] pair(String channelName, Protocol protocol, BlockingQueue<Message> received)
            throws Exception {
        RealtimeClient a = sandbox.client(UtsSandbox.API_KEY, protocol);
        RealtimeClient b = sandbox.client(UtsSandbox.API_KEY, protocol);
        a.connect();
        b.connect();
        await(a.connection().whenState(ConnectionState.CONNECTED));
        await(b.connection().whenState(ConnectionState.CONNECTED));
        RealtimeChannel channelA = a.channels().get(channelName);
        RealtimeChannel channelB = b.channels().get(channelName);
        await(channelB.attach());
        channelB.subscribe(received::add);
        await(channelA.attach());
        return new RealtimeChannel[] {channelA, channelB};
    }

    private RestClient rest(Protocol protocol) {
        return new RestClient(ClientOptions.builder()
                .key(UtsSandbox.API_KEY)
                .endpoint("localhost")
                .port(sandbox.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .useBinaryProtocol(protocol.binary())
                .build());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL32_update_message_observed_0(Protocol protocol) throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        RealtimeChannel a = pair("mutable:rt-update-" + UtsSandbox.randomId(), protocol, received)[0];

        await(a.publish("original", "v1"));
        Message original = poll(received);
        String serial = original.serial();
        UpdateDeleteResult result = await(a.updateMessage(
                Message.builder().serial(serial).name("updated").data("v2").build(),
                MessageOperation.builder().description("edited").build()));
        Message update = poll(received);

        assertThat(result.versionSerial()).isNotEmpty();
        assertThat(original.action()).isEqualTo(MessageAction.MESSAGE_CREATE);
        assertThat(original.name()).isEqualTo("original");
        assertThat(original.data()).isEqualTo("v1");
        assertThat(serial).isNotEmpty();
        assertThat(update.action()).isEqualTo(MessageAction.MESSAGE_UPDATE);
        assertThat(update.name()).isEqualTo("updated");
        assertThat(update.data()).isEqualTo("v2");
        assertThat(update.serial()).isEqualTo(serial);
        assertThat(update.version().serial()).isEqualTo(result.versionSerial());
        assertThat(update.version().description()).isEqualTo("edited");
        assertThat(update.version().timestamp()).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL32_delete_message_observed_1(Protocol protocol) throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        RealtimeChannel a = pair("mutable:rt-delete-" + UtsSandbox.randomId(), protocol, received)[0];

        await(a.publish("to-delete", "ephemeral"));
        String serial = poll(received).serial();
        UpdateDeleteResult result =
                await(a.deleteMessage(Message.builder().serial(serial).build()));
        Message delete = poll(received);

        assertThat(result.versionSerial()).isNotEmpty();
        assertThat(delete.action()).isEqualTo(MessageAction.MESSAGE_DELETE);
        assertThat(delete.serial()).isEqualTo(serial);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL32_append_message_observed_2(Protocol protocol) throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        RealtimeChannel a = pair("mutable:rt-append-" + UtsSandbox.randomId(), protocol, received)[0];

        await(a.publish("appendable", "original"));
        String serial = poll(received).serial();
        UpdateDeleteResult result = await(a.appendMessage(
                Message.builder().serial(serial).data("appended-data").build(),
                MessageOperation.builder().description("thread reply").build()));
        Message append = poll(received);

        assertThat(result.versionSerial()).isNotEmpty();
        assertThat(append.action()).isEqualTo(MessageAction.MESSAGE_APPEND);
        assertThat(append.data()).isEqualTo("appended-data"); // the fragment, live
        assertThat(append.name()).isEqualTo("appendable");
        assertThat(append.serial()).isEqualTo(serial);
        assertThat(await(a.getMessage(serial)).data()).isEqualTo("originalappended-data"); // the whole, stored
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL32_full_mutation_lifecycle_3(Protocol protocol) throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        RealtimeChannel a = pair("mutable:rt-lifecycle-" + UtsSandbox.randomId(), protocol, received)[0];

        await(a.publish("lifecycle", "v1"));
        String serial = poll(received).serial();
        await(a.updateMessage(
                Message.builder().serial(serial).name("lifecycle").data("v2").build(),
                MessageOperation.builder().description("edit 1").build()));
        await(a.appendMessage(
                Message.builder().serial(serial).data("reply-data").build(),
                MessageOperation.builder().description("thread reply").build()));
        await(a.deleteMessage(Message.builder().serial(serial).build()));
        List<Message> edits = poll(received, 3);

        assertThat(edits)
                .extracting(Message::action)
                .containsExactly(
                        MessageAction.MESSAGE_UPDATE, MessageAction.MESSAGE_APPEND, MessageAction.MESSAGE_DELETE);
        assertThat(edits).extracting(Message::serial).containsOnly(serial);
        assertThat(edits.get(0).name()).isEqualTo("lifecycle");
        assertThat(edits.get(0).data()).isEqualTo("v2");
        assertThat(edits.get(1).data()).isEqualTo("reply-data");
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL28_get_message_and_versions_0(Protocol protocol) throws Exception {
        RealtimeClient client = sandbox.client(UtsSandbox.API_KEY, protocol);
        client.connect();
        RealtimeChannel channel = client.channels().get("mutable:rt-get-versions-" + UtsSandbox.randomId());
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        await(channel.attach());
        channel.subscribe(received::add);

        await(channel.publish("versioned", "v1"));
        String serial = poll(received).serial();
        await(channel.updateMessage(
                Message.builder().serial(serial).data("v2").build(),
                MessageOperation.builder().description("first edit").build()));
        await(channel.updateMessage(
                Message.builder().serial(serial).data("v3").build(),
                MessageOperation.builder().description("second edit").build()));
        Message latest = await(channel.getMessage(serial));
        PaginatedResult<Message> versions = await(channel.getMessageVersions(serial));

        assertThat(latest.serial()).isEqualTo(serial);
        assertThat(latest.data()).isEqualTo("v3");
        assertThat(latest.action()).isEqualTo(MessageAction.MESSAGE_UPDATE);
        assertThat(versions.items()).hasSizeGreaterThanOrEqualTo(3);
        assertThat(versions.items()).extracting(Message::serial).containsOnly(serial);
        assertThat(versions.items()).extracting(Message::data).containsExactly("v1", "v2", "v3");
        assertThat(versions.items().get(2).version().description()).isEqualTo("second edit");
    }

    /** RSL15, RSL11, RSL14 end to end: REST edits seen live, by REST reads and in history (latest version only). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSL15_rest_edits_get_versions_and_history(Protocol protocol) throws Exception {
        String name = "mutable:rest-" + UtsSandbox.randomId();
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        RealtimeChannel subscriber = pair(name, protocol, received)[1];
        try (RestClient rest = rest(protocol)) {
            RestChannel channel = rest.channels().get(name);
            String serial = await(channel.publish("n", "bin".getBytes(StandardCharsets.UTF_8)))
                    .serials()
                    .get(0);
            poll(received);

            UpdateDeleteResult appended = await(channel.appendMessage(
                    Message.builder()
                            .serial(serial)
                            .data("ary".getBytes(StandardCharsets.UTF_8))
                            .build(),
                    MessageOperation.builder()
                            .clientId("bot")
                            .metadata(Map.of("k", "v"))
                            .build(),
                    Map.of("p", "1")));
            Message live = poll(received);
            UpdateDeleteResult deleted =
                    await(channel.deleteMessage(Message.builder().serial(serial).build()));
            poll(received);

            Message latest = await(channel.getMessage(serial));
            PaginatedResult<Message> page = await(channel.getMessageVersions(serial, Map.of("limit", "2")));
            PaginatedResult<Message> history = await(subscriber.history());

            assertThat(appended.versionSerial()).isNotEmpty();
            assertThat(deleted.versionSerial()).isGreaterThan(appended.versionSerial()); // ordered like serials
            assertThat(live.data()).isEqualTo("ary".getBytes(StandardCharsets.UTF_8));
            assertThat(live.version().clientId()).isEqualTo("bot");
            assertThat(live.version().metadata()).containsEntry("k", "v");
            assertThat(latest.action()).isEqualTo(MessageAction.MESSAGE_DELETE);
            assertThat(latest.data()).isEqualTo("binary".getBytes(StandardCharsets.UTF_8));
            assertThat(latest.version().serial()).isEqualTo(deleted.versionSerial());
            assertThat(page.items())
                    .extracting(Message::action)
                    .containsExactly(MessageAction.MESSAGE_CREATE, MessageAction.MESSAGE_APPEND);
            assertThat(page.hasNext()).isTrue();
            assertThat(await(page.next()).items())
                    .extracting(Message::action)
                    .containsExactly(MessageAction.MESSAGE_DELETE);
            assertThat(history.items()).hasSize(1);
            assertThat(history.items().get(0).action()).isEqualTo(MessageAction.MESSAGE_DELETE);
        }
    }

    /** An unknown serial: 40400 from Ably, over REST and realtime (NACK); a missing one fails before sending. */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSL15_unknown_serial_fails_with_40400(Protocol protocol) throws Exception {
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        RealtimeChannel a = pair("mutable:unknown-" + UtsSandbox.randomId(), protocol, received)[0];
        Message unknown = Message.builder()
                .serial("nope@00000000000000000001:000")
                .data("x")
                .build();
        try (RestClient rest = rest(protocol)) {
            RestChannel channel = rest.channels().get(a.name());

            assertThat(awaitFailure(a.updateMessage(unknown)).errorInfo().code())
                    .isEqualTo(40400);
            assertThat(awaitFailure(channel.updateMessage(unknown)).errorInfo().code())
                    .isEqualTo(40400);
            assertThat(awaitFailure(channel.getMessage(unknown.serial()))
                            .errorInfo()
                            .statusCode())
                    .isEqualTo(404);
            assertThat(awaitFailure(a.deleteMessage(Message.of("n", "d")))
                            .errorInfo()
                            .code())
                    .isEqualTo(40003);
            await(a.publish("still", "fine")); // the connection and channel are unaffected
            assertThat(poll(received).name()).isEqualTo("still");
        }
    }
}
