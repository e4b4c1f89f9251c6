package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The applications an emulator serves: the default app (every key configured on the builder, as before apps
 * existed) and the apps provisioned with {@code POST /apps} (the body of ably-common's {@code test-app-setup.json}
 * {@code post_apps}) or {@code Emulator.apps()}. A key belongs to exactly one app and only ever acts in it. Engine
 * thread only.
 */
final class Apps {
    /** At most this many apps exist at once, default app included: a test suite that never deletes them is bounded. */
    static final int MAX_APPS = 1000;

    /** At most this many keys, namespaces, channels or presence members in one app spec. */
    static final int MAX_LIST = 1000;

    /** The connectionId of members pre-populated from an app spec's {@code channels[].presence}. */
    static final String FIXTURE_CONNECTION = "fixture";

    private static final Set<String> BOOLEAN_RULES = Set.of(
            "persisted",
            "identified",
            "authenticated",
            "tlsOnly",
            "pushEnabled",
            "persistLast",
            "exposeTimeserial",
            "batchingEnabled",
            "conflationEnabled",
            "populateChannelRegistry",
            "mutableMessages");

    private final Engine engine;
    private final Map<String, App> byId = new LinkedHashMap<>();
    private final Map<String, App> byKeyName = new HashMap<>();
    final App defaultApp;

    Apps(Engine engine, List<Auth.Key> defaultKeys) {
        this.engine = engine;
        this.defaultApp = new App(defaultKeys.get(0).appId(), true, defaultKeys, List.of(), List.of());
        register(defaultApp);
    }

    private void register(App app) {
        byId.put(app.id, app);
        for (Auth.Key k : app.keys) {
            byKeyName.put(k.name(), app);
        }
    }

    /** The app a key belongs to. */
    App of(Auth.Key key) throws ErrorInfo {
        App app = byKeyName.get(key.name());
        if (app == null) {
            throw new ErrorInfo(40101, 401, "Invalid key: its application no longer exists");
        }
        return app;
    }

    @Nullable
    App get(String appId) {
        return byId.get(appId);
    }

    List<App> all() {
        return new ArrayList<>(byId.values());
    }

    /** Creates an app from a POST /apps body; its keys work at once. */
    App create(Map<String, Object> spec) throws ErrorInfo {
        if (byId.size() >= MAX_APPS) {
            throw new ErrorInfo(
                    40000, 400, "Too many apps: at most " + MAX_APPS + " (delete some with DELETE /apps/{id})");
        }
        String appId = newAppId();
        List<Auth.Key> keys = new ArrayList<>();
        Object keySpecs = spec.get("keys");
        List<?> keyList = keySpecs == null ? List.of(Map.of()) : list(keySpecs, "keys");
        if (keyList.isEmpty()) {
            keyList = List.of(Map.of());
        }
        Set<String> keyIds = new HashSet<>();
        for (Object o : keyList) {
            Map<String, Object> k = map(o, "keys[]");
            Capability cap = Capability.ALL;
            Object c = k.get("capability");
            if (c instanceof String json) {
                cap = Capability.parse(json);
            } else if (c instanceof Map<?, ?> object) {
                cap = Capability.parse(Wire.encodeJson(object));
            } else if (c != null) {
                throw new ErrorInfo(40000, 400, "Invalid key: capability must be a JSON object or its text");
            }
            String keyId;
            do {
                keyId = Auth.randomId(6).replace('-', 'x').replace('_', 'y');
            } while (!keyIds.add(keyId));
            keys.add(new Auth.Key(appId, appId + "." + keyId, Auth.randomId(32), cap));
        }
        List<App.Namespace> namespaces = new ArrayList<>();
        Object nsSpecs = spec.get("namespaces");
        Set<String> nsIds = new HashSet<>();
        for (Object o : nsSpecs == null ? List.of() : list(nsSpecs, "namespaces")) {
            App.Namespace ns = namespace(map(o, "namespaces[]"));
            if (!nsIds.add(ns.id())) {
                throw new ErrorInfo(40000, 400, "Duplicate namespace id " + ns.id());
            }
            namespaces.add(ns);
        }
        Object channelSpecs = spec.get("channels");
        List<Object> channels = new ArrayList<>(channelSpecs == null ? List.of() : list(channelSpecs, "channels"));
        App app = new App(appId, false, keys, namespaces, channels);
        for (Object o : channels) {
            prepopulate(app, map(o, "channels[]"));
        }
        register(app);
        engine.auth.addKeys(keys);
        return app;
    }

    private String newAppId() {
        Set<String> taken = new HashSet<>(byId.keySet());
        for (App a : byId.values()) {
            a.keys.forEach(k -> taken.add(k.appId()));
        }
        String id;
        do {
            id = Auth.randomId(6).replace('-', 'x').replace('_', 'y');
        } while (taken.contains(id));
        return id;
    }

    private static App.Namespace namespace(Map<String, Object> m) throws ErrorInfo {
        if (!(m.get("id") instanceof String id) || id.isEmpty() || id.contains(":")) {
            throw new ErrorInfo(40000, 400, "A namespace needs an id: a non-empty string without ':'");
        }
        Map<String, Object> flags = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String name = e.getKey();
            if (name.equals("id") || name.equals("status")) {
                continue;
            }
            if (BOOLEAN_RULES.contains(name) && !(e.getValue() instanceof Boolean)) {
                throw new ErrorInfo(40000, 400, "Namespace " + id + ": " + name + " must be a boolean");
            }
            flags.put(name, e.getValue());
        }
        return new App.Namespace(
                id,
                Boolean.TRUE.equals(flags.get("persisted")),
                Boolean.TRUE.equals(flags.get("identified")) || Boolean.TRUE.equals(flags.get("authenticated")),
                Boolean.TRUE.equals(flags.get("tlsOnly")),
                flags);
    }

    /** Pre-populates a channel's presence with {@code presence[]} members of connection {@code fixture}. */
    private void prepopulate(App app, Map<String, Object> spec) throws ErrorInfo {
        if (!(spec.get("name") instanceof String channel)) {
            throw new ErrorInfo(40010, 400, "A channel spec needs a name");
        }
        ChannelService.validateName(channel);
        Object presence = spec.get("presence");
        if (presence == null) {
            return;
        }
        List<?> members = list(presence, "channels[].presence");
        List<Map<String, Object>> items = new ArrayList<>();
        List<String> clientIds = new ArrayList<>();
        for (Object o : members) {
            Map<String, Object> item = new LinkedHashMap<>(map(o, "channels[].presence[]"));
            if (!(item.get("clientId") instanceof String cid) || cid.isEmpty()) {
                throw new ErrorInfo(40012, 400, "A presence fixture needs a clientId");
            }
            items.add(item);
            clientIds.add(cid);
        }
        ChannelService.checkFieldTypes(items);
        items.forEach(Frame::normaliseData);
        ChannelState ch = engine.channelService.channel(app, channel);
        long now = engine.now();
        for (int i = 0; i < items.size(); i++) {
            Map<String, Object> member = items.get(i);
            member.put("id", FIXTURE_CONNECTION + ":0:" + i);
            member.put("connectionId", FIXTURE_CONNECTION);
            member.put("action", (long) PresenceService.PresenceAction.PRESENT);
            member.put("timestamp", now);
            ch.members.put(ChannelState.memberKey(FIXTURE_CONNECTION, clientIds.get(i)), member);
        }
    }

    /** Removes an app: its connections get a fatal ERROR 40400, its keys and tokens stop working. */
    void delete(App app) throws ErrorInfo {
        if (app.isDefault) {
            throw new ErrorInfo(40300, 403, "The emulator's default app cannot be deleted");
        }
        byId.remove(app.id);
        for (Auth.Key k : app.keys) {
            byKeyName.remove(k.name());
        }
        engine.auth.removeKeys(app.keys);
        engine.disposeApp(app, new ErrorInfo(40400, 404, "Application " + app.id + " was deleted"));
        app.channels.clear();
    }

    private static List<?> list(Object o, String field) throws ErrorInfo {
        if (!(o instanceof List<?> l)) {
            throw new ErrorInfo(40000, 400, "Invalid app spec: " + field + " must be an array");
        }
        if (l.size() > MAX_LIST) {
            throw new ErrorInfo(40000, 400, "Invalid app spec: more than " + MAX_LIST + " " + field);
        }
        return l;
    }

    private static Map<String, Object> map(@Nullable Object o, String field) throws ErrorInfo {
        if (!(o instanceof Map<?, ?> m)) {
            throw new ErrorInfo(40000, 400, "Invalid app spec: " + field + " must be an object");
        }
        return Wire.castMap(m);
    }
}
