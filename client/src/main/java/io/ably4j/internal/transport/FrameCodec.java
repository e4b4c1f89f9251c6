package io.ably4j.internal.transport;

import io.ably4j.internal.protocol.JsonProtocolCodec;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Log;
import io.ably4j.types.AblyException;
import io.ably4j.types.ProtocolMessage;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Encodes protocol messages into WebSocket frames and decodes frames, in one wire format: JSON text frames or msgpack
 * binary frames. A JSON connection also accepts binary frames holding UTF-8 JSON. Decoding failures throw {@link
 * io.ably4j.types.AblyException} (code 40000).
 *
 * <p>Thread-safe. The protocol codecs reuse buffers and are not thread-safe, so each encode or decode borrows a codec
 * from a small process-wide pool per format and returns it afterwards: a connection holds no codec (nor its buffers
 * and name caches) between frames, so memory per connection does not include them, and the pool never holds more
 * codecs than {@value #MAX_POOLED} per format (threads encoding or decoding at the same moment).
 */
public final class FrameCodec {
    /** Idle codecs kept per format; more concurrent users create codecs that are dropped afterwards. */
    static final int MAX_POOLED = 16;

    private static final Pool JSON_POOL = new Pool(WireFormat.JSON);
    private static final Pool MSGPACK_POOL = new Pool(WireFormat.MSGPACK);

    private final WireFormat format;
    private final Pool pool;

    public FrameCodec(WireFormat format) {
        this.format = format;
        this.pool = pool(format);
    }

    public WireFormat format() {
        return format;
    }

    /** A {@code String} (JSON text frame) or {@code byte[]} (msgpack binary frame). */
    public Object encode(ProtocolMessage message) {
        ProtocolCodec codec = pool.borrow();
        try {
            if (codec instanceof JsonProtocolCodec json) {
                return json.encodeToString(message);
            }
            return codec.encode(message);
        } finally {
            pool.release(codec);
        }
    }

    /**
     * The frame payload as bytes in either format: UTF-8 JSON or msgpack (for engines that write bytes; no detour
     * through a {@code String} for JSON).
     */
    public byte[] encodeBytes(ProtocolMessage message) {
        ProtocolCodec codec = pool.borrow();
        try {
            return codec.encode(message);
        } finally {
            pool.release(codec);
        }
    }

    /**
     * Decodes a frame with {@code decoder} and hands the message to {@code listener}; a malformed frame is dropped
     * with a warning and the connection stays up (RTF1 robustness).
     *
     * @param frameBytes the size of the frame's payload in bytes
     */
    static void deliver(Supplier<ProtocolMessage> decoder, int frameBytes, TransportListener listener, Log log) {
        ProtocolMessage message;
        try {
            message = decoder.get();
        } catch (AblyException e) {
            log.warn("Dropped an undecodable frame: " + e.errorInfo());
            return;
        }
        listener.onMessage(message, frameBytes);
    }

    /**
     * Decodes a text frame, or returns null after logging a warning if it is malformed (RTF1 robustness: the frame is
     * dropped and the connection stays up).
     */
    @Nullable
    ProtocolMessage decodeTextOrDrop(String text, Log log) {
        try {
            return decodeText(text);
        } catch (AblyException e) {
            log.warn("Dropped an undecodable frame: " + e.errorInfo());
            return null;
        }
    }

    /**
     * Decodes the binary frame in {@code frame[offset, offset + length)}, or returns null after logging a warning if it
     * is malformed (as {@link #decodeTextOrDrop}). The message keeps no reference to {@code frame}, so the caller may
     * reuse the array once this returns (a read buffer decoded in place).
     */
    @Nullable
    ProtocolMessage decodeBinaryOrDrop(byte[] frame, int offset, int length, Log log) {
        ProtocolCodec codec = pool.borrow();
        try {
            return codec.decode(frame, offset, length);
        } catch (AblyException e) {
            log.warn("Dropped an undecodable frame: " + e.errorInfo());
            return null;
        } finally {
            pool.release(codec);
        }
    }

    /** Decodes a text frame (JSON). A text frame on a msgpack connection is rejected with code 40000. */
    public ProtocolMessage decodeText(String frame) {
        if (format != WireFormat.JSON) {
            throw new io.ably4j.internal.protocol.ProtocolDecodeException(
                    "Unexpected text frame on a msgpack connection");
        }
        ProtocolCodec codec = pool.borrow();
        try {
            return ((JsonProtocolCodec) codec).decode(frame);
        } finally {
            pool.release(codec);
        }
    }

    /** Decodes a binary frame: msgpack, or UTF-8 JSON on a JSON connection. */
    public ProtocolMessage decodeBinary(byte[] frame) {
        ProtocolCodec codec = pool.borrow();
        try {
            return codec.decode(frame);
        } finally {
            pool.release(codec);
        }
    }

    private static Pool pool(WireFormat format) {
        return switch (format) {
            case JSON -> JSON_POOL;
            case MSGPACK -> MSGPACK_POOL;
        };
    }

    /** The number of idle pooled codecs of {@code format} (for tests). */
    static int idleCodecs(WireFormat format) {
        return pool(format).size.get();
    }

    /** Idle codecs of one format. */
    private static final class Pool {
        private final WireFormat format;
        private final Queue<ProtocolCodec> idle = new ConcurrentLinkedQueue<>();
        private final AtomicInteger size = new AtomicInteger();

        Pool(WireFormat format) {
            this.format = format;
        }

        ProtocolCodec borrow() {
            ProtocolCodec c = idle.poll();
            if (c == null) {
                return ProtocolCodec.create(format);
            }
            size.decrementAndGet();
            return c;
        }

        void release(ProtocolCodec codec) {
            if (size.incrementAndGet() <= MAX_POOLED) {
                idle.add(codec);
            } else {
                size.decrementAndGet(); // enough idle codecs: let this one go
            }
        }
    }
}
