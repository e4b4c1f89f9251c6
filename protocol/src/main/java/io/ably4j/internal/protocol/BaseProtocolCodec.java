package io.ably4j.internal.protocol;

import io.ably4j.types.AblyException;
import io.ably4j.types.Annotation;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import io.ably4j.types.UpdateDeleteResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** The format-independent part of the codecs: size checks, exception wrapping, and the typed entry points. */
abstract class BaseProtocolCodec implements ProtocolCodec {
    /** Reads one value from a {@link ProtocolReader}. */
    interface Decoder<T> {
        T read(ProtocolReader reader) throws IOException;
    }

    /** Writes one value to a {@link ProtocolWriter} (a method reference, so encoding allocates no lambda). */
    interface Encoder<T> {
        void write(ProtocolWriter writer, T value) throws IOException;
    }

    private final int maxFrameSize;

    BaseProtocolCodec(int maxFrameSize) {
        if (maxFrameSize <= 0) {
            throw new IllegalArgumentException("maxFrameSize must be positive: " + maxFrameSize);
        }
        this.maxFrameSize = maxFrameSize;
    }

    @Override
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Opens a reader over the given bytes; {@link #closeReader()} is always called afterwards. */
    abstract WireReader openReader(byte[] bytes, int offset, int length) throws IOException;

    abstract WireReader openReader(ByteBuffer bytes) throws IOException;

    abstract void closeReader();

    /** Opens a writer into the reused output buffer. */
    abstract ProtocolWriter openWriter() throws IOException;

    /** Finishes the writer opened last and returns a fresh copy of the bytes written. */
    abstract byte[] closeWriter() throws IOException;

    /** Discards the state of a failed write. */
    abstract void abortWriter();

    final void checkSize(long size) {
        if (size > maxFrameSize) {
            throw new ProtocolDecodeException(
                    "Frame of " + size + " bytes exceeds the maximum of " + maxFrameSize + " bytes");
        }
    }

    final <T> T decode(byte[] bytes, int offset, int length, String what, Decoder<T> decoder) {
        if (bytes == null) {
            throw new ProtocolDecodeException("No " + what + " to decode (null)");
        }
        if (offset < 0 || length < 0 || offset > bytes.length - length) {
            throw new ProtocolDecodeException(
                    "Invalid range offset=" + offset + " length=" + length + " for " + bytes.length + " bytes");
        }
        checkSize(length);
        try {
            return finish(openReader(bytes, offset, length), what, decoder);
        } catch (IOException e) {
            throw malformed(what, e);
        } finally {
            closeReader();
        }
    }

    final <T> T decode(ByteBuffer bytes, String what, Decoder<T> decoder) {
        if (bytes == null) {
            throw new ProtocolDecodeException("No " + what + " to decode (null)");
        }
        checkSize(bytes.remaining());
        try {
            return finish(openReader(bytes), what, decoder);
        } catch (IOException e) {
            throw malformed(what, e);
        } finally {
            closeReader();
        }
    }

    final <T> T finish(WireReader reader, String what, Decoder<T> decoder) throws IOException {
        if (reader.peek() == WireReader.Kind.NULL) {
            throw new ProtocolDecodeException("Expected " + what + " but found null");
        }
        T value;
        try {
            value = decoder.read(protocolReader(reader));
        } catch (ProtocolDecodeException e) {
            throw e;
        } catch (AblyException e) {
            // a value the type itself rejects (e.g. a negative ttl): bad input like any other, so 40000
            throw new ProtocolDecodeException(
                    "Invalid " + what + ": " + e.errorInfo().message(), e);
        }
        reader.finish();
        return value;
    }

    /** The {@link ProtocolReader} over {@code reader}; a codec whose reader is reused may reuse this too. */
    ProtocolReader protocolReader(WireReader reader) {
        return new ProtocolReader(reader);
    }

    final ProtocolDecodeException malformed(String what, Exception e) {
        String detail = e.getMessage();
        return new ProtocolDecodeException(
                "Malformed " + format().queryValue() + " " + what + (detail == null ? "" : ": " + detail), e);
    }

    final <T> byte[] encode(T value, Encoder<T> encoder) {
        try {
            encoder.write(openWriter(), value);
            return closeWriter();
        } catch (IOException e) {
            abortWriter();
            throw new AblyException(ErrorInfo.of(50000, 500, "Failed to encode " + format().queryValue()), e);
        } catch (RuntimeException e) {
            abortWriter();
            throw e;
        }
    }

    @Override
    public byte[] encode(ProtocolMessage message) {
        return encode(message, ProtocolWriter::writeProtocolMessage);
    }

    @Override
    public ProtocolMessage decode(byte[] frame) {
        return decode(frame, 0, frame == null ? 0 : frame.length);
    }

    @Override
    public ProtocolMessage decode(byte[] frame, int offset, int length) {
        return decode(frame, offset, length, "ProtocolMessage", ProtocolReader::readProtocolMessage);
    }

    @Override
    public ProtocolMessage decode(ByteBuffer frame) {
        return decode(frame, "ProtocolMessage", ProtocolReader::readProtocolMessage);
    }

    private <T> T decodeBody(byte[] body, String what, Decoder<T> decoder) {
        return decode(body, 0, body == null ? 0 : body.length, what, decoder);
    }

    @Override
    public byte[] encodeMessages(List<Message> messages) {
        return encode(messages, ProtocolWriter::writeMessages);
    }

    @Override
    public byte[] encodeMessage(Message message) {
        return encode(message, ProtocolWriter::writeMessage);
    }

    @Override
    public List<Message> decodeMessages(byte[] body) {
        return decodeBody(body, "messages", ProtocolReader::readMessageList);
    }

    @Override
    public byte[] encodePresenceMessages(List<PresenceMessage> messages) {
        return encode(messages, ProtocolWriter::writePresenceMessages);
    }

    @Override
    public List<PresenceMessage> decodePresenceMessages(byte[] body) {
        return decodeBody(body, "presence messages", ProtocolReader::readPresenceList);
    }

    @Override
    public byte[] encodeAnnotations(List<Annotation> annotations) {
        return encode(annotations, ProtocolWriter::writeAnnotations);
    }

    @Override
    public List<Annotation> decodeAnnotations(byte[] body) {
        return decodeBody(body, "annotations", ProtocolReader::readAnnotationList);
    }

    @Override
    public byte[] encodeUpdateDeleteResult(UpdateDeleteResult result) {
        return encode(result, ProtocolWriter::writeUpdateDeleteResult);
    }

    @Override
    public UpdateDeleteResult decodeUpdateDeleteResult(byte[] body) {
        return decodeBody(body, "UpdateDeleteResult", ProtocolReader::readUpdateDeleteResult);
    }

    @Override
    public byte[] encodeTokenRequest(TokenRequest request) {
        return encode(request, ProtocolWriter::writeTokenRequest);
    }

    @Override
    public TokenRequest decodeTokenRequest(byte[] body) {
        return decodeBody(body, "TokenRequest", ProtocolReader::readTokenRequest);
    }

    @Override
    public byte[] encodeTokenDetails(TokenDetails details) {
        return encode(details, ProtocolWriter::writeTokenDetails);
    }

    @Override
    public TokenDetails decodeTokenDetails(byte[] body) {
        return decodeBody(body, "TokenDetails", ProtocolReader::readTokenDetails);
    }

    @Override
    public byte[] encodeTokenParams(TokenParams params) {
        return encode(params, ProtocolWriter::writeTokenParams);
    }

    @Override
    public TokenParams decodeTokenParams(byte[] body) {
        return decodeBody(body, "TokenParams", ProtocolReader::readTokenParams);
    }

    @Override
    public byte[] encodeJson(Json value) {
        return encode(value, ProtocolWriter::writeJson);
    }

    @Override
    public Json decodeJson(byte[] body) {
        return decodeBody(body, "JSON value", ProtocolReader::readJsonValue);
    }

    @Override
    public byte[] encodeError(ErrorInfo error) {
        return encode(error, ProtocolWriter::writeErrorBody);
    }

    @Override
    public ErrorInfo decodeError(byte[] body) {
        return decodeBody(body, "error", ProtocolReader::readErrorBody);
    }
}
