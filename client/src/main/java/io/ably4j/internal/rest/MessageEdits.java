package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.PaginatedResult;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.ReceivedDefaults;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.CipherParams;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageOperation;
import io.ably4j.types.MessageVersion;
import io.ably4j.types.UpdateDeleteResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Mutable messages over REST (RSL11, RSL14, RSL15) and the checks and wire form shared with realtime channels (RTL28,
 * RTL31, RTL32): {@code PATCH /channels/{name}/messages/{serial}} for an update, delete or append, {@code GET} of the
 * message and of its versions. Stateless and thread-safe; the returned futures complete on the client's callback
 * executor.
 */
public final class MessageEdits {
    private MessageEdits() {}

    /**
     * The failure of an operation on a message without a serial (RSL15a, RTL32a, RSL11a1, RSL14a1): 40003, as Ably's
     * SDKs report it.
     */
    public static AblyException missingSerial(String operation) {
        return new AblyException(ErrorInfo.of(
                Errors.INVALID_PARAMETER_VALUE,
                400,
                operation + ": the message has no serial; pass a message received from Ably (or its serial)"));
    }

    /**
     * The message to send for {@code action}: {@code message} with {@code action} (RSL15b1, RTL32b1) and {@code
     * version} set to {@code operation}, or left out without one (RSL15b7, RTL32b2). {@code message} is not changed
     * (RSL15c, RTL32c): messages are immutable.
     */
    public static Message edited(Message message, MessageAction action, @Nullable MessageOperation operation) {
        MessageVersion version = operation == null
                ? null
                : MessageVersion.builder()
                        .clientId(operation.clientId())
                        .description(operation.description())
                        .metadata(operation.metadata())
                        .build();
        return message.toBuilder().action(action).version(version).build();
    }

    /**
     * {@code params} copied, checked for null or empty names and null values.
     *
     * @throws AblyException 40000 for a null or empty name or a null value
     */
    public static Map<String, String> params(@Nullable Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((k, v) -> {
                if (k == null || k.isEmpty() || v == null) {
                    throw Errors.badArgument("params must have non-empty names and non-null values");
                }
                out.put(k, v);
            });
        }
        return out;
    }

    /**
     * {@code value} if not null.
     *
     * @throws AblyException 40000 naming {@code what} if it is null
     */
    public static <T> T requireArg(@Nullable T value, String what) {
        if (value == null) {
            throw Errors.badArgument(what + " must not be null");
        }
        return value;
    }

    /** The name of {@code action}'s operation, for messages: {@code updateMessage} and so on. */
    public static String operationName(MessageAction action) {
        return switch (action) {
            case MESSAGE_DELETE -> "deleteMessage";
            case MESSAGE_APPEND -> "appendMessage";
            default -> "updateMessage";
        };
    }

    /**
     * RSL15: sends {@code message} with {@code action} and {@code operation} in a {@code PATCH
     * /channels/{name}/messages/{serial}}, encoded with {@code cipher} in the client's format (RSL15d), {@code params}
     * in the query (RSL15f); completes with the response's {@link UpdateDeleteResult} (RSL15e), whose versionSerial is
     * null for an empty response. Fails without a request for a missing serial (40003), data that cannot be encoded
     * (40013) or a message over the maximum size (40009).
     */
    static AblyFuture<UpdateDeleteResult> edit(
            RestCore core,
            String channel,
            @Nullable CipherParams cipher,
            Message message,
            MessageAction action,
            @Nullable MessageOperation operation,
            Map<String, String> params) {
        String serial = message.serial();
        RestRequest request;
        try {
            if (serial == null || serial.isEmpty()) {
                throw missingSerial(operationName(action));
            }
            Message wire = edited(message, action, operation);
            RestPublishing.check(List.of(wire), null); // size (40009) and data (40013)
            wire = DataEncoding.encode(wire, cipher, core.format()); // RSL4, RSL5
            RestRequest.Builder b = RestRequest.builder("PATCH", messagePath(channel, serial))
                    .body(core.codec().encodeMessage(wire));
            params.forEach(b::param);
            request = b.build();
        } catch (AblyException e) {
            return core.deliver(CompletableFuture.failedFuture(e));
        }
        return core.deliver(core.send(request).thenApply(response -> result(response, core)));
    }

    /** RSL11: {@code GET /channels/{name}/messages/{serial}}, the message decoded with {@code cipher} (RSL11c). */
    public static AblyFuture<Message> get(
            RestCore core, String channel, @Nullable CipherParams cipher, @Nullable String serial) {
        if (serial == null || serial.isEmpty()) {
            return core.deliver(CompletableFuture.failedFuture(missingSerial("getMessage")));
        }
        RestRequest request = RestRequest.get(messagePath(channel, serial));
        return core.deliver(core.send(request).thenApply(response -> {
            List<Message> messages = ChannelQueries.messages(core, channel, cipher, response);
            if (messages.size() != 1) {
                throw new AblyException(ErrorInfo.of(
                        Errors.INTERNAL_ERROR, 500, "getMessage: expected one message, received " + messages.size()));
            }
            return ReceivedDefaults.apply(messages.get(0)); // TM2s, TM2u
        }));
    }

    /**
     * RSL14: the first page of {@code GET /channels/{name}/messages/{serial}/versions} with {@code params} in the query,
     * each version decoded with {@code cipher}.
     */
    public static AblyFuture<PaginatedResult<Message>> versions(
            RestCore core,
            String channel,
            @Nullable CipherParams cipher,
            @Nullable String serial,
            Map<String, String> params) {
        if (serial == null || serial.isEmpty()) {
            return core.deliver(CompletableFuture.failedFuture(missingSerial("getMessageVersions")));
        }
        RestRequest.Builder b = RestRequest.builder("GET", messagePath(channel, serial) + "/versions");
        params.forEach(b::param);
        return core.paginated(
                b.build(),
                response -> ChannelQueries.messages(core, channel, cipher, response).stream()
                        .map(ReceivedDefaults::apply)
                        .toList());
    }

    /** {@code /channels/{name}/messages/{serial}}, the serial percent-encoded as one path segment. */
    static String messagePath(String channel, String serial) {
        return ChannelPaths.channel(channel) + "/messages/" + ChannelPaths.segment(serial);
    }

    private static UpdateDeleteResult result(HttpResult response, RestCore core) {
        byte[] body = response.body();
        if (body.length == 0) {
            return UpdateDeleteResult.of(null);
        }
        return PooledCodec.of(RestResponses.formatOf(response, core.format())).decodeUpdateDeleteResult(body);
    }
}
