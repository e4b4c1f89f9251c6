package io.ably4j.emulator.internal;

import io.ably4j.emulator.EmulatorClock.Cancellable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Inband occupancy of one channel: attachments with the param {@code occupancy=metrics} receive a MESSAGE named
 * {@code [meta]occupancy} whose data ({@code json} encoded) is {@code {metrics: {connections, presenceConnections,
 * presenceMembers, presenceSubscribers, publishers, subscribers, objectPublishers, objectSubscribers}}}: once right after
 * ATTACHED, then whenever the metrics change (attach, detach, a connection gone, presence), at most once per {@link
 * #INTERVAL} (a change within it is sent when it ends, with the metrics of that moment). Connections attached under a
 * qualified name ({@code [filter=...]name}) count as attached to the channel. Engine thread only.
 */
final class Occupancy {
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final String EVENT = "[meta]occupancy";

    private @Nullable Map<String, Object> lastSent;
    private long lastSentAt = Long.MIN_VALUE / 2;
    private @Nullable Cancellable timer;
    private long sequence;

    /** After an attachment to {@code ch} under {@code name}: updates the others, and sends it the current metrics. */
    void attached(Engine engine, ChannelState ch, Session s, String name) {
        boolean sentToAll = changed(engine, ch);
        if (!sentToAll && wants(s, name)) {
            Transport t = s.transport;
            if (t != null) {
                t.send(engine.channelService.deltas.forSession(s, name, event(ch, name, metrics(ch), engine.now())));
            }
        }
    }

    /** After a detach of {@code name} (qualified or not) by a connection of {@code app}. */
    static void detached(Engine engine, App app, String name) {
        ChannelState ch = app.channels.get(ChannelQualifier.baseOf(name));
        if (ch != null) {
            ch.occupancy.changed(engine, ch);
        }
    }

    /**
     * The metrics of {@code ch} may have changed: sends them now if the interval allows and they differ from the last
     * sent, or schedules that for the end of the interval. Returns whether they were sent now.
     */
    boolean changed(Engine engine, ChannelState ch) {
        if (timer != null) {
            return false;
        }
        long wait = lastSentAt + INTERVAL.toMillis() - engine.now();
        if (wait > 0) {
            timer = engine.schedule(Duration.ofMillis(wait), () -> {
                timer = null;
                sendIfChanged(engine, ch);
            });
            return false;
        }
        return sendIfChanged(engine, ch);
    }

    private boolean sendIfChanged(Engine engine, ChannelState ch) {
        List<Map.Entry<Session, String>> targets = new ArrayList<>();
        for (Session s : ch.subscribers) {
            if (wants(s, ch.name)) {
                targets.add(Map.entry(s, ch.name));
            }
        }
        ch.derived.forEach((s, n) -> {
            if (wants(s, n)) {
                targets.add(Map.entry(s, n));
            }
        });
        if (targets.isEmpty()) {
            lastSent = null; // a later subscriber starts afresh
            return false;
        }
        Map<String, Object> metrics = metrics(ch);
        if (metrics.equals(lastSent)) {
            return false;
        }
        long now = engine.now();
        lastSent = metrics;
        lastSentAt = now;
        for (Map.Entry<Session, String> target : targets) {
            Transport t = target.getKey().transport; // an event is a message: a delta subscriber's next base
            if (t != null) {
                t.send(engine.channelService.deltas.forSession(
                        target.getKey(), target.getValue(), event(ch, target.getValue(), metrics, now)));
            }
        }
        return true;
    }

    private static boolean wants(Session s, String name) {
        Session.Attachment a = s.attachments.get(name);
        return a != null
                && !a.awaitingReattach()
                && (a.modes() & Frame.MODE_SUBSCRIBE) != 0
                && "metrics".equals(String.valueOf(a.params().get("occupancy")));
    }

    private Frame event(ChannelState ch, String name, Map<String, Object> metrics, long now) {
        sequence++;
        String id = "occupancy-" + ch.instance + "-" + sequence;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("metrics", metrics);
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", id + ":0");
        item.put("name", EVENT);
        item.put("data", Wire.encodeJson(data));
        item.put("encoding", "json");
        item.put("timestamp", now);
        item.put("action", 0L);
        List<Object> items = new ArrayList<>();
        items.add(item);
        return Frame.of(Frame.MESSAGE)
                .put("id", id)
                .put("channel", name)
                .put("timestamp", now)
                .put("messages", items);
    }

    /** The occupancy metrics of {@code ch} (as the REST channel status reports them, CHM2). */
    static Map<String, Object> metrics(ChannelState ch) {
        Map<Session, Integer> modes = new LinkedHashMap<>();
        for (Session s : ch.subscribers) {
            Session.Attachment a = s.attachments.get(ch.name);
            if (a != null) {
                modes.merge(s, a.modes(), (x, y) -> x | y);
            }
        }
        ch.derived.forEach((s, n) -> {
            Session.Attachment a = s.attachments.get(n);
            if (a != null) {
                modes.merge(s, a.modes(), (x, y) -> x | y);
            }
        });
        long[] counts = new long[6];
        int[] bits = {
            Frame.MODE_PRESENCE,
            Frame.MODE_PRESENCE_SUBSCRIBE,
            Frame.MODE_PUBLISH,
            Frame.MODE_SUBSCRIBE,
            Frame.MODE_OBJECT_PUBLISH,
            Frame.MODE_OBJECT_SUBSCRIBE
        };
        for (int m : modes.values()) {
            for (int i = 0; i < bits.length; i++) {
                if ((m & bits[i]) != 0) {
                    counts[i]++;
                }
            }
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("connections", (long) modes.size());
        metrics.put("presenceConnections", counts[0]);
        metrics.put("presenceMembers", (long) ch.members.size());
        metrics.put("presenceSubscribers", counts[1]);
        metrics.put("publishers", counts[2]);
        metrics.put("subscribers", counts[3]);
        metrics.put("objectPublishers", counts[4]);
        metrics.put("objectSubscribers", counts[5]);
        return metrics;
    }
}
