package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.ChannelDetails;
import io.ably4j.ChannelOptions;
import io.ably4j.HistoryParams;
import io.ably4j.PaginatedResult;
import io.ably4j.PresenceParams;
import io.ably4j.RestAnnotations;
import io.ably4j.RestChannel;
import io.ably4j.RestPresence;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import io.ably4j.types.MessageAction;
import io.ably4j.types.MessageOperation;
import io.ably4j.types.PresenceMessage;
import io.ably4j.types.PublishResult;
import io.ably4j.types.UpdateDeleteResult;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The public {@link RestChannel} (RSL) and its {@link RestPresence} (RSP): validates arguments on the caller's thread
 * and makes the requests through {@link RestCore}. The options are a volatile field; everything else is immutable.
 */
final class RestChannelImpl implements RestChannel {
    private final RestCore core;
    private final String name;
    private final RestPresence presence = new Presence();
    private final RestAnnotations annotations;
    private volatile ChannelOptions options;

    RestChannelImpl(RestCore core, String name, ChannelOptions options) {
        this.core = core;
        this.name = name;
        this.options = options;
        this.annotations = new RestAnnotationsImpl(core, name, this::options); // RSAN
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ChannelOptions options() {
        return options;
    }

    @Override
    public void setOptions(ChannelOptions options) {
        if (options == null) {
            throw Errors.badArgument("options must not be null");
        }
        this.options = options; // RSL7
    }

    @Override
    public AblyFuture<PublishResult> publish(@Nullable String name, @Nullable Object data) {
        Message.Builder b = Message.builder().name(name);
        try {
            b.data(data);
        } catch (AblyException e) {
            return core.deliver(CompletableFuture.failedFuture(e)); // RSL4a
        }
        return publish(List.of(b.build()), null);
    }

    @Override
    public AblyFuture<PublishResult> publish(Message... messages) {
        if (messages == null) {
            throw Errors.badArgument("messages must not be null");
        }
        return publish(Arrays.asList(messages), null);
    }

    @Override
    public AblyFuture<PublishResult> publish(List<Message> messages) {
        return publish(messages, null);
    }

    @Override
    public AblyFuture<PublishResult> publish(List<Message> messages, @Nullable Map<String, String> params) {
        if (messages == null || messages.isEmpty() || messages.stream().anyMatch(m -> m == null)) {
            throw Errors.badArgument("messages must be a non-empty list without nulls");
        }
        Map<String, String> query = new LinkedHashMap<>();
        if (params != null) {
            params.forEach((k, v) -> {
                if (k == null || k.isEmpty() || v == null) {
                    throw Errors.badArgument("publish params must have non-empty names and non-null values");
                }
                query.put(k, v);
            });
        }
        return RestPublishing.publish(core, name, options.cipher(), List.copyOf(messages), query);
    }

    @Override
    public AblyFuture<PaginatedResult<Message>> history(@Nullable HistoryParams params) {
        if (params != null && params.untilAttach()) {
            return core.deliver(CompletableFuture.failedFuture(untilAttachRefused()));
        }
        return ChannelQueries.history(core, name, options.cipher(), params, null);
    }

    @Override
    public RestPresence presence() {
        return presence;
    }

    @Override
    public AblyFuture<ChannelDetails> status() {
        RestRequest request = RestRequest.get(ChannelPaths.channel(name)); // RSL8
        return core.deliver(
                core.send(request).thenApply(response -> RestResponses.channelDetails(response, core, name)));
    }

    // ---------------------------------------------------------------- mutable messages (RSL11, RSL14, RSL15)

    @Override
    public AblyFuture<Message> getMessage(String serial) {
        return MessageEdits.get(core, name, options.cipher(), MessageEdits.requireArg(serial, "serial"));
    }

    @Override
    public AblyFuture<Message> getMessage(Message message) {
        return MessageEdits.get(
                core,
                name,
                options.cipher(),
                MessageEdits.requireArg(message, "message").serial()); // RSL11a1
    }

    @Override
    public AblyFuture<PaginatedResult<Message>> getMessageVersions(
            String serial, @Nullable Map<String, String> params) {
        Map<String, String> query = MessageEdits.params(params);
        return MessageEdits.versions(core, name, options.cipher(), MessageEdits.requireArg(serial, "serial"), query);
    }

    @Override
    public AblyFuture<PaginatedResult<Message>> getMessageVersions(
            Message message, @Nullable Map<String, String> params) {
        Map<String, String> query = MessageEdits.params(params);
        return MessageEdits.versions(
                core,
                name,
                options.cipher(),
                MessageEdits.requireArg(message, "message").serial(),
                query);
    }

    @Override
    public AblyFuture<UpdateDeleteResult> updateMessage(
            Message message, @Nullable MessageOperation operation, @Nullable Map<String, String> params) {
        return edit(message, MessageAction.MESSAGE_UPDATE, operation, params);
    }

    @Override
    public AblyFuture<UpdateDeleteResult> deleteMessage(
            Message message, @Nullable MessageOperation operation, @Nullable Map<String, String> params) {
        return edit(message, MessageAction.MESSAGE_DELETE, operation, params);
    }

    @Override
    public AblyFuture<UpdateDeleteResult> appendMessage(
            Message message, @Nullable MessageOperation operation, @Nullable Map<String, String> params) {
        return edit(message, MessageAction.MESSAGE_APPEND, operation, params);
    }

    private AblyFuture<UpdateDeleteResult> edit(
            Message message,
            MessageAction action,
            @Nullable MessageOperation operation,
            @Nullable Map<String, String> params) {
        Map<String, String> query = MessageEdits.params(params);
        return MessageEdits.edit(
                core, name, options.cipher(), MessageEdits.requireArg(message, "message"), action, operation, query);
    }

    private static AblyException untilAttachRefused() {
        return new AblyException(ErrorInfo.of(
                Errors.INVALID_PARAMETER_VALUE,
                400,
                "untilAttach applies to realtime channels only: a REST channel is never attached (RTL10b)"));
    }

    @Override
    public RestAnnotations annotations() {
        return annotations;
    }

    @Override
    public String toString() {
        return "RestChannel{" + name + "}";
    }

    /** The channel's presence (RSL3, RSP1). */
    private final class Presence implements RestPresence {
        @Override
        public AblyFuture<PaginatedResult<PresenceMessage>> get(@Nullable PresenceParams params) {
            return ChannelQueries.presence(core, name, options.cipher(), params);
        }

        @Override
        public AblyFuture<PaginatedResult<PresenceMessage>> history(@Nullable HistoryParams params) {
            if (params != null && params.untilAttach()) {
                return core.deliver(CompletableFuture.failedFuture(untilAttachRefused()));
            }
            return ChannelQueries.presenceHistory(core, name, options.cipher(), params);
        }

        @Override
        public String toString() {
            return "RestPresence{" + name + "}";
        }
    }
}
