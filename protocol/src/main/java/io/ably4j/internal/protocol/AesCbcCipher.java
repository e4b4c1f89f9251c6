package io.ably4j.internal.protocol;

import io.ably4j.types.CipherParams;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CBC with PKCS#7 padding in Ably's payload format (RSL5, encryption.md): the 16-byte IV followed by the
 * ciphertext.
 *
 * <p>Thread-safe: each thread uses its own JCE {@link Cipher} instance.
 */
final class AesCbcCipher {
    /** The AES block length, which is also the IV length. */
    static final int BLOCK_LENGTH = 16;

    // JCE's "PKCS5Padding" is PKCS#7 padding for 16-byte blocks.
    private static final String TRANSFORMATION = "AES/CBC/PKCS5Padding";

    private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(AesCbcCipher::newCipher);

    private AesCbcCipher() {}

    /** Encrypts {@code plaintext} with {@code iv} (16 bytes) and returns IV + ciphertext. */
    static byte[] encrypt(CipherParams params, byte[] plaintext, byte[] iv) {
        if (iv.length != BLOCK_LENGTH) {
            throw new IllegalArgumentException("the IV must be " + BLOCK_LENGTH + " bytes, got " + iv.length);
        }
        Cipher cipher = CIPHER.get();
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(params.key(), "AES"), new IvParameterSpec(iv));
            byte[] out = new byte[BLOCK_LENGTH + cipher.getOutputSize(plaintext.length)];
            System.arraycopy(iv, 0, out, 0, BLOCK_LENGTH);
            int n = cipher.doFinal(plaintext, 0, plaintext.length, out, BLOCK_LENGTH);
            return n == out.length - BLOCK_LENGTH ? out : Arrays.copyOf(out, BLOCK_LENGTH + n);
        } catch (GeneralSecurityException e) {
            // AES-128/256 CBC with a valid key and IV cannot fail on encryption.
            throw new IllegalStateException("AES encryption failed", e);
        }
    }

    /**
     * Decrypts IV + ciphertext.
     *
     * @throws GeneralSecurityException if the input is not a whole number of blocks after the IV or the padding is
     *     wrong, which usually means a wrong key
     */
    static byte[] decrypt(CipherParams params, byte[] ivAndCiphertext) throws GeneralSecurityException {
        int len = ivAndCiphertext.length;
        if (len < 2 * BLOCK_LENGTH || len % BLOCK_LENGTH != 0) {
            throw new GeneralSecurityException("encrypted payload of " + len + " bytes is not an IV followed by whole "
                    + BLOCK_LENGTH + "-byte blocks");
        }
        Cipher cipher = CIPHER.get();
        cipher.init(
                Cipher.DECRYPT_MODE,
                new SecretKeySpec(params.key(), "AES"),
                new IvParameterSpec(ivAndCiphertext, 0, BLOCK_LENGTH));
        return cipher.doFinal(ivAndCiphertext, BLOCK_LENGTH, len - BLOCK_LENGTH);
    }

    private static Cipher newCipher() {
        try {
            return Cipher.getInstance(TRANSFORMATION);
        } catch (GeneralSecurityException e) {
            // Every Java SE implementation must provide AES/CBC/PKCS5Padding.
            throw new IllegalStateException(TRANSFORMATION + " is not available", e);
        }
    }
}
