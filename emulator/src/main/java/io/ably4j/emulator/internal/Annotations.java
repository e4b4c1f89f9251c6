package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Message annotations as Ably serves them (RTAN, RSAN): an ANNOTATION from a connection or a REST {@code POST
 * /channels/{name}/messages/{serial}/annotations} is checked, stamped (id, serial, timestamp, clientId, connectionId),
 * fanned out as an ANNOTATION frame to the connections attached in the {@code ANNOTATION_SUBSCRIBE} mode, and folded
 * into the annotated message's summary, which goes to the channel's message subscribers as a MESSAGE with action
 * {@code message.summary} (4) and {@code annotations.summary}. {@code GET} on the same path lists a message's
 * annotations.
 *
 * <p>The summary is keyed by annotation type; the type's suffix after the last {@code ':'} selects the aggregation:
 * {@code total.v1} ({@code {total}}), {@code flag.v1} ({@code {total, clientIds, clipped}}), {@code distinct.v1} and
 * {@code unique.v1} (by name: {@code {total, clientIds, clipped}}; unique keeps a client under one name only) and
 * {@code multiple.v1} (by name: {@code {total, clientIds: {id: count}, totalUnidentified, clipped,
 * totalClientIds}}). A delete removes the client's contribution (for its name where the method has names); a delete
 * of a {@code total.v1} annotation changes nothing. Other types are relayed but not summarised. Annotations are not
 * kept in the channel's message log, so they are neither in history nor replayed on resume.
 *
 * <p>Engine thread only.
 */
final class Annotations {
    private static final int ACTION_CREATE = 0;
    private static final int ACTION_DELETE = 1;
    private static final long MESSAGE_SUMMARY = 4;

    private final Engine engine;
    /** Per app (dropped with it), per channel name: the annotations of each message serial. */
    private final Map<App, Map<String, ChannelAnnotations>> apps = new WeakHashMap<>();

    Annotations(Engine engine) {
        this.engine = engine;
    }

    /** Messages per channel whose annotations are kept; the least recently annotated beyond it are forgotten. */
    static final int MAX_MESSAGES_PER_CHANNEL = 10_000;

    /**
     * The annotations of one channel: each message's annotations in publish order (at most {@link
     * #MAX_MESSAGES_PER_CHANNEL} messages, least recently annotated dropped first), and the serial counter.
     */
    private static final class ChannelAnnotations {
        final Map<String, List<Map<String, Object>>> byMessage = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Map<String, Object>>> eldest) {
                return size() > MAX_MESSAGES_PER_CHANNEL;
            }
        };
        long sequence;
    }

    /**
     * Forgets the annotations older than their channel's retention (as its messages are), and the stores left empty.
     * Called by the engine's periodic sweep.
     */
    void prune(App app, long now) {
        Map<String, ChannelAnnotations> channels = apps.get(app);
        if (channels == null) {
            return;
        }
        channels.entrySet().removeIf(e -> {
            long since = now - app.retentionMillis(e.getKey(), engine.config.retention());
            e.getValue().byMessage.values().removeIf(list -> {
                list.removeIf(a -> !(a.get("timestamp") instanceof Long t) || t < since);
                return list.isEmpty();
            });
            return e.getValue().byMessage.isEmpty();
        });
        if (channels.isEmpty()) {
            apps.remove(app);
        }
    }

    private ChannelAnnotations of(App app, String channel) {
        return apps.computeIfAbsent(app, a -> new LinkedHashMap<>())
                .computeIfAbsent(channel, c -> new ChannelAnnotations());
    }

    /** An ANNOTATION frame from a connection: applied, or the ErrorInfo for its NACK. Returns no serials. */
    @Nullable
    List<Object> apply(Session s, Frame f, @Nullable Long msgSerial) throws ErrorInfo {
        String name = f.channel();
        ChannelService.validateName(name);
        String channel = String.valueOf(name);
        if (!s.credential.capability().allows(channel, "annotation-publish")) {
            throw new ErrorInfo(
                    40160, 401, "Unable to publish annotations to channel " + channel + ": permission denied");
        }
        Session.Attachment a = s.attachments.get(channel);
        if (a != null && (a.modes() & Frame.MODE_ANNOTATION_PUBLISH) == 0) {
            throw new ErrorInfo(
                    40160, 401, "Unable to publish annotations: channel mode ANNOTATION_PUBLISH not granted");
        }
        s.app.checkRules(channel, s.clientId, engine.config.tls());
        String identity = s.clientId == null || s.clientId.equals("*") ? null : s.clientId;
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> item : f.maps("annotations")) {
            Object cid = item.get("clientId");
            if (cid instanceof String id && !Auth.mayActAs(s.credential, s.clientId, id)) {
                throw new ErrorInfo(
                        40012, 400, "Mismatched clientId " + cid + " for connection clientId " + s.clientId);
            }
            items.add(item);
        }
        String idBase = s.id + ":" + (msgSerial == null ? "x" + Auth.randomId(6) : msgSerial);
        publish(s.app, channel, items, identity, s.id, idBase, null);
        return null;
    }

    /** The REST routes under {@code /channels/{channel}/messages/{messageSerial}/annotations}. */
    RestApi.Response rest(
            RestApi.Request r, App app, String channel, String messageSerial, Auth.Credential cred, boolean msgpack)
            throws ErrorInfo {
        if (r.method().equals("POST")) {
            RestApi.require(cred, channel, "annotation-publish");
            String identity = RestApi.identity(r, cred);
            app.checkRules(channel, identity, engine.config.tls());
            List<Map<String, Object>> items = RestApi.messages(RestApi.parseBody(r));
            for (Map<String, Object> item : items) {
                Object cid = item.get("clientId");
                if (cid instanceof String && identity != null && !identity.equals(cid)) {
                    throw new ErrorInfo(40012, 400, "Mismatched clientId " + cid);
                }
            }
            publish(app, channel, items, identity, null, Auth.randomId(12), messageSerial);
            return RestApi.ok(201, new LinkedHashMap<>(), msgpack);
        }
        if (r.method().equals("GET")) {
            RestApi.require(cred, channel, "history");
            int limit = RestApi.limitParam(r);
            Map<String, ChannelAnnotations> channels = apps.get(app); // a read creates no store
            ChannelAnnotations ca = channels == null ? null : channels.get(channel);
            List<Map<String, Object>> all =
                    ca == null ? List.of() : ca.byMessage.getOrDefault(messageSerial, List.of());
            List<Object> page = new ArrayList<>(all.subList(0, Math.min(limit, all.size())));
            return RestApi.ok(200, page, msgpack);
        }
        throw new ErrorInfo(40400, 404, "Not found: " + r.method() + " annotations");
    }

    /**
     * Checks, stamps, records and fans out {@code items}, then sends the summary of each message annotated.
     *
     * @param pathSerial the message serial of a REST path, which every annotation takes; null for realtime
     */
    private void publish(
            App app,
            String channel,
            List<Map<String, Object>> items,
            @Nullable String identity,
            @Nullable String connectionId,
            String idBase,
            @Nullable String pathSerial)
            throws ErrorInfo {
        if (items.isEmpty()) {
            throw new ErrorInfo(40003, 400, "No annotations given");
        }
        ChannelService.checkFieldTypes(items);
        ChannelService.checkSize(items, engine.config.maxMessageSize());
        long now = engine.now();
        ChannelAnnotations ca = of(app, channel);
        List<Map<String, Object>> stamped = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> a = new LinkedHashMap<>(items.get(i));
            if (pathSerial != null) {
                a.put("messageSerial", pathSerial);
            }
            check(a, identity);
            Frame.normaliseData(a);
            a = new LinkedHashMap<>(Frame.dataToJson(a)); // binary kept as base64 text: safe for both formats
            a.putIfAbsent("id", idBase + ":" + i);
            if (identity != null) {
                a.put("clientId", identity);
            }
            if (connectionId != null) {
                a.put("connectionId", connectionId);
            }
            a.put("action", (long) actionOf(a));
            a.put("timestamp", now);
            a.put("serial", String.format("%016d-%06d", now, ca.sequence++));
            stamped.add(a);
        }
        Set<String> annotated = new LinkedHashSet<>();
        for (Map<String, Object> a : stamped) {
            String ms = (String) a.get("messageSerial");
            ca.byMessage.computeIfAbsent(ms, k -> new ArrayList<>()).add(a);
            annotated.add(ms);
        }
        ChannelState ch = engine.channelService.channel(app, channel);
        Frame frame = Frame.of(Frame.ANNOTATION).put("channel", channel);
        if (connectionId != null) {
            frame.put("connectionId", connectionId);
        }
        frame.put("timestamp", now).put("annotations", new ArrayList<Object>(stamped));
        frame.seal();
        send(ch, frame, Frame.MODE_ANNOTATION_SUBSCRIBE);
        for (String ms : annotated) {
            Map<String, Object> summary = summary(ca.byMessage.get(ms));
            if (summary.isEmpty() && !hasSummarisedType(ca.byMessage.get(ms))) {
                continue;
            }
            Map<String, Object> annotations = new LinkedHashMap<>();
            annotations.put("summary", summary);
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("action", MESSAGE_SUMMARY);
            message.put("serial", ms);
            message.put("timestamp", now);
            message.put("annotations", annotations);
            Frame summaryFrame = Frame.of(Frame.MESSAGE)
                    .put("channel", channel)
                    .put("timestamp", now)
                    .put("messages", List.of(message));
            summaryFrame.seal();
            send(ch, summaryFrame, Frame.MODE_SUBSCRIBE);
        }
    }

    /** Sends {@code frame} to the connections attached to {@code ch} (not awaiting re-attach) in {@code mode}. */
    private void send(ChannelState ch, Frame frame, int mode) {
        for (Session sub : ch.subscribers) {
            Transport t = sub.transport;
            Session.Attachment a = sub.attachments.get(ch.name);
            if (t != null && a != null && !a.awaitingReattach() && (a.modes() & mode) != 0) {
                t.send(engine.channelService.deltas.forSession(sub, ch.name, frame)); // a summary resets the base
            }
        }
    }

    /** The checks of one annotation (40003): type, message serial, action, and what its aggregation needs. */
    private static void check(Map<String, Object> a, @Nullable String identity) throws ErrorInfo {
        if (!(a.get("type") instanceof String type) || type.isEmpty()) {
            throw new ErrorInfo(40003, 400, "Invalid annotation: type must be a non-empty string");
        }
        if (!(a.get("messageSerial") instanceof String ms) || ms.isEmpty()) {
            throw new ErrorInfo(40003, 400, "Invalid annotation: messageSerial must be a non-empty string");
        }
        Object action = a.get("action");
        if (action != null && !(action instanceof Long l && (l == ACTION_CREATE || l == ACTION_DELETE))) {
            throw new ErrorInfo(40003, 400, "Invalid annotation action " + action);
        }
        Object count = a.get("count");
        if (count != null && !(count instanceof Long)) {
            throw new ErrorInfo(40003, 400, "Invalid annotation: count must be an integer");
        }
        String method = method(type);
        boolean identified = identity != null || a.get("clientId") instanceof String;
        if (!identified && (method.equals("flag.v1") || method.equals("distinct.v1") || method.equals("unique.v1"))) {
            throw new ErrorInfo(40003, 400, "Annotations of type " + type + " need an identified client");
        }
        boolean named = method.equals("distinct.v1") || method.equals("unique.v1") || method.equals("multiple.v1");
        if (named && !(a.get("name") instanceof String)) {
            throw new ErrorInfo(40003, 400, "Annotations of type " + type + " need a name");
        }
    }

    private static int actionOf(Map<String, Object> a) {
        return a.get("action") instanceof Long l ? l.intValue() : ACTION_CREATE;
    }

    /** The aggregation method of {@code type}: what follows its last {@code ':'}. */
    static String method(String type) {
        return type.substring(type.lastIndexOf(':') + 1);
    }

    private static boolean summarised(String type) {
        return switch (method(type)) {
            case "total.v1", "flag.v1", "distinct.v1", "unique.v1", "multiple.v1" -> true;
            default -> false;
        };
    }

    private static boolean hasSummarisedType(@Nullable List<Map<String, Object>> annotations) {
        return annotations != null && annotations.stream().anyMatch(a -> summarised(String.valueOf(a.get("type"))));
    }

    /** The summary of a message's annotations, replayed in publish order: type -> summary entry. */
    static Map<String, Object> summary(@Nullable List<Map<String, Object>> annotations) {
        Map<String, Aggregate> byType = new LinkedHashMap<>();
        if (annotations != null) {
            for (Map<String, Object> a : annotations) {
                String type = String.valueOf(a.get("type"));
                if (summarised(type)) {
                    byType.computeIfAbsent(type, t -> new Aggregate(method(t))).apply(a);
                }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        byType.forEach((type, agg) -> out.put(type, agg.render()));
        return out;
    }

    /** One type's aggregate. */
    private static final class Aggregate {
        final String method;
        long total; // total.v1
        final Set<String> flagged = new LinkedHashSet<>(); // flag.v1
        final Map<String, Set<String>> byName = new LinkedHashMap<>(); // distinct.v1, unique.v1
        final Map<String, Map<String, Long>> counts = new LinkedHashMap<>(); // multiple.v1
        final Map<String, Long> unidentified = new LinkedHashMap<>(); // multiple.v1

        Aggregate(String method) {
            this.method = method;
        }

        void apply(Map<String, Object> a) {
            boolean create = actionOf(a) == ACTION_CREATE;
            String clientId = a.get("clientId") instanceof String c ? c : null;
            String name = a.get("name") instanceof String n ? n : "";
            switch (method) {
                case "total.v1" -> {
                    if (create) {
                        total++;
                    }
                }
                case "flag.v1" -> {
                    if (create) {
                        flagged.add(clientId);
                    } else {
                        flagged.remove(clientId);
                    }
                }
                case "distinct.v1", "unique.v1" -> {
                    if (create && method.equals("unique.v1")) {
                        byName.values().forEach(ids -> ids.remove(clientId));
                    }
                    Set<String> ids = byName.computeIfAbsent(name, n -> new LinkedHashSet<>());
                    if (create) {
                        ids.add(clientId);
                    } else {
                        ids.remove(clientId);
                    }
                }
                case "multiple.v1" -> {
                    long count = a.get("count") instanceof Long c ? c : 1L;
                    Map<String, Long> ids = counts.computeIfAbsent(name, n -> new LinkedHashMap<>());
                    if (create) {
                        if (clientId != null) {
                            ids.merge(clientId, count, Long::sum);
                        } else {
                            unidentified.merge(name, count, Long::sum);
                        }
                    } else if (clientId != null) {
                        ids.remove(clientId);
                    }
                }
                default -> {}
            }
        }

        Object render() {
            switch (method) {
                case "total.v1" -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("total", total);
                    return m;
                }
                case "flag.v1" -> {
                    return clientList(flagged);
                }
                case "distinct.v1", "unique.v1" -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    byName.forEach((name, ids) -> {
                        if (!ids.isEmpty()) {
                            m.put(name, clientList(ids));
                        }
                    });
                    return m;
                }
                default -> { // multiple.v1
                    Map<String, Object> m = new LinkedHashMap<>();
                    counts.forEach((name, ids) -> {
                        long anonymous = unidentified.getOrDefault(name, 0L);
                        long sum = anonymous;
                        for (long c : ids.values()) {
                            sum += c;
                        }
                        if (sum == 0) {
                            return;
                        }
                        Map<String, Object> e = new LinkedHashMap<>();
                        e.put("total", sum);
                        e.put("clientIds", new LinkedHashMap<String, Object>(ids));
                        e.put("totalUnidentified", anonymous);
                        e.put("clipped", false);
                        e.put("totalClientIds", (long) ids.size());
                        m.put(name, e);
                    });
                    return m;
                }
            }
        }

        private static Map<String, Object> clientList(Set<String> ids) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("total", (long) ids.size());
            m.put("clientIds", new ArrayList<Object>(ids));
            m.put("clipped", false);
            return m;
        }
    }
}
