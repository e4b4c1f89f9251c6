package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.ProtocolMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The msgpack codec against msgpack-core as a reference (TR4): it encodes every frame and REST body byte for
 * byte as msgpack-core's packer does, whatever it accepts msgpack-core parses as exactly one value, and encoding
 * allocates nothing but the returned array.
 */
class MsgpackCodecReferenceTest {
    /** A {@link WireWriter} over msgpack-core's packer: the reference output. */
    private static final class ReferenceWriter extends WireWriter {
        final MessageBufferPacker p = MessagePack.newDefaultBufferPacker();

        @Override
        void beginMap(int entries) throws IOException {
            p.packMapHeader(entries);
        }

        @Override
        void endMap() {}

        @Override
        void beginArray(int elements) throws IOException {
            p.packArrayHeader(elements);
        }

        @Override
        void endArray() {}

        @Override
        void name(String name) throws IOException {
            p.packString(name);
        }

        @Override
        void string(String value) throws IOException {
            p.packString(value);
        }

        @Override
        void number(long value) throws IOException {
            p.packLong(value);
        }

        @Override
        void nil() throws IOException {
            p.packNil();
        }

        @Override
        void binary(byte[] value) throws IOException {
            p.packBinaryHeader(value.length);
            p.writePayload(value);
        }

        @Override
        void json(Json value) throws IOException {
            tree(value.toValue());
        }

        private void tree(@Nullable Object v) throws IOException {
            if (v == null) {
                p.packNil();
            } else if (v instanceof String s) {
                p.packString(s);
            } else if (v instanceof Boolean b) {
                p.packBoolean(b);
            } else if (v instanceof Long l) {
                p.packLong(l);
            } else if (v instanceof Double d) {
                p.packDouble(d);
            } else if (v instanceof BigInteger big) {
                p.packBigInteger(big);
            } else if (v instanceof BigDecimal dec) {
                p.packDouble(dec.doubleValue());
            } else if (v instanceof Map<?, ?> map) {
                p.packMapHeader(map.size());
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    p.packString(String.valueOf(e.getKey()));
                    tree(e.getValue());
                }
            } else if (v instanceof List<?> list) {
                p.packArrayHeader(list.size());
                for (Object item : list) {
                    tree(item);
                }
            } else {
                throw new IllegalStateException(v.getClass().getName());
            }
        }
    }

    interface Write {
        void write(ProtocolWriter w) throws IOException;
    }

    private static byte[] reference(Write write) {
        ReferenceWriter ref = new ReferenceWriter();
        try {
            write.write(new ProtocolWriter(ref));
            return ref.p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final ProtocolCodec codec = ProtocolCodec.create(WireFormat.MSGPACK);

    @Test
    void TR4_fullMessageEncodesAsMsgpackCoreDoes() {
        ProtocolMessage m = ProtocolCodecTest.fullMessage();
        assertThat(HexFormat.of().formatHex(codec.encode(m)))
                .isEqualTo(HexFormat.of().formatHex(reference(w -> w.writeProtocolMessage(m))));
    }

    @Property(tries = 1000)
    void TR4_randomFramesAndBodiesEncodeAsMsgpackCoreDoes(@ForAll long seed) {
        RandomProtocolMessages random = new RandomProtocolMessages(seed);
        ProtocolMessage m = random.protocolMessage();
        assertThat(codec.encode(m)).isEqualTo(reference(w -> w.writeProtocolMessage(m)));
        List<Message> messages = List.of(random.message(), random.message());
        assertThat(codec.encodeMessages(messages)).isEqualTo(reference(w -> w.writeMessages(messages)));
        var presence = List.of(random.presence());
        assertThat(codec.encodePresenceMessages(presence)).isEqualTo(reference(w -> w.writePresenceMessages(presence)));
        var error = random.error(0);
        assertThat(codec.encodeError(error)).isEqualTo(reference(w -> w.writeErrorBody(error)));
    }

    @Test
    void TR4_acceptedMutantsAreWellFormedMsgpack() {
        ProtocolMessage full = ProtocolCodecTest.fullMessage();
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(codec.encode(full));
        for (long seed = 1; seeds.size() < 20; seed++) {
            byte[] frame = codec.encode(new RandomProtocolMessages(seed, true).protocolMessage());
            if (frame.length <= 400) {
                seeds.add(frame);
            }
        }
        Random random = new Random(0xc0dec);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] mutant = seeds.get(random.nextInt(seeds.size())).clone();
            for (int flips = 1 + random.nextInt(2); flips > 0; flips--) {
                int at = random.nextInt(mutant.length);
                mutant[at] = random.nextBoolean() ? (byte) random.nextInt(256) : (byte) (mutant[at] ^ 1);
            }
            try {
                codec.decode(mutant);
            } catch (ProtocolDecodeException e) {
                continue;
            }
            accepted++;
            // accepted by us: msgpack-core must find exactly one complete value (it is safe to let it allocate:
            // every length in the frame has been checked against the frame's size)
            try (MessageUnpacker u = MessagePack.newDefaultUnpacker(mutant)) {
                u.unpackValue();
                assertThat(u.hasNext())
                        .as("trailing bytes in an accepted frame")
                        .isFalse();
            } catch (IOException | RuntimeException e) {
                fail("accepted a frame msgpack-core rejects: " + HexFormat.of().formatHex(mutant), e);
            }
        }
        assertThat(accepted).as("some mutants stay valid").isGreaterThan(100);
    }

    /** The bytes allocated by the current thread, through HotSpot's management extension, if present. */
    private static @Nullable Method allocatedBytes() {
        try {
            Class<?> mx = Class.forName("com.sun.management.ThreadMXBean");
            return mx.getMethod("getCurrentThreadAllocatedBytes");
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    @Test
    void TR4_encodingAllocatesOnlyTheResult() throws Exception {
        Method allocated = allocatedBytes();
        Object bean = Class.forName("java.lang.management.ManagementFactory")
                .getMethod("getThreadMXBean")
                .invoke(null);
        if (allocated == null || (long) allocated.invoke(bean) < 0) {
            Assumptions.abort("this JVM has no per-thread allocation counter");
            return;
        }
        ProtocolMessage m = ProtocolMessage.builder(ProtocolMessage.Action.MESSAGE)
                .id("Wm5AHEJ5tr:0")
                .channel("bench-channel")
                .channelSerial("a7Zk0Pq1:12")
                .connectionId("Wm5AHEJ5tr")
                .timestamp(1_763_769_600_000L)
                .addMessage(Message.builder()
                        .id("Wm5AHEJ5tr:0:0")
                        .name("greeting")
                        .clientId("alice")
                        .connectionId("Wm5AHEJ5tr")
                        .timestamp(1_763_769_600_000L)
                        .data("x".repeat(100))
                        .build())
                .build();
        int frameLength = codec.encode(m).length;
        for (int i = 0; i < 1000; i++) {
            codec.encode(m); // warm up (links the call sites)
        }
        int n = 1000;
        long before = (long) allocated.invoke(bean);
        for (int i = 0; i < n; i++) {
            codec.encode(m);
        }
        long perFrame = ((long) allocated.invoke(bean) - before) / n;
        // a byte[] costs a 16-byte header plus its length rounded up to 8; allow a little for JVM differences
        assertThat(perFrame).isLessThanOrEqualTo(frameLength + 16 + 8 + 32L);
    }
}
