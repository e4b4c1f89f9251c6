package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The REST endpoints of one message (the client side is RSL11, RSL14, RSL15): {@code GET
 * /channels/{name}/messages/{serial}} (its latest version), {@code GET .../versions} (every version, oldest first,
 * paginated by {@code limit} with a {@code next} link; {@code direction=backwards} for newest first) and {@code PATCH}
 * (an update, delete or append, by the body's action; answered with {@code {versionSerial}}), plus the delete of
 * earlier SDKs, {@code POST .../delete}. Engine thread only.
 */
final class RestMutableMessages {
    private RestMutableMessages() {}

    static RestApi.Response handle(
            Engine engine,
            RestApi.Request r,
            App app,
            String channel,
            Auth.Credential cred,
            List<String> rest,
            boolean msgpack)
            throws ErrorInfo {
        String serial = rest.get(0);
        String m = r.method();
        if (rest.size() == 1 && m.equals("PATCH")) {
            return edit(engine, r, app, channel, cred, serial, MutableMessages.UPDATE, msgpack);
        }
        if (rest.size() == 2 && rest.get(1).equals("delete") && m.equals("POST")) { // SDKs before spec 5.0
            return edit(engine, r, app, channel, cred, serial, MutableMessages.DELETE, msgpack);
        }
        if (rest.size() == 1 && m.equals("GET")) {
            RestApi.require(cred, channel, "history");
            app.checkRules(channel, RestApi.identity(r, cred), engine.config.tls());
            Map<String, Object> latest = engine.channelService.mutable.latest(app, channel, serial);
            if (latest == null) {
                throw notFound(serial, channel);
            }
            return RestApi.ok(200, msgpack ? latest : Frame.dataToJson(latest), msgpack);
        }
        if (rest.size() == 2 && rest.get(1).equals("versions") && m.equals("GET")) {
            RestApi.require(cred, channel, "history");
            app.checkRules(channel, RestApi.identity(r, cred), engine.config.tls());
            List<Map<String, Object>> versions = engine.channelService.mutable.versions(app, channel, serial);
            if (versions == null) {
                throw notFound(serial, channel);
            }
            return page(r, versions, msgpack);
        }
        throw new ErrorInfo(40400, 404, "Not found: " + m + " /channels/" + channel + "/messages/" + serial);
    }

    /**
     * An update, delete or append. Spec 5.0 clients send the message with its {@code action} and the operation as
     * {@code version}; earlier ones (ably-java 1.5) send no action (an update by PATCH, a delete by POST {@code
     * .../delete}) and the operation as {@code operation}: both are accepted.
     */
    private static RestApi.Response edit(
            Engine engine,
            RestApi.Request r,
            App app,
            String channel,
            Auth.Credential cred,
            String serial,
            long legacyAction,
            boolean mp)
            throws ErrorInfo {
        Object body = RestApi.parseBody(r);
        if (!(body instanceof Map<?, ?> map)) {
            throw new ErrorInfo(40000, 400, "The body of an update, delete or append must be one message object");
        }
        Map<String, Object> message = new LinkedHashMap<>(Wire.castMap(map));
        if (!message.containsKey("action")) { // the request form before spec 5.0
            message.put("action", legacyAction);
            Object operation = message.remove("operation");
            if (operation != null) {
                message.put("version", operation);
            }
        }
        if (!MutableMessages.isEdit(message)) {
            throw new ErrorInfo(
                    40003,
                    400,
                    "The message's action must be message.update (1), message.delete (2) or" + " message.append (5)");
        }
        message.put("serial", serial); // the path names the message
        String identity = RestApi.identity(r, cred);
        RestApi.checkMessages(List.of(message), null, engine.config.maxMessageSize());
        List<Object> serials = engine.channelService.mutable.apply(
                app, channel, null, null, identity, cred.capability(), Auth.randomId(12), List.of(message));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("versionSerial", serials.get(0));
        return RestApi.ok(200, out, mp);
    }

    private static RestApi.Response page(RestApi.Request r, List<Map<String, Object>> versions, boolean msgpack)
            throws ErrorInfo {
        int limit = RestApi.limitParam(r);
        boolean backwards = "backwards".equals(r.query().get("direction"));
        long cursor = RestApi.longParam(r, "cursor", 0);
        List<Map<String, Object>> ordered = new ArrayList<>(versions);
        if (backwards) {
            Collections.reverse(ordered);
        }
        List<Object> items = new ArrayList<>();
        int from = (int) Math.max(0, Math.min(cursor, ordered.size()));
        int to = Math.min(ordered.size(), from + limit);
        for (Map<String, Object> v : ordered.subList(from, to)) {
            items.add(msgpack ? v : Frame.dataToJson(v));
        }
        String next = to < ordered.size() ? Integer.toString(to) : null;
        return RestApi.ok(200, items, msgpack, RestApi.links(r, "versions", next));
    }

    private static ErrorInfo notFound(String serial, String channel) {
        return new ErrorInfo(40400, 404, "Message not found: " + serial + " on channel " + channel);
    }
}
