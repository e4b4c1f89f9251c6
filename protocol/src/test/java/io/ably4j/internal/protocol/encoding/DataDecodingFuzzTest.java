package io.ably4j.internal.protocol.encoding;

import static io.ably4j.internal.protocol.encoding.MessagesEncodingFixtureTest.assertData;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.CipherParams;
import io.ably4j.types.Crypto;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the data decoding and decryption path (RSL6, RSL5): random {@code encoding} chains (known steps, unknown
 * ones, empty segments, wrong case, ciphers of the wrong size) over random payloads of every wire type, and valid
 * encodings whose payloads are then corrupted (bit flips, truncation, wrong key). Property: {@link
 * DataEncoding#decode} never throws; it either completes, or stops with error 40013 (40019 for vcdiff) and keeps the
 * steps not undone as a prefix of the original encoding (RSL6b). Valid encodings round-trip in both formats with
 * and without a cipher (RSL4, RSL5, RSL6a).
 *
 * <p>Seeded. {@code -Dfuzz.tries=N} sets the inputs per property (default 5,000); {@code -Dfuzz.seed=S} the seed.
 */
class DataDecodingFuzzTest {
    private static final int TRIES = Integer.getInteger("fuzz.tries", 5_000);
    private static final long SEED = Long.getLong("fuzz.seed", 0xDA7AL);
    private static final String[] STEPS = {
        "base64",
        "utf-8",
        "json",
        "cipher+aes-128-cbc",
        "cipher+aes-256-cbc",
        "vcdiff",
        "",
        "UTF-8",
        "Base64",
        "cipher+aes-192-cbc",
        "cipher+aes-256-ecb",
        "cipher+",
        "cipher",
        "x",
        " json",
        "json ",
        "utf8"
    };
    private static final CipherParams KEY128 = Crypto.getDefaultParams(new byte[16]);
    private static final CipherParams KEY256 = Crypto.getDefaultParams(new byte[32]);

    private static @Nullable CipherParams cipher(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> KEY128;
            case 2 -> KEY256;
            default -> Crypto.getDefaultParams(Crypto.generateRandomKey(random.nextBoolean() ? 128 : 256));
        };
    }

    private static byte[] bytes(Random random, int max) {
        byte[] b = new byte[random.nextInt(max)];
        random.nextBytes(b);
        return b;
    }

    private static @Nullable Object payload(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> null;
            case 1 -> bytes(random, 80);
            case 2 -> new String(bytes(random, 80), StandardCharsets.ISO_8859_1);
            case 3 -> Base64.getEncoder().encodeToString(bytes(random, 80)); // valid base64
            case 4 -> "{\"a\":[1,\"" + random.nextInt() + "\"]}"; // valid JSON text
            case 5 -> Json.of(List.of(random.nextInt(), "x"));
            default -> new String(bytes(random, 48), StandardCharsets.UTF_8);
        };
    }

    private static String encoding(Random random) {
        int n = random.nextInt(6);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            if (i > 0 || random.nextInt(10) == 0) {
                b.append('/');
            }
            b.append(STEPS[random.nextInt(STEPS.length)]);
        }
        if (random.nextInt(10) == 0) {
            b.append('/');
        }
        return b.toString();
    }

    /** The RSL6b contract for one decode. */
    private static DataEncoding.Decoded decodeChecked(
            @Nullable Object data, String encoding, @Nullable CipherParams c) {
        DataEncoding.Decoded d;
        try {
            d = DataEncoding.decode(data, encoding, c);
        } catch (Throwable t) {
            throw new AssertionError("decode threw " + t + " for encoding '" + encoding + "' data " + show(data), t);
        }
        if (d.error() != null) {
            assertThat(d.error().code()).as(encoding).isIn(40013, 40019);
            assertThat(d.encoding()).as(encoding).isNotNull();
            assertThat(encoding).startsWith(d.encoding());
        } else if (data != null) {
            assertThat(d.encoding()).as(encoding).isNull();
        }
        Object out = d.data();
        assertThat(out == null || out instanceof String || out instanceof byte[] || out instanceof Json)
                .as("decoded data type %s", out == null ? null : out.getClass())
                .isTrue();
        return d;
    }

    private static String show(@Nullable Object data) {
        return data instanceof byte[] b ? HexFormat.of().formatHex(b) : String.valueOf(data);
    }

    @Test
    void RSL6b_randomEncodingsAndPayloads_neverThrow() {
        Random random = new Random(SEED);
        int complete = 0;
        for (int i = 0; i < TRIES; i++) {
            Object data = payload(random);
            String encoding = encoding(random);
            CipherParams c = cipher(random);
            if (decodeChecked(data, encoding, c).error() == null) {
                complete++;
            }
            // the same through whole messages and presence messages, as received
            Message m =
                    Message.builder().name("n").data(data).encoding(encoding).build();
            DecodeResult<Message> rm = DataEncoding.decode(m, c);
            assertThat(rm.value().name()).isEqualTo("n");
            PresenceMessage p = PresenceMessage.builder(PresenceAction.ENTER)
                    .data(data)
                    .encoding(encoding)
                    .build();
            assertThat(DataEncoding.decode(p, c).value().action()).isEqualTo(PresenceAction.ENTER);
        }
        System.out.printf("data decoding: %d random encodings, %d decoded completely%n", TRIES, complete);
        assertThat(complete).as("some chains decode").isPositive();
        assertThat(complete).as("most fail").isLessThan(TRIES);
    }

    @Test
    void RSL5_RSL6a_validEncodingsRoundTrip_andCorruptedOnesFailCleanly() {
        Random random = new Random(SEED + 1);
        for (int i = 0; i < TRIES; i++) {
            Object payload = switch (random.nextInt(3)) {
                case 0 -> bytes(random, 200);
                case 1 -> new String(bytes(random, 60), StandardCharsets.UTF_8);
                default -> Json.of(List.of(random.nextLong(), "x" + random.nextInt()));
            };
            WireFormat format = random.nextBoolean() ? WireFormat.JSON : WireFormat.MSGPACK;
            CipherParams c = random.nextBoolean() ? cipher(random) : null;
            DataEncoding.Encoded e = DataEncoding.encode(payload, null, c, format);
            String encoding = e.encoding() == null ? "" : e.encoding();
            DataEncoding.Decoded d = decodeChecked(e.data(), encoding, c);
            assertThat(d.error()).as("seed %d try %d: %s", SEED, i, encoding).isNull();
            assertData(d.data(), payload);

            // corrupt it: flip a bit, truncate, or decrypt with another key
            Object wire = e.data();
            switch (random.nextInt(3)) {
                case 0 -> wire = flip(wire, random);
                case 1 -> wire = truncate(wire, random);
                default -> c = c == null ? KEY256 : Crypto.getDefaultParams(Crypto.generateRandomKey(c.keyLength()));
            }
            decodeChecked(wire, encoding, c);
        }
    }

    private static @Nullable Object flip(@Nullable Object wire, Random random) {
        if (wire instanceof byte[] b && b.length > 0) {
            byte[] copy = b.clone();
            copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
            return copy;
        }
        if (wire instanceof String s && !s.isEmpty()) {
            char[] chars = s.toCharArray();
            chars[random.nextInt(chars.length)] ^= (char) (1 << random.nextInt(7));
            return new String(chars);
        }
        return wire;
    }

    private static @Nullable Object truncate(@Nullable Object wire, Random random) {
        if (wire instanceof byte[] b) {
            return java.util.Arrays.copyOf(b, random.nextInt(b.length + 1));
        }
        if (wire instanceof String s) {
            return s.substring(0, random.nextInt(s.length() + 1));
        }
        return wire;
    }
}
