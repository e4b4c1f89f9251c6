package io.ably4j.internal.protocol.encoding;

import static io.ably4j.internal.protocol.encoding.MessagesEncodingFixtureTest.assertData;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.AblyException;
import io.ably4j.types.CipherParams;
import io.ably4j.types.Crypto;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Channel encryption: Crypto (RSE1, RSE2), CipherParams (TZ2, CO2, TB3) and encrypted payloads (RSL5, RSL6b). */
class CryptoTest {
    private static final byte[] KEY_128 = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");
    private static final byte[] KEY_256 =
            HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

    private static void assertInvalid(ThrowingCallable call, int code) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AblyException.class, e -> {
            assertThat(e.errorInfo().code()).isEqualTo(code);
            assertThat(e.errorInfo().statusCode()).isEqualTo(400);
        });
    }

    @Test
    void RSE1a_RSE1d_defaultParamsFromBinaryKey() {
        CipherParams p128 = Crypto.getDefaultParams(KEY_128);
        assertThat(p128.algorithm()).isEqualTo("aes");
        assertThat(p128.mode()).isEqualTo("cbc");
        assertThat(p128.keyLength()).isEqualTo(128);
        assertThat(p128.key()).containsExactly(KEY_128);
        assertThat(p128.encodingName()).isEqualTo("cipher+aes-128-cbc");
        CipherParams p256 = Crypto.getDefaultParams(KEY_256);
        assertThat(p256.keyLength()).isEqualTo(256);
        assertThat(p256.encodingName()).isEqualTo("cipher+aes-256-cbc");
    }

    @Test
    void RSE1c_base64AndBase64UrlKeys() {
        // 0xfb 0xff ... has '+' and '/' in base64, '-' and '_' in base64url.
        byte[] key = HexFormat.of().parseHex("fbfffefbfffefbfffefbfffefbfffeff");
        String standard = Base64.getEncoder().encodeToString(key);
        String url = Base64.getUrlEncoder().withoutPadding().encodeToString(key);
        assertThat(standard).containsAnyOf("+", "/");
        assertThat(url).containsAnyOf("-", "_");
        assertThat(Crypto.getDefaultParams(standard).key()).containsExactly(key);
        assertThat(Crypto.getDefaultParams(url).key()).containsExactly(key);
        assertThat(Crypto.getDefaultParams(standard)).isEqualTo(Crypto.getDefaultParams(key));
    }

    @Test
    void RSE1c_invalidBase64Key() {
        assertInvalid(() -> Crypto.getDefaultParams("not*base64!"), 40003);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 8, 15, 17, 24, 31, 33, 64})
    void RSE1e_invalidKeyLengthRejected(int bytes) {
        assertInvalid(() -> Crypto.getDefaultParams(new byte[bytes]), 40003);
    }

    @Test
    void RSE1e_CO2_inconsistentOptionsRejected() {
        assertInvalid(() -> CipherParams.builder().key(KEY_128).keyLength(256).build(), 40003);
        assertInvalid(() -> CipherParams.builder().key(KEY_128).algorithm("des").build(), 40003);
        assertInvalid(() -> CipherParams.builder().key(KEY_128).mode("ecb").build(), 40003);
        assertInvalid(() -> CipherParams.builder().build(), 40003);
    }

    @Test
    void CO2_optionsAreCaseInsensitiveAndKeyLengthMayBeGiven() {
        CipherParams p = CipherParams.builder()
                .algorithm("AES")
                .mode("CBC")
                .keyLength(256)
                .key(KEY_256)
                .build();
        assertThat(p).isEqualTo(Crypto.getDefaultParams(KEY_256));
        assertThat(p.algorithm()).isEqualTo("aes");
        assertThat(p.mode()).isEqualTo("cbc");
    }

    @Test
    void TB3_with_cipher_key_0() {
        // The UTS ChannelOptions.withCipherKey case: a base64 key alone yields complete AES params.
        CipherParams p = Crypto.getDefaultParams("MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=");
        assertThat(p.algorithm()).isEqualTo("aes");
        assertThat(p.keyLength()).isEqualTo(256);
    }

    @Test
    void TZ2d_keyIsCopiedInAndOut() {
        byte[] key = KEY_128.clone();
        CipherParams p = Crypto.getDefaultParams(key);
        key[0] = 42;
        assertThat(p.key()).containsExactly(KEY_128);
        p.key()[1] = 42;
        assertThat(p.key()).containsExactly(KEY_128);
    }

    @Test
    void TZ2_toStringNeverShowsTheKey() {
        CipherParams p = Crypto.getDefaultParams(KEY_256);
        String base64Key = Base64.getEncoder().encodeToString(KEY_256);
        assertThat(p.toString())
                .contains("aes", "256", "cbc")
                .doesNotContain(base64Key)
                .doesNotContain(HexFormat.of().formatHex(KEY_256))
                .doesNotContain(Arrays.toString(KEY_256));
    }

    @Test
    void TZ2_equalityByValue() {
        assertThat(Crypto.getDefaultParams(KEY_128))
                .isEqualTo(Crypto.getDefaultParams(KEY_128.clone()))
                .hasSameHashCodeAs(Crypto.getDefaultParams(KEY_128.clone()))
                .isNotEqualTo(Crypto.getDefaultParams(new byte[16]));
    }

    @Test
    void RSE2a_RSE2b_generateRandomKeyLengths() {
        assertThat(Crypto.generateRandomKey()).hasSize(32);
        assertThat(Crypto.generateRandomKey(256)).hasSize(32);
        assertThat(Crypto.generateRandomKey(128)).hasSize(16);
        assertThat(Crypto.generateRandomKey()).isNotEqualTo(Crypto.generateRandomKey());
        assertThat(Crypto.getDefaultParams(Crypto.generateRandomKey()).keyLength())
                .isEqualTo(256);
        assertInvalid(() -> Crypto.generateRandomKey(192), 40003);
        assertInvalid(() -> Crypto.generateRandomKey(0), 40003);
        assertInvalid(() -> Crypto.generateRandomKey(-128), 40003);
    }

    @ParameterizedTest
    @EnumSource(WireFormat.class)
    void RSL5a_RSL5b_roundTripEveryPayloadTypeAndKeyLength(WireFormat format) {
        Object[] payloads = {
            "héllo wörld €", "", new byte[] {0, 1, 2, (byte) 0xff}, new byte[0], Json.of(Map.of("a", 1L))
        };
        for (byte[] key : new byte[][] {KEY_128, KEY_256}) {
            CipherParams params = Crypto.getDefaultParams(key);
            for (Object payload : payloads) {
                DataEncoding.Encoded e = DataEncoding.encode(payload, null, params, format);
                assertThat(e.encoding()).contains(params.encodingName());
                if (format == WireFormat.JSON) {
                    assertThat(e.data()).isInstanceOf(String.class);
                    assertThat(e.encoding()).endsWith("/base64");
                } else {
                    assertThat(e.data()).isInstanceOf(byte[].class);
                    assertThat(e.encoding()).endsWith(params.encodingName());
                }
                DataEncoding.Decoded d = DataEncoding.decode(e.data(), e.encoding(), params);
                assertThat(d.error()).isNull();
                assertThat(d.encoding()).isNull();
                assertData(d.data(), payload);
            }
        }
    }

    @Test
    void RSL5_encodingStepsPerPayloadType() {
        CipherParams params = Crypto.getDefaultParams(KEY_128);
        assertThat(DataEncoding.encode("s", null, params, WireFormat.JSON).encoding())
                .isEqualTo("utf-8/cipher+aes-128-cbc/base64");
        assertThat(DataEncoding.encode(new byte[1], null, params, WireFormat.JSON)
                        .encoding())
                .isEqualTo("cipher+aes-128-cbc/base64");
        assertThat(DataEncoding.encode(Json.of(Map.of()), null, params, WireFormat.JSON)
                        .encoding())
                .isEqualTo("json/utf-8/cipher+aes-128-cbc/base64");
        assertThat(DataEncoding.encode("s", null, params, WireFormat.MSGPACK).encoding())
                .isEqualTo("utf-8/cipher+aes-128-cbc");
        assertThat(DataEncoding.encode(Json.of(Map.of()), null, params, WireFormat.MSGPACK)
                        .encoding())
                .isEqualTo("json/utf-8/cipher+aes-128-cbc");
    }

    @Test
    void RSL5_ciphertextIsIvPlusPaddedBlocks() {
        CipherParams params = Crypto.getDefaultParams(KEY_256);
        byte[] iv = HexFormat.of().parseHex("0f0e0d0c0b0a09080706050403020100");
        for (int len : new int[] {0, 1, 15, 16, 17, 32}) {
            DataEncoding.Encoded e = DataEncoding.encode(new byte[len], null, params, WireFormat.MSGPACK, iv::clone);
            byte[] out = (byte[]) e.data();
            assertThat(out).hasSize(16 + (len / 16 + 1) * 16); // PKCS#7 always adds 1..16 bytes
            assertThat(Arrays.copyOf(out, 16)).containsExactly(iv);
        }
    }

    @Test
    void RSL5_randomIvDiffersBetweenEncryptions() {
        CipherParams params = Crypto.getDefaultParams(KEY_128);
        byte[] a = (byte[])
                DataEncoding.encode("same", null, params, WireFormat.MSGPACK).data();
        byte[] b = (byte[])
                DataEncoding.encode("same", null, params, WireFormat.MSGPACK).data();
        assertThat(Arrays.copyOf(a, 16)).isNotEqualTo(Arrays.copyOf(b, 16));
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void RSL5_badIvSourceRejected() {
        CipherParams params = Crypto.getDefaultParams(KEY_128);
        assertThatThrownBy(() -> DataEncoding.encode("x", null, params, WireFormat.JSON, () -> new byte[8]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void RSL6b_noCipherKeepsCipherStepAndDeliversBinary() {
        // The spec's example: "utf-8/cipher+aes-128-cbc/base64" without cipher params.
        CipherParams params = Crypto.getDefaultParams(KEY_128);
        DataEncoding.Encoded e = DataEncoding.encode("secret", null, params, WireFormat.JSON);
        DataEncoding.Decoded d = DataEncoding.decode(e.data(), e.encoding(), null);
        assertThat(d.encoding()).isEqualTo("utf-8/cipher+aes-128-cbc");
        assertThat(d.data()).isInstanceOf(byte[].class);
        assertThat((byte[]) d.data()).containsExactly(Base64.getDecoder().decode((String) e.data()));
        assertThat(d.error()).isNotNull();
        assertThat(d.isComplete()).isFalse();
    }

    @Test
    void RSL6b_wrongKeyKeepsCipherStep() {
        CipherParams right = Crypto.getDefaultParams(KEY_128);
        CipherParams wrong = Crypto.getDefaultParams(HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100"));
        byte[] iv = new byte[16];
        Message sent = DataEncoding.encode(
                Message.builder().name("n").data("a secret message").build(), right, WireFormat.JSON, iv::clone);
        DecodeResult<Message> r = DataEncoding.decode(sent, wrong);
        assertThat(r.value().encoding()).isEqualTo("utf-8/cipher+aes-128-cbc");
        assertThat(r.value().data()).isInstanceOf(byte[].class);
        assertThat(r.value().name()).isEqualTo("n");
        assertThat(MessageEncodingUtsTest.errorOf(r).code()).isEqualTo(40013);
        // and the right key still decrypts it
        DecodeResult<Message> ok = DataEncoding.decode(sent, right);
        assertThat(ok.error()).isNull();
        assertThat(ok.value().data()).isEqualTo("a secret message");
    }

    @Test
    void RSL6b_keyLengthMismatchKeepsCipherStep() {
        DataEncoding.Encoded e =
                DataEncoding.encode(new byte[] {1, 2, 3}, null, Crypto.getDefaultParams(KEY_256), WireFormat.MSGPACK);
        DataEncoding.Decoded d = DataEncoding.decode(e.data(), e.encoding(), Crypto.getDefaultParams(KEY_128));
        assertThat(d.encoding()).isEqualTo("cipher+aes-256-cbc");
        assertThat(d.data()).isSameAs(e.data());
        assertThat(d.error()).isNotNull();
        assertThat(String.valueOf(d.error())).contains("cipher+aes-256-cbc", "cipher+aes-128-cbc");
    }

    @Test
    void RSL6b_truncatedCiphertextKeepsCipherStep() {
        CipherParams params = Crypto.getDefaultParams(KEY_128);
        for (int len : new int[] {0, 15, 16, 31, 33}) {
            DataEncoding.Decoded d = DataEncoding.decode(new byte[len], "cipher+aes-128-cbc", params);
            assertThat(d.encoding()).as("length %d", len).isEqualTo("cipher+aes-128-cbc");
            assertThat(d.error()).as("length %d", len).isNotNull();
        }
    }

    @Test
    void RSL6b_unsupportedCipherAlgorithm() {
        DataEncoding.Decoded d =
                DataEncoding.decode(new byte[32], "cipher+des-64-ecb", Crypto.getDefaultParams(KEY_128));
        assertThat(d.encoding()).isEqualTo("cipher+des-64-ecb");
        assertThat(d.error()).isNotNull();
    }

    @Test
    void RSL5a_presenceDataIsEncryptedToo() {
        CipherParams params = Crypto.getDefaultParams(KEY_256);
        PresenceMessage plain = PresenceMessage.builder(PresenceAction.ENTER)
                .clientId("c1")
                .data(Json.of(Map.of("status", "here")))
                .build();
        PresenceMessage wire = DataEncoding.encode(plain, params, WireFormat.JSON);
        assertThat(wire.encoding()).isEqualTo("json/utf-8/cipher+aes-256-cbc/base64");
        assertThat(wire.clientId()).isEqualTo("c1");
        DecodeResult<PresenceMessage> back = DataEncoding.decode(wire, params);
        assertThat(back.error()).isNull();
        assertThat(back.value()).isEqualTo(plain);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2b7e151628aed2a6abf7158809cf4f3c:7649abac8119b246cee98e9b12e9197d",
                "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4:f58c4c04d6e5f1ba779eabfb5f7bfbd6"
            })
    void RSL5b_nistSp800_38aCbcVectors(String vector) {
        // NIST SP 800-38A F.2.1 (AES-128) and F.2.5 (AES-256), first block.
        HexFormat hex = HexFormat.of();
        byte[] key = hex.parseHex(vector.substring(0, vector.indexOf(':')));
        byte[] expected = hex.parseHex(vector.substring(vector.indexOf(':') + 1));
        byte[] iv = hex.parseHex("000102030405060708090a0b0c0d0e0f");
        byte[] plaintext = hex.parseHex("6bc1bee22e409f96e93d7e117393172a");
        byte[] out = (byte[])
                DataEncoding.encode(plaintext, null, Crypto.getDefaultParams(key), WireFormat.MSGPACK, iv::clone)
                        .data();
        assertThat(Arrays.copyOfRange(out, 0, 16)).containsExactly(iv);
        assertThat(Arrays.copyOfRange(out, 16, 32)).containsExactly(expected);
        assertThat(out).hasSize(48); // a whole block of PKCS#7 padding follows a block-aligned plaintext
    }

    @Test
    void RSL5_concurrentEncryptionAndDecryptionAreIndependent() throws Exception {
        CipherParams a = Crypto.getDefaultParams(KEY_128);
        CipherParams b = Crypto.getDefaultParams(KEY_256);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    CipherParams params = id % 2 == 0 ? a : b;
                    for (int i = 0; i < 200; i++) {
                        String payload = "thread " + id + " message " + i;
                        DataEncoding.Encoded e = DataEncoding.encode(payload, null, params, WireFormat.JSON);
                        DataEncoding.Decoded d = DataEncoding.decode(e.data(), e.encoding(), params);
                        if (!payload.equals(d.data())) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @SuppressWarnings("NullAway") // deliberately passes null where the API forbids it
    void RSE1e_nullArgumentsRejectedWithAblyException() {
        assertInvalid(() -> Crypto.getDefaultParams((byte[]) null), 40003);
        assertInvalid(() -> Crypto.getDefaultParams((String) null), 40003);
        assertInvalid(() -> CipherParams.builder().key((byte[]) null), 40003);
        assertInvalid(() -> CipherParams.builder().algorithm(null), 40003);
        assertInvalid(() -> CipherParams.builder().mode(null), 40003);
        assertInvalid(() -> Crypto.getDefaultParams(""), 40003);
    }
}
