package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client frames of the NIO engine: header encoding and masking, whole and written in parts. */
class FrameWriterTest {
    private static final int MASK = 0x9a3c51e7;

    private static byte[] payload(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 13 + 1);
        }
        return b;
    }

    /** Parses one masked client frame (as a server would) and returns its unmasked payload. */
    private static byte[] unmask(byte[] frame, int expectedOpcode) {
        ByteBuffer in = ByteBuffer.wrap(frame);
        assertThat(in.get() & 0xff).isEqualTo(0x80 | expectedOpcode);
        int b1 = in.get() & 0xff;
        assertThat(b1 & 0x80).as("mask bit").isEqualTo(0x80);
        long len = b1 & 0x7f;
        if (len == 126) {
            len = in.getShort() & 0xffff;
        } else if (len == 127) {
            len = in.getLong();
        }
        byte[] key = new byte[4];
        in.get(key);
        assertThat(ByteBuffer.wrap(key).getInt()).isEqualTo(MASK);
        assertThat(in.remaining()).isEqualTo(len);
        byte[] out = new byte[(int) len];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (in.get() ^ key[i & 3]);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 8, 9, 125, 126, 65535, 65536, 70001})
    void framesAreMaskedAndLengthEncoded(int length) {
        byte[] p = payload(length);
        ByteBuffer out = ByteBuffer.allocate(length + FrameWriter.MAX_HEADER);
        FrameWriter w = new FrameWriter();
        w.write(out, FrameReader.BINARY, p, MASK);
        assertThat(w.partial()).isFalse();
        byte[] frame = Arrays.copyOf(out.array(), out.position());
        assertThat(unmask(frame, FrameReader.BINARY)).isEqualTo(p);
        assertThat(frame.length).isEqualTo(length + (length < 126 ? 6 : length < 65536 ? 8 : 14));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 15, 17, 23, 1000})
    void aFrameLargerThanTheBufferIsWrittenInPartsWithTheMaskContinuing(int bufferSize) {
        byte[] p = payload(3001);
        FrameWriter w = new FrameWriter();
        ByteBuffer all = ByteBuffer.allocate(4000);
        ByteBuffer out = ByteBuffer.allocate(bufferSize);
        w.write(out, FrameReader.TEXT, p, MASK);
        while (true) {
            all.put(out.flip());
            if (!w.partial()) {
                break;
            }
            out.clear();
            w.resume(out);
        }
        assertThat(unmask(Arrays.copyOf(all.array(), all.position()), FrameReader.TEXT))
                .isEqualTo(p);
    }
}
