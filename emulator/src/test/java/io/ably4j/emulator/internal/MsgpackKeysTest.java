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

    @Test
    void aKeyWhoseLengthIsForgedIsMalformed_andItsLengthIsNeverAllocated() {
        // {str32 of 2^31 - 1 bytes: ...}: the frame has none of them
        byte[] forged = {(byte) 0x81, (byte) 0xdb, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x61};
        assertThatThrownBy(() -> Wire.decodeMsgpackObject(forged)).isInstanceOf(Wire.MalformedException.class);
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        boolean malformed = false;
        try {
            Wire.decodeMsgpackObject(forged); // warm now: what it allocates is the decode's own
        } catch (Wire.MalformedException e) {
            malformed = true;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(malformed).isTrue();
        assertThat(allocated).isLessThan(1 << 20); // not the 2 GiB it claims
        byte[] justOver = new byte[6];
        int len = 64 * 1024 + 1;
        justOver[0] = (byte) 0x81;
        justOver[1] = (byte) 0xdb;
        justOver[2] = (byte) (len >>> 24);
        justOver[3] = (byte) (len >>> 16);
        justOver[4] = (byte) (len >>> 8);
        justOver[5] = (byte) len;
        assertThatThrownBy(() -> Wire.decodeMsgpackObject(justOver)).isInstanceOf(Wire.MalformedException.class);
    }
}
