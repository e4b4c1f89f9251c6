package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;
import org.msgpack.core.MessageUnpacker;

/**
 * {@link MsgpackOutput} writes every value byte for byte as msgpack-core's packer does (smallest format, at
 * every size boundary), and msgpack-core's unpacker reads it back.
 */
class MsgpackOutputTest {
    private static final HexFormat HEX = HexFormat.of();

    interface PackerAction {
        void pack(MessagePacker p) throws IOException;
    }

    private static byte[] core(PackerAction action) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            action.pack(p);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] ours(Consumer<MsgpackOutput> action) {
        MsgpackOutput out = new MsgpackOutput();
        action.accept(out);
        return out.toByteArray();
    }

    private static MessageUnpacker unpacker(byte[] bytes) {
        return MessagePack.newDefaultUnpacker(bytes);
    }

    @ParameterizedTest
    @MethodSource("io.ably4j.internal.protocol.MsgpackTestSupport#integerBoundaries")
    void integersAtEveryWidthBoundaryMatchMsgpackCore(long v) throws IOException {
        byte[] bytes = ours(o -> o.writeLong(v));
        assertThat(HEX.formatHex(bytes)).as("%d", v).isEqualTo(HEX.formatHex(core(p -> p.packLong(v))));
        try (MessageUnpacker u = unpacker(bytes)) {
            assertThat(u.unpackLong()).isEqualTo(v);
            assertThat(u.hasNext()).isFalse();
        }
    }

    @Property(tries = 2000)
    void anyIntegerMatchesMsgpackCore(@ForAll long v) {
        assertThat(ours(o -> o.writeLong(v))).isEqualTo(core(p -> p.packLong(v)));
    }

    @Test
    void integerFormatsAreTheSmallest() {
        assertThat(HEX.formatHex(ours(o -> o.writeLong(127)))).isEqualTo("7f"); // positive fixint
        assertThat(HEX.formatHex(ours(o -> o.writeLong(-32)))).isEqualTo("e0"); // negative fixint
        assertThat(HEX.formatHex(ours(o -> o.writeLong(-33)))).isEqualTo("d0df"); // int8
        assertThat(HEX.formatHex(ours(o -> o.writeLong(200)))).isEqualTo("ccc8"); // uint8
        assertThat(HEX.formatHex(ours(o -> o.writeLong(-200)))).isEqualTo("d1ff38"); // int16
        assertThat(HEX.formatHex(ours(o -> o.writeLong(65535)))).isEqualTo("cdffff"); // uint16
        assertThat(HEX.formatHex(ours(o -> o.writeLong(-40000)))).isEqualTo("d2ffff63c0"); // int32
        assertThat(HEX.formatHex(ours(o -> o.writeLong(65536)))).isEqualTo("ce00010000"); // uint32
        assertThat(HEX.formatHex(ours(o -> o.writeLong(1L << 32)))).isEqualTo("cf0000000100000000"); // uint64
        assertThat(HEX.formatHex(ours(o -> o.writeLong(Long.MIN_VALUE)))).isEqualTo("d38000000000000000"); // int64
    }

    @Test
    void bigIntegersUpTo2Pow64MinusOne() throws IOException {
        BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (BigInteger v : new BigInteger[] {
            BigInteger.ZERO,
            BigInteger.valueOf(Long.MIN_VALUE),
            BigInteger.valueOf(Long.MAX_VALUE),
            BigInteger.ONE.shiftLeft(63),
            max
        }) {
            byte[] bytes = ours(o -> o.writeBigInteger(v));
            assertThat(bytes).as("%s", v).isEqualTo(core(p -> p.packBigInteger(v)));
            try (MessageUnpacker u = unpacker(bytes)) {
                assertThat(u.unpackBigInteger()).isEqualTo(v);
            }
        }
        MsgpackOutput out = new MsgpackOutput();
        assertThatThrownBy(() -> out.writeBigInteger(max.add(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() ->
                        out.writeBigInteger(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(out.size()).isZero();
    }

    @Test
    void scalars() throws IOException {
        for (double d : new double[] {0.0, -0.0, 1.5, -1e300, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE}) {
            byte[] bytes = ours(o -> o.writeDouble(d));
            assertThat(bytes).as("%s", d).isEqualTo(core(p -> p.packDouble(d)));
            assertThat(bytes).hasSize(9);
        }
        assertThat(ours(MsgpackOutput::writeNil)).isEqualTo(core(MessagePacker::packNil));
        assertThat(ours(o -> o.writeBoolean(true))).isEqualTo(core(p -> p.packBoolean(true)));
        assertThat(ours(o -> o.writeBoolean(false))).isEqualTo(core(p -> p.packBoolean(false)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 31, 32, 255, 256, 65535, 65536, 70000})
    void containerHeadersAtEveryBoundaryMatchMsgpackCore(int n) {
        assertThat(ours(o -> o.writeMapHeader(n))).as("map %d", n).isEqualTo(core(p -> p.packMapHeader(n)));
        assertThat(ours(o -> o.writeArrayHeader(n))).as("array %d", n).isEqualTo(core(p -> p.packArrayHeader(n)));
        MessageFormat map = MessageFormat.valueOf(ours(o -> o.writeMapHeader(n))[0]);
        MessageFormat array = MessageFormat.valueOf(ours(o -> o.writeArrayHeader(n))[0]);
        if (n < 16) {
            assertThat(map).isEqualTo(MessageFormat.FIXMAP);
            assertThat(array).isEqualTo(MessageFormat.FIXARRAY);
        } else if (n < 65536) {
            assertThat(map).isEqualTo(MessageFormat.MAP16);
            assertThat(array).isEqualTo(MessageFormat.ARRAY16);
        } else {
            assertThat(map).isEqualTo(MessageFormat.MAP32);
            assertThat(array).isEqualTo(MessageFormat.ARRAY32);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 255, 256, 65535, 65536, 70000})
    void binaryAtEveryBoundaryMatchesMsgpackCore(int n) throws IOException {
        byte[] value = new byte[n];
        for (int i = 0; i < n; i++) {
            value[i] = (byte) (i * 7);
        }
        byte[] bytes = ours(o -> o.writeBinary(value));
        assertThat(bytes).isEqualTo(core(p -> {
            p.packBinaryHeader(n);
            p.writePayload(value);
        }));
        assertThat(MessageFormat.valueOf(bytes[0]))
                .isEqualTo(n < 256 ? MessageFormat.BIN8 : n < 65536 ? MessageFormat.BIN16 : MessageFormat.BIN32);
        try (MessageUnpacker u = unpacker(bytes)) {
            assertThat(u.readPayload(u.unpackBinaryHeader())).isEqualTo(value);
            assertThat(u.hasNext()).isFalse();
        }
    }

    private static void assertStringMatchesMsgpackCore(String s) throws IOException {
        byte[] bytes = ours(o -> o.writeString(s));
        assertThat(HEX.formatHex(bytes)).isEqualTo(HEX.formatHex(core(p -> p.packString(s))));
        try (MessageUnpacker u = unpacker(bytes)) {
            assertThat(u.unpackString()).isEqualTo(s);
            assertThat(u.hasNext()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 255, 256, 511, 512, 65535, 65536, 70000})
    void asciiStringsAtEveryBoundaryMatchMsgpackCore(int n) throws IOException {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + i % 26));
        }
        assertStringMatchesMsgpackCore(s.toString());
        int first = ours(o -> o.writeString(s.toString()))[0] & 0xff;
        int expected = n < 32 ? 0xa0 | n : n < 256 ? 0xd9 : n < 65536 ? 0xda : 0xdb;
        assertThat(first).isEqualTo(expected);
    }

    @Test
    void nonAsciiStringsAreSizedByTheirUtf8Length() throws IOException {
        // fewer chars than the boundary, but as many UTF-8 bytes
        for (String s : new String[] {
            "é".repeat(15) + "a", // 31 bytes: fixstr
            "é".repeat(200), // 200 chars (a str8 header if ASCII) but 400 bytes: str16
            "é".repeat(40000), // 40000 chars (str16 if ASCII) but 80000 bytes: str32
            "é".repeat(16), // 32 bytes: str8
            "€".repeat(85), // 255 bytes: str8
            "€".repeat(85) + "a", // 256 bytes: str16
            "é".repeat(32767) + "a", // 65535 bytes: str16
            "é".repeat(32768), // 65536 bytes: str32
            "\uD83D\uDE00".repeat(8), // 32 bytes of 4-byte sequences: str8
            "a\u07ff\u0800\uffff\uD800\uDC00\uDBFF\uDFFFz", // every UTF-8 sequence length at its limits
            "\u0080\u00ff",
        }) {
            assertStringMatchesMsgpackCore(s);
            assertThat(MsgpackOutput.utf8Length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    /** The header and UTF-8 bytes {@link String#getBytes} gives, which replaces unpaired surrogates with '?'. */
    private static byte[] expectedString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        return core(p -> {
            p.packRawStringHeader(utf8.length);
            p.writePayload(utf8);
        });
    }

    @Test
    void unpairedSurrogatesBecomeQuestionMarksAsStringGetBytesDoes() throws IOException {
        for (String s : new String[] {
            "\uD800",
            "\uDC00",
            "a\uD800b",
            "a\uDC00\uD800b",
            "\uD800\uD800\uDC00",
            "x\uDBFF",
            "x".repeat(40) + "\uD800",
            "\uDC00" + "y".repeat(40),
            "z".repeat(40) + "\uD800\uD800\uDC00\uDC00",
            "a".repeat(40) + "\uD800" + "b".repeat(40) + "\uDC00"
        }) {
            byte[] bytes = ours(o -> o.writeString(s));
            assertThat(bytes).as(s).isEqualTo(expectedString(s));
            assertThat(bytes).as(s).isEqualTo(core(p -> p.packString(s)));
            assertThat(MsgpackOutput.utf8Length(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Property(tries = 2000)
    void anyStringIsItsUtf8(@ForAll String s) throws IOException {
        assertThat(ours(o -> o.writeString(s))).isEqualTo(expectedString(s));
        if (s.length() < 512) { // msgpack-core's own path for short strings is getBytes too
            assertThat(ours(o -> o.writeString(s))).isEqualTo(core(p -> p.packString(s)));
        }
    }

    @Test
    void manyValuesGrowTheBufferAndReadBackInOrder() throws IOException {
        MsgpackOutput out = new MsgpackOutput();
        out.writeArrayHeader(3000);
        for (int i = 0; i < 1000; i++) {
            out.writeString("value-" + i + "-é");
            out.writeLong(i * 1_000_003L - 500_000_000L);
            out.writeBinary(new byte[i % 300]);
        }
        assertThat(out.size()).isGreaterThan(MsgpackOutput.INITIAL_CAPACITY);
        try (MessageUnpacker u = unpacker(out.toByteArray())) {
            assertThat(u.unpackArrayHeader()).isEqualTo(3000);
            for (int i = 0; i < 1000; i++) {
                assertThat(u.unpackString()).isEqualTo("value-" + i + "-é");
                assertThat(u.unpackLong()).isEqualTo(i * 1_000_003L - 500_000_000L);
                assertThat(u.unpackBinaryHeader()).isEqualTo(i % 300);
                u.readPayload(i % 300);
            }
            assertThat(u.hasNext()).isFalse();
        }
    }

    @Test
    void resetStartsAFreshFrameAndDropsAnOversizedBuffer() {
        MsgpackOutput out = new MsgpackOutput();
        out.writeString("first");
        out.reset();
        out.writeLong(7);
        assertThat(out.toByteArray()).containsExactly(7);

        out.reset();
        out.writeBinary(new byte[MsgpackOutput.MAX_RETAINED_CAPACITY + 1]); // one huge frame
        assertThat(out.size()).isEqualTo(MsgpackOutput.MAX_RETAINED_CAPACITY + 6);
        out.reset();
        assertThat(out.size()).isZero();
        out.writeString("after");
        assertThat(out.toByteArray()).isEqualTo(ours(o -> o.writeString("after")));
    }

    @Test
    void toByteArrayReturnsAFreshCopy() {
        MsgpackOutput out = new MsgpackOutput();
        out.writeString("abc");
        byte[] first = out.toByteArray();
        byte[] second = out.toByteArray();
        assertThat(first).isEqualTo(second).isNotSameAs(second);
        first[0] = 0;
        assertThat(out.toByteArray()).isEqualTo(second);
        assertThat(Arrays.equals(first, second)).isFalse();
    }

    @Test
    void wireWriterNamesAreCachedByIdentityButAlwaysWrittenCorrectly() throws IOException {
        MsgpackWireWriter w = new MsgpackWireWriter();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 500; i++) { // far more names than cache slots: most take the uncached path
            names.add("field" + i + (i % 3 == 0 ? "é" : ""));
        }
        for (int round = 0; round < 3; round++) {
            w.clear();
            for (String name : names) {
                w.name(name);
                w.key(name);
                w.name(new String(name.toCharArray())); // equal but not identical: no false cache hit
            }
            try (MessageUnpacker u = unpacker(w.toByteArray())) {
                for (String name : names) {
                    assertThat(u.unpackString()).isEqualTo(name);
                    assertThat(u.unpackString()).isEqualTo(name);
                    assertThat(u.unpackString()).isEqualTo(name);
                }
                assertThat(u.hasNext()).isFalse();
            }
        }
    }

    @Test
    void negativeSizesRejected() {
        MsgpackOutput out = new MsgpackOutput();
        assertThatThrownBy(() -> out.writeMapHeader(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> out.writeArrayHeader(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> out.writeBinaryHeader(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
