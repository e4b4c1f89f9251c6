package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Differential fuzzing of the NIO engine's frame parser ({@link FrameReader}) against Netty's {@link
 * WebSocket08FrameDecoder} (client side: unmasked frames expected, no extensions), fed the same random server byte
 * stream split at random points. Both must report the same messages (fragments reassembled), the same control frames
 * and the same verdict (close code) on protocol violations and oversize messages.
 *
 * <p>Documented differences (see docs/reliability.md, "Fuzzing"), which the comparison allows:
 *
 * <ul>
 *   <li>Netty rejects a length not in its minimal encoding (e.g. 5 sent as a 16-bit length); {@code FrameReader}
 *       accepts it (RFC 6455 5.2 obliges the sender, not the receiver).
 *   <li>Netty validates the close code and UTF-8 reason of a close frame; {@code FrameReader} reports any code (the
 *       connection ends either way).
 *   <li>Netty checks UTF-8 fragment by fragment; {@code FrameReader} when the message is complete, so control frames
 *       between a bad fragment and the last one are still reported before the 1007 verdict.
 * </ul>
 *
 * <p>Seeded. {@code -Dfuzz.tries=N} sets the number of streams (default 3,000); {@code -Dfuzz.seed=S} the seed.
 */
class FrameReaderDifferentialFuzzTest {
    private static final int MAX = 4096;
    private static final HexFormat HEX = HexFormat.of();

    /** Marks an allowed difference in a stream: Netty may reject it where FrameReader accepts. */
    private static final class Stream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean lenient; // contains a non-minimal length or an unusual close frame
    }

    @Test
    void framesAndVerdictsMatchNetty() {
        int tries = Integer.getInteger("fuzz.tries", 3_000);
        long seed = Long.getLong("fuzz.seed", 0xF4A3E5L);
        Random random = new Random(seed);
        int violations = 0;
        int lenientDiffs = 0;
        long frames = 0;
        for (int i = 0; i < tries; i++) {
            Stream s = stream(random);
            byte[] bytes = s.bytes.toByteArray();
            List<Integer> cuts = cuts(random, bytes.length);
            List<String> ours = ours(bytes, cuts);
            List<String> netty = netty(bytes, cuts);
            frames += ours.size();
            String last = ours.isEmpty() ? "" : ours.get(ours.size() - 1);
            if (last.startsWith("error:")) {
                violations++;
            }
            if (ours.equals(netty)) {
                continue;
            }
            String context = "stream " + i + " (seed " + seed + ") " + abbreviate(HEX.formatHex(bytes)) + " cuts "
                    + cuts + "\n ours:  " + abbreviate(ours.toString()) + "\n netty: " + abbreviate(netty.toString());
            String nettyLast = netty.isEmpty() ? "" : netty.get(netty.size() - 1);
            if (s.lenient && nettyLast.startsWith("error:") && isPrefix(netty.subList(0, netty.size() - 1), ours)) {
                lenientDiffs++; // Netty rejected a non-minimal length or an unusual close frame that we accept
                continue;
            }
            if (last.equals("error:1007") && nettyLast.equals("error:1007")) {
                // UTF-8 checked on the complete message: we may report control frames Netty never reached
                assertThat(isPrefix(netty.subList(0, netty.size() - 1), ours))
                        .as(context)
                        .isTrue();
                continue;
            }
            throw new AssertionError(context);
        }
        System.out.printf(
                "FrameReader vs Netty: %d streams, %d events, %d ended by a violation, %d lenient differences%n",
                tries, frames, violations, lenientDiffs);
        assertThat(violations).as("the generator reaches the error paths").isGreaterThan(tries / 10);
        assertThat(violations).as("and the success paths").isLessThan(tries * 9 / 10);
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 1000) + "..." + s.substring(s.length() - 1000);
    }

    private static boolean isPrefix(List<String> prefix, List<String> list) {
        return prefix.size() <= list.size() && list.subList(0, prefix.size()).equals(prefix);
    }

    // ---- the two parsers ----

    private static List<String> ours(byte[] bytes, List<Integer> cuts) {
        List<String> events = new ArrayList<>();
        FrameReader reader = new FrameReader(MAX);
        FrameReader.Handler h = new FrameReader.Handler() {
            @Override
            public void onText(String text) {
                events.add("text:" + text);
            }

            @Override
            public void onBinary(byte[] data) {
                events.add("binary:" + HEX.formatHex(data));
            }

            @Override
            public void onPing(byte[] payload) {
                events.add("ping:" + HEX.formatHex(payload));
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
                events.add("error:" + closeCode);
            }
        };
        int from = 0;
        for (int cut : cuts) {
            // alternate heap and direct buffers: the in-place decode has a path for each
            ByteBuffer chunk;
            if ((cut & 1) == 0) {
                chunk = ByteBuffer.wrap(bytes, from, cut - from);
            } else {
                chunk = ByteBuffer.allocateDirect(cut - from);
                chunk.put(bytes, from, cut - from).flip();
            }
            reader.feed(chunk, h);
            from = cut;
        }
        if (reader.done()) {
            assertThat(reader.heldBytes()).isZero();
        }
        return events;
    }

    private static List<String> netty(byte[] bytes, List<Integer> cuts) {
        List<String> events = new ArrayList<>();
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .allowMaskMismatch(false)
                .allowExtensions(false)
                .maxFramePayloadLength(MAX)
                .closeOnProtocolViolation(false)
                .withUTF8Validator(true)
                .build();
        // UTF-8 is checked by a handler of its own in Netty, as in its WebSocket protocol handlers
        Aggregator agg = new Aggregator(events);
        EmbeddedChannel channel =
                new EmbeddedChannel(new WebSocket08FrameDecoder(config), new Utf8FrameValidator(false), agg);
        int from = 0;
        try {
            for (int cut : cuts) {
                channel.writeInbound(Unpooled.wrappedBuffer(bytes, from, cut - from));
                from = cut;
                if (agg.ended) {
                    break;
                }
            }
            return events;
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /**
     * The last handler: reassembles Netty's fragments into messages, as FrameReader does, with the same message size
     * limit, and records frames and the first failure in pipeline order.
     */
    private static final class Aggregator extends ChannelInboundHandlerAdapter {
        final List<String> events;
        boolean ended;

        @Nullable
        ByteArrayOutputStream message;

        boolean text;

        Aggregator(List<String> events) {
            this.events = events;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            WebSocketFrame f = (WebSocketFrame) msg;
            try {
                if (!ended) {
                    ended = !frame(f);
                }
            } finally {
                f.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!ended) {
                ended = true;
                if (!(cause instanceof CorruptedWebSocketFrameException e)) {
                    throw new AssertionError("Netty failed with " + cause, cause);
                }
                events.add("error:" + e.closeStatus().code());
            }
        }

        private boolean frame(WebSocketFrame f) {
            ByteBuf content = f.content();
            byte[] payload = ByteBufUtil.getBytes(content);
            if (f instanceof PingWebSocketFrame) {
                events.add("ping:" + HEX.formatHex(payload));
            } else if (f instanceof PongWebSocketFrame) {
                events.add("pong");
            } else if (f instanceof CloseWebSocketFrame c) {
                int code = c.statusCode() == -1 ? FrameReader.NO_STATUS : c.statusCode();
                events.add("close:" + code + ":" + (payload.length > 2 ? c.reasonText() : ""));
                return false;
            } else {
                ByteArrayOutputStream m = message;
                if (!(f instanceof ContinuationWebSocketFrame)) {
                    m = new ByteArrayOutputStream();
                    message = m;
                    text = f instanceof TextWebSocketFrame;
                } else if (m == null) {
                    throw new AssertionError("Netty passed a continuation without a message");
                }
                m.write(payload, 0, payload.length);
                if (m.size() > MAX) {
                    events.add("error:" + FrameReader.TOO_BIG);
                    return false;
                }
                if (f.isFinalFragment()) {
                    byte[] all = m.toByteArray();
                    events.add(
                            text ? "text:" + new String(all, StandardCharsets.UTF_8) : "binary:" + HEX.formatHex(all));
                    message = null;
                }
                assertThat(f)
                        .isInstanceOfAny(
                                TextWebSocketFrame.class, BinaryWebSocketFrame.class, ContinuationWebSocketFrame.class);
            }
            return true;
        }
    }

    // ---- the generator ----

    /** Split points (exclusive ends of the chunks, the last one the stream's length). */
    private static List<Integer> cuts(Random random, int length) {
        List<Integer> cuts = new ArrayList<>();
        int at = 0;
        while (at < length) {
            int step = switch (random.nextInt(4)) {
                case 0 -> 1;
                case 1 -> 1 + random.nextInt(8);
                case 2 -> 1 + random.nextInt(200);
                default -> length - at;
            };
            at = Math.min(length, at + step);
            cuts.add(at);
        }
        return cuts;
    }

    private static Stream stream(Random random) {
        Stream s = new Stream();
        int messages = 1 + random.nextInt(5);
        for (int m = 0; m < messages; m++) {
            int kind = random.nextInt(100);
            if (kind < 6) {
                violation(s, random);
            } else if (kind < 20) {
                control(s, random, random.nextInt(3));
            } else if (kind < 24) {
                oversize(s, random);
            } else {
                message(s, random);
            }
        }
        return s;
    }

    private static void message(Stream s, Random random) {
        boolean text = random.nextBoolean();
        byte[] payload = text ? text(random) : bytes(random, random.nextInt(4) == 0 ? 1000 : 60);
        int fragments = random.nextInt(3) == 0 ? 1 + random.nextInt(4) : 1;
        int from = 0;
        for (int f = 0; f < fragments; f++) {
            boolean last = f == fragments - 1;
            int to = last ? payload.length : from + random.nextInt(payload.length - from + 1);
            byte[] part = java.util.Arrays.copyOfRange(payload, from, to);
            frame(s, random, last, f == 0 ? (text ? FrameReader.TEXT : FrameReader.BINARY) : 0, part);
            from = to;
            if (!last && random.nextInt(4) == 0) {
                control(s, random, random.nextInt(2)); // ping or pong between fragments
            }
        }
    }

    /** A ping (0), pong (1) or close (2) frame. */
    private static void control(Stream s, Random random, int which) {
        if (which < 2) {
            frame(s, random, true, which == 0 ? FrameReader.PING : FrameReader.PONG, bytes(random, 126));
            return;
        }
        byte[] payload;
        int r = random.nextInt(10);
        if (r == 0) {
            payload = new byte[0];
        } else {
            int[] codes = {1000, 1001, 1002, 1003, 1007, 1008, 1011, 3000, 4999};
            int code = codes[random.nextInt(codes.length)];
            if (r == 1) { // an unusual code: reserved, out of range, or never sent on the wire
                int[] odd = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535};
                code = odd[random.nextInt(odd.length)];
                s.lenient = true;
            }
            byte[] reason = random.nextBoolean() ? "bye".getBytes(StandardCharsets.UTF_8) : text(random);
            if (reason.length > 123) {
                reason = java.util.Arrays.copyOf(reason, 0);
            }
            if (r == 2) {
                reason = new byte[] {(byte) 0xc3}; // a truncated UTF-8 sequence
            }
            if (FrameReader.utf8(reason, 0, reason.length) == null) {
                s.lenient = true; // Netty rejects a close reason that is not UTF-8
            }
            payload = new byte[2 + reason.length];
            payload[0] = (byte) (code >>> 8);
            payload[1] = (byte) code;
            System.arraycopy(reason, 0, payload, 2, reason.length);
        }
        frame(s, random, true, FrameReader.CLOSE, payload);
    }

    private static void oversize(Stream s, Random random) {
        if (random.nextBoolean()) { // one frame just over the limit, or a huge announced length
            int len = random.nextBoolean() ? MAX + 1 : MAX + 1 + random.nextInt(100_000);
            header(s, 0x80 | FrameReader.BINARY, len, false);
            s.bytes.write(new byte[Math.min(len, MAX + 1)], 0, Math.min(len, MAX + 1));
        } else { // fragments that add up to more than the limit
            frame(s, random, false, FrameReader.BINARY, new byte[MAX / 2 + 1]);
            frame(s, random, true, 0, new byte[MAX / 2 + 1]);
        }
    }

    private static void violation(Stream s, Random random) {
        switch (random.nextInt(10)) {
            case 0 -> header(s, 0x80 | (0x10 << random.nextInt(3)) | FrameReader.TEXT, 1, false); // reserved bit
            case 1 -> { // masked frame from the server
                s.bytes.write(0x82);
                s.bytes.write(0x80 | 2);
                s.bytes.write(new byte[6], 0, 6);
            }
            case 2 -> header(s, 0x80 | (3 + random.nextInt(5)), 0, false); // reserved data opcode
            case 3 -> header(s, 0x80 | (11 + random.nextInt(5)), 0, false); // reserved control opcode
            case 4 -> header(s, 0x80 | FrameReader.PING, 126 + random.nextInt(200), false); // control > 125
            case 5 -> header(s, FrameReader.PING, 0, false); // fragmented control frame
            case 6 -> header(s, 0x80, 0, false); // continuation without a message
            case 7 -> { // a new message before the previous one ended
                header(s, FrameReader.TEXT, 0, false);
                header(s, 0x80 | FrameReader.TEXT, 0, false);
            }
            case 8 -> { // 64-bit length with the top bit set
                s.bytes.write(0x82);
                s.bytes.write(127);
                for (int i = 0; i < 8; i++) {
                    s.bytes.write(i == 0 ? 0x80 | random.nextInt(128) : random.nextInt(256));
                }
            }
            default -> { // close frame with a one-byte payload
                header(s, 0x80 | FrameReader.CLOSE, 1, false);
                s.bytes.write(3);
            }
        }
    }

    private static void frame(Stream s, Random random, boolean fin, int opcode, byte[] payload) {
        boolean nonMinimal = random.nextInt(40) == 0;
        if (nonMinimal) {
            s.lenient = true;
        }
        header(s, (fin ? 0x80 : 0) | opcode, payload.length, nonMinimal);
        s.bytes.write(payload, 0, payload.length);
    }

    private static void header(Stream s, int b0, long len, boolean nonMinimal) {
        s.bytes.write(b0);
        if (len < 126 && !nonMinimal) {
            s.bytes.write((int) len);
        } else if (len < 65536 && !(nonMinimal && len >= 126)) {
            s.bytes.write(126);
            s.bytes.write((int) (len >>> 8));
            s.bytes.write((int) len);
        } else {
            s.bytes.write(127);
            for (int i = 7; i >= 0; i--) {
                s.bytes.write((int) (len >>> (8 * i)));
            }
        }
    }

    private static byte[] bytes(Random random, int max) {
        byte[] b = new byte[random.nextInt(max)];
        random.nextBytes(b);
        return b;
    }

    /** Mostly valid UTF-8 (ASCII or any code points); sometimes a random byte is flipped in. */
    private static byte[] text(Random random) {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(random.nextInt(8) == 0 ? 1500 : 40);
        boolean ascii = random.nextBoolean();
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(ascii ? 32 + random.nextInt(95) : randomCodePoint(random));
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (b.length > 0 && random.nextInt(10) == 0) {
            b[random.nextInt(b.length)] = (byte) (0x80 | random.nextInt(128)); // likely invalid UTF-8
        }
        return b;
    }

    private static int randomCodePoint(Random random) {
        while (true) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x80 + random.nextInt(0x780);
                case 2 -> 0x800 + random.nextInt(0xF800);
                default -> 0x10000 + random.nextInt(0x100000);
            };
            if (cp < 0xD800 || cp > 0xDFFF) {
                return cp;
            }
        }
    }
}
