package io.ably4j.emulator;

import io.ably4j.emulator.internal.ErrorInfo;
import io.ably4j.emulator.internal.RestApi;
import io.ably4j.emulator.internal.Wire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The admin HTTP API (loopback only, off unless {@code adminPort} is set): the {@link Faults}
 * operations for scripts in other languages. See the emulator README for the routes.
 */
final class AdminApi {
    private final Emulator emulator;

    AdminApi(Emulator emulator) {
        this.emulator = emulator;
    }

    RestApi.Response handle(RestApi.Request r) {
        try {
            Object result = route(r);
            return json(200, result);
        } catch (ErrorInfo e) {
            return RestApi.error(e, false);
        } catch (IllegalArgumentException e) {
            return RestApi.error(new ErrorInfo(40000, 400, String.valueOf(e.getMessage())), false);
        } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
            return RestApi.error(new ErrorInfo(50000, 500, e.toString()), false);
        }
    }

    private Object route(RestApi.Request r)
            throws ErrorInfo, InterruptedException, java.util.concurrent.TimeoutException {
        List<String> p = r.path();
        String m = r.method();
        if (p.isEmpty() || !p.get(0).equals("_admin")) {
            throw new ErrorInfo(40400, 404, "Not found");
        }
        List<String> rest = p.subList(1, p.size());
        Faults f = emulator.faults();
        if (m.equals("GET") && rest.equals(List.of("apps"))) {
            List<Object> out = new ArrayList<>();
            for (EmulatorApp app : emulator.apps().list()) {
                Map<String, Object> o;
                try {
                    o = new LinkedHashMap<>(Wire.decodeJsonObject(app.json()));
                } catch (Wire.MalformedException e) {
                    throw new IllegalStateException("app description is JSON the emulator wrote", e);
                }
                o.put("default", app.isDefault());
                out.add(o);
            }
            return out;
        }
        if (m.equals("GET") && rest.equals(List.of("connections"))) {
            List<Object> out = new ArrayList<>();
            for (ConnectionInfo c : emulator.connections()) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("connectionId", c.connectionId());
                if (c.clientId() != null) {
                    o.put("clientId", c.clientId());
                }
                o.put("connected", c.connected());
                o.put("format", c.format());
                o.put("channels", new ArrayList<Object>(c.channels()));
                out.add(o);
            }
            return out;
        }
        if (m.equals("GET") && rest.equals(List.of("log"))) {
            long since = Long.parseLong(r.query().getOrDefault("since", "0"));
            List<Object> out = new ArrayList<>();
            for (EmulatorEvent e : emulator.events().events(e -> e.timestamp() >= since)) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("timestamp", e.timestamp());
                o.put("type", e.type().name());
                if (e.connectionId() != null) {
                    o.put("connectionId", e.connectionId());
                }
                if (e.action() >= 0) {
                    o.put("action", (long) e.action());
                }
                if (e.channel() != null) {
                    o.put("channel", e.channel());
                }
                o.put("detail", e.detail());
                out.add(o);
            }
            return out;
        }
        if (m.equals("POST") && rest.equals(List.of("reset"))) {
            f.clearRules();
            f.suppressHeartbeats(false);
            f.acceptConnections();
            emulator.events().clear();
            return ok();
        }
        if (m.equals("DELETE") && rest.equals(List.of("rules"))) {
            f.clearRules();
            return ok();
        }
        if (m.equals("POST") && rest.equals(List.of("rules"))) {
            Map<String, Object> b = body(r);
            FrameRule.Builder rb = "toServer".equals(b.get("direction")) ? FrameRule.toServer() : FrameRule.toClient();
            if (b.get("action") instanceof Long action) {
                rb.action(action.intValue());
            }
            if (b.get("channel") instanceof String channel) {
                rb.channel(channel);
            }
            if (b.get("connectionId") instanceof String connectionId) {
                rb.connectionId(connectionId);
            }
            if (b.get("times") instanceof Long times) {
                rb.times(times.intValue());
            }
            f.addRule(b.get("delayMs") instanceof Long delay ? rb.delay(Duration.ofMillis(delay)) : rb.suppress());
            return ok();
        }
        if (m.equals("POST") && rest.size() == 2 && rest.get(0).equals("server")) {
            boolean handled = true;
            switch (rest.get(1)) {
                case "refuse" ->
                    f.refuseConnections(RefuseMode.valueOf(
                            r.query().getOrDefault("mode", "RESET").toUpperCase(Locale.ROOT)));
                case "hold" -> f.refuseConnections(RefuseMode.HOLD);
                case "accept" -> f.acceptConnections();
                case "suppress-heartbeats" ->
                    f.suppressHeartbeats(!"false".equals(r.query().get("on")));
                case "presence-grace" ->
                    f.presenceLeaveGrace(
                            Duration.ofMillis(Long.parseLong(r.query().getOrDefault("ms", "15000"))));
                default -> handled = false;
            }
            if (handled) {
                return ok();
            }
        }
        if (m.equals("GET")
                && rest.size() == 3
                && rest.get(0).equals("channels")
                && rest.get(2).equals("presence")) {
            List<Object> out = new ArrayList<>();
            for (PresenceMember pm : emulator.presenceMembers(rest.get(1))) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", pm.id());
                o.put("clientId", pm.clientId());
                o.put("connectionId", pm.connectionId());
                o.put("timestamp", pm.timestamp());
                if (pm.data() instanceof String data) {
                    o.put("data", data);
                } else if (pm.data() instanceof byte[] bytes) {
                    o.put("data", java.util.Base64.getEncoder().encodeToString(bytes));
                    o.put("encoding", pm.encoding() == null ? "base64" : pm.encoding() + "/base64");
                }
                if (pm.encoding() != null && !o.containsKey("encoding")) {
                    o.put("encoding", pm.encoding());
                }
                out.add(o);
            }
            return out;
        }
        if (m.equals("POST") && rest.size() == 3 && rest.get(0).equals("connections")) {
            String id = rest.get(1);
            boolean handled = true;
            switch (rest.get(2)) {
                case "drop" ->
                    f.drop(
                            id,
                            DropMode.valueOf(
                                    r.query().getOrDefault("mode", "FIN").toUpperCase(Locale.ROOT)));
                case "inject" -> {
                    String json = new String(r.body(), StandardCharsets.UTF_8);
                    if ("true".equals(r.query().get("close"))) {
                        f.injectAndClose(id, json);
                    } else {
                        f.inject(id, json);
                    }
                }
                case "request-auth" -> f.requestAuth(id);
                case "expire-token" -> f.expireToken(id);
                case "expire-state" -> f.expireResumeState(id);
                case "leave-presence" -> f.leavePresence(id);
                case "suppress-heartbeats" ->
                    f.suppressHeartbeats(id, !"false".equals(r.query().get("on")));
                default -> handled = false;
            }
            if (handled) {
                return ok();
            }
        }
        if (m.equals("POST") && rest.size() == 3 && rest.get(0).equals("channels")) {
            String channel = rest.get(1);
            Map<String, Object> b = body(r);
            if (rest.get(2).equals("detach")) {
                f.detachChannel(
                        channel,
                        (int) number(b.get("code"), 90000),
                        (int) number(b.get("statusCode"), 500),
                        String.valueOf(b.getOrDefault("message", "Channel detached by emulator")));
                return ok();
            }
            if (rest.get(2).equals("publish")) {
                emulator.publish(channel, b.get("name") instanceof String name ? name : null, b.get("data"));
                return ok();
            }
        }
        throw new ErrorInfo(40400, 404, "Not found: " + m + " /" + String.join("/", p));
    }

    private static long number(@org.jspecify.annotations.Nullable Object v, long dflt) {
        return v instanceof Long l ? l : dflt;
    }

    private static Map<String, Object> body(RestApi.Request r) throws ErrorInfo {
        if (r.body().length == 0) {
            return new LinkedHashMap<>();
        }
        try {
            return Wire.decodeJsonObject(new String(r.body(), StandardCharsets.UTF_8));
        } catch (Wire.MalformedException e) {
            throw new ErrorInfo(40000, 400, "Malformed JSON body: " + e.getMessage());
        }
    }

    private static Map<String, Object> ok() {
        return Map.of("ok", true);
    }

    private static RestApi.Response json(int status, Object body) {
        return new RestApi.Response(
                status, "application/json", Wire.encodeJson(body).getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
