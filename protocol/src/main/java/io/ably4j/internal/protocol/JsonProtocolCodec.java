package io.ably4j.internal.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.ably4j.types.ProtocolMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The JSON {@link ProtocolCodec} (text frames), built on jackson-core streaming. Byte input may be UTF-8 (or
 * UTF-16/32, detected). Binary data is written as base64 strings. Not thread-safe.
 */
public final class JsonProtocolCodec extends BaseProtocolCodec {
    private final ByteArrayBuilder out = new ByteArrayBuilder(512);
    private @Nullable JsonParser parser;

    /** A parser of no input, which the reader holds between frames. */
    private final JsonParser idle;
    /** Reused across frames, as is the cache of repeated values it holds. */
    private final JsonWireReader reader;

    private final ProtocolReader protocolReader;
    private @Nullable JsonGenerator generator;

    /** A codec with the default maximum frame size. */
    public JsonProtocolCodec() {
        this(DEFAULT_MAX_FRAME_SIZE);
    }

    public JsonProtocolCodec(int maxFrameSize) {
        super(maxFrameSize);
        try {
            idle = JsonWireReader.FACTORY.createParser(new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown for an in-memory input
        }
        reader = new JsonWireReader(idle);
        protocolReader = new ProtocolReader(reader);
    }

    @Override
    public WireFormat format() {
        return WireFormat.JSON;
    }

    /** Encodes one realtime frame as JSON text. */
    public String encodeToString(ProtocolMessage message) {
        return new String(encode(message), StandardCharsets.UTF_8);
    }

    /** Decodes one JSON text frame; its length in characters is checked against the maximum frame size. */
    public ProtocolMessage decode(CharSequence frame) {
        if (frame == null) {
            throw new ProtocolDecodeException("No ProtocolMessage to decode (null)");
        }
        checkSize(frame.length());
        try {
            JsonParser p = JsonWireReader.FACTORY.createParser(frame.toString());
            parser = p;
            reader.reset(p);
            return finish(reader, "ProtocolMessage", ProtocolReader::readProtocolMessage);
        } catch (IOException e) {
            throw malformed("ProtocolMessage", e);
        } finally {
            closeReader();
        }
    }

    @Override
    WireReader openReader(byte[] bytes, int offset, int length) throws IOException {
        JsonParser p = JsonWireReader.FACTORY.createParser(bytes, offset, length);
        parser = p;
        reader.reset(p);
        return reader;
    }

    @Override
    ProtocolReader protocolReader(WireReader wireReader) {
        return wireReader == reader ? protocolReader : new ProtocolReader(wireReader);
    }

    @Override
    WireReader openReader(ByteBuffer bytes) throws IOException {
        ByteBuffer b = bytes.duplicate();
        if (b.hasArray()) {
            return openReader(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
        byte[] copy = new byte[b.remaining()];
        b.get(copy);
        return openReader(copy, 0, copy.length);
    }

    @Override
    void closeReader() {
        JsonParser p = parser;
        parser = null;
        reader.reset(idle); // the reader is reused, but must not keep the last frame reachable
        if (p != null) {
            try {
                p.close();
            } catch (IOException e) {
                // closing an in-memory parser releases buffers only; nothing to report
            }
        }
    }

    @Override
    ProtocolWriter openWriter() throws IOException {
        out.reset();
        JsonGenerator g = JsonWireReader.FACTORY.createGenerator(out);
        generator = g;
        return new ProtocolWriter(new JsonWireWriter(g));
    }

    @Override
    byte[] closeWriter() throws IOException {
        JsonGenerator g = generator;
        generator = null;
        if (g != null) {
            g.close();
        }
        byte[] bytes = out.toByteArray();
        out.reset();
        return bytes;
    }

    @Override
    void abortWriter() {
        JsonGenerator g = generator;
        generator = null;
        if (g != null) {
            try {
                g.close();
            } catch (IOException | RuntimeException e) {
                // the output is discarded anyway
            }
        }
        out.reset();
    }
}
