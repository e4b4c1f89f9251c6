package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Channel operations: attach/detach, publish, fan-out and replay (presence: {@link PresenceService}). Engine thread only. */
final class ChannelService {
    private static final Set<String> KNOWN_PARAMS = Set.of("rewind", "delta", "occupancy", "agent");
    private final Engine engine;
    /** Updates, deletes and appends. */
    final MutableMessages mutable;

    /** Delta compression: every MESSAGE frame sent on an attachment goes through it (the client's RTL19 base). */
    final Deltas deltas;

    ChannelService(Engine engine) {
        this.engine = engine;
        this.mutable = new MutableMessages(engine);
        this.deltas = new Deltas(engine.faults);
    }

    /** Validates a channel name (40010 for invalid names). */
    static void validateName(@Nullable String name) throws ErrorInfo {
        if (name == null || name.isEmpty()) {
            throw new ErrorInfo(40010, 400, "Invalid channel name: empty");
        }
        char first = name.charAt(0);
        if (first == ':' || first == ',' || first == '[' || Character.isWhitespace(first)) {
            throw new ErrorInfo(40010, 400, "Invalid channel name: cannot start with '" + first + "'");
        }
        if (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0 || name.indexOf('\0') >= 0) {
            throw new ErrorInfo(40010, 400, "Invalid channel name: contains a line break or NUL");
        }
    }

    /** The app's channel of that name, created on first use with its namespace's retention. */
    ChannelState channel(App app, String name) {
        ChannelState ch = app.channels.get(name);
        if (ch == null) {
            ch = new ChannelState(name, app.retentionMillis(name, engine.config.retention()));
            app.channels.put(name, ch);
        }
        return ch;
    }

    private static Frame channelError(String channel, ErrorInfo e) {
        return Frame.of(Frame.ERROR).put("channel", channel).put("error", e.toMap());
    }

    void attach(Session s, Transport t, Frame f) {
        String name = f.channel() == null ? "" : f.channel();
        ChannelQualifier q; // the attachment is keyed by the name as sent; the channel is the base name
        try {
            q = ChannelQualifier.parse(name);
            validateName(q.base());
        } catch (ErrorInfo e) {
            t.send(channelError(name, e));
            return;
        }
        String base = q.base();
        Capability cap = s.credential.capability();
        if (!cap.allowsAny(base)) {
            t.send(channelError(name, new ErrorInfo(40160, 401, "Channel denied access based on given capability")));
            return;
        }
        try {
            s.app.checkRules(base, s.clientId, engine.config.tls());
        } catch (ErrorInfo e) {
            t.send(channelError(name, e));
            return;
        }
        int requested = f.flags() & Frame.ALL_MODES;
        if (requested == 0) {
            requested = Frame.DEFAULT_MODES;
        }
        int granted = requested & modesAllowed(cap, base);
        if (granted == 0) {
            t.send(channelError(name, new ErrorInfo(40160, 401, "Channel denied access: no requested mode permitted")));
            return;
        }
        Map<String, Object> params = new LinkedHashMap<>();
        Map<String, Object> requestedParams = new LinkedHashMap<>(q.params());
        if (f.map("params") != null) {
            requestedParams.putAll(f.map("params"));
        }
        if (!requestedParams.isEmpty()) {
            requestedParams.forEach((k, v) -> {
                if (KNOWN_PARAMS.contains(k)) {
                    params.put(k, v);
                }
            });
        }
        ChannelState ch = channel(s.app, base);
        boolean wasAttached = s.attachments.containsKey(name);
        int flags = granted;
        ErrorInfo error = null;
        List<Frame> backlog = List.of();
        String attachSerial = ch.latestSerial();
        String fromSerial = f.string("channelSerial");
        if (fromSerial != null && !fromSerial.isEmpty()) {
            List<Frame> missed = ch.after(fromSerial);
            if (missed != null) {
                missed = missed.stream().filter(m -> !echoSuppressed(s, m)).toList();
            }
            if (missed == null) {
                error = new ErrorInfo(90003, 404, "Unable to recover channel (messages expired)");
                wasAttached = false;
            } else if (!missed.isEmpty()) {
                backlog = missed;
                flags |= Frame.FLAG_HAS_BACKLOG;
                attachSerial = fromSerial;
            }
        } else if (!wasAttached) {
            try {
                backlog = Rewind.backlog(ch, params.get("rewind"), engine.now()).stream()
                        .filter(m -> !echoSuppressed(s, m))
                        .toList();
            } catch (ErrorInfo e) {
                t.send(channelError(name, e));
                return;
            }
            if (!backlog.isEmpty()) {
                flags |= Frame.FLAG_HAS_BACKLOG;
            }
        }
        // a connection whose members were removed while it was away (the leave grace expired before it resumed)
        // gets no RESUMED, so that a client re-enters them (RTP17i) also where it only does so on a non-resumed
        // ATTACHED for an attached channel (RTL12)
        boolean presenceLost = s.presenceLost.remove(name);
        if (wasAttached && !presenceLost) {
            flags |= Frame.FLAG_RESUMED;
        }
        boolean sync = !q.qualified() && !ch.members.isEmpty() && (granted & Frame.MODE_PRESENCE_SUBSCRIBE) != 0;
        if (sync) {
            flags |= Frame.FLAG_HAS_PRESENCE;
        }
        s.attachments.put(name, new Session.Attachment(granted, params, false));
        Deltas.reset(s, name); // the first message after an ATTACH is never a delta
        if (q.qualified()) {
            ch.derived.add(s, q);
        } else {
            ch.subscribers.add(s);
        }
        Frame attached = Frame.of(Frame.ATTACHED)
                .put("channel", name)
                .put("channelSerial", attachSerial)
                .put("flags", (long) flags);
        if (!params.isEmpty()) {
            attached.put("params", params);
        }
        if (error != null) {
            attached.put("error", error.toMap());
        }
        t.send(attached);
        if (sync) {
            engine.presence.sendSync(t, ch);
        }
        for (Frame missed : backlog) {
            Frame out = q.qualified() ? DerivedSubscribers.view(missed, q) : missed;
            if (out != null && deliverable(s, name, out)) {
                t.send(deltas.forSession(s, name, out));
            }
        }
        ch.occupancy.attached(engine, ch, s, name);
    }

    private static int modesAllowed(Capability cap, String name) {
        int modes = 0;
        if (cap.allows(name, "publish")) {
            modes |= Frame.MODE_PUBLISH;
        }
        if (cap.allows(name, "subscribe")) {
            modes |= Frame.MODE_SUBSCRIBE | Frame.MODE_PRESENCE_SUBSCRIBE;
        }
        if (cap.allows(name, "presence")) {
            modes |= Frame.MODE_PRESENCE | Frame.MODE_PRESENCE_SUBSCRIBE;
        }
        if (cap.allows(name, "annotation-publish")) {
            modes |= Frame.MODE_ANNOTATION_PUBLISH;
        }
        if (cap.allows(name, "annotation-subscribe")) {
            modes |= Frame.MODE_ANNOTATION_SUBSCRIBE;
        }
        if (cap.allows(name, "object-publish")) {
            modes |= Frame.MODE_OBJECT_PUBLISH;
        }
        if (cap.allows(name, "object-subscribe")) {
            modes |= Frame.MODE_OBJECT_SUBSCRIBE;
        }
        return modes;
    }

    void detach(Session s, Transport t, Frame f) {
        String name = f.channel() == null ? "" : f.channel();
        engine.presence.leaveChannel(s, name);
        s.attachments.remove(name);
        Deltas.reset(s, name);
        ChannelState ch = s.app.channels.get(name);
        if (ch != null) {
            ch.subscribers.remove(s);
        }
        DerivedSubscribers.detach(s.app, s, name);
        t.send(Frame.of(Frame.DETACHED).put("channel", name));
        Occupancy.detached(engine, s.app, name);
    }

    /** Unsolicited DETACHED (RTL13) to everyone attached. */
    void serverDetach(App app, String name, ErrorInfo error) {
        ChannelState ch = app.channels.get(name);
        if (ch == null) {
            return;
        }
        List<Session> detached = new ArrayList<>(ch.subscribers);
        for (Session s : detached) {
            s.attachments.remove(name);
            ch.subscribers.remove(s);
            Transport t = s.transport;
            if (t != null) {
                t.send(Frame.of(Frame.DETACHED).put("channel", name).put("error", error.toMap()));
            }
        }
        // a detached connection is no longer present: others see LEAVE, late attachers no stale member (RTP17i
        // has the client re-enter once it re-attaches)
        for (Session s : detached) {
            engine.presence.leaveChannel(s, name);
        }
        ch.derived.serverDetach(error);
        ch.occupancy.changed(engine, ch);
    }

    /**
     * Applies a connection's new capability (after an in-band AUTH) to its attachments: a channel it no longer
     * permits at all, or no longer in any attached mode, gets a channel-scoped ERROR 40160/401 (the client's
     * channel goes FAILED, RTC8a1) and is detached server-side, its presence members leaving; a channel still
     * permitted keeps the modes that remain, and its members leave if presence is no longer among them.
     */
    void enforceCapability(Session s) {
        Capability cap = s.credential.capability();
        for (Map.Entry<String, Session.Attachment> e : new ArrayList<>(s.attachments.entrySet())) {
            String name = e.getKey();
            Session.Attachment a = e.getValue();
            String base = ChannelQualifier.baseOf(name); // a qualified attachment is checked as its channel
            int modes = cap.allowsAny(base) ? a.modes() & modesAllowed(cap, base) : 0;
            if (modes == a.modes()) {
                continue;
            }
            if (modes == 0) {
                s.attachments.remove(name);
                ChannelState ch = s.app.channels.get(name);
                if (ch != null) {
                    ch.subscribers.remove(s);
                }
                DerivedSubscribers.detach(s.app, s, name);
                Transport t = s.transport;
                if (t != null) {
                    t.send(channelError(
                            name, new ErrorInfo(40160, 401, "Channel denied access based on given capability")));
                }
                engine.presence.leaveChannel(s, name);
            } else {
                s.attachments.put(name, new Session.Attachment(modes, a.params(), a.awaitingReattach()));
                if ((modes & Frame.MODE_PRESENCE) == 0) {
                    engine.presence.leaveChannel(s, name);
                }
            }
        }
    }

    void detachAll(Session s) {
        for (String name : s.attachments.keySet()) {
            ChannelState ch = s.app.channels.get(name);
            if (ch != null) {
                ch.subscribers.remove(s);
            }
            DerivedSubscribers.detach(s.app, s, name);
        }
        List<String> names = new ArrayList<>(s.attachments.keySet());
        s.attachments.clear();
        names.forEach(name -> Occupancy.detached(engine, s.app, name));
        s.deltaBases.clear();
    }

    /** Stamps serials, retains and fans out; returns the frame's channelSerial. */
    String broadcast(ChannelState ch, @Nullable Session publisher, Frame frame, List<Object> items, String field) {
        return broadcast(ch, publisher, frame, items, field, engine.now());
    }

    /** {@link #broadcast(ChannelState, Session, Frame, List, String)} at {@code now}, the emulator clock's time. */
    String broadcast(
            ChannelState ch, @Nullable Session publisher, Frame frame, List<Object> items, String field, long now) {
        String serial = ch.nextSerial();
        frame.put("channelSerial", serial).put(field, items);
        frame.seal(); // retained for replay and sent to every subscriber: encoded once per format
        ch.append(frame, now);
        for (Session sub : ch.subscribers) {
            Transport t = sub.transport;
            if (t == null) {
                continue;
            }
            if (frame.action() == Frame.MESSAGE && sub == publisher && !sub.echo) {
                continue;
            }
            if (deliverable(sub, ch.name, frame)) {
                t.send(deltas.forSession(sub, ch.name, frame));
            }
        }
        ch.derived.fanOut(frame, publisher, (sub, n) -> deliverable(sub, n, frame), deltas);
        if (frame.action() == Frame.PRESENCE) {
            ch.occupancy.changed(engine, ch);
        }
        return serial;
    }

    /** A connection with echo=false never receives its own messages (RTN2b), live or replayed. */
    private static boolean echoSuppressed(Session s, Frame frame) {
        return frame.action() == Frame.MESSAGE && !s.echo && s.id.equals(frame.string("connectionId"));
    }

    /**
     * Whether a connection receives a MESSAGE or PRESENCE frame on a channel: attached (and re-attached since its
     * last transport loss) in a mode that subscribes to it. A connection always receives the presence events of its
     * own members, whatever its modes (RTP17a), as it needs them to re-enter them (RTP17).
     */
    private static boolean deliverable(Session s, String channel, Frame frame) {
        Session.Attachment a = s.attachments.get(channel);
        if (a == null || a.awaitingReattach()) {
            return false;
        }
        if (frame.action() == Frame.PRESENCE) {
            return (a.modes() & Frame.MODE_PRESENCE_SUBSCRIBE) != 0 || s.id.equals(frame.string("connectionId"));
        }
        return (a.modes() & Frame.MODE_SUBSCRIBE) != 0;
    }

    /** MESSAGE, PRESENCE or ANNOTATION from a client: de-duplicate by msgSerial, validate, apply, ACK/NACK. */
    void publish(Session s, Transport t, Frame f) {
        Long msgSerial = f.longValue("msgSerial");
        if (msgSerial != null && msgSerial <= s.highestSerial) {
            Session.Reply previous = s.replies.get(msgSerial);
            if (previous != null) {
                t.send(previous.frame(msgSerial));
                return;
            }
            if (msgSerial <= s.replies.forgottenUpTo()) {
                t.send(ack(msgSerial, null)); // a duplicate whose reply is no longer remembered
                return;
            }
            // never processed (a gap filled late): publish it, an ACK must mean the message went out
        }
        List<Object> serials;
        try {
            serials = f.action() == Frame.MESSAGE
                    ? publishMessages(s, f, msgSerial)
                    : f.action() == Frame.ANNOTATION
                            ? engine.annotations.apply(s, f, msgSerial)
                            : engine.presence.apply(s, f, msgSerial);
        } catch (ErrorInfo e) {
            if (msgSerial == null) {
                if (f.channel() != null) {
                    t.send(channelError(String.valueOf(f.channel()), e));
                }
                return;
            }
            Frame nack = nack(msgSerial, e);
            s.remember(msgSerial, new Session.Reply(null, nack));
            t.send(nack);
            return;
        }
        if (msgSerial != null) {
            s.remember(msgSerial, new Session.Reply(serials, null));
            t.ack(msgSerial, serials);
        }
    }

    static Frame ack(long msgSerial, @Nullable List<Object> serials) {
        Frame f = Frame.of(Frame.ACK).put("msgSerial", msgSerial).put("count", 1L);
        if (serials != null) {
            Map<String, Object> res = new LinkedHashMap<>();
            res.put("serials", serials);
            f.put("res", List.of(res));
        }
        return f;
    }

    static Frame nack(long msgSerial, ErrorInfo e) {
        return Frame.of(Frame.NACK).put("msgSerial", msgSerial).put("count", 1L).put("error", e.toMap());
    }

    private List<Object> publishMessages(Session s, Frame f, @Nullable Long msgSerial) throws ErrorInfo {
        String name = f.channel();
        validateName(name);
        String channel = String.valueOf(name);
        if (!s.credential.capability().allows(channel, "publish")) {
            throw new ErrorInfo(40160, 401, "Unable to publish to channel " + channel + ": permission denied");
        }
        s.app.checkRules(channel, s.clientId, engine.config.tls());
        List<Map<String, Object>> messages = f.maps("messages");
        checkFieldTypes(messages);
        checkSize(messages);
        if (MutableMessages.edits(messages)) { // update, delete, append: new versions of existing messages
            String editor = s.clientId == null || s.clientId.equals("*") ? null : s.clientId;
            String idBase = s.id + ":" + (msgSerial == null ? "x" + Auth.randomId(6) : msgSerial);
            return mutable.apply(s.app, channel, s, s.id, editor, s.credential.capability(), idBase, messages);
        }
        for (Map<String, Object> m : messages) {
            Object cid = m.get("clientId");
            if (cid instanceof String id && !Auth.mayActAs(s.credential, s.clientId, id)) {
                throw new ErrorInfo(
                        40012, 400, "Mismatched clientId " + cid + " for connection clientId " + s.clientId);
            }
        }
        String base = s.id + ":" + (msgSerial == null ? "x" + Auth.randomId(6) : msgSerial);
        String identity = s.clientId == null || s.clientId.equals("*") ? null : s.clientId;
        return stampAndBroadcast(s.app, channel, s, base, s.id, identity, messages);
    }

    private static final List<String> STRING_FIELDS = List.of("id", "name", "clientId", "connectionKey", "encoding");

    /**
     * Rejects (40003) client-supplied message or presence fields of the wrong wire type (TM2, TP3): the emulator must
     * not relay what conforming subscribers cannot decode (interop finding F2: a numeric {@code id} from ably-js made
     * ably4j drop the frame and ably-java's msgpack decoder loop on resume).
     */
    static void checkFieldTypes(List<Map<String, Object>> items) throws ErrorInfo {
        for (Map<String, Object> m : items) {
            for (String field : STRING_FIELDS) {
                Object v = m.get(field);
                if (v != null && !(v instanceof String)) {
                    throw invalidField(field, "a string", v);
                }
            }
            Object data = m.get("data");
            if (data instanceof Boolean || data instanceof Long || data instanceof Double) {
                // the wire carries a string or binary (JSON values are strings with encoding json, RSL4): msgpack
                // subscribers read anything else as a string and fail
                throw new ErrorInfo(
                        40013, 400, "Invalid message data: must be a string or binary, not " + typeName(data));
            }
            Object extras = m.get("extras");
            if (extras != null && !(extras instanceof Map)) {
                throw invalidField("extras", "an object", extras);
            }
            Object timestamp = m.get("timestamp");
            if (timestamp != null && !(timestamp instanceof Long || timestamp instanceof Integer)) {
                throw invalidField("timestamp", "an integer", timestamp);
            }
        }
    }

    private static ErrorInfo invalidField(String field, String expected, Object value) {
        return new ErrorInfo(
                40003, 400, "Invalid message: " + field + " must be " + expected + ", not " + typeName(value));
    }

    private static String typeName(Object value) {
        if (value instanceof Map) {
            return "an object";
        } else if (value instanceof List) {
            return "an array";
        } else if (value instanceof byte[]) {
            return "binary";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Boolean) {
            return "a boolean";
        }
        return "a number";
    }

    void checkSize(List<Map<String, Object>> items) throws ErrorInfo {
        checkSize(items, engine.config.maxMessageSize());
    }

    /** The combined size (TM6) of the messages or presence messages must not exceed the limit (40009). */
    static void checkSize(List<Map<String, Object>> items, int limit) throws ErrorInfo {
        long size = 0;
        for (Map<String, Object> m : items) {
            size += Frame.dataSize(m) // binary counts its bytes, not its base64 text (TM6c)
                    + Wire.size(m.get("name"))
                    + Wire.size(m.get("clientId"))
                    + Wire.size(m.get("extras"));
        }
        if (size > limit) {
            throw new ErrorInfo(40009, 400, "Maximum message size exceeded: " + size + " > " + limit);
        }
    }

    List<Object> stampAndBroadcast(
            App app,
            String channel,
            @Nullable Session publisher,
            String idBase,
            @Nullable String connectionId,
            @Nullable String identity,
            List<Map<String, Object>> messages) {
        ChannelState ch = channel(app, channel);
        long now = engine.now();
        long retainedSince = now - ch.retentionMillis;
        String next = ch.nextSerialPreview();
        List<Object> items = new ArrayList<>();
        List<Object> serials = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            Map<String, Object> sent = messages.get(i);
            // room for the fields stamped below without a rehash
            Map<String, Object> m = new LinkedHashMap<>((sent.size() + 6) * 4 / 3 + 1);
            m.putAll(sent);
            Object clientSuppliedId = m.get("id");
            ChannelState.Published earlier = clientSuppliedId instanceof String id ? ch.publishedIds.get(id) : null;
            if (earlier != null && earlier.time() >= retainedSince) {
                serials.add(earlier.serial()); // already published: not again (RSL1k2, RSL1k5)
                continue;
            }
            Frame.normaliseData(m);
            m.putIfAbsent("id", idBase + ":" + i);
            if (identity != null) {
                m.put("clientId", identity);
            }
            if (connectionId != null) {
                m.put("connectionId", connectionId);
            }
            m.putIfAbsent("timestamp", now);
            m.putIfAbsent("action", 0L);
            String ms = next + ":" + ChannelState.zeroPad(items.size(), 3);
            m.put("serial", ms);
            serials.add(ms);
            items.add(m);
            if (clientSuppliedId instanceof String id) {
                ch.publishedIds.remove(id); // an expired entry: re-inserted last, keeping the map oldest first
                ch.publishedIds.put(id, new ChannelState.Published(ms, now));
            }
        }
        if (items.isEmpty()) {
            return serials;
        }
        Frame frame = Frame.of(Frame.MESSAGE).put("id", idBase).put("channel", channel);
        if (connectionId != null) {
            frame.put("connectionId", connectionId);
        }
        frame.put("timestamp", now);
        broadcast(ch, publisher, frame, items, "messages", now);
        return serials;
    }

    /** REST publish: returns the serials. */
    List<Object> restPublish(App app, String channel, List<Map<String, Object>> messages, @Nullable String identity) {
        return restPublish(app, channel, messages, identity, Auth.randomId(12));
    }

    /** REST publish with the given message id prefix (ids {@code idBase:index}): returns the serials. */
    List<Object> restPublish(
            App app, String channel, List<Map<String, Object>> messages, @Nullable String identity, String idBase) {
        return stampAndBroadcast(app, channel, null, idBase, null, identity, messages);
    }
}
