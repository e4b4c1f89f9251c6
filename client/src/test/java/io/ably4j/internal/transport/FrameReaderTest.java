package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The NIO engine's frame parser (RFC 6455 section 5) on hand-made server frames, fed whole and in every split. */
class FrameReaderTest {
    private static final int MAX = JdkWebSocketTransport.MAX_MESSAGE_BYTES;

    /** Records what the reader reports, as strings. */
    private static class Recorder implements FrameReader.Handler {
        final List<String> events = new ArrayList<>();
        final List<byte[]> binaries = new ArrayList<>();

        @Override
        public void onText(String text) {
            events.add("text:" + text);
        }

        @Override
        public void onBinary(byte[] data) {
            binaries.add(data);
            events.add("binary:" + data.length);
        }

        @Override
        public void onPing(byte[] payload) {
            events.add("ping:" + Arrays.toString(payload));
        }

        @Override
        public void onPong() {
            events.add("pong");
        }

        @Override
        public void onClose(int code, String reason) {
            events.add("close:" + code + ":" + reason);
        }

        @Override
        public void onError(int closeCode, String message) {
            events.add("error:" + closeCode + ":" + message);
        }
    }

    /** An unmasked server frame. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        int len = payload.length;
        if (len < 126) {
            f.write(len);
        } else if (len < 65536) {
            f.write(126);
            f.write(len >>> 8);
            f.write(len & 0xff);
        } else {
            f.write(127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) (((long) len >>> (8 * i)) & 0xff));
            }
        }
        f.write(payload, 0, len);
        return f.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.write(p, 0, p.length);
        }
        return b.toByteArray();
    }

    private static Recorder feedWhole(byte[] stream, boolean direct) {
        Recorder r = new Recorder();
        ByteBuffer in = direct ? ByteBuffer.allocateDirect(stream.length) : ByteBuffer.allocate(stream.length);
        in.put(stream).flip();
        FrameReader reader = new FrameReader(MAX);
        reader.feed(in, r);
        if (!reader.done()) {
            assertThat(in.hasRemaining()).as("all input consumed").isFalse();
        }
        return r;
    }

    /** Feeds {@code stream} in chunks of {@code chunk} bytes, each in a fresh buffer (as the loop's buffer is reused). */
    private static Recorder feedInChunks(byte[] stream, int chunk) {
        Recorder r = new Recorder();
        FrameReader reader = new FrameReader(MAX);
        for (int i = 0; i < stream.length; i += chunk) {
            byte[] part = Arrays.copyOfRange(stream, i, Math.min(stream.length, i + chunk));
            reader.feed(ByteBuffer.wrap(part), r);
        }
        assertThat(reader.heldBytes()).as("nothing held after complete frames").isZero();
        return r;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 70000})
    void binaryPayloadLengthsAcrossTheEncodingBoundaries(int length) {
        byte[] payload = bytes(length);
        byte[] stream = frame(true, FrameReader.BINARY, payload);
        for (Recorder r : List.of(
                feedWhole(stream, false),
                feedWhole(stream, true),
                feedInChunks(stream, 1),
                feedInChunks(stream, 3),
                feedInChunks(stream, 1000))) {
            assertThat(r.events).containsExactly("binary:" + length);
            assertThat(r.binaries.get(0)).isEqualTo(payload);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65535, 65536})
    void textPayloadLengthsDecodeAsUtf8(int length) {
        String text = "é".repeat(length / 2) + "a".repeat(length % 2);
        byte[] stream = frame(true, FrameReader.TEXT, text.getBytes(StandardCharsets.UTF_8));
        assertThat(feedWhole(stream, false).events).containsExactly("text:" + text);
        assertThat(feedWhole(stream, true).events).containsExactly("text:" + text);
        assertThat(feedInChunks(stream, 7).events).containsExactly("text:" + text);
    }

    @Test
    void everySplitOfAStreamOfFramesGivesTheSameEvents() {
        byte[] stream = concat(
                frame(true, FrameReader.TEXT, "hello".getBytes(StandardCharsets.UTF_8)),
                frame(true, FrameReader.PING, new byte[] {1, 2}),
                frame(true, FrameReader.BINARY, bytes(300)),
                frame(true, FrameReader.PONG, new byte[0]),
                frame(true, FrameReader.BINARY, new byte[0]));
        List<String> expected = List.of("text:hello", "ping:[1, 2]", "binary:300", "pong", "binary:0");
        for (int split = 1; split < stream.length; split++) {
            Recorder r = new Recorder();
            FrameReader reader = new FrameReader(MAX);
            reader.feed(ByteBuffer.wrap(Arrays.copyOfRange(stream, 0, split)), r);
            reader.feed(ByteBuffer.wrap(Arrays.copyOfRange(stream, split, stream.length)), r);
            assertThat(r.events).as("split at %d", split).isEqualTo(expected);
            assertThat(reader.heldBytes()).isZero();
        }
    }

    @Test
    void fragmentedMessagesAreReassembledWithAnInterleavedPing() {
        byte[] stream = concat(
                frame(false, FrameReader.TEXT, "frag".getBytes(StandardCharsets.UTF_8)),
                frame(true, FrameReader.PING, new byte[] {7}),
                frame(false, FrameReader.CONTINUATION, "men".getBytes(StandardCharsets.UTF_8)),
                frame(true, FrameReader.CONTINUATION, "ted".getBytes(StandardCharsets.UTF_8)),
                frame(false, FrameReader.BINARY, bytes(200)),
                frame(true, FrameReader.CONTINUATION, bytes(1000)));
        for (Recorder r : List.of(feedWhole(stream, false), feedInChunks(stream, 1), feedInChunks(stream, 5))) {
            assertThat(r.events).containsExactly("ping:[7]", "text:fragmented", "binary:1200");
            assertThat(Arrays.copyOf(r.binaries.get(0), 200)).isEqualTo(bytes(200));
            assertThat(Arrays.copyOfRange(r.binaries.get(0), 200, 1200)).isEqualTo(bytes(1000));
        }
    }

    @Test
    void invalidUtf8TextFailsWith1007_wholeAndFragmented_validMultibyteTextPasses() {
        byte[] bad = {'{', (byte) 0xC3, 0x28, '}'}; // 0xC3 must be followed by a continuation byte
        assertThat(feedWhole(frame(true, FrameReader.TEXT, bad), false).events)
                .containsExactly("error:1007:text message is not valid UTF-8");
        assertThat(feedWhole(frame(true, FrameReader.TEXT, bad), true).events)
                .containsExactly("error:1007:text message is not valid UTF-8");
        byte[] fragmented = concat(
                frame(false, FrameReader.TEXT, new byte[] {'{', (byte) 0xE2}),
                frame(true, FrameReader.CONTINUATION, new byte[] {(byte) 0x82, 0x41, '}'}));
        assertThat(feedWhole(fragmented, false).events).containsExactly("error:1007:text message is not valid UTF-8");
        byte[] euroSplit = concat( // U+20AC split across two fragments is valid
                frame(false, FrameReader.TEXT, new byte[] {(byte) 0xE2}),
                frame(true, FrameReader.CONTINUATION, new byte[] {(byte) 0x82, (byte) 0xAC}));
        assertThat(feedWhole(euroSplit, false).events).containsExactly("text:\u20ac");
    }

    @Test
    void maskedServerFrameIsAProtocolError() {
        Recorder r = feedWhole(new byte[] {(byte) 0x82, (byte) 0x81, 1, 2, 3, 4, 5}, false);
        assertThat(r.events).containsExactly("error:1002:masked frame from the server");
    }

    @ParameterizedTest
    @ValueSource(ints = {0x40, 0x20, 0x10})
    void reservedBitsAreAProtocolError(int rsv) {
        Recorder r = feedWhole(new byte[] {(byte) (0x82 | rsv), 1, 7}, false);
        assertThat(r.events).singleElement().asString().startsWith("error:1002:reserved bits");
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 11, 12, 13, 14, 15})
    void unknownOpcodesAreAProtocolError(int opcode) {
        Recorder r = feedWhole(new byte[] {(byte) (0x80 | opcode), 0}, false);
        assertThat(r.events).containsExactly("error:1002:unknown opcode " + opcode);
    }

    @Test
    void controlFramesMustBeFinalAndShort() {
        assertThat(feedWhole(frame(false, FrameReader.PING, new byte[1]), false).events)
                .singleElement()
                .asString()
                .startsWith("error:1002:");
        assertThat(feedWhole(frame(true, FrameReader.PING, new byte[126]), false).events)
                .singleElement()
                .asString()
                .startsWith("error:1002:");
    }

    @Test
    void continuationWithoutAMessageAndANewMessageInsideOneAreProtocolErrors() {
        assertThat(feedWhole(frame(true, FrameReader.CONTINUATION, new byte[1]), false).events)
                .containsExactly("error:1002:continuation frame without a message");
        byte[] stream =
                concat(frame(false, FrameReader.TEXT, new byte[] {'a'}), frame(true, FrameReader.TEXT, new byte[1]));
        assertThat(feedWhole(stream, false).events).singleElement().asString().startsWith("error:1002:new message");
    }

    @Test
    void oversizeFrameIsRejectedFromItsHeaderBeforeAnyAllocation() {
        byte[] header = {(byte) 0x82, 127, 0, 0, 0, 0, 0x01, 0, 0, 1}; // 16 MiB + 1, no payload sent
        Recorder r = feedWhole(header, false);
        assertThat(r.events).containsExactly("error:1009:Inbound message larger than " + MAX + " bytes");
    }

    @Test
    void oversizeFragmentedMessageIsRejected() {
        Recorder r = new Recorder();
        FrameReader reader = new FrameReader(1000);
        reader.feed(ByteBuffer.wrap(frame(false, FrameReader.BINARY, bytes(600))), r);
        reader.feed(ByteBuffer.wrap(frame(true, FrameReader.CONTINUATION, bytes(401))), r);
        assertThat(r.events).containsExactly("error:1009:Inbound message larger than 1000 bytes");
        assertThat(reader.done()).isTrue();
        assertThat(reader.heldBytes()).isZero();
    }

    @Test
    void negative64BitLengthIsAProtocolError() {
        byte[] header = {(byte) 0x82, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 1};
        assertThat(feedWhole(header, false).events).containsExactly("error:1002:invalid payload length");
    }

    @Test
    void closeFrameEndsTheStream() {
        byte[] stream = concat(
                frame(
                        true,
                        FrameReader.CLOSE,
                        concat(new byte[] {3, (byte) 0xe9}, "bye".getBytes(StandardCharsets.UTF_8))),
                frame(true, FrameReader.TEXT, "after".getBytes(StandardCharsets.UTF_8)));
        Recorder r = new Recorder();
        FrameReader reader = new FrameReader(MAX);
        reader.feed(ByteBuffer.wrap(stream), r);
        assertThat(r.events).containsExactly("close:1001:bye");
        assertThat(reader.done()).isTrue();
        assertThat(feedWhole(frame(true, FrameReader.CLOSE, new byte[0]), false).events)
                .containsExactly("close:1005:");
        assertThat(feedWhole(frame(true, FrameReader.CLOSE, new byte[1]), false).events)
                .singleElement()
                .asString()
                .startsWith("error:1002:");
    }

    /**
     * A whole binary frame in a heap buffer is handed over where it lies (the buffer's own array and range: no copy
     * per frame); a direct buffer's frame, and a message put together from fragments, arrive as a range of an array
     * too, with the same bytes.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void binaryFramesAreHandedOverInPlaceFromAHeapBuffer(boolean direct) {
        byte[] first = bytes(300);
        byte[] second = bytes(7);
        byte[] stream = concat(
                frame(true, 0x2, first), frame(true, 0x2, second), frame(false, 0x2, first), frame(true, 0x0, second));
        byte[] backing = new byte[stream.length + 5];
        ByteBuffer in = direct ? ByteBuffer.allocateDirect(backing.length) : ByteBuffer.wrap(backing);
        in.position(5); // the slice below starts at offset 5 of the array
        in.put(stream).flip().position(5);
        ByteBuffer slice = in.slice();
        List<byte[]> arrays = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        FrameReader.Handler h = new Recorder() {
            @Override
            public void onBinary(byte[] data, int offset, int length) {
                arrays.add(data);
                payloads.add(Arrays.copyOfRange(data, offset, offset + length));
            }
        };
        new FrameReader(MAX).feed(slice, h);
        assertThat(payloads).containsExactly(first, second, concat(first, second));
        if (!direct) {
            assertThat(arrays.get(0)).isSameAs(backing);
            assertThat(arrays.get(1)).isSameAs(backing);
        }
        assertThat(arrays.get(2)).as("a fragmented message, put together").isNotSameAs(backing);
        assertThat(slice.hasRemaining()).isFalse();
    }
}
