package io.ably4j.internal.protocol.encoding;

import static io.ably4j.internal.protocol.encoding.MessagesEncodingFixtureTest.assertData;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.CipherParams;
import io.ably4j.types.Crypto;
import io.ably4j.types.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Properties: decode inverts encode for every payload, format and cipher (RSL4, RSL5, RSL6a). */
class DataEncodingPropertiesTest {

    @Provide
    Arbitrary<Object> payloads() {
        Arbitrary<Object> strings = Arbitraries.strings().ofMaxLength(200).map(s -> (Object) s);
        Arbitrary<Object> bytes =
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200).map(b -> (Object) b);
        Arbitrary<Object> json = Combinators.combine(
                        Arbitraries.strings().alpha().ofMaxLength(10),
                        Arbitraries.longs(),
                        Arbitraries.strings().ofMaxLength(20))
                .as((k, n, v) -> (Object) Json.of(List.of(k, n, v)));
        return Arbitraries.oneOf(strings, bytes, json);
    }

    @Provide
    Arbitrary<@Nullable CipherParams> ciphers() {
        return Arbitraries.of(0, 128, 256)
                .map(bits -> bits == 0 ? null : Crypto.getDefaultParams(Crypto.generateRandomKey(bits)));
    }

    @Property(tries = 300)
    void RSL6a_decodeInvertsEncode(
            @ForAll("payloads") Object payload,
            @ForAll WireFormat format,
            @ForAll("ciphers") @Nullable CipherParams cipher) {
        DataEncoding.Encoded e = DataEncoding.encode(payload, null, cipher, format);
        if (format == WireFormat.JSON) {
            assertThat(e.data()).isInstanceOf(String.class);
        }
        DataEncoding.Decoded d = DataEncoding.decode(e.data(), e.encoding(), cipher);
        assertThat(d.error()).isNull();
        assertThat(d.encoding()).isNull();
        assertData(d.data(), payload);
    }

    @Property(tries = 200)
    void RSL6b_decodeNeverThrowsOnGarbage(
            @ForAll @Size(max = 64) byte[] data,
            @ForAll @IntRange(min = 0, max = 6) int steps,
            @ForAll("ciphers") @Nullable CipherParams cipher) {
        String[] known = {"base64", "utf-8", "json", "cipher+aes-128-cbc", "cipher+aes-256-cbc", "vcdiff", "x"};
        StringBuilder encoding = new StringBuilder();
        for (int i = 0; i < steps; i++) {
            encoding.append(i == 0 ? "" : "/").append(known[Math.floorMod(data.length + i * 7, known.length)]);
        }
        for (Object wire : new Object[] {data, new String(data, StandardCharsets.ISO_8859_1)}) {
            DataEncoding.Decoded d = DataEncoding.decode(wire, encoding.toString(), cipher);
            if (d.error() != null) {
                assertThat(d.encoding()).isNotNull();
                assertThat(encoding.toString()).startsWith(d.encoding());
            } else {
                assertThat(d.encoding()).isNull();
            }
        }
    }
}
