package io.ably4j.internal.auth;

import io.ably4j.internal.util.Errors;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Creates token requests signed with an API key (RSA9), for Ably's requestToken endpoint to exchange for a token.
 * Pure: the time is passed in, the only other input is the random nonce.
 *
 * <h2>The signature (RSA9g)</h2>
 *
 * <p>The {@code mac} is the base64 (standard alphabet, padded) HMAC-SHA256, keyed with the UTF-8 bytes of the key
 * secret, of the UTF-8 text
 *
 * <pre>keyName \n ttl \n capability \n clientId \n timestamp \n nonce \n</pre>
 *
 * <p>each field followed by a newline, an absent field as the empty string and numbers in decimal. The features spec
 * states only that the request is signed with the key secret (RSA9g); this is the text Ably's service verifies, the one
 * ably-js signs in {@code Auth.createTokenRequest}.
 *
 * <h2>Fields</h2>
 *
 * <ul>
 *   <li>{@code ttl} and {@code capability} only when the params give them (RSA5, RSA6), so that Ably applies its
 *       defaults (60 minutes, the key's capability). The capability text is signed and sent exactly as given: Ably
 *       verifies the signature over the text it receives, so its member order and spacing need no canonical form here;
 *       whether the text is valid capability JSON is Ably's to judge.
 *   <li>{@code clientId} when the params give one (filling in the client's own is the caller's job, RSA7d).
 *   <li>{@code timestamp} from the params, else {@code nowMillis} (RSA9d; the caller passes Ably's time when {@code
 *       queryTime} is set, RSA10k).
 *   <li>{@code nonce} from the params, else {@value #NONCE_LENGTH} random hexadecimal characters from a {@link
 *       SecureRandom} (RSA9c: unique, at least 16 characters).
 * </ul>
 *
 * <p>The key secret and the mac are never logged: {@link TokenRequest#toString()} redacts the mac.
 */
public final class TokenRequestSigner {
    /** The length of a generated nonce: 24 hexadecimal characters, 96 random bits (RSA9c: at least 16). */
    public static final int NONCE_LENGTH = 24;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private TokenRequestSigner() {}

    /**
     * A signed token request for {@code params} with {@code key}.
     *
     * @param key the API key, {@code keyName:keySecret}
     * @param params the token params; ttl, capability and clientId are copied when present
     * @param nowMillis the timestamp to use when {@code params} has none, in ms since the epoch
     * @throws io.ably4j.types.AblyException 40005/400 if {@code key} is not of the form {@code keyName:keySecret}
     */
    public static TokenRequest createTokenRequest(String key, TokenParams params, long nowMillis) {
        int colon = keyColon(key);
        String keyName = key.substring(0, colon);
        String keySecret = key.substring(colon + 1);
        Long timestamp = params.timestamp();
        String nonce = params.nonce();
        TokenRequest unsigned = TokenRequest.builder()
                .keyName(keyName)
                .ttl(params.ttl())
                .capability(params.capability())
                .clientId(params.clientId())
                .timestamp(timestamp != null ? timestamp : nowMillis)
                .nonce(nonce != null ? nonce : newNonce())
                .build();
        return unsigned.toBuilder().mac(mac(keySecret, unsigned)).build();
    }

    /** The text that is signed (see the class comment); absent fields are empty, every field ends with a newline. */
    static String signedText(TokenRequest request) {
        return text(request.keyName())
                + '\n'
                + text(request.ttl())
                + '\n'
                + text(request.capability())
                + '\n'
                + text(request.clientId())
                + '\n'
                + text(request.timestamp())
                + '\n'
                + text(request.nonce())
                + '\n';
    }

    /** The mac of {@code request} (its own mac is ignored) with {@code keySecret}. */
    static String mac(String keySecret, TokenRequest request) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(keySecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = hmac.doFinal(signedText(request).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (GeneralSecurityException e) { // HmacSHA256 is required of every Java platform
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** A fresh nonce of {@value #NONCE_LENGTH} hexadecimal characters. */
    static String newNonce() {
        byte[] bytes = new byte[NONCE_LENGTH / 2];
        RANDOM.nextBytes(bytes);
        char[] out = new char[NONCE_LENGTH];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /**
     * Checks the form of an API key, {@code keyName:keySecret} with neither part empty and one colon: the one check of
     * the library, used by {@link io.ably4j.AuthOptions.Builder#key} and here.
     *
     * @throws io.ably4j.types.AblyException 40005/400 if {@code key} is null or not of that form; the message never
     *     quotes the key
     */
    public static void checkKey(@Nullable String key) {
        keyColon(key);
    }

    private static int keyColon(@Nullable String key) {
        int colon = key == null ? -1 : key.indexOf(':');
        if (key == null || colon <= 0 || colon == key.length() - 1 || key.indexOf(':', colon + 1) >= 0) {
            throw Errors.exception(Errors.INVALID_CREDENTIAL, "Invalid API key: expected the form keyName:keySecret");
        }
        return colon;
    }

    private static String text(@Nullable Object value) {
        return value == null ? "" : value.toString();
    }
}
