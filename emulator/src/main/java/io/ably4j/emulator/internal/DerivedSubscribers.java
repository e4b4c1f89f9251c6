package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The attachments of one channel made under a qualified name ({@code [filter=...]name}, {@code [?rewind=1]name}): per
 * connection, the qualified names it attached and their qualifiers. What the channel fans out reaches them as a view:
 * MESSAGE frames only (no presence on a derived channel), with the messages the filter accepts, and the qualified name
 * as {@code channel}. Engine thread only.
 */
final class DerivedSubscribers {
    private final Map<Session, Map<String, ChannelQualifier>> bySession = new LinkedHashMap<>();

    void add(Session s, ChannelQualifier q) {
        bySession.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(q.name(), q);
    }

    void remove(Session s, String name) {
        Map<String, ChannelQualifier> names = bySession.get(s);
        if (names != null) {
            names.remove(name);
            if (names.isEmpty()) {
                bySession.remove(s);
            }
        }
    }

    boolean isEmpty() {
        return bySession.isEmpty();
    }

    /** Calls {@code action} with each connection and each qualified name it attached. */
    void forEach(BiConsumer<Session, String> action) {
        bySession.forEach((s, names) -> names.keySet().forEach(n -> action.accept(s, n)));
    }

    /** Unsolicited DETACHED with {@code error} (RTL13) to every qualified attachment, which is removed. */
    void serverDetach(ErrorInfo error) {
        bySession.forEach((s, names) -> {
            for (String n : names.keySet()) {
                s.attachments.remove(n);
                Transport t = s.transport;
                if (t != null) {
                    t.send(Frame.of(Frame.DETACHED).put("channel", n).put("error", error.toMap()));
                }
            }
        });
        bySession.clear();
    }

    /** Removes the qualified attachment {@code name} of {@code s}, if {@code name} is qualified (detach). */
    static void detach(App app, Session s, String name) {
        if (name.startsWith("[")) {
            ChannelState ch = app.channels.get(ChannelQualifier.baseOf(name));
            if (ch != null) {
                ch.derived.remove(s, name);
            }
        }
    }

    /**
     * Sends {@code frame} (sealed, as fanned out on the base channel) to the qualified attachments for which {@code
     * deliverable} holds, each as its view (delta-compressed for an attachment with {@code delta=vcdiff}); a publisher
     * with echo off does not get its own messages. Views are built once per qualified name.
     */
    void fanOut(Frame frame, @Nullable Session publisher, BiPredicate<Session, String> deliverable, Deltas deltas) {
        if (bySession.isEmpty() || frame.action() != Frame.MESSAGE) {
            return;
        }
        Map<String, Optional<Frame>> views = new HashMap<>();
        for (Map.Entry<Session, Map<String, ChannelQualifier>> e : bySession.entrySet()) {
            Session sub = e.getKey();
            Transport t = sub.transport;
            if (t == null || (sub == publisher && !sub.echo)) {
                continue;
            }
            for (ChannelQualifier q : e.getValue().values()) {
                if (!deliverable.test(sub, q.name())) {
                    continue;
                }
                views.computeIfAbsent(q.name(), n -> Optional.ofNullable(view(frame, q)))
                        .ifPresent(v -> t.send(deltas.forSession(sub, q.name(), v))); // RTL19: each its own base
            }
        }
    }

    /**
     * {@code frame} as an attachment under {@code q} gets it: null for anything but MESSAGE or when the filter accepts
     * none of its messages; otherwise a sealed frame with the qualified name and the accepted messages.
     */
    static @Nullable Frame view(Frame frame, ChannelQualifier q) {
        if (frame.action() != Frame.MESSAGE) {
            return null;
        }
        List<Map<String, Object>> items = frame.maps("messages");
        FilterExpression filter = q.filter();
        List<Object> kept = new ArrayList<>(items.size());
        for (Map<String, Object> m : items) {
            if (filter == null || filter.matches(m)) {
                kept.add(m);
            }
        }
        if (kept.isEmpty()) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>(frame.fields());
        fields.put("channel", q.name());
        fields.put("messages", kept);
        Frame view = Frame.wrap(fields);
        view.seal();
        return view;
    }
}
