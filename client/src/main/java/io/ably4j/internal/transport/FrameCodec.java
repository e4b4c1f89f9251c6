package io.ably4j.internal.transport;

import io.ably4j.internal.protocol.JsonProtocolCodec;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.ProtocolMessage;

/**
 * Encodes protocol messages into WebSocket frames and decodes frames, in one wire format: JSON text frames or msgpack
 * binary frames. A JSON connection also accepts binary frames holding UTF-8 JSON. Decoding failures throw {@link
 * io.ably4j.types.AblyException} (code 40000).
 *
 * <p>Thread-safe. The protocol codecs reuse buffers and are not thread-safe, so encoding and decoding use separate
 * instances, each behind its own (normally uncontended) lock: the client's serial executor encodes while the
 * transport's receive path decodes.
 */
public final class FrameCodec {
    private final WireFormat format;
    private final ProtocolCodec encoder;
    private final ProtocolCodec decoder;

    public FrameCodec(WireFormat format) {
        this.format = format;
        this.encoder = ProtocolCodec.create(format);
        this.decoder = ProtocolCodec.create(format);
    }

    public WireFormat format() {
        return format;
    }

    /** A {@code String} (JSON text frame) or {@code byte[]} (msgpack binary frame). */
    public Object encode(ProtocolMessage message) {
        synchronized (encoder) {
            if (encoder instanceof JsonProtocolCodec json) {
                return json.encodeToString(message);
            }
            return encoder.encode(message);
        }
    }

    /** Decodes a text frame (JSON). A text frame on a msgpack connection is rejected with code 40000. */
    public ProtocolMessage decodeText(String frame) {
        if (decoder instanceof JsonProtocolCodec json) {
            synchronized (decoder) {
                return json.decode(frame);
            }
        }
        throw new io.ably4j.internal.protocol.ProtocolDecodeException("Unexpected text frame on a msgpack connection");
    }

    /** Decodes a binary frame: msgpack, or UTF-8 JSON on a JSON connection. */
    public ProtocolMessage decodeBinary(byte[] frame) {
        synchronized (decoder) {
            return decoder.decode(frame);
        }
    }
}
