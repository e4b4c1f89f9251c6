package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.ChannelOptions;
import io.ably4j.PaginatedResult;
import io.ably4j.RestAnnotations;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.types.AblyException;
import io.ably4j.types.Annotation;
import io.ably4j.types.AnnotationAction;
import io.ably4j.types.CipherParams;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The public {@link RestAnnotations} of a REST channel (RSAN), and what realtime annotations share with it: the
 * argument checks and field setting of RSAN1a/RSAN1c, and {@code get} (RSAN3, RTAN3a). Arguments are checked on the
 * caller's thread; requests go through {@link RestCore}. Thread-safe: immutable but for the channel's options, read
 * when each call is made.
 */
public final class RestAnnotationsImpl implements RestAnnotations {
    private final RestCore core;
    private final String channel;
    private final Supplier<ChannelOptions> options;

    /**
     * The annotations of REST channel {@code channel}.
     *
     * @param options the channel's current options (for its cipher)
     */
    RestAnnotationsImpl(RestCore core, String channel, Supplier<ChannelOptions> options) {
        this.core = core;
        this.channel = channel;
        this.options = options;
    }

    @Override
    public AblyFuture<Void> publish(String messageSerial, Annotation annotation) {
        return send(requireSerial(messageSerial), annotation, AnnotationAction.ANNOTATION_CREATE);
    }

    @Override
    public AblyFuture<Void> publish(Message message, Annotation annotation) {
        return send(serialOf(message), annotation, AnnotationAction.ANNOTATION_CREATE);
    }

    @Override
    public AblyFuture<Void> delete(String messageSerial, Annotation annotation) {
        return send(requireSerial(messageSerial), annotation, AnnotationAction.ANNOTATION_DELETE); // RSAN2a
    }

    @Override
    public AblyFuture<Void> delete(Message message, Annotation annotation) {
        return send(serialOf(message), annotation, AnnotationAction.ANNOTATION_DELETE);
    }

    @Override
    public AblyFuture<PaginatedResult<Annotation>> get(String messageSerial, @Nullable Map<String, String> params) {
        return get(core, channel, options.get().cipher(), requireSerial(messageSerial), params);
    }

    @Override
    public AblyFuture<PaginatedResult<Annotation>> get(Message message, @Nullable Map<String, String> params) {
        return get(core, channel, options.get().cipher(), serialOf(message), params);
    }

    private AblyFuture<Void> send(String messageSerial, @Nullable Annotation annotation, AnnotationAction action) {
        if (annotation == null) { // thrown at once, as the class documentation says
            throw Errors.exception(Errors.INVALID_PARAMETER_VALUE, "annotation must not be null");
        }
        RestRequest request;
        try {
            Annotation a = prepare(messageSerial, annotation, action);
            if (DataEncoding.size(a) > RestPublishing.DEFAULT_MAX_MESSAGE_SIZE) { // RSAN1a4
                throw new AblyException(ErrorInfo.of(
                        Errors.MAX_MESSAGE_SIZE_EXCEEDED,
                        400,
                        "Annotation size " + DataEncoding.size(a) + " bytes exceeds the maximum message size of "
                                + RestPublishing.DEFAULT_MAX_MESSAGE_SIZE + " bytes"));
            }
            String id = a.id();
            if (core.options().idempotentRestPublishing() && (id == null || id.isEmpty())) { // RSAN1c4
                a = a.toBuilder().id(RestPublishing.idBase() + ":0").build();
            }
            Annotation wire = DataEncoding.encode(a, options.get().cipher(), core.format()); // RSAN1c3
            request = RestRequest.builder("POST", path(channel, messageSerial)) // RSAN1c6
                    .body(core.codec().encodeAnnotations(List.of(wire))) // RSAN1c, RSAN1c5
                    .build();
        } catch (AblyException e) {
            return core.deliver(CompletableFuture.failedFuture(e));
        }
        return core.deliver(core.send(request).thenApply(response -> null));
    }

    /**
     * {@code annotation} as published: checked (RSAN1a3: a type is required, 40003; data of a supported type, 40013),
     * with {@code action} (RSAN1c1) and {@code messageSerial} (RSAN1c2) set. The data is not encoded yet.
     *
     * @throws AblyException when a check fails
     */
    public static Annotation prepare(String messageSerial, Annotation annotation, AnnotationAction action) {
        String type = annotation.type();
        if (type == null || type.isEmpty()) {
            throw new AblyException(
                    ErrorInfo.of(Errors.INVALID_PARAMETER_VALUE, 400, "An annotation must have a type (RSAN1a3)"));
        }
        DataEncoding.size(annotation); // 40013 for unsupported data
        return annotation.toBuilder()
                .action(action)
                .messageSerial(messageSerial)
                .build();
    }

    /**
     * {@code messageSerial} if usable.
     *
     * @throws AblyException 40003 if null or empty
     */
    public static String requireSerial(@Nullable String messageSerial) {
        if (messageSerial == null || messageSerial.isEmpty()) {
            throw Errors.exception(Errors.INVALID_PARAMETER_VALUE, "The message serial must be a non-empty string");
        }
        return messageSerial;
    }

    /**
     * The serial of {@code message} (RSAN1a1).
     *
     * @throws AblyException 40003 if the message is null or has no serial
     */
    public static String serialOf(@Nullable Message message) {
        if (message == null) {
            throw Errors.exception(Errors.INVALID_PARAMETER_VALUE, "message must not be null");
        }
        String serial = message.serial();
        if (serial == null || serial.isEmpty()) {
            throw Errors.exception(
                    Errors.INVALID_PARAMETER_VALUE,
                    "The message has no serial: only a message received from Ably can be annotated");
        }
        return serial;
    }

    /**
     * The first page of the annotations of message {@code messageSerial} on {@code channel} (RSAN3b), decoded with
     * {@code cipher} (RSAN3c, TAN3); failures to decode are logged and the annotation kept as received (RSL6b).
     */
    public static AblyFuture<PaginatedResult<Annotation>> get(
            RestCore core,
            String channel,
            @Nullable CipherParams cipher,
            String messageSerial,
            @Nullable Map<String, String> params) {
        RestRequest.Builder b = RestRequest.builder("GET", path(channel, messageSerial));
        if (params != null) {
            params.forEach((k, v) -> {
                if (k == null || k.isEmpty() || v == null) {
                    throw Errors.badArgument("params must have non-empty names and non-null values");
                }
                b.param(k, v);
            });
        }
        return core.paginated(b.build(), response -> decode(core, channel, cipher, response));
    }

    private static List<Annotation> decode(
            RestCore core, String channel, @Nullable CipherParams cipher, HttpResult response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return List.of();
        }
        ProtocolCodec codec = PooledCodec.of(RestResponses.formatOf(response, core.format()));
        return decodeAll(core.log(), channel, cipher, codec.decodeAnnotations(body));
    }

    /** {@code wire} decoded with {@code cipher} (TAN2f1); failures are logged and the annotation kept (RSL6b). */
    public static List<Annotation> decodeAll(
            Log log, String channel, @Nullable CipherParams cipher, List<Annotation> wire) {
        List<Annotation> out = new ArrayList<>(wire.size());
        for (Annotation a : wire) {
            DecodeResult<Annotation> d = DataEncoding.decode(a, cipher);
            ErrorInfo error = d.error();
            if (error != null) {
                log.error(
                        "Channel " + channel + ": annotation " + a.id() + " could not be decoded; delivered with its"
                                + " remaining encoding (RSL6b): " + error.code() + " " + error.message(),
                        null);
            }
            out.add(d.value());
        }
        return out;
    }

    /** {@code /channels/{channel}/messages/{messageSerial}/annotations}, both percent-encoded. */
    static String path(String channel, String messageSerial) {
        return ChannelPaths.channel(channel) + "/messages/" + ChannelPaths.segment(messageSerial) + "/annotations";
    }

    @Override
    public String toString() {
        return "RestAnnotations{" + channel + "}";
    }
}
