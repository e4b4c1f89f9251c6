package io.ably4j.emulator.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Map keys decode to the same strings whether they are protocol field names (shared) or not. */
class MsgpackKeysTest {
    @Test
    void knownUnknownLongAndNonAsciiKeysRoundTrip() throws Exception {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("name", "n");
        inner.put("data", "d");
        inner.put("unknownField", 1L);
        inner.put("a-key-that-is-longer-than-thirty-two-bytes", "long");
        inner.put("cl\u00e9", "non-ascii");
        inner.put("", "empty");
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("action", 15L);
        frame.put("channel", "c");
        frame.put("messages", List.of(inner));
        Map<String, Object> decoded = Wire.decodeMsgpackObject(Wire.encodeMsgpack(frame));
        assertThat(decoded).isEqualTo(frame);
        assertThat(decoded.keySet()).containsExactly("action", "channel", "messages");
        String action = decoded.keySet().iterator().next();
        assertThat(action).isSameAs("action"); // the shared constant
    }

    @Test
    void aKeyThatIsNotAStringIsMalformed() {
        byte[] intKey = {(byte) 0x81, 0x01, 0x01}; // {1: 1}
        assertThatThrownBy(() -> Wire.decodeMsgpackObject(intKey)).isInstanceOf(Wire.MalformedException.class);
        byte[] nilKey = {(byte) 0x81, (byte) 0xc0, 0x01}; // {nil: 1}
        assertThatThrownBy(() -> Wire.decodeMsgpackObject(nilKey)).isInstanceOf(Wire.MalformedException.class);
    }
}
