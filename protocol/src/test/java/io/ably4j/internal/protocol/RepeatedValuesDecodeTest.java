package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.types.Annotation;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The values a reader may take from a cache ({@link WireReader#readRepeatedString()}: channel, connection and client
 * ids, names, encodings, annotation types) decode exactly as any string, however they vary from frame to frame.
 */
class RepeatedValuesDecodeTest {
    private static final String[] VALUES = {
        "",
        "a",
        "chat",
        "Wm5AHEJ5tr",
        "ünïcödé ✓",
        "sixteen-bytes-xx",
        "seventeen-bytes-x",
        "n".repeat(32),
        "l".repeat(33),
        "a-very-long-channel-name-of-more-than-thirty-two-bytes"
    };

    private static ProtocolMessage frame(int i) {
        String v = VALUES[i % VALUES.length];
        String w = VALUES[(i * 7 + 3) % VALUES.length];
        return ProtocolMessage.builder(Action.MESSAGE)
                .channel(v)
                .connectionId(w)
                .addMessage(Message.builder()
                        .name(w)
                        .clientId(v)
                        .connectionId(v + i)
                        .encoding(w)
                        .data("d")
                        .build())
                .presence(List.of(PresenceMessage.builder(PresenceAction.ENTER)
                        .clientId(w)
                        .connectionId(v)
                        .encoding(v)
                        .build()))
                .annotations(List.of(Annotation.builder()
                        .type(v)
                        .name(w)
                        .clientId(w + i)
                        .encoding(v)
                        .build()))
                .build();
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void valuesThatVaryFromFrameToFrameDecodeExactly(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format); // reused, as by a connection
        for (int i = 0; i < 500; i++) {
            ProtocolMessage pm = frame(i);
            assertThat(codec.decode(codec.encode(pm))).as("frame %d", i).isEqualTo(pm);
        }
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void aValueThatRepeatsIsDecodedOnce(WireFormat format) {
        ProtocolCodec codec = ProtocolCodec.create(format);
        byte[] frame = codec.encode(frame(3));
        ProtocolMessage first = codec.decode(frame);
        ProtocolMessage second = codec.decode(frame);
        assertThat(second.channel()).isEqualTo(VALUES[3]).isSameAs(first.channel());
        assertThat(second.messages().get(0).name())
                .isSameAs(first.messages().get(0).name());
    }

    @Test
    void jsonTextFramesShareTheCacheAndDecodeExactly() {
        JsonProtocolCodec codec = new JsonProtocolCodec();
        for (int i = 0; i < 200; i++) {
            ProtocolMessage pm = frame(i);
            assertThat(codec.decode(codec.encodeToString(pm))).as("frame %d", i).isEqualTo(pm);
        }
    }
}
