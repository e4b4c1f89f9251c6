package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The batch endpoints: {@code POST /messages} (batch publish, RSC22, BSP, BPR, BPF) and {@code GET /presence} (batch
 * presence, RSC24, BGR, BGF). Runs on the engine thread.
 *
 * <p>A failure for one channel (invalid name, capability, invalid messages) goes into that channel's result; only a
 * malformed request fails as a whole. The response format depends on the protocol version, as Ably's does: with
 * {@code X-Ably-Version} 3 or later (or {@code newBatchResponse=true}) each spec's outcome is a BatchResult {@code
 * {successCount, failureCount, results}} (BAR2) and partial failure is still a success status; older clients get the
 * legacy format, a plain array of results, or, when any failed, status 400 with error 40020 and the results in
 * {@code batchResponse}.
 */
final class RestBatch {
    private final Engine engine;

    RestBatch(Engine engine) {
        this.engine = engine;
    }

    /** Whether the client reads the BatchResult envelope (protocol version 3 or later). */
    static boolean envelope(RestApi.Request r) {
        if ("true".equals(r.query().get("newBatchResponse"))) {
            return true;
        }
        String version = r.headers().get("x-ably-version");
        if (version == null) {
            return false;
        }
        try {
            return Double.parseDouble(version.trim()) >= 3;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private record Spec(List<String> channels, List<Map<String, Object>> messages) {}

    RestApi.Response publish(RestApi.Request r, Auth.Credential cred, boolean msgpack) throws ErrorInfo {
        Object body = RestApi.parseBody(r);
        List<Spec> specs = new ArrayList<>();
        if (body instanceof Map<?, ?>) {
            specs.add(spec(body));
        } else if (body instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                specs.add(spec(o));
            }
        } else {
            throw new ErrorInfo(40000, 400, "Batch publish body must be a BatchPublishSpec or a non-empty array");
        }
        String identity = RestApi.identity(r, cred);
        App app = engine.apps.of(cred.key());
        List<List<Map<String, Object>>> outcomes = new ArrayList<>();
        for (Spec spec : specs) {
            List<Map<String, Object>> results = new ArrayList<>();
            for (String channel : spec.channels()) {
                results.add(publishTo(app, channel, spec.messages(), cred, identity));
            }
            outcomes.add(results);
        }
        if (!envelope(r)) {
            List<Map<String, Object>> flat = new ArrayList<>();
            outcomes.forEach(flat::addAll);
            return legacy(201, flat, msgpack);
        }
        if (body instanceof Map<?, ?>) {
            return RestApi.ok(201, batchResult(outcomes.get(0)), msgpack);
        }
        List<Object> out = new ArrayList<>();
        for (List<Map<String, Object>> results : outcomes) {
            out.add(batchResult(results));
        }
        return RestApi.ok(201, out, msgpack);
    }

    private static Spec spec(@Nullable Object o) throws ErrorInfo {
        if (!(o instanceof Map<?, ?> map)) {
            throw new ErrorInfo(40000, 400, "A BatchPublishSpec must be an object");
        }
        Object channels = map.get("channels");
        List<String> names = new ArrayList<>();
        if (channels instanceof List<?> list) {
            for (Object c : list) {
                if (!(c instanceof String name)) {
                    throw new ErrorInfo(40000, 400, "BatchPublishSpec channels must be channel names");
                }
                names.add(name);
            }
        }
        if (names.isEmpty()) {
            throw new ErrorInfo(40000, 400, "BatchPublishSpec needs a non-empty channels array (BSP2a)");
        }
        List<Map<String, Object>> messages = RestApi.messages(map.get("messages"));
        if (messages.isEmpty()) {
            throw new ErrorInfo(40000, 400, "BatchPublishSpec needs at least one message (BSP2b)");
        }
        return new Spec(names, messages);
    }

    /** Publishes to one channel exactly as {@code POST /channels/{name}/messages} would; the per-channel result. */
    private Map<String, Object> publishTo(
            App app,
            String channel,
            List<Map<String, Object>> messages,
            Auth.Credential cred,
            @Nullable String identity) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("channel", channel);
        try {
            ChannelService.validateName(channel);
            RestApi.require(cred, channel, "publish");
            RestApi.checkMessages(messages, identity, engine.config.maxMessageSize());
            RestApi.checkRules(app, channel, identity, messages, engine.config.tls());
            String messageId = Auth.randomId(10) + ":0";
            List<Object> serials = engine.channelService.restPublish(app, channel, messages, identity, messageId);
            result.put("messageId", messageId); // BPR2b: the prefix of each published message's id
            result.put("serials", serials); // BPR2c
        } catch (ErrorInfo e) {
            result.put("error", e.toMap()); // BPF2b
        }
        return result;
    }

    RestApi.Response presence(RestApi.Request r, Auth.Credential cred, boolean msgpack) throws ErrorInfo {
        String channels = r.query().get("channels");
        if (channels == null || channels.isEmpty()) {
            throw new ErrorInfo(40000, 400, "The channels parameter is required (comma-separated channel names)");
        }
        App app = engine.apps.of(cred.key());
        String identity = RestApi.identity(r, cred);
        List<Map<String, Object>> results = new ArrayList<>();
        for (String channel : channels.split(",", -1)) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("channel", channel);
            try {
                ChannelService.validateName(channel);
                RestApi.require(cred, channel, "subscribe");
                app.checkRules(channel, identity, engine.config.tls());
                List<Object> members = new ArrayList<>();
                ChannelState ch = app.channels.get(channel);
                if (ch != null) {
                    for (Map<String, Object> m : ch.members.values()) {
                        members.add(msgpack ? m : Frame.dataToJson(m));
                    }
                }
                result.put("presence", members); // BGR2b
            } catch (ErrorInfo e) {
                result.put("error", e.toMap()); // BGF2b
            }
            results.add(result);
        }
        return envelope(r) ? RestApi.ok(200, batchResult(results), msgpack) : legacy(200, results, msgpack);
    }

    /** BatchResult (BAR2): counts and the per-item results, a failure being a result with {@code error}. */
    static Map<String, Object> batchResult(List<Map<String, Object>> results) {
        long failures = results.stream().filter(m -> m.containsKey("error")).count();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("successCount", results.size() - failures);
        out.put("failureCount", failures);
        out.put("results", results);
        return out;
    }

    /** The legacy batch response: the results, or 400 with error 40020 and the results in {@code batchResponse}. */
    static RestApi.Response legacy(int status, List<Map<String, Object>> results, boolean msgpack) {
        if (results.stream().noneMatch(m -> m.containsKey("error"))) {
            return RestApi.ok(status, results, msgpack);
        }
        ErrorInfo e = new ErrorInfo(40020, 400, "Batched response includes errors");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.toMap());
        body.put("batchResponse", results);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Ably-Errorcode", Integer.toString(e.code()));
        headers.put("X-Ably-Errormessage", String.valueOf(e.getMessage()));
        return RestApi.ok(400, body, msgpack, headers);
    }
}
