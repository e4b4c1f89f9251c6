package io.ably4j.types;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The encryption settings of a channel: the algorithm ({@code "aes"}), the mode ({@code "cbc"}), the key length in bits
 * (128 or 256) and the secret key. Spec: TZ1, TZ2. Messages published on a channel with cipher params are encrypted
 * with AES-CBC and PKCS#7 padding, a random 16-byte IV preceding the ciphertext (RSL5); received messages are decrypted
 * with them.
 *
 * <p>Create one with {@link Crypto#getDefaultParams(byte[])} (RSE1) or with {@link #builder()}, whose optional
 * fields play the role of the spec's {@code CipherParamOptions} (CO1, CO2).
 *
 * <p>Instances are immutable and thread-safe; the key is copied in and out. {@link #toString()} never shows the
 * key.
 */
public final class CipherParams {
    /** The only supported algorithm, in the lower case used by the {@code cipher+} encoding. Spec: TZ2a. */
    public static final String DEFAULT_ALGORITHM = "aes";
    /** The only supported mode, in the lower case used by the {@code cipher+} encoding. Spec: TZ2c. */
    public static final String DEFAULT_MODE = "cbc";

    private final String algorithm;
    private final String mode;
    private final int keyLength;
    private final byte[] key;

    private CipherParams(String algorithm, String mode, int keyLength, byte[] key) {
        this.algorithm = algorithm;
        this.mode = mode;
        this.keyLength = keyLength;
        this.key = key;
    }

    /** {@return a builder with the defaults {@code aes} and {@code cbc}; a key is required} */
    public static Builder builder() {
        return new Builder();
    }

    /** {@return the algorithm, always {@code "aes"}} Spec: TZ2a. */
    public String algorithm() {
        return algorithm;
    }

    /** {@return the block cipher mode, always {@code "cbc"}} Spec: TZ2c. */
    public String mode() {
        return mode;
    }

    /** {@return the key length in bits, 128 or 256} Spec: TZ2b. */
    public int keyLength() {
        return keyLength;
    }

    /** {@return a copy of the secret key} Spec: TZ2d. */
    public byte[] key() {
        return key.clone();
    }

    /**
     * {@return the encoding step this cipher adds to a message's {@code encoding}, for example {@code
     * cipher+aes-256-cbc}} Spec: RSL5.
     */
    public String encodingName() {
        return "cipher+" + algorithm + "-" + keyLength + "-" + mode;
    }

    /** Equal when algorithm, mode and key are equal; keys are compared in constant time. */
    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof CipherParams c
                && algorithm.equals(c.algorithm)
                && mode.equals(c.mode)
                && keyLength == c.keyLength
                && MessageDigest.isEqual(key, c.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(algorithm, mode, keyLength);
    }

    /** Algorithm, key length and mode; never the key. */
    @Override
    public String toString() {
        return "CipherParams{" + algorithm + "-" + keyLength + "-" + mode + "}";
    }

    /**
     * Builds {@link CipherParams}; its optional fields are the spec's {@code CipherParamOptions}. Spec: CO2. Not
     * thread-safe.
     */
    public static final class Builder {
        private String algorithm = DEFAULT_ALGORITHM;
        private String mode = DEFAULT_MODE;
        private int keyLength;
        private byte @Nullable [] key;

        private Builder() {}

        /**
         * The algorithm; only {@code AES} (any case) is supported. Spec: CO2a. Default {@code aes}. Arguments of the
         * builder's methods must not be null (AblyException 40003).
         *
         * @param algorithm the algorithm; only {@code AES} (any case) is supported
         * @return this builder
         */
        public Builder algorithm(String algorithm) {
            this.algorithm = Crypto.requireArg(algorithm, "algorithm");
            return this;
        }

        /**
         * The mode; only {@code CBC} (any case) is supported. Spec: CO2d. Default {@code cbc}.
         *
         * @param mode the mode; only {@code CBC} (any case) is supported
         * @return this builder
         */
        public Builder mode(String mode) {
            this.mode = Crypto.requireArg(mode, "mode");
            return this;
        }

        /**
         * The expected key length in bits. Spec: CO2c. Optional: by default it is computed from the key (RSE1d); when
         * set, it must match the key.
         *
         * @param keyLength the expected key length in bits
         * @return this builder
         */
        public Builder keyLength(int keyLength) {
            this.keyLength = keyLength;
            return this;
        }

        /**
         * The secret key; copied. Spec: CO2b.
         *
         * @param key the secret key; copied
         * @return this builder
         */
        public Builder key(byte[] key) {
            this.key = Crypto.requireArg(key, "key").clone();
            return this;
        }

        /**
         * The secret key as base64; standard and URL-safe alphabets are both accepted, with or without padding. Spec:
         * CO2b, RSE1c.
         *
         * @param base64Key the secret key as base64; standard and URL-safe alphabets are both accepted, with or without
         *     padding
         * @return this builder
         * @throws AblyException with code 40003 if the text is not base64
         */
        public Builder key(String base64Key) {
            this.key = Crypto.decodeKey(Crypto.requireArg(base64Key, "base64Key"));
            return this;
        }

        /**
         * Validates the options and builds the params. Spec: RSE1e.
         *
         * @return the new cipher parameters
         * @throws AblyException with code 40003 (status 400) if the key is missing, its length is not 128 or 256
         * bits, it does not match an explicit {@link #keyLength(int)}, or the algorithm or mode is not
         * supported
         */
        public CipherParams build() {
            String alg = algorithm.toLowerCase(Locale.ROOT);
            if (!alg.equals(DEFAULT_ALGORITHM)) {
                throw Crypto.invalid("unsupported cipher algorithm '" + algorithm + "'; only AES is supported");
            }
            String m = mode.toLowerCase(Locale.ROOT);
            if (!m.equals(DEFAULT_MODE)) {
                throw Crypto.invalid("unsupported cipher mode '" + mode + "'; only CBC is supported");
            }
            byte[] k = key;
            if (k == null) {
                throw Crypto.invalid("a cipher key is required");
            }
            int bits = k.length * 8;
            Crypto.checkKeyLength(bits);
            if (keyLength != 0 && keyLength != bits) {
                throw Crypto.invalid(
                        "keyLength " + keyLength + " does not match the key, which is " + bits + " bits long");
            }
            return new CipherParams(alg, m, bits, Arrays.copyOf(k, k.length));
        }
    }
}
