package io.ably4j.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.ably4j.internal.protocol.WireReader.Kind;
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

/**
 * {@link MsgpackInput} reads what msgpack-core's packer writes, at every size boundary and in every format
 * (including non-minimal ones other encoders may choose), and rejects truncated or oversized input with
 * {@link ProtocolDecodeException} only.
 */
class MsgpackInputTest {
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

    private static MsgpackInput input(byte[] bytes) {
        MsgpackInput in = new MsgpackInput();
        in.reset(bytes, 0, bytes.length);
        return in;
    }

    private static MsgpackInput input(String hex) {
        return input(HEX.parseHex(hex));
    }

    private static void assertFullyRead(MsgpackInput in) {
        assertThat(in.remaining()).isZero();
    }

    @ParameterizedTest
    @MethodSource("io.ably4j.internal.protocol.MsgpackTestSupport#integerBoundaries")
    void integersAtEveryWidthBoundary(long v) {
        MsgpackInput in = input(core(p -> p.packLong(v)));
        assertThat(in.peek()).isEqualTo(Kind.INTEGER);
        assertThat(in.readLong()).isEqualTo(v);
        assertFullyRead(in);
        in = input(core(p -> p.packLong(v)));
        assertThat(in.readBigInteger()).isEqualTo(BigInteger.valueOf(v));
    }

    @Property(tries = 2000)
    void anyInteger(@ForAll long v) {
        MsgpackInput in = input(core(p -> p.packLong(v)));
        assertThat(in.readLong()).isEqualTo(v);
        assertFullyRead(in);
    }

    @Test
    void nonMinimalIntegerFormats() {
        String[][] cases = {
            {"cc05", "5"},
            {"cd0005", "5"},
            {"ce00000005", "5"},
            {"cf0000000000000005", "5"},
            {"d005", "5"},
            {"d0ff", "-1"},
            {"d1ffff", "-1"},
            {"d2ffffffff", "-1"},
            {"d3ffffffffffffffff", "-1"},
            {"d00a", "10"},
            {"d17fff", "32767"},
            {"d27fffffff", "2147483647"},
            {"d2ffff63c0", "-40000"},
            {"ceffffffff", "4294967295"},
            {"cdffff", "65535"},
            {"ccff", "255"}
        };
        for (String[] c : cases) {
            MsgpackInput in = input(c[0]);
            assertThat(in.readLong()).as(c[0]).isEqualTo(Long.parseLong(c[1]));
            assertFullyRead(in);
        }
    }

    @Test
    void uint64AboveLongMaxIsRejectedAsLongButReadAsBigInteger() {
        BigInteger max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (BigInteger v : new BigInteger[] {BigInteger.ONE.shiftLeft(63), max}) {
            byte[] bytes = core(p -> p.packBigInteger(v));
            assertThatThrownBy(() -> input(bytes).readLong())
                    .isInstanceOf(ProtocolDecodeException.class)
                    .hasMessageContaining(v.toString());
            MsgpackInput in = input(bytes);
            assertThat(in.readBigInteger()).isEqualTo(v);
            assertFullyRead(in);
        }
    }

    @Test
    void floats() {
        for (double d : new double[] {0.0, -0.0, 1.5, -1e300, Double.NaN, Double.NEGATIVE_INFINITY}) {
            MsgpackInput in = input(core(p -> p.packDouble(d)));
            assertThat(in.peek()).isEqualTo(Kind.FLOAT);
            assertThat(Double.doubleToRawLongBits(in.readDouble())).isEqualTo(Double.doubleToRawLongBits(d));
            assertFullyRead(in);
        }
        for (float f : new float[] {0.25f, -3.5f, Float.MAX_VALUE}) {
            MsgpackInput in = input(core(p -> p.packFloat(f)));
            assertThat(in.readDouble()).isEqualTo((double) f);
            assertFullyRead(in);
        }
    }

    @Test
    void nilAndBooleans() {
        MsgpackInput in = input("c0c3c2");
        assertThat(in.peek()).isEqualTo(Kind.NULL);
        in.readNil();
        assertThat(in.peek()).isEqualTo(Kind.BOOLEAN);
        assertThat(in.readBoolean()).isTrue();
        assertThat(in.readBoolean()).isFalse();
        assertFullyRead(in);
    }

    private static String ascii(int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + i % 26));
        }
        return s.toString();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 255, 256, 65535, 65536, 70000})
    void stringsAtEveryBoundary(int n) {
        String s = ascii(n);
        MsgpackInput in = input(core(p -> p.packString(s)));
        assertThat(in.peek()).isEqualTo(Kind.STRING);
        assertThat(in.readString()).isEqualTo(s);
        assertFullyRead(in);
        String wide = "é".repeat(n / 2 + 1);
        in = input(core(p -> p.packString(wide)));
        assertThat(in.readString()).isEqualTo(wide);
        assertFullyRead(in);
    }

    @Property(tries = 1000)
    void anyString(@ForAll String s) {
        MsgpackInput in = input(core(p -> p.packString(s)));
        assertThat(in.readString()).isEqualTo(new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        assertFullyRead(in);
    }

    @Test
    void nonMinimalStringAndBinaryFormats() {
        for (String hex : List.of("a3616263", "d903616263", "da0003616263", "db00000003616263")) {
            MsgpackInput in = input(hex);
            assertThat(in.readString()).as(hex).isEqualTo("abc");
            assertFullyRead(in);
        }
        for (String hex : List.of("c403010203", "c50003010203", "c600000003010203")) {
            MsgpackInput in = input(hex);
            assertThat(in.peek()).isEqualTo(Kind.BINARY);
            assertThat(in.readBinary()).as(hex).containsExactly(1, 2, 3);
            assertFullyRead(in);
        }
        for (String hex : List.of("9201c0", "dc000201c0", "dd0000000201c0")) {
            MsgpackInput in = input(hex);
            assertThat(in.peek()).isEqualTo(Kind.ARRAY);
            assertThat(in.readArrayHeader()).as(hex).isEqualTo(2);
        }
        for (String hex : List.of("81a161c0", "de0001a161c0", "df00000001a161c0")) {
            MsgpackInput in = input(hex);
            assertThat(in.peek()).isEqualTo(Kind.MAP);
            assertThat(in.readMapHeader()).as(hex).isEqualTo(1);
            assertThat(in.readString()).isEqualTo("a");
        }
    }

    @Test
    void malformedUtf8BecomesReplacementCharacters() {
        MsgpackInput in = input("a3ff61c3");
        assertThat(in.readString()).isEqualTo("\uFFFDa\uFFFD");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 31, 32, 255, 256, 65535, 65536, 70000})
    void binaryAtEveryBoundary(int n) {
        byte[] value = new byte[n];
        Arrays.fill(value, (byte) 0x5a);
        MsgpackInput in = input(core(p -> {
            p.packBinaryHeader(n);
            p.writePayload(value);
        }));
        assertThat(in.readBinary()).isEqualTo(value);
        assertFullyRead(in);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 15, 16, 65535, 65536})
    void containerHeadersAtEveryBoundary(int n) {
        byte[] nils = new byte[2 * n];
        Arrays.fill(nils, (byte) 0xc0);
        MsgpackInput in = input(core(p -> {
            p.packArrayHeader(n);
            p.writePayload(nils, 0, n);
        }));
        assertThat(in.readArrayHeader()).isEqualTo(n);
        assertThat(in.remaining()).isEqualTo(n);
        in = input(core(p -> {
            p.packMapHeader(n);
            p.writePayload(nils);
        }));
        assertThat(in.readMapHeader()).isEqualTo(n);
        assertThat(in.remaining()).isEqualTo(2 * n);
    }

    @Test
    void everyFirstByteHasTheKindMsgpackCoreGivesIt() {
        for (int b = 0; b < 256; b++) {
            MessageFormat f = MessageFormat.valueOf((byte) b);
            MsgpackInput in = input(new byte[] {(byte) b});
            if (f == MessageFormat.NEVER_USED) {
                assertThatThrownBy(in::peek).isInstanceOf(ProtocolDecodeException.class);
                continue;
            }
            Kind expected = switch (f.getValueType()) {
                case NIL -> Kind.NULL;
                case BOOLEAN -> Kind.BOOLEAN;
                case INTEGER -> Kind.INTEGER;
                case FLOAT -> Kind.FLOAT;
                case STRING -> Kind.STRING;
                case BINARY -> Kind.BINARY;
                case ARRAY -> Kind.ARRAY;
                case MAP -> Kind.MAP;
                case EXTENSION -> Kind.OTHER;
            };
            assertThat(in.peek()).as("0x%02x", b).isEqualTo(expected);
        }
    }

    /** One value of every scalar format (and extension), as msgpack-core writes them. */
    private static List<byte[]> everyScalar() {
        List<byte[]> values = new ArrayList<>();
        Consumer<PackerAction> add = a -> values.add(core(a));
        for (long v :
                new long[] {5, -5, 200, -200, 60000, -40000, 1L << 31, -(1L << 31) - 1, 1L << 40, Long.MIN_VALUE}) {
            add.accept(p -> p.packLong(v));
        }
        add.accept(p -> p.packBigInteger(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
        add.accept(MessagePacker::packNil);
        add.accept(p -> p.packBoolean(true));
        add.accept(p -> p.packFloat(1.5f));
        add.accept(p -> p.packDouble(2.5));
        for (int n : new int[] {0, 3, 31, 32, 255, 256, 65536}) {
            add.accept(p -> p.packString(ascii(n)));
            add.accept(p -> {
                p.packBinaryHeader(n);
                p.writePayload(new byte[n]);
            });
        }
        for (int n : new int[] {1, 2, 4, 8, 16, 0, 3, 255, 256, 65535, 65536}) {
            add.accept(p -> {
                p.packExtensionTypeHeader((byte) 7, n); // fixext for 1..16, else ext8/16/32
                p.writePayload(new byte[n]);
            });
        }
        return values;
    }

    @Test
    void skipScalarConsumesExactlyOneValueOfEveryFormat() {
        for (byte[] value : everyScalar()) {
            byte[] followed = Arrays.copyOf(value, value.length + 1);
            followed[value.length] = (byte) 0x2a;
            MsgpackInput in = input(followed);
            in.skipScalar();
            assertThat(in.remaining())
                    .as(HEX.formatHex(value, 0, Math.min(value.length, 8)))
                    .isEqualTo(1);
            assertThat(in.readLong()).isEqualTo(42);
        }
    }

    @Test
    void truncatedValuesOfEveryFormatAreRejected() {
        List<byte[]> values = everyScalar();
        values.add(core(p -> p.packArrayHeader(70000)));
        values.add(core(p -> p.packMapHeader(70000)));
        values.add(core(p -> p.packArrayHeader(20)));
        values.add(core(p -> p.packMapHeader(20)));
        for (byte[] value : values) {
            for (int len = 0; len < value.length && len < 600; len++) {
                byte[] prefix = Arrays.copyOf(value, len);
                for (Consumer<MsgpackInput> read : List.<Consumer<MsgpackInput>>of(
                        MsgpackInput::skipScalar,
                        MsgpackInput::readLong,
                        MsgpackInput::readDouble,
                        MsgpackInput::readString,
                        MsgpackInput::readBinary,
                        MsgpackInput::readArrayHeader,
                        MsgpackInput::readMapHeader,
                        MsgpackInput::readBigInteger)) {
                    Throwable t = catchThrowable(() -> read.accept(input(prefix)));
                    assertThat(t)
                            .as("%s of %d bytes", HEX.formatHex(value, 0, Math.min(8, value.length)), len)
                            .isInstanceOf(ProtocolDecodeException.class);
                }
            }
        }
    }

    @Test
    void lengthsBeyondTheInputAreRejectedBeforeAllocation() {
        for (String hex : List.of("dbffffffff", "db7fffffff", "c6ffffffff", "c5ffff", "d9ff61")) {
            assertThatThrownBy(() -> input(hex).readString()).isInstanceOf(ProtocolDecodeException.class);
            assertThatThrownBy(() -> input(hex).readBinary()).isInstanceOf(ProtocolDecodeException.class);
            assertThatThrownBy(() -> input(hex).skipScalar()).isInstanceOf(ProtocolDecodeException.class);
        }
        assertThatThrownBy(() -> input("dd7fffffff").readArrayHeader())
                .isInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> input("dfffffffff").readMapHeader())
                .isInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining("exceeds");
        assertThatThrownBy(() -> input("c9ffffffff07").skipScalar()).isInstanceOf(ProtocolDecodeException.class);
    }

    @Test
    void wrongFormatsAndTheReservedByteAreRejected() {
        assertThatThrownBy(() -> input("a161").readLong())
                .isInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining("integer");
        assertThatThrownBy(() -> input("01").readString()).isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> input("01").readDouble()).isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> input("01").readNil()).isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> input("01").readBoolean()).isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> input("90").readMapHeader()).isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> input("80").readArrayHeader()).isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> input("c1").skipScalar())
                .isInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining("0xc1");
        assertThatThrownBy(() -> input("90").skipScalar()).isInstanceOf(ProtocolDecodeException.class);
        assertThatThrownBy(() -> input("").peek())
                .isInstanceOf(ProtocolDecodeException.class)
                .hasMessageContaining("end of msgpack input");
    }

    @Test
    void readsOnlyItsRangeOfALargerArray() {
        byte[] bytes = HEX.parseHex("ffff" + "a3616263" + "01" + "ffff");
        MsgpackInput in = new MsgpackInput();
        in.reset(bytes, 2, 5);
        assertThat(in.readString()).isEqualTo("abc");
        assertThat(in.readLong()).isEqualTo(1);
        assertFullyRead(in);
        assertThatThrownBy(in::peek).isInstanceOf(ProtocolDecodeException.class);
        in.reset(bytes, 2, 3); // the string runs past the range
        assertThatThrownBy(in::readString).isInstanceOf(ProtocolDecodeException.class);
    }
}
