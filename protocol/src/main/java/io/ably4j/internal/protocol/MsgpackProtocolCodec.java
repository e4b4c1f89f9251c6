package io.ably4j.internal.protocol;

import java.nio.ByteBuffer;

/**
 * The msgpack {@link ProtocolCodec} (binary frames), with its own msgpack writer and reader ({@link MsgpackOutput},
 * {@link MsgpackInput}): one reused output buffer, and input read in place. Not thread-safe.
 */
public final class MsgpackProtocolCodec extends BaseProtocolCodec {
    private final MsgpackWireReader reader = new MsgpackWireReader();
    private final ProtocolReader protocolReader = new ProtocolReader(reader);
    private final MsgpackWireWriter writer = new MsgpackWireWriter();
    private final ProtocolWriter protocolWriter = new ProtocolWriter(writer);

    /** A codec with the default maximum frame size. */
    public MsgpackProtocolCodec() {
        this(DEFAULT_MAX_FRAME_SIZE);
    }

    public MsgpackProtocolCodec(int maxFrameSize) {
        super(maxFrameSize);
    }

    @Override
    public WireFormat format() {
        return WireFormat.MSGPACK;
    }

    @Override
    WireReader openReader(byte[] bytes, int offset, int length) {
        reader.reset(bytes, offset, length);
        return reader;
    }

    @Override
    WireReader openReader(ByteBuffer bytes) {
        // Heap buffers are read in place; the reader works on arrays, so other buffers are copied.
        ByteBuffer b = bytes.duplicate();
        if (b.hasArray()) {
            reader.reset(b.array(), b.arrayOffset() + b.position(), b.remaining());
        } else {
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            reader.reset(copy, 0, copy.length);
        }
        return reader;
    }

    @Override
    ProtocolReader protocolReader(WireReader wireReader) {
        return wireReader == reader ? protocolReader : new ProtocolReader(wireReader);
    }

    @Override
    void closeReader() {
        reader.release(); // the reader is reused, but must not keep the last frame reachable
    }

    @Override
    ProtocolWriter openWriter() {
        writer.clear();
        return protocolWriter;
    }

    @Override
    byte[] closeWriter() {
        byte[] bytes = writer.toByteArray();
        writer.clear();
        return bytes;
    }

    @Override
    void abortWriter() {
        writer.clear();
    }
}
