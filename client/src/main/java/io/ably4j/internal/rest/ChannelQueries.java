package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.HistoryParams;
import io.ably4j.PaginatedResult;
import io.ably4j.PresenceParams;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.protocol.DataEncoding;
import io.ably4j.internal.protocol.DecodeResult;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.util.Errors;
import io.ably4j.internal.util.Log;
import io.ably4j.types.AblyException;
import io.ably4j.types.CipherParams;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The paginated queries of a channel: message history (RSL2, RTL10), presence (RSP3) and presence history (RSP4), and
 * the decoding of their items (RSL6, RSP5). Shared by REST channels and realtime channels. Stateless and thread-safe;
 * the returned futures complete on the client's callback executor.
 */
public final class ChannelQueries {
    private ChannelQueries() {}

    /**
     * The first page of {@code channel}'s message history: {@code GET /channels/{name}/messages} with {@code params}
     * (RSL2b), plus {@code fromSerial} when given (RTL10b). {@link HistoryParams#untilAttach()} is the caller's to
     * resolve into {@code fromSerial}. Items are decoded with {@code cipher} (RSL6).
     */
    public static AblyFuture<PaginatedResult<Message>> history(
            RestCore core,
            String channel,
            @Nullable CipherParams cipher,
            @Nullable HistoryParams params,
            @Nullable String fromSerial) {
        RestRequest.Builder b = historyRequest(ChannelPaths.channel(channel) + "/messages", params);
        if (fromSerial != null) {
            b.param("fromSerial", fromSerial); // RTL10b
        }
        return core.paginated(b.build(), response -> messages(core, channel, cipher, response));
    }

    /** The first page of the members present on {@code channel} (RSP3), decoded with {@code cipher} (RSP5). */
    static AblyFuture<PaginatedResult<PresenceMessage>> presence(
            RestCore core, String channel, @Nullable CipherParams cipher, @Nullable PresenceParams params) {
        RestRequest.Builder b = RestRequest.builder("GET", ChannelPaths.channel(channel) + "/presence");
        if (params != null) {
            Integer limit = params.limit();
            if (limit != null) {
                b.param("limit", Integer.toString(limit)); // RSP3a1
            }
            String clientId = params.clientId();
            if (clientId != null) {
                b.param("clientId", clientId); // RSP3a2
            }
            String connectionId = params.connectionId();
            if (connectionId != null) {
                b.param("connectionId", connectionId); // RSP3a3
            }
        }
        return core.paginated(b.build(), response -> presenceMessages(core, channel, cipher, response));
    }

    /** The first page of {@code channel}'s presence history (RSP4), decoded with {@code cipher} (RSP5). */
    public static AblyFuture<PaginatedResult<PresenceMessage>> presenceHistory(
            RestCore core, String channel, @Nullable CipherParams cipher, @Nullable HistoryParams params) {
        if (params != null && params.untilAttach()) {
            return core.deliver(CompletableFuture.failedFuture(new AblyException(ErrorInfo.of(
                    Errors.INVALID_PARAMETER_VALUE, 400, "untilAttach applies to message history only (RTL10b)"))));
        }
        RestRequest request = historyRequest(ChannelPaths.channel(channel) + "/presence/history", params)
                .build();
        return core.paginated(request, response -> presenceMessages(core, channel, cipher, response));
    }

    /** A {@code GET} of {@code path} with the {@code start}, {@code end}, {@code direction} and {@code limit} given. */
    static RestRequest.Builder historyRequest(String path, @Nullable HistoryParams params) {
        RestRequest.Builder b = RestRequest.builder("GET", path);
        if (params == null) {
            return b;
        }
        Long start = params.start();
        if (start != null) {
            b.param("start", Long.toString(start)); // RSL2b1
        }
        Long end = params.end();
        if (end != null) {
            b.param("end", Long.toString(end));
        }
        HistoryParams.Direction direction = params.direction();
        if (direction != null) {
            b.param("direction", direction.wireValue()); // RSL2b2
        }
        Integer limit = params.limit();
        if (limit != null) {
            b.param("limit", Integer.toString(limit)); // RSL2b3
        }
        return b;
    }

    /** The messages of a history page, each decoded with {@code cipher} (RSL6a); failures are logged (RSL6b). */
    static List<Message> messages(RestCore core, String channel, @Nullable CipherParams cipher, HttpResult response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return List.of();
        }
        ProtocolCodec codec = PooledCodec.of(RestResponses.formatOf(response, core.format()));
        List<Message> wire = codec.decodeMessages(body);
        List<Message> out = new ArrayList<>(wire.size());
        for (Message m : wire) {
            DecodeResult<Message> d = DataEncoding.decode(m, cipher);
            logFailure(core.log(), channel, "message " + m.id(), d.error());
            out.add(d.value());
        }
        return out;
    }

    /** The presence messages of a page, each decoded with {@code cipher} (RSP5); failures are logged (RSL6b). */
    static List<PresenceMessage> presenceMessages(
            RestCore core, String channel, @Nullable CipherParams cipher, HttpResult response) {
        byte[] body = response.body();
        if (body.length == 0) {
            return List.of();
        }
        ProtocolCodec codec = PooledCodec.of(RestResponses.formatOf(response, core.format()));
        return decodePresence(core.log(), channel, cipher, codec.decodePresenceMessages(body));
    }

    /** {@code wire} decoded with {@code cipher} (RSP5); failures are logged and the message kept as decoded (RSL6b). */
    static List<PresenceMessage> decodePresence(
            Log log, String channel, @Nullable CipherParams cipher, List<PresenceMessage> wire) {
        List<PresenceMessage> out = new ArrayList<>(wire.size());
        for (PresenceMessage m : wire) {
            DecodeResult<PresenceMessage> d = DataEncoding.decode(m, cipher);
            logFailure(log, channel, "presence message " + m.id(), d.error());
            out.add(d.value());
        }
        return out;
    }

    private static void logFailure(Log log, String channel, String what, @Nullable ErrorInfo error) {
        if (error != null) {
            log.error(
                    "Channel " + channel + ": " + what + " could not be decoded; delivered with its remaining encoding"
                            + " (RSL6b): " + error.code() + " " + error.message(),
                    null);
        }
    }
}
