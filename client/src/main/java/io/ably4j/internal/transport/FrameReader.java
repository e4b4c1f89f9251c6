package io.ably4j.internal.transport;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Parses the WebSocket frames a server sends (RFC 6455 section 5) from byte chunks as they arrive, in any split.
 *
 * <p>Between chunks it keeps only what an unfinished frame needs: the few header bytes received so far, or the
 * payload array of the message being received (allocated once at its final size for an unfragmented message, so a
 * message costs one array and no further copy). A message that arrives whole within one chunk is decoded straight
 * from the chunk. Fragmented messages are reassembled; control frames may come between their fragments.
 *
 * <p>Protocol violations (masked server frames, reserved bits, unknown opcodes, fragmented or oversized control
 * frames, continuations without a message) and messages larger than the limit end the stream with {@link
 * Handler#onError}; a close frame ends it with {@link Handler#onClose}. After either, {@link #feed} consumes nothing.
 *
 * <p>Not thread-safe: one connection's reader is used by one thread at a time (the selector thread).
 */
final class FrameReader {
    static final int CONTINUATION = 0;
    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;

    /** Close code: protocol error. */
    static final int PROTOCOL_ERROR = 1002;
    /** Close code: no status code in the close frame. */
    static final int NO_STATUS = 1005;
    /** Close code for a text message that is not valid UTF-8. */
    static final int INVALID_PAYLOAD = 1007;
    /** Close code: message too big. */
    static final int TOO_BIG = 1009;

    private static final byte[] EMPTY = new byte[0];
    private static final int MAX_HEADER = 10; // 2 + 8 bytes of extended length; server frames carry no mask key

    /** What the reader found. Called on the thread that calls {@link #feed}. */
    interface Handler {
        void onText(String text);

        /** A text message of {@code utf8Bytes} bytes on the wire; by default {@link #onText(String)}. */
        default void onText(String text, int utf8Bytes) {
            onText(text);
        }

        void onBinary(byte[] data);

        /**
         * A binary message in {@code data[offset, offset + length)}. The array may be the reader's input or its own
         * buffer, so it is valid only during the call: keep a copy, not the array. By default a copy goes to {@link
         * #onBinary(byte[])}.
         */
        default void onBinary(byte[] data, int offset, int length) {
            onBinary(Arrays.copyOfRange(data, offset, offset + length));
        }

        void onPing(byte[] payload);

        void onPong();

        /** A close frame: {@code code} is {@link #NO_STATUS} if it had none. */
        void onClose(int code, String reason);

        /** The stream broke the protocol or a limit: close with {@code closeCode}. */
        void onError(int closeCode, String message);
    }

    private final int maxMessage;

    private byte @Nullable [] header; // header bytes of a frame split across chunks
    private int headerLen;

    private boolean inPayload;
    private int opcode;
    private boolean fin;
    private int frameRemaining;

    private byte @Nullable [] control; // payload of the control frame being received
    private int controlLen;

    private int messageOpcode; // TEXT or BINARY while a message is being received, else 0
    private byte @Nullable [] message;
    private int messageLen;

    private boolean done;

    /** @param maxMessage the largest message accepted, in bytes (all fragments together) */
    FrameReader(int maxMessage) {
        this.maxMessage = maxMessage;
    }

    /** The bytes held for an unfinished frame or message (0 between frames). */
    int heldBytes() {
        byte[] h = header;
        byte[] c = control;
        byte[] m = message;
        return (h == null ? 0 : h.length) + (c == null ? 0 : c.length) + (m == null ? 0 : m.length);
    }

    /** Whether a close frame or an error ended the stream. */
    boolean done() {
        return done;
    }

    /**
     * Consumes all of {@code in} (from its position to its limit), reporting complete frames to {@code handler}.
     * Stops early once the stream has ended; the rest of {@code in} is then ignored.
     */
    void feed(ByteBuffer in, Handler handler) {
        while (!done) {
            if (!inPayload) {
                if (!in.hasRemaining() || !readHeader(in, handler)) {
                    return;
                }
                if (!inPayload) {
                    continue; // a whole message, already delivered from the chunk
                }
            } else if (!in.hasRemaining()) {
                return;
            }
            if (frameRemaining > 0) {
                int n = Math.min(frameRemaining, in.remaining());
                if (opcode >= CLOSE) {
                    in.get(nonNull(control), controlLen, n);
                    controlLen += n;
                } else {
                    in.get(nonNull(message), messageLen, n);
                    messageLen += n;
                }
                frameRemaining -= n;
            }
            if (frameRemaining == 0) {
                inPayload = false;
                complete(handler);
            }
        }
    }

    /**
     * Reads a frame header from {@code in}, directly if it is all there, else gathering it across chunks. Returns false
     * when more bytes are needed or the frame was rejected; true when the frame's payload (possibly empty) is next, or
     * when a whole unfragmented message was present in {@code in} and has been delivered already (then {@code
     * inPayload} stays false).
     */
    private boolean readHeader(ByteBuffer in, Handler handler) {
        ByteBuffer h;
        byte[] partialHeader = header;
        if (partialHeader == null && in.remaining() >= 2 && in.remaining() >= headerSize(in.get(in.position() + 1))) {
            h = in;
        } else {
            if (partialHeader == null) {
                partialHeader = new byte[MAX_HEADER];
                header = partialHeader;
                headerLen = 0;
            }
            while (in.hasRemaining() && (headerLen < 2 || headerLen < headerSize(partialHeader[1]))) {
                partialHeader[headerLen++] = in.get();
            }
            if (headerLen < 2 || headerLen < headerSize(partialHeader[1])) {
                return false;
            }
            h = ByteBuffer.wrap(partialHeader, 0, headerLen);
            header = null;
        }
        int b0 = h.get() & 0xff;
        int b1 = h.get() & 0xff;
        long len = b1 & 0x7f;
        if (len == 126) {
            len = h.getShort() & 0xffff;
        } else if (len == 127) {
            len = h.getLong();
        }
        return begin(b0, b1, len, in, handler);
    }

    private static int headerSize(byte b1) {
        int len = b1 & 0x7f;
        return 2 + (len == 126 ? 2 : len == 127 ? 8 : 0);
    }

    private boolean begin(int b0, int b1, long len, ByteBuffer in, Handler handler) {
        int op = b0 & 0x0f;
        boolean last = (b0 & 0x80) != 0;
        if ((b0 & 0x70) != 0) {
            return fail(handler, PROTOCOL_ERROR, "reserved bits set (no extension was negotiated)");
        }
        if ((b1 & 0x80) != 0) {
            return fail(handler, PROTOCOL_ERROR, "masked frame from the server");
        }
        if (len < 0) {
            return fail(handler, PROTOCOL_ERROR, "invalid payload length");
        }
        switch (op) {
            case CLOSE, PING, PONG -> {
                if (!last || len > 125) {
                    return fail(handler, PROTOCOL_ERROR, "fragmented or oversized control frame");
                }
                control = len == 0 ? EMPTY : new byte[(int) len];
                controlLen = 0;
            }
            case TEXT, BINARY, CONTINUATION -> {
                if (op == CONTINUATION ? messageOpcode == 0 : messageOpcode != 0) {
                    return fail(
                            handler,
                            PROTOCOL_ERROR,
                            op == CONTINUATION
                                    ? "continuation frame without a message"
                                    : "new message before the previous one was complete");
                }
                if (messageLen + len > maxMessage) {
                    return fail(handler, TOO_BIG, "Inbound message larger than " + maxMessage + " bytes");
                }
                int n = (int) len;
                if (op != CONTINUATION) {
                    messageOpcode = op;
                    if (last && in.remaining() >= n) { // the whole message is here: decode it in place
                        opcode = op;
                        fin = true;
                        deliverInPlace(in, n, handler);
                        return true; // inPayload stays false: nothing of this frame remains
                    }
                    message = new byte[last ? n : Math.max(n, 256)];
                    messageLen = 0;
                } else {
                    ensureCapacity(messageLen + n);
                }
            }
            default -> {
                return fail(handler, PROTOCOL_ERROR, "unknown opcode " + op);
            }
        }
        opcode = op;
        fin = last;
        frameRemaining = (int) len;
        inPayload = true;
        return true;
    }

    private void deliverInPlace(ByteBuffer in, int n, Handler handler) {
        messageOpcode = 0;
        if (opcode == TEXT) {
            String text;
            if (in.hasArray()) {
                text = utf8(in.array(), in.arrayOffset() + in.position(), n);
                in.position(in.position() + n);
            } else {
                byte[] b = new byte[n];
                in.get(b);
                text = utf8(b, 0, n);
            }
            if (text == null) {
                fail(handler, INVALID_PAYLOAD, "text message is not valid UTF-8");
            } else {
                handler.onText(text, n);
            }
        } else if (in.hasArray()) { // a heap read buffer: decoded where it lies, no copy per frame
            int at = in.arrayOffset() + in.position();
            in.position(in.position() + n);
            handler.onBinary(in.array(), at, n);
        } else {
            byte[] b = new byte[n];
            in.get(b);
            handler.onBinary(b, 0, n);
        }
    }

    private void ensureCapacity(int needed) {
        byte[] m = nonNull(message);
        if (needed > m.length) {
            message = Arrays.copyOf(m, (int) Math.min(maxMessage, Math.max(needed, 2L * m.length)));
        }
    }

    private void complete(Handler handler) {
        if (opcode >= CLOSE) {
            byte[] payload = nonNull(control);
            control = null;
            switch (opcode) {
                case PING -> handler.onPing(payload);
                case PONG -> handler.onPong();
                default -> closeFrame(payload, handler);
            }
            return;
        }
        if (!fin) {
            return; // more fragments follow
        }
        byte[] m = nonNull(message);
        int len = messageLen;
        int op = messageOpcode;
        message = null;
        messageLen = 0;
        messageOpcode = 0;
        if (op == TEXT) {
            String text = utf8(m, 0, len);
            if (text == null) {
                fail(handler, INVALID_PAYLOAD, "text message is not valid UTF-8");
            } else {
                handler.onText(text, len);
            }
        } else {
            handler.onBinary(m, 0, len);
        }
    }

    private void closeFrame(byte[] payload, Handler handler) {
        if (payload.length == 1) {
            fail(handler, PROTOCOL_ERROR, "close frame with a one-byte payload");
            return;
        }
        done = true;
        if (payload.length == 0) {
            handler.onClose(NO_STATUS, "");
        } else {
            int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            handler.onClose(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
        }
    }

    private boolean fail(Handler handler, int closeCode, String reason) {
        done = true;
        header = null;
        control = null;
        message = null;
        handler.onError(closeCode, reason);
        return false;
    }

    /**
     * Decodes strict UTF-8 (RFC 6455 section 8.1: invalid text fails the connection), or returns null if the bytes are
     * not valid UTF-8. ASCII, the usual case for JSON, takes a fast path.
     */
    static @Nullable String utf8(byte[] b, int off, int len) {
        for (int i = off, end = off + len; i < end; i++) {
            if (b[i] < 0) {
                try {
                    return StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(b, off, len))
                            .toString();
                } catch (CharacterCodingException e) {
                    return null;
                }
            }
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1); // all ASCII
    }

    private static byte[] nonNull(byte @Nullable [] b) {
        if (b == null) {
            throw new IllegalStateException("no payload buffer");
        }
        return b;
    }
}
