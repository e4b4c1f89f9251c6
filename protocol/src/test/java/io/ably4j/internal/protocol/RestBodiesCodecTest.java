package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** REST bodies (RSL1, RSL2, RSP3, RSC7): message and presence lists, in both formats. */
class RestBodiesCodecTest {

    private static byte[] body(WireFormat format, String json) {
        return format == WireFormat.JSON ? json.getBytes(StandardCharsets.UTF_8) : MsgpackTestSupport.fromJson(json);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RSL1_messageListsRoundTrip(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        List<Message> messages = List.of(
                Message.of("a", "1"),
                Message.builder()
                        .name("b")
                        .data("{\"x\":1}")
                        .encoding("json")
                        .extras(Json.parse("{\"push\":{\"notification\":{\"title\":\"t\"}}}"))
                        .action(MessageAction.MESSAGE_CREATE)
                        .build());
        assertThat(codec.decodeMessages(codec.encodeMessages(messages))).isEqualTo(messages);
        assertThat(codec.decodeMessages(codec.encodeMessages(List.of()))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RSL1_singleMessageObjectIsAOneElementList(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        List<Message> decoded = codec.decodeMessages(body(format, "{\"name\":\"one\",\"data\":\"d\",\"future\":{}}"));
        assertThat(decoded).containsExactly(Message.of("one", "d"));
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RSP3_presenceListsRoundTrip(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        List<PresenceMessage> members = List.of(
                PresenceMessage.builder(PresenceAction.PRESENT)
                        .clientId("alice")
                        .connectionId("c1")
                        .data("here")
                        .timestamp(5L)
                        .id("c1:0:0")
                        .build(),
                PresenceMessage.builder(PresenceAction.PRESENT).clientId("bob").build());
        assertThat(codec.decodePresenceMessages(codec.encodePresenceMessages(members)))
                .isEqualTo(members);
        assertThat(codec.decodePresenceMessages(body(format, "{\"action\":1,\"clientId\":\"c\"}")))
                .containsExactly(PresenceMessage.builder(PresenceAction.PRESENT)
                        .clientId("c")
                        .build());
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RSC7_badBodiesFailWithProtocolDecodeException(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        for (String json : List.of("5", "\"x\"", "[5]", "[{\"clientId\":5}]", "{\"clientId\":[]}")) {
            assertThatThrownBy(() -> codec.decodeMessages(body(format, json)))
                    .as(json)
                    .isInstanceOf(ProtocolDecodeException.class);
            assertThatThrownBy(() -> codec.decodePresenceMessages(body(format, json)))
                    .as(json)
                    .isInstanceOf(ProtocolDecodeException.class);
        }
        assertThatThrownBy(() -> codec.decodeError(body(format, "[]"))).isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> codec.decodeTokenDetails(body(format, "{\"token\":1}")))
                .isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> codec.decodeMessages(new byte[0])).isInstanceOf(ProtocolDecodeException.class);
        // an error body with unknown extra members still decodes
        ErrorInfo e = codec.decodeError(
                body(format, "{\"error\":{\"code\":40400,\"statusCode\":404,\"message\":\"Not found\",\"x\":[1]}}"));
        assertThat(e).isEqualTo(ErrorInfo.of(40400, 404, "Not found"));
    }
}
