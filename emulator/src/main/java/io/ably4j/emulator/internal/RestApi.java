package io.ably4j.emulator.internal;

import io.ably4j.emulator.EmulatorEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The REST endpoints the SDKs use, on the realtime port. Runs on the engine thread. Errors use the
 * Ably envelope {@code {"error":{...}}} plus {@code X-Ably-Errorcode}/{@code X-Ably-Errormessage};
 * pagination uses {@code ./}-relative {@code Link} headers.
 */
public final class RestApi {
    /** A decoded HTTP request; header names lower-case. Immutable by convention. */
    public static final class Request {
        private final String method;
        private final List<String> path;
        private final Map<String, String> query;
        private final Map<String, String> headers;
        private final byte[] body;

        public Request(
                String method, List<String> path, Map<String, String> query, Map<String, String> headers, byte[] body) {
            this.method = method;
            this.path = List.copyOf(path);
            this.query = query;
            this.headers = headers;
            this.body = body.clone();
        }

        public String method() {
            return method;
        }

        public List<String> path() {
            return path;
        }

        public Map<String, String> query() {
            return query;
        }

        public Map<String, String> headers() {
            return headers;
        }

        public byte[] body() {
            return body.clone();
        }
    }

    /** An HTTP response. */
    public static final class Response {
        private final int status;
        private final String contentType;
        private final byte[] body;
        private final Map<String, String> headers;

        public Response(int status, String contentType, byte[] body, Map<String, String> headers) {
            this.status = status;
            this.contentType = contentType;
            this.body = body.clone();
            this.headers = headers;
        }

        public int status() {
            return status;
        }

        public String contentType() {
            return contentType;
        }

        public byte[] body() {
            return body.clone();
        }

        public Map<String, String> headers() {
            return headers;
        }
    }

    private static final String JSON = "application/json";
    private static final String MSGPACK = "application/x-msgpack";
    private final Engine engine;
    private final RestBatch batch;
    private final RestRevocation revocation;

    public RestApi(Engine engine) {
        this.engine = engine;
        this.batch = new RestBatch(engine);
        this.revocation = new RestRevocation(engine);
    }

    public Response handle(Request r) {
        boolean msgpack = r.headers().getOrDefault("accept", "").contains(MSGPACK);
        Response resp;
        try {
            resp = route(r, msgpack);
        } catch (ErrorInfo e) {
            resp = error(e, msgpack);
        }
        engine.logEvent(
                EmulatorEvent.Type.HTTP, null, r.method() + " /" + String.join("/", r.path()) + " -> " + resp.status());
        return resp;
    }

    private Response route(Request r, boolean msgpack) throws ErrorInfo {
        List<String> p = r.path();
        String m = r.method();
        if (m.equals("GET") && p.equals(List.of("time"))) {
            return ok(200, List.of(engine.now()), msgpack);
        }
        if (m.equals("GET") && p.equals(List.of("is-the-internet-up.txt"))) {
            return new Response(200, "text/plain", "yes\n".getBytes(StandardCharsets.UTF_8), Map.of());
        }
        if (m.equals("GET") && p.equals(List.of("stats"))) {
            authenticate(r);
            return RestStats.stats(this, r, msgpack);
        }
        if (m.equals("POST") && p.equals(List.of("apps"))) {
            return RestApps.create(engine, r, msgpack);
        }
        if (m.equals("DELETE") && p.size() == 2 && p.get(0).equals("apps")) {
            return RestApps.delete(engine, p.get(1), authenticate(r));
        }
        if (m.equals("POST") && p.equals(List.of("messages"))) {
            return batch.publish(r, authenticate(r), msgpack);
        }
        if (m.equals("GET") && p.equals(List.of("presence"))) {
            return batch.presence(r, authenticate(r), msgpack);
        }
        if (m.equals("POST")
                && p.size() == 3
                && p.get(0).equals("keys")
                && p.get(2).equals("revokeTokens")) {
            return revocation.revokeTokens(r, p.get(1), authenticate(r), msgpack);
        }
        if (m.equals("POST")
                && p.size() == 3
                && p.get(0).equals("keys")
                && p.get(2).equals("requestToken")) {
            Auth.Credential requester = r.headers().containsKey("authorization") ? authenticate(r) : null;
            Object body = parseBody(r);
            if (!(body instanceof Map<?, ?> map)) {
                throw new ErrorInfo(40000, 400, "Token request body must be an object");
            }
            return ok(200, engine.auth.requestToken(p.get(1), Wire.castMap(map), requester, engine.now()), msgpack);
        }
        if (p.size() >= 2 && p.get(0).equals("channels")) {
            String channel = p.get(1);
            ChannelService.validateName(channel);
            Auth.Credential cred = authenticate(r);
            App app = engine.apps.of(cred.key());
            String rest = String.join("/", p.subList(2, p.size()));
            if (p.size() == 5 && p.get(2).equals("messages") && p.get(4).equals("annotations")) {
                return engine.annotations.rest(r, app, channel, p.get(3), cred, msgpack); // RSAN
            }
            if (m.equals("POST") && rest.equals("messages")) {
                return publish(r, app, channel, cred, msgpack);
            }
            if (m.equals("GET") && (rest.equals("messages") || rest.equals("history"))) {
                require(cred, channel, "history");
                app.checkRules(channel, identity(r, cred), engine.config.tls());
                return history(r, app, channel, Frame.MESSAGE, "messages", rest, msgpack);
            }
            if (p.size() >= 4 && p.get(2).equals("messages")) { // a message: get, versions, update/delete/append
                return RestMutableMessages.handle(engine, r, app, channel, cred, p.subList(3, p.size()), msgpack);
            }
            if (m.equals("GET") && rest.equals("presence/history")) {

                require(cred, channel, "history");
                app.checkRules(channel, identity(r, cred), engine.config.tls());
                return history(r, app, channel, Frame.PRESENCE, "presence", "history", msgpack);
            }
            if (m.equals("GET") && rest.equals("presence")) {
                require(cred, channel, "subscribe");
                app.checkRules(channel, identity(r, cred), engine.config.tls());
                return presence(r, app, channel, msgpack);
            }
            if (m.equals("GET") && rest.isEmpty()) {
                return channelDetails(app, channel, msgpack);
            }
        }
        throw new ErrorInfo(40400, 404, "Not found: " + m + " /" + String.join("/", p));
    }

    static void require(Auth.Credential cred, String channel, String op) throws ErrorInfo {
        if (!cred.capability().allows(channel, op)) {
            throw new ErrorInfo(40160, 401, "Operation " + op + " on channel " + channel + " not permitted");
        }
    }

    Auth.Credential authenticate(Request r) throws ErrorInfo {
        String h = r.headers().get("authorization");
        if (h == null) {
            throw new ErrorInfo(40101, 401, "No authentication provided");
        }
        if (h.regionMatches(true, 0, "Basic ", 0, 6)) {
            if (engine.config.strictBasicAuth() && !engine.config.tls()) {
                throw new ErrorInfo(40103, 401, "Invalid use of Basic auth over non-TLS transport");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ErrorInfo(40101, 401, "Malformed Basic authorization");
            }
            return engine.auth.basic(decoded);
        }
        if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String raw = h.substring(7).trim();
            String token = raw;
            try {
                String decoded = new String(Base64.getDecoder().decode(raw), StandardCharsets.UTF_8);
                if (!decoded.isEmpty() && decoded.chars().allMatch(c -> c > 32 && c < 127)) {
                    token = decoded;
                }
            } catch (IllegalArgumentException e) {
                // not base64: use the raw token
            }
            return engine.auth.token(token, engine.now());
        }
        throw new ErrorInfo(40101, 401, "Unsupported authorization scheme");
    }

    static Object parseBody(Request r) throws ErrorInfo {
        try {
            if (r.headers().getOrDefault("content-type", "").contains(MSGPACK)) {
                return Wire.decodeMsgpack(r.body());
            }
            return Wire.decodeJson(new String(r.body(), StandardCharsets.UTF_8));
        } catch (Wire.MalformedException e) {
            throw new ErrorInfo(40000, 400, "Malformed request body: " + e.getMessage());
        }
    }

    private Response publish(Request r, App app, String channel, Auth.Credential cred, boolean msgpack)
            throws ErrorInfo {
        require(cred, channel, "publish");
        List<Map<String, Object>> messages = messages(parseBody(r));
        if (MutableMessages.edits(messages)) {
            throw new ErrorInfo(
                    40003, 400, "Updates, deletes and appends use PATCH /channels/{name}/messages/{serial}");
        }
        String identity = identity(r, cred);
        checkMessages(messages, identity, engine.config.maxMessageSize());
        checkRules(app, channel, identity, messages, engine.config.tls());
        List<Object> serials = engine.channelService.restPublish(app, channel, messages, identity);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channel", channel);
        out.put("messageId", serials.isEmpty() ? "" : String.valueOf(serials.get(0)));
        out.put("serials", serials);
        return ok(201, out, msgpack);
    }

    /** A message object or an array of them (40000 otherwise). */
    static List<Map<String, Object>> messages(@Nullable Object body) throws ErrorInfo {
        List<Map<String, Object>> messages = new ArrayList<>();
        if (body instanceof Map<?, ?> map) {
            messages.add(Wire.castMap(map));
        } else if (body instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof Map)) {
                    throw new ErrorInfo(40000, 400, "Messages must be objects");
                }
                messages.add(Wire.castMap(o));
            }
        } else {
            throw new ErrorInfo(40000, 400, "Request body must be a message object or an array of messages");
        }
        return messages;
    }

    /** The clientId a REST publish acts as: the token's, else the {@code X-Ably-ClientId} header's, else none. */
    static @Nullable String identity(Request r, Auth.Credential cred) throws ErrorInfo {
        String identity =
                cred.tokenClientId() == null || "*".equals(cred.tokenClientId()) ? null : cred.tokenClientId();
        String headerClientId = r.headers().get("x-ably-clientid");
        if (identity == null && headerClientId != null) {
            try {
                identity = new String(Base64.getDecoder().decode(headerClientId), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ErrorInfo(40012, 400, "Malformed X-Ably-ClientId header");
            }
        }
        return identity;
    }

    /**
     * The namespace rules for a REST publish: an {@code identified} channel needs the request's identity or a clientId
     * on every message.
     */
    static void checkRules(
            App app, String channel, @Nullable String identity, List<Map<String, Object>> messages, boolean tls)
            throws ErrorInfo {
        String clientId = identity;
        if (clientId == null && !messages.isEmpty()) {
            clientId = messages.stream().allMatch(msg -> msg.get("clientId") instanceof String) ? "messages" : null;
        }
        app.checkRules(channel, clientId, tls);
    }

    /** Field types (40003/40013), clientId consistency with the identity (40012) and size (40009). */
    static void checkMessages(List<Map<String, Object>> messages, @Nullable String identity, int maxSize)
            throws ErrorInfo {
        ChannelService.checkFieldTypes(messages);
        for (Map<String, Object> msg : messages) {
            Object cid = msg.get("clientId");
            if (cid instanceof String && identity != null && !identity.equals(cid)) {
                throw new ErrorInfo(40012, 400, "Mismatched clientId " + cid);
            }
        }
        ChannelService.checkSize(messages, maxSize);
    }

    private Response history(Request r, App app, String channel, int action, String field, String self, boolean msgpack)
            throws ErrorInfo {
        int limit = limitParam(r);
        boolean forwards = forwards(r);
        long start = longParam(r, "start", Long.MIN_VALUE);
        long end = longParam(r, "end", Long.MAX_VALUE);
        checkInterval(r, start, end);
        long cursor = longParam(r, "cursor", forwards ? Long.MIN_VALUE : Long.MAX_VALUE);
        List<long[]> keys = new ArrayList<>();
        List<Map<String, Object>> items = new ArrayList<>();
        ChannelState ch = app.channels.get(channel);
        if (ch != null) {
            ch.prune(engine.now());
            for (ChannelState.Entry e : ch.log) {
                if (e.frame().action() != action) {
                    continue;
                }
                List<Map<String, Object>> inner = e.frame().maps(field);
                for (int i = 0; i < inner.size(); i++) {
                    Map<String, Object> item = inner.get(i);
                    if (action == Frame.MESSAGE) { // edits show as the latest version of their message
                        item = MutableMessages.forHistory(ch, item);
                        if (item == null) {
                            continue;
                        }
                    }
                    Object ts = item.get("timestamp");
                    long t = ts instanceof Long l ? l : e.time();
                    long key = e.seq() * 100_000 + i;
                    if (t < start || t > end || (forwards ? key <= cursor : key >= cursor)) {
                        continue;
                    }
                    keys.add(new long[] {key});
                    items.add(item);
                }
            }
        }
        List<Object> page = new ArrayList<>();
        long lastKey = 0;
        int n = items.size();
        for (int k = 0; k < n && page.size() < limit; k++) {
            int idx = forwards ? k : n - 1 - k;
            page.add(msgpack ? items.get(idx) : Frame.dataToJson(items.get(idx)));
            lastKey = keys.get(idx)[0];
        }
        return ok(200, page, msgpack, links(r, self, n > limit ? Long.toString(lastKey) : null));
    }

    private Response presence(Request r, App app, String channel, boolean msgpack) throws ErrorInfo {
        int limit = limitParam(r);
        String clientId = r.query().get("clientId");
        String connectionId = r.query().get("connectionId");
        List<Object> out = new ArrayList<>();
        ChannelState ch = app.channels.get(channel);
        if (ch != null) {
            for (Map<String, Object> m : ch.members.values()) {
                if ((clientId == null || clientId.equals(m.get("clientId")))
                        && (connectionId == null || connectionId.equals(m.get("connectionId")))
                        && out.size() < limit) {
                    out.add(msgpack ? m : Frame.dataToJson(m));
                }
            }
        }
        return ok(200, out, msgpack);
    }

    private Response channelDetails(App app, String channel, boolean msgpack) {
        ChannelState ch = app.channels.get(channel);
        long[] byMode = new long[6];
        int[] modes = {
            Frame.MODE_PRESENCE,
            Frame.MODE_PRESENCE_SUBSCRIBE,
            Frame.MODE_PUBLISH,
            Frame.MODE_SUBSCRIBE,
            Frame.MODE_OBJECT_PUBLISH,
            Frame.MODE_OBJECT_SUBSCRIBE
        };
        if (ch != null) {
            for (Session s : ch.subscribers) {
                Session.Attachment a = s.attachments.get(channel);
                for (int i = 0; a != null && i < modes.length; i++) {
                    if ((a.modes() & modes[i]) != 0) {
                        byMode[i]++;
                    }
                }
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>(); // CHM2
        metrics.put("connections", ch == null ? 0L : (long) ch.subscribers.size());
        metrics.put("presenceConnections", byMode[0]);
        metrics.put("presenceMembers", ch == null ? 0L : (long) ch.members.size());
        metrics.put("presenceSubscribers", byMode[1]);
        metrics.put("publishers", byMode[2]);
        metrics.put("subscribers", byMode[3]);
        metrics.put("objectPublishers", byMode[4]);
        metrics.put("objectSubscribers", byMode[5]);
        Map<String, Object> occupancy = new LinkedHashMap<>();
        occupancy.put("metrics", metrics);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("isActive", ch != null && !ch.subscribers.isEmpty());
        status.put("occupancy", occupancy);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("channelId", channel);
        out.put("status", status);
        return ok(200, out, msgpack);
    }

    /** {@code limit}: default 100, 1 to 1000 (RSL2b3, RSC6b3), else 40003. */
    static int limitParam(Request r) throws ErrorInfo {
        long limit = longParam(r, "limit", 100);
        if (limit < 1 || limit > 1000) {
            throw new ErrorInfo(40003, 400, "limit must be between 1 and 1000");
        }
        return (int) limit;
    }

    /** {@code direction}: backwards (default) or forwards, else 40003. */
    static boolean forwards(Request r) throws ErrorInfo {
        String direction = r.query().get("direction");
        if (direction == null || direction.isEmpty() || direction.equals("backwards")) {
            return false;
        }
        if (direction.equals("forwards")) {
            return true;
        }
        throw new ErrorInfo(40003, 400, "Invalid direction: " + direction + " (must be forwards or backwards)");
    }

    /** {@code start} must not be after {@code end}, nor after now when there is no end (RSL2b1, RSC6b1): 40003. */
    void checkInterval(Request r, long start, long end) throws ErrorInfo {
        long upper = r.query().containsKey("end") ? end : engine.now();
        if (r.query().containsKey("start") && start > upper) {
            throw new ErrorInfo(40003, 400, "start (" + start + ") must be before or equal to end (" + upper + ")");
        }
    }

    /**
     * The {@code Link} header of a page, relative like Ably's: {@code first} (no cursor), {@code current} (this
     * request's query) and, when there are more items, {@code next}.
     */
    static Map<String, String> links(Request r, String self, @Nullable String nextCursor) {
        String base = queryWithout(r, "cursor");
        String link = "<./" + self + "?" + base + ">; rel=\"first\", <./" + self + "?" + queryWithout(r, "")
                + ">; rel=\"current\"";
        if (nextCursor != null) {
            link += ", <./" + self + "?" + base + (base.isEmpty() ? "" : "&") + "cursor=" + nextCursor
                    + ">; rel=\"next\"";
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Link", link);
        return headers;
    }

    private static String queryWithout(Request r, String drop) {
        StringBuilder sb = new StringBuilder();
        r.query().forEach((k, v) -> {
            if (!k.equals(drop)) {
                sb.append(sb.length() == 0 ? "" : "&")
                        .append(k)
                        .append('=')
                        .append(java.net.URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        return sb.toString();
    }

    static long longParam(Request r, String name, long dflt) throws ErrorInfo {
        String v = r.query().get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ErrorInfo(40003, 400, "Invalid " + name + ": " + v);
        }
    }

    static Response ok(int status, Object body, boolean msgpack) {
        return ok(status, body, msgpack, Map.of());
    }

    static Response ok(int status, Object body, boolean msgpack, Map<String, String> headers) {
        if (msgpack) {
            return new Response(status, MSGPACK, Wire.encodeMsgpack(body), headers);
        }
        return new Response(status, JSON, Wire.encodeJson(body).getBytes(StandardCharsets.UTF_8), headers);
    }

    /** The Ably error envelope. */
    public static Response error(ErrorInfo e, boolean msgpack) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.toMap());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Ably-Errorcode", Integer.toString(e.code()));
        headers.put("X-Ably-Errormessage", String.valueOf(e.getMessage()).replaceAll("[\\r\\n]", " "));
        if (e.statusCode() == 401 && e.code() >= 40140 && e.code() < 40150) {
            headers.put("WWW-Authenticate", "Bearer realm=\"Ably\", stale=\"true\"");
        }
        return ok(e.statusCode(), body, msgpack, headers);
    }

    static @Nullable String header(Request r, String name) {
        return r.headers().get(name);
    }
}
