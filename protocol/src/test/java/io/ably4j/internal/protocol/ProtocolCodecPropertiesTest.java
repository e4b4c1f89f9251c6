package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.types.ProtocolMessage;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Round-trip properties (TR4, RTF1): random protocol messages with every field survive encode → decode. */
class ProtocolCodecPropertiesTest {
    private final ProtocolCodec json = ProtocolCodec.create(WireFormat.JSON);
    private final ProtocolCodec msgpack = ProtocolCodec.create(WireFormat.MSGPACK);

    @Property(tries = 1000)
    void TR4_randomProtocolMessagesRoundTrip_msgpack(@ForAll long seed) {
        ProtocolMessage m = new RandomProtocolMessages(seed).protocolMessage();
        ProtocolMessage decoded = msgpack.decode(msgpack.encode(m));
        assertThat(decoded).isEqualTo(RandomProtocolMessages.expectedAfterRoundTrip(m, WireFormat.MSGPACK));
    }

    @Property(tries = 1000)
    void TR4_randomProtocolMessagesRoundTrip_json(@ForAll long seed) {
        ProtocolMessage m = new RandomProtocolMessages(seed).protocolMessage();
        ProtocolMessage decoded = json.decode(json.encode(m));
        assertThat(decoded).isEqualTo(RandomProtocolMessages.expectedAfterRoundTrip(m, WireFormat.JSON));
    }

    @Property(tries = 1000)
    void TR4_reencodingADecodedFrameIsStable(@ForAll long seed) {
        ProtocolMessage m = new RandomProtocolMessages(seed).protocolMessage();
        for (ProtocolCodec codec : new ProtocolCodec[] {json, msgpack}) {
            byte[] first = codec.encode(m);
            byte[] second = codec.encode(codec.decode(first));
            byte[] third = codec.encode(codec.decode(second));
            assertThat(third).isEqualTo(second);
        }
    }
}
