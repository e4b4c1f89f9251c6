package io.ably4j;

import io.ably4j.internal.delta.VcdiffDecoding;

/**
 * Applies a VCDIFF delta (RFC 3284) to a base payload: the plugin that lets a channel attached with the channel param
 * {@code delta=vcdiff} receive delta-compressed messages. Spec: PC3, VD1, VD2.
 *
 * <p>The client uses {@link #builtIn()} unless {@link ClientOptions.Builder#vcdiffDecoder(VcdiffDecoder)} sets another
 * decoder, or null for none; without a decoder, a delta message fails its channel with error 40019 (PC3).
 *
 * <p>Threading: called on the client's internal serial executor (the thread that processes received messages), one
 * call at a time per client; a decoder shared by several clients may be called concurrently from their executors and
 * must be thread-safe. It must not block. A decoder that throws (any {@link RuntimeException}) makes the client
 * discard the message and re-attach the channel from the previous message (RTL18, error 40018).
 */
@FunctionalInterface
public interface VcdiffDecoder {
    /**
     * Applies {@code delta} to {@code base}. Spec: VD2a, PC3a.
     *
     * @param delta the VCDIFF delta, as received (base64 already undone); not to be modified
     * @param base the payload of the previous message on the channel, as bytes (a string payload as its UTF-8
     *     bytes); not to be modified
     * @return the payload of the message that carried the delta, a new array the client owns
     * @throws RuntimeException if the delta cannot be applied
     */
    byte[] decode(byte[] delta, byte[] base);

    /**
     * The built-in decoder, the client's default: RFC 3284 VCDIFF with the default code table, and open-vcdiff's
     * extensions (the {@code 'S'} version with interleaved sections and the Adler-32 window checksum, which it
     * verifies); no secondary compression and no custom code table, like the decoder ably-js uses. A malformed delta,
     * or one whose target exceeds 64 MiB, makes it throw {@link IllegalArgumentException}. Thread-safe; needs no
     * dependency.
     *
     * @return the built-in decoder
     */
    static VcdiffDecoder builtIn() {
        return VcdiffDecoding.instance();
    }
}
