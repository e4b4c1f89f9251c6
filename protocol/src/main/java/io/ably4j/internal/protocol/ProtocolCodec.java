package io.ably4j.internal.protocol;

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
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Encodes and decodes Ably wire types in one {@link WireFormat}: realtime frames ({@link ProtocolMessage}) and
 * the REST bodies for messages, presence messages, token types and errors.
 *
 * <p>Encoding writes fields exactly as given: {@code data} that is a {@code String} is written as a string, a
 * {@code byte[]} as msgpack {@code bin} or, in JSON, a base64 string (the caller sets the {@code encoding}),
 * and a {@link io.ably4j.types.Json} as a string of its text. Absent fields are not written. Decoding keeps
 * {@code data} and {@code encoding} as they are on the wire (string → {@code String}, msgpack bin →
 * {@code byte[]}, an embedded object or array → {@code Json}); it ignores unknown fields and keeps unknown
 * action codes and flag bits (RTF1, RSF1).
 *
 * <p>Every decode method throws {@link ProtocolDecodeException} (code 40000) for malformed, truncated,
 * oversized or too deeply nested input, or for fields of the wrong type, and never anything else for bad input.
 * Encode methods throw {@link io.ably4j.types.AblyException} only for values the format cannot represent.
 *
 * <p>Instances are <b>not thread-safe</b>: they reuse their buffers, so use one per connection or thread. Arrays
 * returned by the encode methods are fresh and owned by the caller.
 */
public interface ProtocolCodec {
    /** The default maximum size of an input frame or body: 16 MiB. */
    int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

    /** A new codec for {@code format} with the default maximum frame size. */
    static ProtocolCodec create(WireFormat format) {
        return create(format, DEFAULT_MAX_FRAME_SIZE);
    }

    /**
     * A new codec for {@code format} that rejects inputs larger than {@code maxFrameSize} bytes (for JSON text
     * input, characters).
     */
    static ProtocolCodec create(WireFormat format, int maxFrameSize) {
        return switch (format) {
            case JSON -> new JsonProtocolCodec(maxFrameSize);
            case MSGPACK -> new MsgpackProtocolCodec(maxFrameSize);
        };
    }

    /** The format of this codec. */
    WireFormat format();

    /** The maximum accepted input size in bytes. */
    int maxFrameSize();

    /** Encodes one realtime frame (for JSON: UTF-8 text). */
    byte[] encode(ProtocolMessage message);

    ProtocolMessage decode(byte[] frame);

    /**
     * Decodes {@code frame[offset, offset + length)}. The message keeps no reference to {@code frame} (values are
     * copied out), so a caller may decode in place from a buffer it reuses for the next read.
     */
    ProtocolMessage decode(byte[] frame, int offset, int length);

    /** Decodes the remaining bytes of {@code frame} without changing its position. */
    ProtocolMessage decode(ByteBuffer frame);

    /** Encodes a REST message list (an array). */
    byte[] encodeMessages(List<Message> messages);

    /**
     * Encodes one message as a single object, not an array: the body of an update, delete or append request (RSL15b).
     */
    byte[] encodeMessage(Message message);

    /** Decodes a REST message array, or a single message object as a one-element list. */
    List<Message> decodeMessages(byte[] body);

    /** Encodes a REST presence message list (an array). */
    byte[] encodePresenceMessages(List<PresenceMessage> messages);

    /** Decodes a REST presence array, or a single presence object as a one-element list. */
    List<PresenceMessage> decodePresenceMessages(byte[] body);

    /** Encodes a REST annotation list (an array; RSAN1c6). */
    byte[] encodeAnnotations(List<Annotation> annotations);

    /** Decodes a REST annotation array (RSAN3), or a single annotation object as a one-element list. */
    List<Annotation> decodeAnnotations(byte[] body);

    /** Encodes the response to a message update, delete or append (UDR2). */
    byte[] encodeUpdateDeleteResult(UpdateDeleteResult result);

    /**
     * Decodes the response to a message update, delete or append (RSL15e, UDR2): an object whose
     * {@code versionSerial} may be a string, null or missing; other members are ignored.
     */
    UpdateDeleteResult decodeUpdateDeleteResult(byte[] body);

    byte[] encodeTokenRequest(TokenRequest request);

    TokenRequest decodeTokenRequest(byte[] body);

    byte[] encodeTokenDetails(TokenDetails details);

    /** Decodes token details; a body without {@code token} is rejected. */
    TokenDetails decodeTokenDetails(byte[] body);

    byte[] encodeTokenParams(TokenParams params);

    TokenParams decodeTokenParams(byte[] body);

    /** Encodes any JSON value as a body: for JSON its text, for msgpack the same tree (REST {@code request()}). */
    byte[] encodeJson(Json value);

    /**
     * Decodes a body holding any single value as JSON (REST {@code request()}, stats); msgpack binary becomes a base64
     * string. A body that is msgpack or JSON {@code null} is rejected.
     */
    Json decodeJson(byte[] body);

    /** Encodes a REST error body: {@code {"error":{...}}}. */
    byte[] encodeError(ErrorInfo error);

    /** Decodes a REST error body {@code {"error":{...}}}, or a bare error object. */
    ErrorInfo decodeError(byte[] body);
}
