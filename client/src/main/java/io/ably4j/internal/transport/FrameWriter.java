package io.ably4j.internal.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/**
 * Writes client WebSocket frames (RFC 6455 section 5.2): FIN set, masked with a fresh key per frame. The payload is
 * masked while it is copied into the output buffer, eight bytes at a time, so masking costs no extra pass or copy.
 *
 * <p>A frame larger than the room left in the output buffer is written in parts: the writer remembers the rest of
 * that one frame (its payload array, how far it got and its mask) until the next {@link #resume}. Not thread-safe: one
 * connection's writer is used by its selector thread only.
 */
final class FrameWriter {
    /** The longest frame header: 2 bytes, 8 bytes of extended length, 4 bytes of mask key. */
    static final int MAX_HEADER = 14;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte @Nullable [] partPayload;
    private int partOffset;
    private int partMask;

    /** Whether a frame was only partly written and {@link #resume} must finish it before any other frame. */
    boolean partial() {
        return partPayload != null;
    }

    /** Drops the unwritten rest of a frame (the connection is gone). */
    void clear() {
        partPayload = null;
    }

    /**
     * Writes the header of a frame and as much of its payload as fits into {@code out} (a heap buffer with at least
     * {@link #MAX_HEADER} bytes remaining); the rest is kept for {@link #resume}.
     */
    void write(ByteBuffer out, int opcode, byte[] payload, int mask) {
        int len = payload.length;
        out.put((byte) (0x80 | opcode));
        if (len < 126) {
            out.put((byte) (0x80 | len));
        } else if (len < 65536) {
            out.put((byte) (0x80 | 126));
            out.putShort((short) len);
        } else {
            out.put((byte) (0x80 | 127));
            out.putLong(len);
        }
        out.putInt(mask);
        partPayload = payload;
        partOffset = 0;
        partMask = mask;
        resume(out);
    }

    /** Continues the partly written frame, if any, with as much of its payload as fits into {@code out}. */
    void resume(ByteBuffer out) {
        byte[] p = partPayload;
        if (p == null) {
            return;
        }
        int n = Math.min(p.length - partOffset, out.remaining());
        mask(p, partOffset, n, partMask, out.array(), out.arrayOffset() + out.position());
        out.position(out.position() + n);
        partOffset += n;
        if (partOffset == p.length) {
            partPayload = null;
        }
    }

    /**
     * Copies {@code len} bytes of {@code src} from {@code from} to {@code dst} at {@code dstOff}, XOR-ing each with the
     * mask key byte for its position in the payload ({@code from} counts from the start of the payload).
     */
    static void mask(byte[] src, int from, int len, int mask, byte[] dst, int dstOff) {
        int key = Integer.rotateLeft(mask, 8 * (from & 3)); // the key as seen from position `from`
        long key8 = ((long) key << 32) | (key & 0xffffffffL);
        int i = 0;
        for (; i + 8 <= len; i += 8) {
            LONGS.set(dst, dstOff + i, (long) LONGS.get(src, from + i) ^ key8);
        }
        for (; i < len; i++) {
            dst[dstOff + i] = (byte) (src[from + i] ^ (key >>> (24 - 8 * (i & 3))));
        }
    }
}
