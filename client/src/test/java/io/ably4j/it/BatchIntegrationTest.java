package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static io.ably4j.it.UtsSandbox.randomId;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.BatchPresenceResult;
import io.ably4j.BatchPublishResult;
import io.ably4j.BatchPublishSpec;
import io.ably4j.BatchResult;
import io.ably4j.ChannelState;
import io.ably4j.HistoryParams;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.RestClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batch publish (RSC22) and batch presence (RSC24) against the emulator, in JSON and msgpack, with REST presence
 * (RSP3, RSP4) on the same members: successes and per-channel failures in one {@code BatchResult}.
 */
@NullUnmarked
class BatchIntegrationTest {
    private static RestSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = new RestSandbox();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        sandbox.closeClients();
    }

    private static LinkedBlockingQueue<Message> subscribe(RealtimeClient client, String name) throws Exception {
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        RealtimeChannel channel = client.channels().get(name);
        channel.subscribe(received::add);
        await(channel.whenState(ChannelState.ATTACHED));
        return received;
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSC22_batch_publish_reaches_realtime_subscribers_of_every_channel(Protocol protocol) throws Exception {
        String a = "batch-a-" + randomId();
        String b = "batch-b-" + randomId();
        RealtimeClient subscriber = sandbox.realtime(protocol);
        LinkedBlockingQueue<Message> onA = subscribe(subscriber, a);
        LinkedBlockingQueue<Message> onB = subscribe(subscriber, b);
        RestClient rest = sandbox.rest(protocol);

        BatchResult<BatchPublishResult> result = await(rest.batchPublish(new BatchPublishSpec(
                List.of(a, b), List.of(Message.of("e1", "one"), Message.of("e2", new byte[] {7})))));

        assertThat(result.successCount()).isEqualTo(2);
        assertThat(result.failureCount()).isZero();
        assertThat(result.results()).extracting(BatchPublishResult::channel).containsExactly(a, b);
        for (BatchPublishResult r : result.results()) {
            BatchPublishResult.Success success = (BatchPublishResult.Success) r;
            assertThat(success.serials()).hasSize(2).doesNotContainNull();
            assertThat(success.messageId()).isNotEmpty();
        }
        for (LinkedBlockingQueue<Message> received : List.of(onA, onB)) {
            List<Message> messages = poll(received, 2);
            assertThat(messages).extracting(Message::name).containsExactly("e1", "e2");
            assertThat(messages.get(0).data()).isEqualTo("one");
            assertThat(messages.get(1).data()).isEqualTo(new byte[] {7});
            assertThat(messages.get(0).id()).endsWith(":0"); // RSC22d: library-generated ids
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSC22_several_specs_and_per_channel_failures(Protocol protocol) throws Exception {
        String allowed = "allowed:batch-" + randomId();
        String denied = "denied-" + randomId();
        RestClient limited = sandbox.rest(RestSandbox.LIMITED_KEY, protocol, o -> {});

        List<BatchResult<BatchPublishResult>> results = await(limited.batchPublish(List.of(
                BatchPublishSpec.of(List.of(allowed, denied), Message.of("x", "1")),
                BatchPublishSpec.of(List.of(allowed), Message.of("y", "2")))));

        assertThat(results).hasSize(2);
        BatchResult<BatchPublishResult> first = results.get(0);
        assertThat(first.successCount()).isEqualTo(1);
        assertThat(first.failureCount()).isEqualTo(1);
        assertThat(first.results().get(0)).isInstanceOf(BatchPublishResult.Success.class);
        BatchPublishResult.Failure failure =
                (BatchPublishResult.Failure) first.results().get(1);
        assertThat(failure.channel()).isEqualTo(denied);
        assertThat(failure.error().code()).isEqualTo(40160);
        assertThat(results.get(1).results()).singleElement().isInstanceOf(BatchPublishResult.Success.class);
        List<Message> history = await(limited.channels().get(allowed).history()).items();
        assertThat(history).extracting(Message::name).containsExactly("y", "x");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSC24_batch_presence_and_rest_presence_see_the_members(Protocol protocol) throws Exception {
        String channel = "allowed:presence-" + randomId();
        String denied = "denied-" + randomId();
        String empty = "allowed:empty-" + randomId();
        sandbox.enterPresence(channel, "alice", "alice-data");
        sandbox.enterPresence(channel, "bob", "bob-data");
        RestClient limited = sandbox.rest(RestSandbox.LIMITED_KEY, protocol, o -> {});

        BatchResult<BatchPresenceResult> batch = await(limited.batchPresence(List.of(channel, denied, empty)));

        assertThat(batch.successCount()).isEqualTo(2);
        assertThat(batch.failureCount()).isEqualTo(1);
        BatchPresenceResult.Success members =
                (BatchPresenceResult.Success) batch.results().get(0);
        assertThat(members.channel()).isEqualTo(channel);
        assertThat(members.presence()).extracting(PresenceMessage::clientId).containsExactlyInAnyOrder("alice", "bob");
        assertThat(members.presence())
                .extracting(PresenceMessage::data)
                .containsExactlyInAnyOrder("alice-data", "bob-data");
        BatchPresenceResult.Failure failure =
                (BatchPresenceResult.Failure) batch.results().get(1);
        assertThat(failure.channel()).isEqualTo(denied);
        assertThat(failure.error().code()).isEqualTo(40160);
        assertThat(((BatchPresenceResult.Success) batch.results().get(2)).presence())
                .isEmpty();

        List<PresenceMessage> present =
                await(limited.channels().get(channel).presence().get()).items(); // RSP3
        assertThat(present).extracting(PresenceMessage::clientId).containsExactlyInAnyOrder("alice", "bob");
        assertThat(present).extracting(PresenceMessage::action).containsOnly(PresenceAction.PRESENT);
        List<PresenceMessage> onlyBob = await(limited.channels()
                        .get(channel)
                        .presence()
                        .get(io.ably4j.PresenceParams.builder().clientId("bob").build()))
                .items();
        assertThat(onlyBob).extracting(PresenceMessage::data).containsExactly("bob-data");
        List<PresenceMessage> history = await(limited.channels()
                        .get(channel)
                        .presence()
                        .history(HistoryParams.builder()
                                .direction(HistoryParams.Direction.FORWARDS)
                                .build()))
                .items(); // RSP4
        assertThat(history).extracting(PresenceMessage::clientId).containsExactly("alice", "bob");
        assertThat(history).extracting(PresenceMessage::action).containsOnly(PresenceAction.ENTER);
    }
}
