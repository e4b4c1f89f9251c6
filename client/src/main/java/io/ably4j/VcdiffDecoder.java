package io.ably4j;

import io.ably4j.internal.delta.VcdiffCore;
import java.util.Optional;

/**
 * Applies a VCDIFF delta (RFC 3284) to a base payload: the plugin that lets a channel attached with the channel param
 * {@code delta=vcdiff} receive delta-compressed messages. Spec: PC3, VD1, VD2.
 *
 * <p>Set it with {@link ClientOptions.Builder#vcdiffDecoder(VcdiffDecoder)}. When none is set and {@code
 * com.davidehrmann.vcdiff:vcdiff-core} is on the class path, the client uses {@link #vcdiffCore()}; without a
 * decoder, a delta message fails its channel with error 40019 (PC3).
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
     * The decoder backed by {@code com.davidehrmann.vcdiff:vcdiff-core} (an optional dependency of this library),
     * found by reflection: empty when that library is not on the class path (on the module path it is the automatic
     * module {@code vcdiff.core}, which needs {@code --add-modules vcdiff.core}). Thread-safe.
     *
     * @return the vcdiff-core decoder, or empty if vcdiff-core is not available
     */
    static Optional<VcdiffDecoder> vcdiffCore() {
        return Optional.ofNullable(VcdiffCore.decoder());
    }
}
