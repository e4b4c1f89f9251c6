package io.ably4j.types;

import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Helpers for channel encryption: build {@link CipherParams} from a key and generate random keys. Spec: RSE1, RSE2.
 *
 * <p>All methods are static and thread-safe.
 */
public final class Crypto {
    /** The key length {@link #generateRandomKey()} uses. Spec: RSE2a. */
    public static final int DEFAULT_KEY_LENGTH = 256;

    private static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {}

    /**
     * Cipher params for AES-CBC with the given key, the key length taken from the key. Spec: RSE1a, RSE1d.
     *
     * @param key the secret key, 16 or 32 bytes
     * @return AES-CBC parameters for that key
     * @throws AblyException with code 40003 if the key is null or not 128 or 256 bits long (RSE1e)
     */
    public static CipherParams getDefaultParams(byte[] key) {
        return CipherParams.builder().key(requireArg(key, "key")).build();
    }

    /**
     * Cipher params for AES-CBC with a base64 key. Spec: RSE1c. Both the standard and the URL-safe base64 alphabets are
     * accepted, padded or not.
     *
     * @param base64Key the secret key in base64, 16 or 32 bytes once decoded
     * @return AES-CBC parameters for that key
     * @throws AblyException with code 40003 if the text is not base64 or the key is not 128 or 256 bits long
     */
    public static CipherParams getDefaultParams(String base64Key) {
        return CipherParams.builder().key(requireArg(base64Key, "base64Key")).build();
    }

    /** {@return a random key of the default length, 256 bits, from a {@link SecureRandom}} Spec: RSE2a, RSE2b. */
    public static byte[] generateRandomKey() {
        return generateRandomKey(DEFAULT_KEY_LENGTH);
    }

    /**
     * A random key of {@code keyLength} bits, from a {@link SecureRandom}. Spec: RSE2a, RSE2b.
     *
     * @param keyLength the key length in bits: 128 or 256
     * @return a new key from a secure random source
     * @throws AblyException with code 40003 if {@code keyLength} is not 128 or 256
     */
    public static byte[] generateRandomKey(int keyLength) {
        checkKeyLength(keyLength);
        byte[] key = new byte[keyLength / 8];
        RANDOM.nextBytes(key);
        return key;
    }

    static void checkKeyLength(int bits) {
        if (bits != 128 && bits != 256) {
            throw invalid("unsupported AES key length " + bits + " bits; use 128 or 256");
        }
    }

    /** Decodes base64 or base64url text, padding optional. */
    static byte[] decodeKey(String base64Key) {
        String standard = base64Key.strip().replace('-', '+').replace('_', '/');
        try {
            return Base64.getDecoder().decode(standard);
        } catch (IllegalArgumentException e) {
            throw new AblyException(ErrorInfo.of(40003, 400, "the cipher key is not valid base64"), e);
        }
    }

    /** {@code value}, or an AblyException with code 40003 if it is null. */
    static <T> T requireArg(@Nullable T value, String name) {
        if (value == null) {
            throw invalid(name + " must not be null");
        }
        return value;
    }

    static AblyException invalid(String message) {
        return AblyException.of(40003, 400, message);
    }
}
