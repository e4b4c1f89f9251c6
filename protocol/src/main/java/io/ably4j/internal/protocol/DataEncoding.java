package io.ably4j.internal.protocol;

import io.ably4j.types.AblyException;
import io.ably4j.types.Annotation;
import io.ably4j.types.CipherParams;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceMessage;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The message payload encoding chain: {@link #encode} turns a payload into its wire form for publishing (RSL4,
 * RSL5) and {@link #decode} undoes a received {@code encoding} (RSL6).
 *
 * <p>Payloads are {@code null}, {@link String}, {@code byte[]} or {@link Json}. Wire data is {@code null},
 * {@link String} or {@code byte[]} (msgpack {@code str}/{@code bin}, or a JSON string). An {@code encoding} lists
 * the transforms applied, left to right, separated by {@code /} (RSL4b), for example
 * {@code json/utf-8/cipher+aes-128-cbc/base64}.
 *
 * <p>All methods are static, pure and thread-safe. Decoding never throws for bad input: it stops at the first
 * step it cannot undo and reports why (RSL6b); logging that report is the caller's job.
 */
public final class DataEncoding {
    /** Added when a {@link Json} payload is sent as its text (RSL4c3, RSL4d3). */
    public static final String JSON = "json";
    /** Added when a string payload is turned into UTF-8 bytes before encryption (RSL5). */
    public static final String UTF_8 = "utf-8";
    /** Added when binary data is sent as base64 text in the JSON format (RSL4d1). */
    public static final String BASE64 = "base64";
    /** Delta-compressed payloads (RTL19); not supported. */
    public static final String VCDIFF = "vcdiff";

    private static final String CIPHER_PREFIX = "cipher+";
    private static final int INVALID_DATA_OR_ENCODING = 40013;
    private static final int MISSING_PLUGIN = 40019;

    private static final SecureRandom RANDOM = new SecureRandom();

    private DataEncoding() {}

    /**
     * A payload in wire form.
     *
     * @param data {@code null}, a {@link String} or a {@code byte[]} (shared, not copied)
     * @param encoding the transforms applied, or {@code null} for none
     */
    public record Encoded(@Nullable Object data, @Nullable String encoding) {}

    /**
     * The result of decoding a received payload.
     *
     * @param data the payload decoded as far as possible: {@code null}, {@link String}, {@code byte[]} or
     *     {@link Json}
     * @param encoding the steps not undone, or {@code null} when decoding completed
     * @param error why decoding stopped early (code 40013, or 40019 for {@code vcdiff}), or {@code null}
     */
    public record Decoded(
            @Nullable Object data,
            @Nullable String encoding,
            @Nullable ErrorInfo error) {
        /** True if every step was undone. */
        public boolean isComplete() {
            return error == null;
        }
    }

    /**
     * Encodes a payload for publishing with a random IV when {@code cipher} is given; see
     * {@link #encode(Object, String, CipherParams, WireFormat, Supplier)}.
     */
    public static Encoded encode(
            @Nullable Object data, @Nullable String encoding, @Nullable CipherParams cipher, WireFormat format) {
        return encode(data, encoding, cipher, format, DataEncoding::randomIv);
    }

    /**
     * Encodes a payload for publishing (RSL4, RSL5).
     *
     * <ul>
     *   <li>{@link Json} becomes its text and adds {@code json} (RSL4c3, RSL4d3); a string stays as it is
     *       (RSL4c2, RSL4d2); {@code byte[]} stays binary (RSL4c1).
     *   <li>With a cipher, a string becomes its UTF-8 bytes (adding {@code utf-8}), the bytes are encrypted with
     *       AES-CBC under an IV from {@code ivSource}, and {@link CipherParams#encodingName()} is added (RSL5).
     *   <li>In the {@link WireFormat#JSON JSON} format, binary data finally becomes base64 text and adds
     *       {@code base64} (RSL4d1).
     * </ul>
     *
     * @param encoding an encoding the data already has (for example data the caller encoded itself), extended by
     *     this method; usually {@code null}
     * @param ivSource supplies a 16-byte IV for each encryption; tests pass a fixed one
     * @throws AblyException with code 40013 if {@code data} is not {@code null}, {@code String}, {@code byte[]} or
     *     {@code Json} (RSL4a)
     */
    public static Encoded encode(
            @Nullable Object data,
            @Nullable String encoding,
            @Nullable CipherParams cipher,
            WireFormat format,
            Supplier<byte[]> ivSource) {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(ivSource, "ivSource");
        if (data == null) {
            return new Encoded(null, encoding);
        }
        String enc = encoding;
        Object value;
        if (data instanceof Json json) {
            value = json.text();
            enc = append(enc, JSON);
        } else if (data instanceof String || data instanceof byte[]) {
            value = data;
        } else {
            throw AblyException.of(
                    INVALID_DATA_OR_ENCODING,
                    400,
                    "unsupported message data type " + data.getClass().getName()
                            + "; use String, byte[] or Json (RSL4a)");
        }
        if (cipher != null) {
            byte[] plaintext;
            if (value instanceof String s) {
                plaintext = s.getBytes(StandardCharsets.UTF_8);
                enc = append(enc, UTF_8);
            } else {
                plaintext = (byte[]) value;
            }
            value = AesCbcCipher.encrypt(cipher, plaintext, ivSource.get());
            enc = append(enc, cipher.encodingName());
        }
        if (format == WireFormat.JSON && value instanceof byte[] bytes) {
            value = Base64.getEncoder().encodeToString(bytes);
            enc = append(enc, BASE64);
        }
        return new Encoded(value, enc);
    }

    /**
     * Decodes a received payload (RSL6a): undoes the steps of {@code encoding} from right to left. {@code base64}
     * yields bytes, {@code utf-8} a string, {@code json} a {@link Json} (from a string or UTF-8 bytes), and
     * {@code cipher+aes-<128|256>-cbc} decrypts with {@code cipher} (RSL5).
     *
     * <p>On the first step that cannot be undone (invalid base64, UTF-8 or JSON; encrypted data without a matching
     * cipher or with the wrong key; {@code vcdiff}; an unknown step) decoding stops: the result holds the data as
     * decoded so far, the steps still to undo, and the error (RSL6b). Empty steps are ignored.
     *
     * @param data wire data: {@code null}, {@code String}, {@code byte[]} or {@code Json}
     */
    public static Decoded decode(@Nullable Object data, @Nullable String encoding, @Nullable CipherParams cipher) {
        if (encoding == null || encoding.isEmpty()) {
            return new Decoded(data, null, null);
        }
        if (data == null) {
            // Nothing to transform; keep the encoding as metadata.
            return new Decoded(null, encoding, null);
        }
        Object value = data;
        int end = encoding.length();
        while (end > 0) {
            int slash = encoding.lastIndexOf('/', end - 1);
            String step = encoding.substring(slash + 1, end);
            if (!step.isEmpty()) {
                try {
                    value = undo(step, value, cipher);
                } catch (StepFailure f) {
                    return new Decoded(value, encoding.substring(0, end), f.error);
                }
            }
            end = Math.max(slash, 0);
        }
        return new Decoded(value, null, null);
    }

    /**
     * Decodes a received message's payload (RSL6); see {@link #decode(Object, String, CipherParams)}. Returns the
     * same instance when there is nothing to decode. Other fields are kept.
     */
    public static DecodeResult<Message> decode(Message wire, @Nullable CipherParams cipher) {
        String encoding = wire.encoding();
        if (encoding == null) {
            return new DecodeResult<>(wire, null);
        }
        TypesAccess access = TypesAccess.get();
        Decoded d = decode(access.rawData(wire), encoding, cipher);
        // Decoded byte arrays are fresh or the wire message's own, which nobody modifies.
        Message decoded = access.trustedData(wire.toBuilder(), d.data())
                .encoding(d.encoding())
                .build();
        return new DecodeResult<>(decoded, d.error());
    }

    /** Decodes a received presence message's payload (RSL6, RTP); as {@link #decode(Message, CipherParams)}. */
    public static DecodeResult<PresenceMessage> decode(PresenceMessage wire, @Nullable CipherParams cipher) {
        String encoding = wire.encoding();
        if (encoding == null) {
            return new DecodeResult<>(wire, null);
        }
        TypesAccess access = TypesAccess.get();
        Decoded d = decode(access.rawData(wire), encoding, cipher);
        PresenceMessage decoded = access.trustedData(wire.toBuilder(), d.data())
                .encoding(d.encoding())
                .build();
        return new DecodeResult<>(decoded, d.error());
    }

    /** Decodes a received annotation's payload (TAN2f1, RSL6); as {@link #decode(Message, CipherParams)}. */
    public static DecodeResult<Annotation> decode(Annotation wire, @Nullable CipherParams cipher) {
        String encoding = wire.encoding();
        if (encoding == null) {
            return new DecodeResult<>(wire, null);
        }
        TypesAccess access = TypesAccess.get();
        Decoded d = decode(access.rawData(wire), encoding, cipher);
        Annotation decoded = access.trustedData(wire.toBuilder(), d.data())
                .encoding(d.encoding())
                .build();
        return new DecodeResult<>(decoded, d.error());
    }

    /**
     * Encodes a message's payload for publishing (RSL4, RSL5) with a random IV; see
     * {@link #encode(Object, String, CipherParams, WireFormat, Supplier)}. Returns the same instance when the
     * payload is {@code null}. Other fields are kept.
     */
    public static Message encode(Message message, @Nullable CipherParams cipher, WireFormat format) {
        return encode(message, cipher, format, DataEncoding::randomIv);
    }

    /** As {@link #encode(Message, CipherParams, WireFormat)} with the given IV source. */
    public static Message encode(
            Message message, @Nullable CipherParams cipher, WireFormat format, Supplier<byte[]> ivSource) {
        TypesAccess access = TypesAccess.get();
        Object data = access.rawData(message);
        if (data == null) {
            return message;
        }
        Encoded e = encode(data, message.encoding(), cipher, format, ivSource);
        // Encoded byte arrays are fresh or the message's own, which nobody modifies.
        return access.trustedData(message.toBuilder(), e.data())
                .encoding(e.encoding())
                .build();
    }

    /**
     * Encodes a presence message's payload (RSL4, RSL5, RTP8e); as
     * {@link #encode(Message, CipherParams, WireFormat)}.
     */
    public static PresenceMessage encode(PresenceMessage message, @Nullable CipherParams cipher, WireFormat format) {
        return encode(message, cipher, format, DataEncoding::randomIv);
    }

    /** As {@link #encode(PresenceMessage, CipherParams, WireFormat)} with the given IV source. */
    public static PresenceMessage encode(
            PresenceMessage message, @Nullable CipherParams cipher, WireFormat format, Supplier<byte[]> ivSource) {
        TypesAccess access = TypesAccess.get();
        Object data = access.rawData(message);
        if (data == null) {
            return message;
        }
        Encoded e = encode(data, message.encoding(), cipher, format, ivSource);
        return access.trustedData(message.toBuilder(), e.data())
                .encoding(e.encoding())
                .build();
    }

    /**
     * Encodes an annotation's payload (TAN2f1, RSL4, RSL5); as {@link #encode(Message, CipherParams, WireFormat)}.
     */
    public static Annotation encode(Annotation annotation, @Nullable CipherParams cipher, WireFormat format) {
        return encode(annotation, cipher, format, DataEncoding::randomIv);
    }

    /** As {@link #encode(Annotation, CipherParams, WireFormat)} with the given IV source. */
    public static Annotation encode(
            Annotation annotation, @Nullable CipherParams cipher, WireFormat format, Supplier<byte[]> ivSource) {
        TypesAccess access = TypesAccess.get();
        Object data = access.rawData(annotation);
        if (data == null) {
            return annotation;
        }
        Encoded e = encode(data, annotation.encoding(), cipher, format, ivSource);
        return access.trustedData(annotation.toBuilder(), e.data())
                .encoding(e.encoding())
                .build();
    }

    /**
     * The size of a message for {@code maxMessageSize} (TM6, RSL1i): the sum of the sizes of name, data, clientId
     * and extras, strings and JSON counted in UTF-8 bytes, binary data in bytes (TM6c), absent fields as 0 (TM6e).
     * Computed on the payload as published, before encoding.
     */
    public static long size(Message message) {
        Json extras = message.extras();
        return utf8Length(message.name())
                + dataSize(TypesAccess.get().rawData(message))
                + utf8Length(message.clientId())
                + (extras == null ? 0 : utf8Length(extras.text()));
    }

    /** The size of a presence message for {@code maxMessageSize}, computed as for a message (TP5, TM6). */
    public static long size(PresenceMessage message) {
        Json extras = message.extras();
        return dataSize(TypesAccess.get().rawData(message))
                + utf8Length(message.clientId())
                + (extras == null ? 0 : utf8Length(extras.text()));
    }

    /**
     * The size of an annotation for {@code maxMessageSize} (RSAN1a4), computed as for a message (TM6): name, data,
     * clientId and extras.
     */
    public static long size(Annotation annotation) {
        Json extras = annotation.extras();
        return utf8Length(annotation.name())
                + dataSize(TypesAccess.get().rawData(annotation))
                + utf8Length(annotation.clientId())
                + (extras == null ? 0 : utf8Length(extras.text()));
    }

    private static byte[] randomIv() {
        byte[] iv = new byte[AesCbcCipher.BLOCK_LENGTH];
        RANDOM.nextBytes(iv);
        return iv;
    }

    /** Appends one step to an encoding (RSL4b). */
    static String append(@Nullable String encoding, String step) {
        return encoding == null || encoding.isEmpty() ? step : encoding + "/" + step;
    }

    /**
     * The size of a payload for {@code maxMessageSize} checks (TM6b, TM6c, TM6f): UTF-8 bytes of a string, length
     * of a byte array, UTF-8 bytes of a {@link Json} value's text; 0 for {@code null} (TM6e).
     */
    public static long dataSize(@Nullable Object data) {
        if (data == null) {
            return 0;
        }
        if (data instanceof String s) {
            return utf8Length(s);
        }
        if (data instanceof byte[] b) {
            return b.length;
        }
        if (data instanceof Json json) {
            return utf8Length(json.text());
        }
        throw AblyException.of(
                INVALID_DATA_OR_ENCODING,
                400,
                "unsupported message data type " + data.getClass().getName());
    }

    /** The number of bytes in the UTF-8 encoding of {@code s} (0 for null), without encoding it. */
    public static long utf8Length(@Nullable String s) {
        if (s == null) {
            return 0;
        }
        long n = 0;
        int len = s.length();
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++; // an unpaired surrogate, which String.getBytes(UTF_8) replaces with '?'
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static Object undo(String step, Object value, @Nullable CipherParams cipher) throws StepFailure {
        return switch (step) {
            case BASE64 -> fromBase64(value);
            case UTF_8 -> fromUtf8(value);
            case JSON -> toJson(value);
            case VCDIFF ->
                throw new StepFailure(ErrorInfo.of(
                        MISSING_PLUGIN,
                        400,
                        "cannot decode 'vcdiff' (delta) payloads: vcdiff decoding is not supported"));
            default -> {
                if (step.startsWith(CIPHER_PREFIX)) {
                    yield decrypt(step, value, cipher);
                }
                throw failure("unknown encoding '" + step + "'");
            }
        };
    }

    private static String fromUtf8(Object value) throws StepFailure {
        if (value instanceof byte[] bytes) {
            return utf8(bytes, UTF_8);
        }
        if (value instanceof String s) {
            return s;
        }
        throw wrongType(UTF_8, value);
    }

    private static byte[] fromBase64(Object value) throws StepFailure {
        String text;
        if (value instanceof String s) {
            text = s;
        } else if (value instanceof byte[] b) {
            text = new String(b, StandardCharsets.ISO_8859_1);
        } else {
            throw wrongType(BASE64, value);
        }
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            // Be lenient, as for keys (RSE1c): accept the URL-safe alphabet too.
            if (text.indexOf('-') >= 0 || text.indexOf('_') >= 0) {
                try {
                    return Base64.getDecoder().decode(text.replace('-', '+').replace('_', '/'));
                } catch (IllegalArgumentException ignored) {
                    // report the first failure
                }
            }
            throw failure("invalid base64 data: " + e.getMessage());
        }
    }

    private static Json toJson(Object value) throws StepFailure {
        String text;
        if (value instanceof String s) {
            text = s;
        } else if (value instanceof byte[] b) {
            text = utf8(b, JSON);
        } else if (value instanceof Json json) {
            return json;
        } else {
            throw wrongType(JSON, value);
        }
        try {
            return Json.parse(text);
        } catch (AblyException e) {
            throw failure("invalid JSON data: " + e.errorInfo().message());
        }
    }

    private static byte[] decrypt(String step, Object value, @Nullable CipherParams cipher) throws StepFailure {
        if (cipher == null) {
            throw failure("cannot decrypt '" + step + "' data: the channel has no cipher params");
        }
        if (!step.equals(cipher.encodingName())) {
            throw failure("cannot decrypt '" + step + "' data with the channel's cipher " + cipher.encodingName());
        }
        if (!(value instanceof byte[] bytes)) {
            throw wrongType(step, value);
        }
        try {
            return AesCbcCipher.decrypt(cipher, bytes);
        } catch (GeneralSecurityException e) {
            throw failure("cannot decrypt '" + step + "' data (wrong key?): " + e.getMessage());
        }
    }

    private static String utf8(byte[] bytes, String step) throws StepFailure {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw failure("'" + step + "' data is not valid UTF-8");
        }
    }

    private static StepFailure wrongType(String step, Object value) {
        String type = value instanceof byte[] ? "binary" : value.getClass().getSimpleName();
        return failure("cannot undo '" + step + "' on " + type + " data");
    }

    private static StepFailure failure(String message) {
        return new StepFailure(ErrorInfo.of(INVALID_DATA_OR_ENCODING, 400, message));
    }

    /** Why one step failed; internal control flow, no stack trace. */
    private static final class StepFailure extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient ErrorInfo error;

        StepFailure(ErrorInfo error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }
}
