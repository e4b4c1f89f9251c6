package io.ably4j.internal.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The msgpack {@link ProtocolCodec} (binary frames), built on msgpack-core with one reused packer and unpacker.
 * Not thread-safe.
 */
public final class MsgpackProtocolCodec extends BaseProtocolCodec {
    private final MsgpackWireReader reader = new MsgpackWireReader();
    private final MsgpackWireWriter writer = new MsgpackWireWriter();

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
    WireReader openReader(byte[] bytes, int offset, int length) throws IOException {
        reader.reset(bytes, offset, length);
        return reader;
    }

    @Override
    WireReader openReader(ByteBuffer bytes) throws IOException {
        // msgpack-core reads direct buffers through JDK internals that a module system may not open, so
        // non-heap buffers are copied.
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
    void closeReader() {
        // The unpacker is reused; the next reset replaces its input.
    }

    @Override
    WireWriter openWriter() {
        writer.clear();
        return writer;
    }

    @Override
    byte[] closeWriter() throws IOException {
        byte[] bytes = writer.toByteArray();
        writer.clear();
        return bytes;
    }

    @Override
    void abortWriter() {
        writer.clear();
    }
}
