package io.ably4j.emulator.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One Ably application: its keys, channel namespaces and channels. Channels (with their presence, history and
 * subscribers) belong to exactly one app, so two apps never see each other's channels. Confined to the engine
 * thread, except the immutable {@link #id}, {@link #keys} and {@link #namespaces}.
 */
final class App {
    /** How long a {@code persisted} namespace's channels keep their messages (Ably: 24 hours). */
    static final Duration PERSISTED_RETENTION = Duration.ofHours(24);

    /**
     * A channel namespace and its rules. {@code identified} (Ably's Control API calls it {@code authenticated}):
     * only connections and requests with a clientId may use the namespace's channels; {@code tlsOnly}: only over
     * TLS; {@code persisted}: messages kept for {@link #PERSISTED_RETENTION}. The other flags Ably documents are kept
     * in {@code flags} (echoed back) and have no effect.
     */
    record Namespace(String id, boolean persisted, boolean identified, boolean tlsOnly, Map<String, Object> flags) {
        /** Whether a channel name is in this namespace: {@code id} itself or {@code id:...}. */
        boolean contains(String channel) {
            return channel.equals(id) || channel.startsWith(id + ":");
        }
    }

    final String id;
    final boolean isDefault;
    final List<Auth.Key> keys;
    final List<Namespace> namespaces;
    /** The request's {@code channels} entries, echoed in the POST /apps response. */
    final List<Object> channelSpecs;

    final Map<String, ChannelState> channels = new HashMap<>();

    App(String id, boolean isDefault, List<Auth.Key> keys, List<Namespace> namespaces, List<Object> channelSpecs) {
        this.id = id;
        this.isDefault = isDefault;
        this.keys = List.copyOf(keys);
        this.namespaces = List.copyOf(namespaces);
        this.channelSpecs = new ArrayList<>(channelSpecs);
    }

    /** The namespace a channel is in, or null. */
    @Nullable
    Namespace namespaceOf(String channel) {
        for (Namespace ns : namespaces) {
            if (ns.contains(channel)) {
                return ns;
            }
        }
        return null;
    }

    /** How long a channel's messages are kept: {@code defaultRetention}, or 24 h in a persisted namespace. */
    long retentionMillis(String channel, Duration defaultRetention) {
        Namespace ns = namespaceOf(channel);
        Duration d = ns != null && ns.persisted() && PERSISTED_RETENTION.compareTo(defaultRetention) > 0
                ? PERSISTED_RETENTION
                : defaultRetention;
        return d.toMillis();
    }

    /**
     * Checks the namespace rules for using a channel: {@code identified} needs a clientId (40160, 401), {@code
     * tlsOnly} a TLS transport (40103, 401).
     */
    void checkRules(String channel, @Nullable String clientId, boolean tls) throws ErrorInfo {
        Namespace ns = namespaceOf(channel);
        if (ns == null) {
            return;
        }
        if (ns.identified() && (clientId == null || clientId.equals("*"))) {
            throw new ErrorInfo(
                    40160, 401, "Channel " + channel + " requires an identified client (namespace " + ns.id() + ")");
        }
        if (ns.tlsOnly() && !tls) {
            throw new ErrorInfo(40103, 401, "Channel " + channel + " requires TLS (namespace " + ns.id() + ")");
        }
    }

    /** The app as the POST /apps response and the admin API describe it. */
    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("appId", id);
        out.put("accountId", "emulator");
        out.put("status", 0L);
        List<Object> keyList = new ArrayList<>();
        for (Auth.Key k : keys) {
            Map<String, Object> key = new LinkedHashMap<>();
            key.put("id", k.name().substring(k.name().indexOf('.') + 1));
            key.put("appId", id);
            key.put("value", k.secret());
            key.put("keyName", k.name());
            key.put("keySecret", k.secret());
            key.put("keyStr", k.name() + ":" + k.secret());
            key.put("capability", k.capability().toJson());
            key.put("status", 0L);
            keyList.add(key);
        }
        out.put("keys", keyList);
        List<Object> nsList = new ArrayList<>();
        for (Namespace ns : namespaces) {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", ns.id());
            n.putAll(ns.flags());
            n.put("persisted", ns.persisted());
            n.put("status", 0L);
            nsList.add(n);
        }
        out.put("namespaces", nsList);
        out.put("channels", channelSpecs);
        out.put("connections", List.of());
        return out;
    }
}
