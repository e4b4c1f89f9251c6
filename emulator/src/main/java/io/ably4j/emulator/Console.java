package io.ably4j.emulator;

import io.ably4j.emulator.internal.RestApi;
import io.ably4j.emulator.internal.SseStream;
import io.ably4j.emulator.internal.Wire;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The web console on the admin listener (off unless {@code console(true)}): a page at {@code /_console/} showing
 * connections, channels with their subscribers and presence members, and a live stream of the event log, with
 * buttons that call the admin API's faults. Plain HTML/JS/CSS served from the jar.
 *
 * <p>Routes: {@code GET /_console/} (and its {@code console.js}, {@code console.css}), {@code GET /_console/state}
 * (a JSON snapshot), {@code GET /_console/events} (server-sent events: one JSON event log entry per event, starting with the last {@value #BACKLOG} retained). The
 * snapshot is answered on an admin thread; the event stream's listener runs on the thread that logs the event and
 * only queues it (see {@link SseStream}).
 */
final class Console {
    static final String PREFIX = "_console";
    private static final Map<String, String> ASSETS = Map.of(
            "", "index.html", "index.html", "index.html", "console.js", "console.js", "console.css", "console.css");

    /** Retained events a new stream starts with, so the page shows what just happened. */
    static final int BACKLOG = 200;

    private final Emulator emulator;

    Console(Emulator emulator) {
        this.emulator = emulator;
    }

    /** Whether a request is for the console (the rest of the admin listener is the admin API). */
    static boolean isConsole(RestApi.Request r) {
        return !r.path().isEmpty() && r.path().get(0).equals(PREFIX);
    }

    /** The stream router: {@code GET /_console/events} opens an event stream, nothing else does. */
    @Nullable
    Consumer<SseStream> route(RestApi.Request r) {
        if (r.method().equals("GET") && r.path().equals(List.of(PREFIX, "events"))) {
            return this::open;
        }
        return null;
    }

    private void open(SseStream stream) {
        Runnable remove = emulator.events().addListener(e -> stream.send(() -> Wire.encodeJson(toJson(e))), BACKLOG);
        stream.onClose(remove);
    }

    RestApi.Response handle(RestApi.Request r) {
        List<String> p = r.path();
        if (!r.method().equals("GET")) {
            return text(405, "text/plain; charset=utf-8", "Method not allowed");
        }
        String rest = String.join("/", p.subList(1, p.size()));
        if (rest.equals("state")) {
            return new RestApi.Response(
                    200,
                    "application/json",
                    Wire.encodeJson(state()).getBytes(StandardCharsets.UTF_8),
                    Map.of("Cache-Control", "no-store"));
        }
        String asset = ASSETS.get(rest);
        if (asset == null) {
            return text(404, "text/plain; charset=utf-8", "Not found");
        }
        try (InputStream in = Console.class.getResourceAsStream("console/" + asset)) {
            if (in == null) {
                return text(500, "text/plain; charset=utf-8", "Console asset missing from the jar: " + asset);
            }
            return new RestApi.Response(
                    200, contentType(asset), in.readAllBytes(), Map.of("Cache-Control", "no-store"));
        } catch (IOException e) {
            return text(500, "text/plain; charset=utf-8", e.toString());
        }
    }

    /** Connections, and channels (attached by some connection) with their subscribers and presence members. */
    Map<String, Object> state() {
        List<Object> connections = new ArrayList<>();
        Map<String, List<Object>> subscribers = new TreeMap<>();
        for (ConnectionInfo c : emulator.connections()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("connectionId", c.connectionId());
            if (c.clientId() != null) {
                o.put("clientId", c.clientId());
            }
            o.put("state", c.connected() ? "connected" : "awaiting resume");
            o.put("format", c.format());
            List<Object> channels = new ArrayList<>(new java.util.TreeSet<>(c.channels()));
            o.put("channels", channels);
            connections.add(o);
            for (String ch : c.channels()) {
                subscribers.computeIfAbsent(ch, k -> new ArrayList<>()).add(c.connectionId());
            }
        }
        List<Object> channels = new ArrayList<>();
        for (Map.Entry<String, List<Object>> e : subscribers.entrySet()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", e.getKey());
            o.put("subscribers", e.getValue());
            List<Object> members = new ArrayList<>();
            for (PresenceMember pm : emulator.presenceMembers(e.getKey())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("clientId", pm.clientId());
                m.put("connectionId", pm.connectionId());
                if (pm.data() instanceof String data) {
                    m.put("data", data);
                }
                members.add(m);
            }
            o.put("presence", members);
            channels.add(o);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("port", (long) emulator.port());
        out.put("time", emulator.clock().millis());
        out.put("connections", connections);
        out.put("channels", channels);
        return out;
    }

    static Map<String, Object> toJson(EmulatorEvent e) {
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
        return o;
    }

    private static String contentType(String asset) {
        if (asset.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (asset.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return "text/html; charset=utf-8";
    }

    private static RestApi.Response text(int status, String type, String body) {
        return new RestApi.Response(status, type, body.getBytes(StandardCharsets.UTF_8), Map.of());
    }
}
