package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Message updates, deletes and appends (Ably's mutable messages; the client side is RSL15/RTL32), realtime and REST.
 * An edit names an existing message by its {@code serial}; the message keeps that serial and gains a version: its
 * {@code version} carries a new serial (from the channel's serial sequence, so versions order like messages), the time,
 * and the operation's clientId (else the editor's), description and metadata. Subscribers receive the new state with
 * the edit's action; for an append, the appended fragment only, as Ably delivers it. History and {@code GET
 * /messages/{serial}} show the latest version, {@code .../versions} every version, oldest first.
 *
 * <p>{@code name} and {@code extras} replace the previous values when given; {@code data} replaces (update, delete) or
 * is appended to (append: strings to strings, binary to binary) the previous data. An unknown serial fails with 40400
 * (404). Capabilities: {@code message-update-any} or, for the editor's own messages, {@code message-update-own} for
 * updates and appends; {@code message-delete-any}/{@code -own} for deletes; otherwise 40160. Engine thread only.
 */
final class MutableMessages {
    static final long UPDATE = 1;
    static final long DELETE = 2;
    static final long APPEND = 5;

    private final Engine engine;

    MutableMessages(Engine engine) {
        this.engine = engine;
    }

    /** The message's action code, or 0 (create) when absent. */
    static long actionOf(Map<String, Object> m) {
        return m.get("action") instanceof Number n ? n.longValue() : 0;
    }

    static boolean isEdit(Map<String, Object> m) {
        long a = actionOf(m);
        return a == UPDATE || a == DELETE || a == APPEND;
    }

    /**
     * Which of {@code messages} are edits: all (true) or none (false). A mix, or an action a client may not publish
     * (meta, summary, unknown), fails with 40003.
     */
    static boolean edits(List<Map<String, Object>> messages) throws ErrorInfo {
        int edits = 0;
        for (Map<String, Object> m : messages) {
            long a = actionOf(m);
            if (a != 0 && !isEdit(m)) {
                throw new ErrorInfo(40003, 400, "Unsupported message action " + a + " for a publish");
            }
            edits += isEdit(m) ? 1 : 0;
        }
        if (edits > 0 && edits < messages.size()) {
            throw new ErrorInfo(40003, 400, "A publish cannot mix new messages with updates, deletes or appends");
        }
        return edits > 0;
    }

    /**
     * Applies {@code edits} (each with its action and the serial of the message it changes) on {@code channel}, fans
     * the new versions out and returns their version serials, in order. Nothing is applied if any edit fails.
     *
     * @param publisher the editing connection (for echo), or null for REST
     * @param identity the editor's clientId, or null
     */
    List<Object> apply(
            App app,
            String channel,
            @Nullable Session publisher,
            @Nullable String connectionId,
            @Nullable String identity,
            Capability capability,
            String idBase,
            List<Map<String, Object>> edits)
            throws ErrorInfo {
        ChannelService service = engine.channelService;
        ChannelState ch = service.channel(app, channel);
        long now = engine.now();
        String next = ch.nextSerialPreview();
        List<Map<String, Object>> states = new ArrayList<>();
        List<@Nullable Map<String, Object>> originals = new ArrayList<>();
        List<Object> items = new ArrayList<>();
        List<Object> versionSerials = new ArrayList<>();
        Map<String, Map<String, Object>> pending = new LinkedHashMap<>(); // several edits of one message in a frame
        for (int i = 0; i < edits.size(); i++) {
            Map<String, Object> edit = new LinkedHashMap<>(edits.get(i));
            Frame.normaliseData(edit);
            String serial = edit.get("serial") instanceof String s && !s.isEmpty() ? s : null;
            if (serial == null) {
                throw new ErrorInfo(40003, 400, "An update, delete or append needs the serial of the message");
            }
            Map<String, Object> latest = pending.get(serial);
            if (latest == null) {
                latest = ch.versions.latest(serial);
            }
            Map<String, Object> original = null;
            if (latest == null) {
                original = original(ch, serial); // the first edit of this message
                latest = original;
            }
            if (latest == null) {
                throw new ErrorInfo(40400, 404, "Message not found: " + serial + " on channel " + channel);
            }
            checkCapability(capability, channel, actionOf(edit), identity, latest);
            String versionSerial = next + ":" + ChannelState.zeroPad(i, 3);
            Map<String, Object> state = newState(latest, edit, versionSerial, identity, now);
            pending.put(serial, state);
            states.add(state);
            originals.add(original);
            items.add(actionOf(edit) == APPEND ? fragment(state, edit) : state);
            versionSerials.add(versionSerial);
        }
        for (int i = 0; i < states.size(); i++) {
            Map<String, Object> state = states.get(i);
            ch.versions.add(String.valueOf(state.get("serial")), originals.get(i), state, now);
        }
        Frame frame = Frame.of(Frame.MESSAGE).put("id", idBase).put("channel", channel);
        if (connectionId != null) {
            frame.put("connectionId", connectionId);
        }
        frame.put("timestamp", now);
        service.broadcast(ch, publisher, frame, items, "messages");
        return versionSerials;
    }

    /** The message as first published, from the channel's log; null if unknown or no longer retained. */
    private static @Nullable Map<String, Object> original(ChannelState ch, String serial) {
        for (ChannelState.Entry e : ch.log) {
            if (e.frame().action() != Frame.MESSAGE) {
                continue;
            }
            for (Map<String, Object> m : e.frame().maps("messages")) {
                if (serial.equals(m.get("serial")) && !isEdit(m)) {
                    return new LinkedHashMap<>(m);
                }
            }
        }
        return null;
    }

    private static void checkCapability(
            Capability cap, String channel, long action, @Nullable String identity, Map<String, Object> latest)
            throws ErrorInfo {
        String op = action == DELETE ? "message-delete" : "message-update";
        boolean own = identity != null && !identity.equals("*") && identity.equals(latest.get("clientId"));
        if (cap.allows(channel, op + "-any") || (own && cap.allows(channel, op + "-own"))) {
            return;
        }
        throw new ErrorInfo(
                40160, 401, "Operation " + op + (own ? "-own" : "-any") + " on channel " + channel + " not permitted");
    }

    /** The message after {@code edit}: its serial, id, clientId and timestamp kept; a new version. */
    private static Map<String, Object> newState(
            Map<String, Object> latest,
            Map<String, Object> edit,
            String versionSerial,
            @Nullable String identity,
            long now)
            throws ErrorInfo {
        Map<String, Object> state = new LinkedHashMap<>(latest);
        for (String field : List.of("name", "extras")) {
            if (edit.get(field) != null) {
                state.put(field, edit.get(field));
            }
        }
        long action = actionOf(edit);
        if (edit.containsKey("data") && edit.get("data") != null) {
            if (action == APPEND) {
                append(state, edit);
            } else {
                state.put("data", edit.get("data"));
                putOrRemove(state, "encoding", edit.get("encoding"));
            }
        }
        state.put("action", action);
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("serial", versionSerial);
        version.put("timestamp", now);
        Map<String, Object> operation = edit.get("version") instanceof Map<?, ?> m ? Wire.castMap(m) : Map.of();
        Object clientId = operation.get("clientId") instanceof String c ? c : identity;
        if (clientId != null && !"*".equals(clientId)) {
            version.put("clientId", clientId);
        }
        if (operation.get("description") instanceof String d) {
            version.put("description", d);
        }
        if (operation.get("metadata") instanceof Map<?, ?> metadata && !metadata.isEmpty()) {
            version.put("metadata", metadata);
        }
        state.put("version", version);
        return state;
    }

    /** Appends the edit's data to the state's: strings to strings, binary to binary, with the same encoding. */
    private static void append(Map<String, Object> state, Map<String, Object> edit) throws ErrorInfo {
        Object previous = state.get("data");
        Object added = edit.get("data");
        Object encoding = state.get("encoding");
        if (previous == null) {
            state.put("data", added);
            putOrRemove(state, "encoding", edit.get("encoding"));
            return;
        }
        if (!Objects.equals(encoding, edit.get("encoding")) || !(encoding == null || "utf-8".equals(encoding))) {
            throw new ErrorInfo(
                    40013,
                    400,
                    "Cannot append data with encoding " + edit.get("encoding") + " to data with encoding " + encoding
                            + ": append needs plain strings or binary");
        }
        if (previous instanceof String p && added instanceof String a) {
            state.put("data", p + a);
        } else if (previous instanceof byte[] p && added instanceof byte[] a) {
            byte[] joined = new byte[p.length + a.length];
            System.arraycopy(p, 0, joined, 0, p.length);
            System.arraycopy(a, 0, joined, p.length, a.length);
            state.put("data", joined);
        } else {
            throw new ErrorInfo(40013, 400, "Cannot append " + kind(added) + " data to " + kind(previous) + " data");
        }
    }

    /** What subscribers receive for an append: the new state with the appended fragment as its data. */
    private static Map<String, Object> fragment(Map<String, Object> state, Map<String, Object> edit) {
        Map<String, Object> out = new LinkedHashMap<>(state);
        putOrRemove(out, "data", edit.get("data"));
        putOrRemove(out, "encoding", edit.get("encoding"));
        return out;
    }

    private static void putOrRemove(Map<String, Object> m, String key, @Nullable Object value) {
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
    }

    private static String kind(@Nullable Object data) {
        return data instanceof byte[] ? "binary" : data instanceof String ? "string" : "other";
    }

    /** For history: an edit's fan-out is left out (null); an edited message shows its latest version. */
    static @Nullable Map<String, Object> forHistory(ChannelState ch, Map<String, Object> item) {
        if (isEdit(item)) {
            return null;
        }
        Map<String, Object> latest = item.get("serial") instanceof String s ? ch.versions.latest(s) : null;
        return latest == null ? item : latest;
    }

    /** The latest version of the message with {@code serial}: the last edit, else as published; null if unknown. */
    @Nullable
    Map<String, Object> latest(App app, String channel, String serial) {
        ChannelState ch = app.channels.get(channel);
        if (ch == null) {
            return null;
        }
        Map<String, Object> latest = ch.versions.latest(serial);
        return latest != null ? latest : original(ch, serial);
    }

    /** Every version of the message with {@code serial}, oldest first; null if unknown. */
    @Nullable
    List<Map<String, Object>> versions(App app, String channel, String serial) {
        ChannelState ch = app.channels.get(channel);
        if (ch == null) {
            return null;
        }
        List<Map<String, Object>> versions = ch.versions.versions(serial);
        if (versions != null) {
            return versions;
        }
        Map<String, Object> original = original(ch, serial);
        return original == null ? null : List.of(original);
    }
}
