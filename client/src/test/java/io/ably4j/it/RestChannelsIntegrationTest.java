package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.awaitFailure;
import static io.ably4j.it.UtsSandbox.poll;
import static io.ably4j.it.UtsSandbox.randomId;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelDetails;
import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.HistoryParams;
import io.ably4j.HistoryParams.Direction;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.RestChannel;
import io.ably4j.RestClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.CipherParams;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PublishResult;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * REST channels against the emulator, in JSON and msgpack: publish and history (RSL1, RSL2), paging (TG), payload
 * encoding and encryption through REST and realtime (RSL4-RSL6), idempotent publishing (RSL1k), clientId (RSL1m),
 * status (RSL8) and realtime history with untilAttach (RTL10b).
 */
@NullUnmarked
class RestChannelsIntegrationTest {
    private static final CipherParams CIPHER = CipherParams.builder()
            .key(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
            .build();

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

    /** Every item of every page from {@code first} on, checking each page's size. */
    private static List<Message> allPages(PaginatedResult<Message> first, int pageSize) throws Exception {
        List<Message> out = new ArrayList<>();
        PaginatedResult<Message> page = first;
        while (true) {
            out.addAll(page.items());
            if (!page.hasNext()) {
                assertThat(page.isLast()).isTrue();
                assertThat(await(page.next())).isNull(); // TG4
                return out;
            }
            assertThat(page.items()).hasSize(pageSize);
            page = await(page.next());
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSL2_a_thousand_messages_page_through_in_both_directions(Protocol protocol) throws Exception {
        RestClient rest = sandbox.rest(protocol);
        RestChannel channel = rest.channels().get("paging/" + randomId() + " x"); // '/' and ' ' in the path
        for (int batch = 0; batch < 10; batch++) {
            int from = batch * 100;
            List<Message> messages = IntStream.range(from, from + 100)
                    .mapToObj(i -> Message.of("m" + i, Integer.toString(i)))
                    .toList();
            PublishResult result = await(channel.publish(messages));
            assertThat(result.serials()).hasSize(100).doesNotContainNull(); // RSL1n
        }

        List<Message> forwards = allPages(
                await(channel.history(HistoryParams.builder()
                        .direction(Direction.FORWARDS)
                        .limit(100)
                        .build())),
                100);
        List<Message> backwards = allPages(
                await(channel.history(HistoryParams.builder().limit(100).build())), 100);

        List<String> expected = IntStream.range(0, 1000).mapToObj(i -> "m" + i).toList();
        assertThat(forwards).extracting(Message::name).containsExactlyElementsOf(expected);
        assertThat(forwards)
                .extracting(Message::data)
                .containsExactlyElementsOf(
                        IntStream.range(0, 1000).mapToObj(Integer::toString).toList());
        List<String> reversed = new ArrayList<>(expected);
        Collections.reverse(reversed);
        assertThat(backwards).extracting(Message::name).containsExactlyElementsOf(reversed);
        PaginatedResult<Message> first =
                await(channel.history(HistoryParams.builder().limit(100).build()));
        PaginatedResult<Message> again = await(await(first.next()).first()); // TG5
        assertThat(again.items())
                .extracting(Message::name)
                .isEqualTo(first.items().stream().map(Message::name).toList());
    }

    private static List<Message> payloads() {
        return List.of(
                Message.of("string", "héllo"),
                Message.of("binary", new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff}),
                Message.of("object", Json.parse("{\"a\":1,\"b\":[true,null,\"x\"]}")),
                Message.of("array", Json.parse("[1,\"two\",{\"three\":3}]")),
                Message.of("empty", ""));
    }

    private static void assertPayloads(List<Message> received) {
        List<Message> expected = payloads();
        assertThat(received).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(received.get(i).name()).isEqualTo(expected.get(i).name());
            assertThat(received.get(i).data())
                    .as(expected.get(i).name())
                    .isEqualTo(expected.get(i).data());
            assertThat(received.get(i).encoding()).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSL4_RSL6_payloads_round_trip_through_rest_publish_history_and_realtime(Protocol protocol) throws Exception {
        roundTrip(protocol, ChannelOptions.defaults());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSL5_encrypted_payloads_round_trip_through_rest_publish_history_and_realtime(Protocol protocol)
            throws Exception {
        roundTrip(protocol, ChannelOptions.builder().cipher(CIPHER).build());
    }

    private static void roundTrip(Protocol protocol, ChannelOptions options) throws Exception {
        String name = "payloads-" + randomId();
        RealtimeClient subscriber = sandbox.realtime(protocol);
        RealtimeChannel subChannel = subscriber.channels().get(name, options);
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        subChannel.subscribe(received::add);
        await(subChannel.whenState(ChannelState.ATTACHED));
        RestChannel channel = sandbox.rest(protocol).channels().get(name, options);

        await(channel.publish(payloads()));

        assertPayloads(poll(received, payloads().size()));
        assertPayloads(await(channel.history(
                        HistoryParams.builder().direction(Direction.FORWARDS).build()))
                .items());
        assertPayloads(await(subChannel.history(
                        HistoryParams.builder().direction(Direction.FORWARDS).build()))
                .items()); // RTL10a: realtime history decodes with the channel's cipher too
        if (options.cipher() != null) { // without the key the data stays encrypted (RSL6b)
            Message raw = await(sandbox.rest(protocol).channels().get(name).history())
                    .items()
                    .get(0);
            assertThat(raw.encoding()).contains("cipher+aes-128-cbc");
        }
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSL1k5_a_message_published_twice_with_the_same_id_is_published_once(Protocol protocol) throws Exception {
        RestChannel channel = sandbox.rest(protocol).channels().get("idempotent-" + randomId());
        Message message =
                Message.builder().id("client-id-1").name("once").data("x").build();

        PublishResult first = await(channel.publish(message));
        PublishResult second = await(channel.publish(message));

        List<Message> history = await(channel.history()).items();
        assertThat(history).extracting(Message::id).containsExactly("client-id-1");
        assertThat(second.serials()).isEqualTo(first.serials());
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSL1m1_ably_sets_the_client_id_of_an_identified_client(Protocol protocol) throws Exception {
        RestClient rest = sandbox.rest(RestSandbox.KEY, protocol, b -> b.clientId("me"));
        RestChannel channel = rest.channels().get("client-id-" + randomId());

        await(channel.publish("no-client-id", "x"));
        assertThat(awaitFailure(channel.publish(Message.of("other", "x", "someone-else")))
                        .errorInfo()
                        .code())
                .isEqualTo(40012); // RSL1m4, refused before sending

        assertThat(await(channel.history()).items())
                .extracting(Message::clientId)
                .containsExactly("me");
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSL8_status_counts_the_realtime_attachments(Protocol protocol) throws Exception {
        String name = "status-" + randomId();
        RealtimeClient realtime = sandbox.realtime(protocol);
        await(realtime.channels().get(name).attach());

        ChannelDetails details =
                await(sandbox.rest(protocol).channels().get(name).status());

        assertThat(details.channelId()).isEqualTo(name);
        assertThat(details.status().isActive()).isTrue();
        assertThat(details.status().occupancy().metrics().connections()).isEqualTo(1);
        assertThat(details.status().occupancy().metrics().subscribers()).isEqualTo(1);
    }

    /**
     * RTL10b against the emulator: with the channel attached the query carries the attachSerial and succeeds; before
     * the attach it fails with 90001. (The emulator does not filter by {@code fromSerial}; the unit test checks the
     * parameter.)
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTL10b_history_until_attach(Protocol protocol) throws Exception {
        String name = "until-attach-" + randomId();
        await(sandbox.rest(protocol).channels().get(name).publish(Message.of("before", "1"), Message.of("b2", "2")));
        RealtimeClient realtime = sandbox.realtime(protocol);
        RealtimeChannel channel = realtime.channels().get(name);
        HistoryParams untilAttach = HistoryParams.builder().untilAttach(true).build();

        assertThat(awaitFailure(channel.history(untilAttach)).errorInfo().code())
                .isEqualTo(90001);
        await(channel.attach());
        assertThat(channel.properties().attachSerial()).isNotNull();
        List<Message> history = await(channel.history(untilAttach)).items();

        assertThat(history).extracting(Message::name).containsExactly("b2", "before");
    }
}
