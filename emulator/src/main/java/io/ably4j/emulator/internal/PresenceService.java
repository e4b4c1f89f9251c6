package io.ably4j.emulator.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Realtime presence (RTP), as Ably's service behaves towards its clients. Engine thread only.
 *
 * <ul>
 *   <li>Members are keyed by {@code connectionId:clientId} (TP3h) and keep the {@code id} ({@code
 *       connectionId:msgSerial:index}, or the one the client supplied), {@code connectionId}, {@code clientId} and
 *       {@code timestamp} of the message that entered or last updated them.
 *   <li>An ENTER or UPDATE of a member that is not present is broadcast as ENTER; of a member that is present, as
 *       UPDATE (RTP9b). A LEAVE of a member that is not present is ACKed and not broadcast (RTP10d). An ENTER or UPDATE
 *       that carries the id of the present member (a client re-entering its own member after a reconnect, RTP17g) is
 *       ACKed and not broadcast: the member has not changed, and other clients see no duplicate event.
 *   <li>A connection may enter only its own clientId, unless it is a wildcard ({@code *}) token or unidentified basic
 *       auth (40012, RTP15f); an anonymous connection cannot enter (91000); presence needs the {@code presence}
 *       capability and the PRESENCE mode (40160, RTP8h); the channel must be attached (90001).
 *   <li>Presence events are always delivered to the connection whose member they concern, whatever its {@code echo}
 *       setting (RTN2b covers messages only) and its modes (RTP17a).
 *   <li>An ATTACHED with HAS_PRESENCE is followed by a SYNC in pages of {@code syncPageSize} members (channelSerial
 *       {@code syncId:cursor}, the last page {@code syncId:}, RTP18); so is a client's SYNC request.
 *   <li>Members leave with a synthesized LEAVE (an id not prefixed by their connectionId, RTP2b1, and the current
 *       timestamp): at once on CLOSE, DETACH, a server-sent fatal ERROR, a server DETACHED or a lost presence
 *       capability; and {@code presenceLeaveGrace} (15 s) after a transport was lost without the connection resuming.
 *       Every presence event, synthesized or not, is kept in the channel's presence history.
 *   <li>When the grace expires, the members leave even though the connection may still resume until {@code
 *       connectionStateTtl}: a later successful resume keeps the connectionId, but its re-ATTACH of such a channel is
 *       answered without RESUMED (and with the LEAVE in the replayed backlog), so that the client re-enters its members
 *       (RTP17i, RTP17g), which other clients then see as ENTER.
 * </ul>
 */
final class PresenceService {
    private final Engine engine;
    private long syntheticIds;

    PresenceService(Engine engine) {
        this.engine = engine;
    }

    /** Sends the presence set in pages; cursor {@code syncId:n}, last page {@code syncId:}. */
    void sendSync(Transport t, ChannelState ch) {
        String syncId = Auth.randomId(8).replace('-', 'x').replace('_', 'y');
        List<Map<String, Object>> members = new ArrayList<>(ch.members.values());
        int page = Math.max(1, engine.config.syncPageSize());
        int pages = Math.max(1, (members.size() + page - 1) / page);
        for (int i = 0; i < pages; i++) {
            List<Object> items = new ArrayList<>(members.subList(i * page, Math.min(members.size(), (i + 1) * page)));
            boolean last = i == pages - 1;
            t.send(Frame.of(Frame.SYNC)
                    .put("channel", ch.name)
                    .put("channelSerial", syncId + ":" + (last ? "" : Integer.toString(i + 1)))
                    .put("presence", items));
        }
    }

    /** A client's SYNC request: a full SYNC when it is attached with PRESENCE_SUBSCRIBE, else nothing. */
    void requestSync(Session s, Transport t, Frame f) {
        String name = f.channel();
        Session.Attachment a = name == null ? null : s.attachments.get(name);
        ChannelState ch = name == null ? null : s.app.channels.get(name);
        if (a == null || ch == null || a.awaitingReattach() || (a.modes() & Frame.MODE_PRESENCE_SUBSCRIBE) == 0) {
            Engine.LOG.log(Level.DEBUG, "ignoring SYNC request for {0} from {1}", name, s.id);
            return;
        }
        sendSync(t, ch);
    }

    /** Synthesises LEAVE for every member this connection entered, on every channel. */
    void leaveAll(Session s) {
        for (ChannelState ch : new ArrayList<>(s.app.channels.values())) {
            leaveChannel(s, ch.name);
        }
    }

    /**
     * The leave grace of a connection without transport expired: its members leave, and the channels they were on
     * are re-attached without RESUMED should the connection still resume.
     */
    void graceExpired(Session s) {
        for (ChannelState ch : new ArrayList<>(s.app.channels.values())) {
            if (leaveChannel(s, ch.name)) {
                s.presenceLost.add(ch.name);
            }
        }
    }

    /** Synthesises LEAVE for the members this connection entered on a channel; true if there were any. */
    boolean leaveChannel(Session s, String name) {
        ChannelState ch = s.app.channels.get(name);
        if (ch == null) {
            return false;
        }
        List<Map<String, Object>> gone = ch.removeMembersOf(s.id);
        if (gone.isEmpty()) {
            return false;
        }
        long now = engine.now();
        List<Object> items = new ArrayList<>();
        for (Map<String, Object> m : gone) {
            Map<String, Object> leave = ChannelState.copy(m);
            syntheticIds++;
            leave.put("id", "leave" + syntheticIds + ":0:0");
            leave.put("action", (long) PresenceAction.LEAVE);
            leave.put("timestamp", now);
            items.add(leave);
        }
        engine.channelService.broadcast(
                ch, null, Frame.of(Frame.PRESENCE).put("channel", name).put("timestamp", now), items, "presence");
        return true;
    }

    /** The present members of a channel (PRESENT items), oldest first. */
    List<Map<String, Object>> members(App app, String channel) {
        ChannelState ch = app.channels.get(channel);
        List<Map<String, Object>> out = new ArrayList<>();
        if (ch != null) {
            ch.members.values().forEach(m -> out.add(ChannelState.copy(m)));
        }
        return out;
    }

    /** A PRESENCE from a client: validates every item, then applies and broadcasts the changes. */
    @Nullable
    List<Object> apply(Session s, Frame f, @Nullable Long msgSerial) throws ErrorInfo {
        String name = f.channel();
        ChannelService.validateName(name);
        String channel = String.valueOf(name);
        Session.Attachment a = s.attachments.get(channel);
        if (a == null) {
            throw new ErrorInfo(90001, 400, "Unable to perform presence operation: channel not attached");
        }
        if ((a.modes() & Frame.MODE_PRESENCE) == 0 || !s.credential.capability().allows(channel, "presence")) {
            throw new ErrorInfo(40160, 401, "Unable to enter presence: permission denied");
        }
        List<Map<String, Object>> input = f.maps("presence");
        ChannelService.checkFieldTypes(input);
        engine.channelService.checkSize(input);
        List<String> clientIds = new ArrayList<>();
        List<Integer> actions = new ArrayList<>();
        for (Map<String, Object> p : input) {
            Object actionValue = p.get("action");
            int action = actionValue instanceof Long l ? l.intValue() : PresenceAction.ENTER;
            if (action != PresenceAction.ENTER && action != PresenceAction.UPDATE && action != PresenceAction.LEAVE) {
                throw new ErrorInfo(40003, 400, "Invalid presence action: " + actionValue);
            }
            Object cid = p.get("clientId");
            String clientId = cid instanceof String id ? id : s.clientId;
            if (clientId == null || clientId.equals("*")) {
                throw new ErrorInfo(91000, 400, "Cannot enter presence without a clientId");
            }
            if (!Auth.mayActAs(s.credential, s.clientId, clientId)) {
                throw new ErrorInfo(40012, 400, "Presence clientId " + clientId + " not permitted for this connection");
            }
            clientIds.add(clientId);
            actions.add(action);
        }
        ChannelState ch = engine.channelService.channel(s.app, channel);
        long now = engine.now();
        String base = s.id + ":" + (msgSerial == null ? "x" + Auth.randomId(6) : msgSerial);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < input.size(); i++) {
            Map<String, Object> p = new LinkedHashMap<>(input.get(i));
            Frame.normaliseData(p);
            String clientId = clientIds.get(i);
            p.put("clientId", clientId);
            p.put("connectionId", s.id);
            p.putIfAbsent("id", base + ":" + i);
            p.put("timestamp", now);
            int action = actions.get(i);
            String key = ChannelState.memberKey(s.id, clientId);
            Map<String, Object> existing = ch.members.get(key);
            if (action == PresenceAction.LEAVE) {
                if (existing == null) {
                    continue; // RTP10d: ACKed, nothing to broadcast
                }
                ch.members.remove(key);
            } else {
                if (existing != null && java.util.Objects.equals(existing.get("id"), p.get("id"))) {
                    continue; // the client re-entered its unchanged member (RTP17g): no duplicate event
                }
                action = existing == null ? PresenceAction.ENTER : PresenceAction.UPDATE;
                Map<String, Object> member = ChannelState.copy(p);
                member.put("action", (long) PresenceAction.PRESENT);
                ch.members.put(key, member);
            }
            p.put("action", (long) action);
            out.add(p);
        }
        if (!out.isEmpty()) {
            Frame frame = Frame.of(Frame.PRESENCE)
                    .put("id", base)
                    .put("channel", channel)
                    .put("connectionId", s.id)
                    .put("timestamp", now);
            engine.channelService.broadcast(ch, s, frame, out, "presence");
        }
        return null;
    }

    /** Presence action numbers (TP2). */
    static final class PresenceAction {
        static final int ABSENT = 0;
        static final int PRESENT = 1;
        static final int ENTER = 2;
        static final int LEAVE = 3;
        static final int UPDATE = 4;

        private PresenceAction() {}
    }
}
