package io.ably4j.internal.delta;

import io.ably4j.VcdiffDecoder;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.TypesAccess;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One channel's delta state (RTL19, RTL20): the base payload and id of the last message received, and the first
 * decoding steps of each received message: a trailing {@code base64} (RTL19a), then a trailing {@code vcdiff} applied
 * to the base payload with the {@link VcdiffDecoder} (RTL19c, PC3a). The remaining steps ({@code utf-8}, {@code json},
 * a cipher) are left to {@link DataEncoding}. The base payload is the data after those first steps: a JSON message's
 * base is its JSON text, not the parsed value.
 *
 * <p>Threading: confined to the client's serial executor; the decoder is called there.
 */
public final class DeltaBase {
    private static final String VCDIFF_SUFFIX = "/" + DataEncoding.VCDIFF;
    private static final String BASE64_SUFFIX = "/" + DataEncoding.BASE64;

    private final @Nullable VcdiffDecoder decoder;
    private @Nullable Object payload; // String or byte[], never modified
    private @Nullable String messageId;

    /**
     * A channel's delta state, with no base payload yet.
     *
     * @param decoder the client's vcdiff decoder, or null for none
     */
    public DeltaBase(@Nullable VcdiffDecoder decoder) {
        this.decoder = decoder;
    }

    /** Why a received message could not be delta-decoded: 40018 (RTL18, RTL20) or 40019 (no decoder, PC3). */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient ErrorInfo error;

        Failure(ErrorInfo error, @Nullable Throwable cause) {
            super(error.message(), cause, false, false);
            this.error = error;
        }

        /** {@return the error: code 40018 or 40019} */
        public ErrorInfo error() {
            return error;
        }
    }

    /**
     * Undoes a trailing {@code base64} and, for a delta, the {@code vcdiff} step of a received message, and records the
     * result as the channel's base payload. Messages must be given in the order received (RTL21).
     *
     * @param m a received message, encoding as on the wire
     * @return {@code m} itself when it has no such step, else a copy with the data and encoding so far
     * @throws Failure 40018 when the delta refers to another message than the last one (RTL20), there is no base, or
     *     the decoder fails; 40019 when there is no decoder
     */
    public Message apply(Message m) throws Failure {
        TypesAccess access = TypesAccess.get();
        Object data = access.rawData(m);
        String encoding = m.encoding();
        boolean changed = false;
        if (encoding != null && data instanceof String text && endsWithStep(encoding, BASE64_SUFFIX)) {
            try {
                data = Base64.getMimeDecoder().decode(text); // RTL19a
                encoding = strip(encoding, BASE64_SUFFIX);
                changed = true;
            } catch (IllegalArgumentException e) {
                // left to DataEncoding, which reports it (RSL6b)
            }
        }
        if (encoding != null && endsWithStep(encoding, VCDIFF_SUFFIX)) {
            data = applyDelta(m, data);
            encoding = strip(encoding, VCDIFF_SUFFIX);
            changed = true;
        }
        payload = data instanceof String || data instanceof byte[] ? data : null; // RTL19b, RTL19c
        messageId = m.id(); // RTL20
        if (!changed) {
            return m;
        }
        return access.trustedData(m.toBuilder(), data)
                .encoding(encoding == null || encoding.isEmpty() ? null : encoding)
                .build();
    }

    private byte[] applyDelta(Message m, @Nullable Object delta) throws Failure {
        VcdiffDecoder d = decoder;
        if (d == null) { // PC3: nothing to decode with, and re-attaching would not help
            throw new Failure(
                    Errors.vcdiffDecoderMissing(
                            "Message " + m.id() + " is a vcdiff delta but no vcdiff decoder is configured"
                                    + " (ClientOptions.Builder.vcdiffDecoder was set to null)"),
                    null);
        }
        String from = deltaFrom(m);
        Object base = payload;
        String lastId = messageId;
        if (from == null || !from.equals(lastId)) { // RTL20
            throw new Failure(
                    Errors.deltaDecodeFailed("Delta message " + m.id() + " refers to message " + from
                            + ", but the last message received was " + lastId),
                    null);
        }
        if (base == null || !(delta instanceof byte[] deltaBytes)) {
            throw new Failure(
                    Errors.deltaDecodeFailed("Delta message " + m.id() + " has no base payload or no binary delta"),
                    null);
        }
        byte[] baseBytes = base instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) base; // PC3a
        byte[] result;
        try {
            result = d.decode(deltaBytes, baseBytes);
        } catch (RuntimeException e) {
            throw new Failure(
                    Errors.deltaDecodeFailed("Vcdiff decoding of message " + m.id() + " failed: " + e.getMessage()), e);
        }
        if (result == null) {
            throw new Failure(Errors.deltaDecodeFailed("The vcdiff decoder returned null for message " + m.id()), null);
        }
        return result;
    }

    /** {@code extras.delta.from} (DE2a), or null. */
    private static @Nullable String deltaFrom(Message m) {
        Json extras = m.extras();
        if (extras == null || !extras.isObject()) {
            return null;
        }
        if (extras.toValue() instanceof Map<?, ?> map
                && map.get("delta") instanceof Map<?, ?> delta
                && delta.get("from") instanceof String from) {
            return from;
        }
        return null;
    }

    private static boolean endsWithStep(String encoding, String suffix) {
        return encoding.endsWith(suffix) || encoding.equals(suffix.substring(1));
    }

    private static String strip(String encoding, String suffix) {
        return encoding.equals(suffix.substring(1)) ? "" : encoding.substring(0, encoding.length() - suffix.length());
    }

    /** {@return the id of the last message received, or null} For tests and diagnostics. */
    public @Nullable String lastMessageId() {
        return messageId;
    }
}
