package io.ably4j.internal.rest;

import io.ably4j.AblyFuture;
import io.ably4j.BatchPresenceResult;
import io.ably4j.BatchPublishResult;
import io.ably4j.BatchPublishSpec;
import io.ably4j.BatchResult;
import io.ably4j.internal.http.HttpResult;
import io.ably4j.internal.http.RestRequest;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.PresenceMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The batch operations of a REST client: batch publish ({@code POST /messages}, RSC22) and batch presence ({@code GET
 * /presence}, RSC24). With protocol version 2 or later Ably answers each with {@code BatchResult}s (BAR2) whose items
 * are successes or failures of their own; only a failure of the whole request fails the future. Thread-safe.
 */
public final class RestBatch {
    private final RestCore core;

    /** The batch operations of the client whose REST layer is {@code core}. */
    public RestBatch(RestCore core) {
        this.core = core;
    }

    /**
     * Publishes {@code specs} in one {@code POST /messages} (RSC22c), the body always an array (RSC22b); completes with
     * one {@link BatchResult} per spec, in order. Each spec's messages are checked and, with idempotent publishing,
     * given ids of their own (RSC22d) as a channel publish's are; a failed check fails the future without a request.
     *
     * @throws AblyException 40000 if {@code specs} is null or empty or holds null
     */
    public AblyFuture<List<BatchResult<BatchPublishResult>>> publish(List<BatchPublishSpec> specs) {
        if (specs == null || specs.isEmpty() || specs.stream().anyMatch(s -> s == null)) {
            throw Errors.badArgument("batchPublish needs a non-empty list of BatchPublishSpecs without nulls");
        }
        return core.deliver(send(List.copyOf(specs)));
    }

    /** As {@link #publish(List)} for one spec: the one {@link BatchResult} of the response's array (RSC22b). */
    public AblyFuture<BatchResult<BatchPublishResult>> publish(BatchPublishSpec spec) {
        if (spec == null) {
            throw Errors.badArgument("spec must not be null");
        }
        return core.deliver(send(List.of(spec)).thenApply(results -> results.get(0)));
    }

    private CompletableFuture<List<BatchResult<BatchPublishResult>>> send(List<BatchPublishSpec> specs) {
        RestRequest request;
        try {
            ProtocolCodec codec = core.codec();
            List<Object> body = new ArrayList<>(specs.size());
            for (BatchPublishSpec spec : specs) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("channels", spec.channels()); // BSP2a
                item.put(
                        "messages",
                        new WireTree.Raw(codec.encodeMessages(
                                RestPublishing.prepare(core, spec.messages(), null)))); // BSP2b, RSC22d
                body.add(item);
            }
            request = RestRequest.builder("POST", "/messages")
                    .body(WireTree.encode(body, core.format()))
                    .build();
        } catch (AblyException e) {
            return CompletableFuture.failedFuture(e);
        }
        int count = specs.size();
        return core.send(request).thenApply(response -> publishResults(response, count));
    }

    /**
     * The members present on each of {@code channels}: {@code GET /presence?channels=a,b} (RSC24), as one {@link
     * BatchResult} with an item per channel. Presence data is decoded without a cipher (RSP5).
     *
     * @throws AblyException 40000 if {@code channels} is null or empty or holds null; 40010 for an empty name
     */
    public AblyFuture<BatchResult<BatchPresenceResult>> presence(List<String> channels) {
        if (channels == null || channels.isEmpty() || channels.stream().anyMatch(c -> c == null)) {
            throw Errors.badArgument("batchPresence needs a non-empty list of channel names without nulls");
        }
        channels.forEach(ChannelPaths::requireName);
        RestRequest request = RestRequest.builder("GET", "/presence")
                .param("channels", String.join(",", channels))
                .build();
        return core.deliver(core.send(request).thenApply(this::presenceResult));
    }

    private List<BatchResult<BatchPublishResult>> publishResults(HttpResult response, int count) {
        Object tree = RestResponses.tree(response, core);
        List<?> items = tree instanceof List<?> list ? list : tree == null ? List.of() : List.of(tree);
        if (items.size() != count) {
            throw WireTree.malformed(
                    "batch publish answered " + items.size() + " results for " + count + " BatchPublishSpecs");
        }
        WireFormat format = RestResponses.formatOf(response, core.format());
        List<BatchResult<BatchPublishResult>> out = new ArrayList<>(count);
        for (Object item : items) {
            out.add(batchResult(item, format, (channel, result) -> {
                Object error = result.get("error");
                if (error != null) {
                    return new BatchPublishResult.Failure(channel, RestResponses.errorInfo(error, format)); // BPF2
                }
                Object serials = result.get("serials");
                String messageId = result.get("messageId") instanceof String id ? id : "";
                return new BatchPublishResult.Success( // BPR2
                        channel, messageId, serials instanceof List<?> list ? RestResponses.strings(list) : List.of());
            }));
        }
        return out;
    }

    private BatchResult<BatchPresenceResult> presenceResult(HttpResult response) {
        WireFormat format = RestResponses.formatOf(response, core.format());
        return batchResult(RestResponses.tree(response, core), format, (channel, result) -> {
            Object error = result.get("error");
            if (error != null) {
                return new BatchPresenceResult.Failure(channel, RestResponses.errorInfo(error, format)); // BGF2
            }
            Object presence = result.get("presence");
            List<PresenceMessage> members = presence instanceof List<?> list && !list.isEmpty()
                    ? PooledCodec.of(format).decodePresenceMessages(WireTree.encode(list, format))
                    : List.of();
            return new BatchPresenceResult.Success( // BGR2
                    channel, ChannelQueries.decodePresence(core.log(), channel, null, members));
        });
    }

    /** How one item of a batch result becomes a success or a failure. */
    @FunctionalInterface
    private interface ItemReader<T> {
        T read(String channel, Map<?, ?> item);
    }

    /** A {@code BatchResult} (BAR2) whose items {@code reader} reads. */
    private static <T> BatchResult<T> batchResult(@Nullable Object tree, WireFormat format, ItemReader<T> reader) {
        Map<?, ?> map = RestResponses.map(tree, "a batch result");
        if (map.containsKey("error") && !map.containsKey("results")) {
            throw new AblyException(RestResponses.errorInfo(map.get("error"), format));
        }
        Object results = map.get("results");
        if (!(results instanceof List<?> list)) {
            throw WireTree.malformed("a batch result has no results");
        }
        List<T> items = new ArrayList<>(list.size());
        int failures = 0;
        for (Object o : list) {
            Map<?, ?> item = RestResponses.map(o, "a batch result item");
            String channel = item.get("channel") instanceof String c ? c : "";
            T read = reader.read(channel, item);
            failures +=
                    read instanceof BatchPublishResult.Failure || read instanceof BatchPresenceResult.Failure ? 1 : 0;
            items.add(read);
        }
        int successCount = map.get("successCount") instanceof Number n ? n.intValue() : items.size() - failures;
        int failureCount = map.get("failureCount") instanceof Number n ? n.intValue() : failures;
        return new BatchResult<>(successCount, failureCount, items);
    }
}
