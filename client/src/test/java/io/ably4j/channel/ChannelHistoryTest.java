package io.ably4j.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelOptions;
import io.ably4j.ChannelState;
import io.ably4j.HistoryParams;
import io.ably4j.HistoryParams.Direction;
import io.ably4j.PaginatedResult;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.internal.http.HttpCall;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.testing.MockHttp;
import io.ably4j.types.CipherParams;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/channels/channel_history.md} (RTL10): {@code RealtimeChannel#history} over REST. */
class ChannelHistoryTest extends ChannelTestSupport {
    private static final String ATTACH_SERIAL = "serial-abc:0";

    private final List<HttpCall> requests = rt.http.requests;

    private static Map<String, String> query(HttpCall call) {
        return MockHttp.query(call);
    }

    /** A server that answers ATTACH with an ATTACHED carrying {@link #ATTACH_SERIAL} as its channelSerial. */
    private void attachWithSerial() {
        server(m -> {
            if (m.action() == Action.ATTACH) {
                toClient(ProtocolMessage.builder(Action.ATTACHED)
                        .channel(m.channel())
                        .channelSerial(ATTACH_SERIAL)
                        .build());
            }
        });
    }

    /**
     * RTL10a, RTL10c: the REST history request and its page, on a realtime channel. The RSL2 cases of {@code
     * rest/unit/channel/history.md} are not in our copy of the UTS; this runs the same params through the realtime
     * channel, and {@code rest.RestHistoryTest} covers RSL2 itself.
     */
    @Test
    void RTL10a_supports_rest_params_0() {
        String body = new String(
                ProtocolCodec.create(WireFormat.JSON)
                        .encodeMessages(List.of(Message.of("e2", "d2"), Message.of("e1", "d1"))),
                StandardCharsets.UTF_8);
        rt.http.handler = call -> MockHttp.json(200, body);
        RealtimeClient client = client(b -> b.useBinaryProtocol(false));
        RealtimeChannel channel = client.channels().get("test-RTL10a");

        PaginatedResult<Message> page = rt.await(channel.history(HistoryParams.builder()
                .start(1000L)
                .end(2000L)
                .direction(Direction.FORWARDS)
                .limit(2)
                .build()));

        assertThat(requests).hasSize(1);
        HttpCall call = requests.get(0);
        assertThat(call.method()).isEqualTo("GET");
        assertThat(call.uri().getPath()).isEqualTo("/channels/test-RTL10a/messages");
        assertThat(query(call))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("start", "1000", "end", "2000", "direction", "forwards", "limit", "2"));
        assertThat(page.items()).extracting(Message::name).containsExactly("e2", "e1");
        assertThat(page.items()).extracting(Message::data).containsExactly("d2", "d1");
        assertThat(channel.state()).isEqualTo(ChannelState.INITIALIZED); // history needs no attach
    }

    @Test
    void RTL10b_adds_from_serial_0() {
        rt.http.handler = call -> MockHttp.json(200, "[]");
        attachWithSerial();
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels()
                .get(
                        "test-RTL10b",
                        ChannelOptions.builder().attachOnSubscribe(false).build());
        rt.await(channel.attach());
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);

        rt.await(channel.history(HistoryParams.builder().untilAttach(true).build()));

        assertThat(requests).hasSize(1);
        assertThat(query(requests.get(0))).containsEntry("fromSerial", ATTACH_SERIAL);
    }

    @Test
    void RTL10b_errors_when_not_attached_1() {
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels()
                .get(
                        "test-RTL10b-err",
                        ChannelOptions.builder().attachOnSubscribe(false).build());
        assertThat(channel.state()).isEqualTo(ChannelState.INITIALIZED);

        ErrorInfo error = errorOf(
                channel.history(HistoryParams.builder().untilAttach(true).build()));

        assertThat(error.code()).isEqualTo(90001);
        assertThat(requests).isEmpty();
    }

    @Test
    void RTL10b_without_until_attach_no_from_serial_is_sent() {
        rt.http.handler = call -> MockHttp.json(200, "[]");
        attachWithSerial();
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTL10b-plain");
        rt.await(channel.attach());

        rt.await(channel.history());

        assertThat(query(requests.get(0))).doesNotContainKey("fromSerial");
    }

    @Test
    void RTL10b_an_attached_channel_without_an_attach_serial_fails_with_90001() {
        autoAttachServer(); // ATTACHED without a channelSerial
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("test-RTL10b-noserial");
        rt.await(channel.attach());

        assertThat(errorOf(channel.history(
                                HistoryParams.builder().untilAttach(true).build()))
                        .code())
                .isEqualTo(90001);
        assertThat(requests).isEmpty();
    }

    @Test
    void RTL10a_messages_are_decrypted_with_the_channel_cipher() {
        CipherParams cipher = CipherParams.builder()
                .key(Base64.getEncoder().encodeToString(new byte[16]))
                .build();
        byte[] body = ProtocolCodec.create(WireFormat.MSGPACK)
                .encodeMessages(List.of(DataEncoding.encode(Message.of("s", "secret"), cipher, WireFormat.MSGPACK)));
        rt.http.handler = call -> CompletableFuture.completedFuture(
                new HttpResult(200, Map.of("Content-Type", List.of("application/x-msgpack")), body));
        RealtimeClient client = client();
        RealtimeChannel channel = client.channels()
                .get("secret", ChannelOptions.builder().cipher(cipher).build());

        Message item = rt.await(channel.history()).items().get(0);

        assertThat(item.data()).isEqualTo("secret");
        assertThat(item.encoding()).isNull();
    }
}
