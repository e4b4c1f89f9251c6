package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.CipherParams;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.PublishResult;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * REST publishing (RSL1), shared by channel publishes and batch publishes (RSC22): the checks made before anything is
 * sent (clientId RSA7/RSL1m, size RSL1i, data RSL4a), library-generated ids (RSL1k1, RSC22d) and payload encoding
 * (RSL4, RSL5). Stateless and thread-safe.
 */
final class RestPublishing {
    /** The maximum size of the messages of one publish (TO3l8), as REST requests know no connection's limit. */
    static final int DEFAULT_MAX_MESSAGE_SIZE = 65536;

    /** Random bytes in a library-generated id base (RSL1k1: at least 9). */
    static final int ID_BASE_BYTES = 9;

    private static final SecureRandom RANDOM = new SecureRandom();

    private RestPublishing() {}

    /**
     * Publishes {@code messages} to {@code channel} in one {@code POST /channels/{name}/messages} (RSL1c) with {@code
     * params} in the query (RSL1l); completes with the response's serials (RSL1n). A failed check fails the future
     * without a request.
     */
    static AblyFuture<PublishResult> publish(
            RestCore core,
            String channel,
            @Nullable CipherParams cipher,
            List<Message> messages,
            Map<String, String> params) {
        RestRequest request;
        try {
            List<Message> wire = prepare(core, messages, cipher);
            RestRequest.Builder b = RestRequest.builder("POST", ChannelPaths.channel(channel) + "/messages")
                    .body(core.codec().encodeMessages(wire));
            params.forEach(b::param);
            request = b.build();
        } catch (AblyException e) {
            return core.deliver(CompletableFuture.failedFuture(e));
        }
        int count = messages.size();
        return core.deliver(
                core.send(request).thenApply(response -> RestResponses.publishResult(response, core, count)));
    }

    /**
     * The messages as sent: checked, given ids when idempotent publishing is on (TO3n), and encoded with {@code cipher}
     * in the client's format.
     *
     * @throws AblyException 40012, 40009 or 40013 when a check fails
     */
    static List<Message> prepare(RestCore core, List<Message> messages, @Nullable CipherParams cipher) {
        check(messages, core.auth().clientId());
        List<Message> withIds = core.options().idempotentRestPublishing() ? withIds(messages) : messages;
        return encode(withIds, cipher, core.format());
    }

    /**
     * Checks messages before they are sent: a clientId other than the client's identified one (RSA7, RSL1m: Ably would
     * reject it) fails with 40012, a total size over {@link #DEFAULT_MAX_MESSAGE_SIZE} (RSL1i, TM6) with 40009, data
     * of an unsupported type (RSL4a) with 40013.
     *
     * @param clientId the client's identified clientId, {@code *} (any), or null
     */
    static void check(List<Message> messages, @Nullable String clientId) {
        long size = 0;
        for (Message m : messages) {
            String mc = m.clientId();
            if (mc != null && clientId != null && !"*".equals(clientId) && !mc.equals(clientId)) {
                throw new AblyException(ErrorInfo.of(
                        Errors.INVALID_CLIENT_ID,
                        400,
                        "Message clientId '" + mc + "' does not match the client's clientId '" + clientId + "'"));
            }
            size += DataEncoding.size(m); // TM6; 40013 for unsupported data
        }
        if (size > DEFAULT_MAX_MESSAGE_SIZE) {
            throw new AblyException(ErrorInfo.of(
                    Errors.MAX_MESSAGE_SIZE_EXCEEDED,
                    400,
                    "Message size " + size + " bytes exceeds the maximum message size of " + DEFAULT_MAX_MESSAGE_SIZE
                            + " bytes"));
        }
    }

    /**
     * RSL1k1: when no message has an id, each gets {@code <base>:<index>} with a fresh random base; otherwise the ids
     * are kept as they are (RSL1k2, RSL1k3). The request body is built once, so a retry on a fallback host carries the
     * same ids.
     */
    static List<Message> withIds(List<Message> messages) {
        for (Message m : messages) {
            String id = m.id();
            if (id != null && !id.isEmpty()) {
                return messages;
            }
        }
        String base = idBase();
        List<Message> out = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
            out.add(messages.get(i).toBuilder().id(base + ":" + i).build());
        }
        return out;
    }

    /** A base id: {@value #ID_BASE_BYTES} random bytes in base64 (RSL1k1). */
    static String idBase() {
        byte[] bytes = new byte[ID_BASE_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Encodes each payload for {@code format}, encrypting with {@code cipher} if given (RSL4, RSL5). */
    static List<Message> encode(List<Message> messages, @Nullable CipherParams cipher, WireFormat format) {
        List<Message> out = new ArrayList<>(messages.size());
        for (Message m : messages) {
            out.add(DataEncoding.encode(m, cipher, format));
        }
        return out;
    }
}
