package io.ably4j.internal.rest;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A thread-safe {@link ProtocolCodec} for REST bodies: each call borrows a codec from a small process-wide pool of its
 * format and gives it back when the call returns, so a request neither builds a codec (a msgpack codec's reader holds
 * name-cache tables of ~22 KiB) nor shares one with another thread at the same moment. Codecs reuse their buffers and
 * are not thread-safe; the pool hands each idle codec to one caller at a time. The results are fresh objects owned by
 * the caller (as {@link ProtocolCodec} promises), so nothing a call returns refers to the codec it borrowed.
 *
 * <p>At most {@value #MAX_IDLE} codecs per format stay idle; more callers at the same moment create codecs that are
 * dropped afterwards. A codec whose call threw goes back to the pool too: codecs reset their state at the start of
 * each call.
 */
final class PooledCodec implements ProtocolCodec {
    /** Idle codecs kept per format. */
    static final int MAX_IDLE = 16;

    private static final PooledCodec JSON =
            new PooledCodec(WireFormat.JSON, () -> ProtocolCodec.create(WireFormat.JSON));
    private static final PooledCodec MSGPACK =
            new PooledCodec(WireFormat.MSGPACK, () -> ProtocolCodec.create(WireFormat.MSGPACK));

    private final WireFormat format;
    private final Supplier<ProtocolCodec> factory;
    private final Queue<ProtocolCodec> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();

    /** A pool of codecs made by {@code factory} (tests inject their own). */
    PooledCodec(WireFormat format, Supplier<ProtocolCodec> factory) {
        this.format = format;
        this.factory = factory;
    }

    /** The shared pooled codec of {@code format}. */
    static PooledCodec of(WireFormat format) {
        return switch (format) {
            case JSON -> JSON;
            case MSGPACK -> MSGPACK;
        };
    }

    /** The number of idle codecs (for tests). */
    int idle() {
        return idleCount.get();
    }

    /** {@code call} applied to a codec borrowed for its duration, given to no other caller until it returns. */
    <T> T use(Function<ProtocolCodec, T> call) {
        ProtocolCodec codec = idle.poll();
        if (codec == null) {
            codec = factory.get();
        } else {
            idleCount.decrementAndGet();
        }
        try {
            return call.apply(codec);
        } finally {
            if (idleCount.incrementAndGet() <= MAX_IDLE) {
                idle.add(codec);
            } else {
                idleCount.decrementAndGet(); // enough idle codecs: let this one go
            }
        }
    }

    @Override
    public WireFormat format() {
        return format;
    }

    @Override
    public int maxFrameSize() {
        return DEFAULT_MAX_FRAME_SIZE;
    }

    @Override
    public byte[] encode(ProtocolMessage message) {
        return use(c -> c.encode(message));
    }

    @Override
    public ProtocolMessage decode(byte[] frame) {
        return use(c -> c.decode(frame));
    }

    @Override
    public ProtocolMessage decode(byte[] frame, int offset, int length) {
        return use(c -> c.decode(frame, offset, length));
    }

    @Override
    public ProtocolMessage decode(ByteBuffer frame) {
        return use(c -> c.decode(frame));
    }

    @Override
    public byte[] encodeMessages(List<Message> messages) {
        return use(c -> c.encodeMessages(messages));
    }

    @Override
    public byte[] encodeMessage(Message message) {
        return use(c -> c.encodeMessage(message));
    }

    @Override
    public List<Message> decodeMessages(byte[] body) {
        return use(c -> c.decodeMessages(body));
    }

    @Override
    public byte[] encodePresenceMessages(List<PresenceMessage> messages) {
        return use(c -> c.encodePresenceMessages(messages));
    }

    @Override
    public List<PresenceMessage> decodePresenceMessages(byte[] body) {
        return use(c -> c.decodePresenceMessages(body));
    }

    @Override
    public byte[] encodeAnnotations(List<Annotation> annotations) {
        return use(c -> c.encodeAnnotations(annotations));
    }

    @Override
    public List<Annotation> decodeAnnotations(byte[] body) {
        return use(c -> c.decodeAnnotations(body));
    }

    @Override
    public byte[] encodeUpdateDeleteResult(UpdateDeleteResult result) {
        return use(c -> c.encodeUpdateDeleteResult(result));
    }

    @Override
    public UpdateDeleteResult decodeUpdateDeleteResult(byte[] body) {
        return use(c -> c.decodeUpdateDeleteResult(body));
    }

    @Override
    public byte[] encodeTokenRequest(TokenRequest request) {
        return use(c -> c.encodeTokenRequest(request));
    }

    @Override
    public TokenRequest decodeTokenRequest(byte[] body) {
        return use(c -> c.decodeTokenRequest(body));
    }

    @Override
    public byte[] encodeTokenDetails(TokenDetails details) {
        return use(c -> c.encodeTokenDetails(details));
    }

    @Override
    public TokenDetails decodeTokenDetails(byte[] body) {
        return use(c -> c.decodeTokenDetails(body));
    }

    @Override
    public byte[] encodeTokenParams(TokenParams params) {
        return use(c -> c.encodeTokenParams(params));
    }

    @Override
    public TokenParams decodeTokenParams(byte[] body) {
        return use(c -> c.decodeTokenParams(body));
    }

    @Override
    public byte[] encodeJson(Json value) {
        return use(c -> c.encodeJson(value));
    }

    @Override
    public Json decodeJson(byte[] body) {
        return use(c -> c.decodeJson(body));
    }

    @Override
    public byte[] encodeError(ErrorInfo error) {
        return use(c -> c.encodeError(error));
    }

    @Override
    public ErrorInfo decodeError(byte[] body) {
        return use(c -> c.decodeError(body));
    }
}
