package io.ably4j.emulator.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@code rewind} channel param: on a new attachment, the channel's latest retained messages are sent right after
 * ATTACHED (which then has HAS_BACKLOG). {@code rewind=N} sends the last N messages; {@code rewind=10s}, {@code 2m},
 * {@code 1h} those published within that period. At most {@link #MAX_MESSAGES} either way, as Ably limits it.
 * Presence frames are not replayed. Engine thread only; stateless.
 */
final class Rewind {
    static final int MAX_MESSAGES = 100;

    private Rewind() {}

    /**
     * The MESSAGE frames to replay for {@code param} (oldest first; the oldest may be trimmed to fewer messages), or an
     * empty list when there is no such param. 40003 for a value that is neither a count nor a period.
     */
    static List<Frame> backlog(ChannelState ch, @Nullable Object param, long now) throws ErrorInfo {
        if (param == null) {
            return List.of();
        }
        String v = String.valueOf(param).trim();
        long count = MAX_MESSAGES;
        long since = Long.MIN_VALUE;
        try {
            if (v.isEmpty()) {
                throw new NumberFormatException("empty");
            }
            char unit = v.charAt(v.length() - 1);
            if (Character.isDigit(unit)) {
                count = Math.min(MAX_MESSAGES, Long.parseLong(v));
            } else {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                long millis = switch (unit) {
                    case 's' -> n * 1000;
                    case 'm' -> n * 60_000;
                    case 'h' -> n * 3_600_000;
                    default -> throw new NumberFormatException(v);
                };
                since = now - millis;
            }
        } catch (NumberFormatException e) {
            throw new ErrorInfo(40003, 400, "Invalid rewind value " + v + ": expected a count or a period (10s, 1m)");
        }
        if (count <= 0) {
            return List.of();
        }
        ArrayDeque<Frame> out = new ArrayDeque<>();
        long taken = 0;
        for (Iterator<ChannelState.Entry> it = ch.log.descendingIterator(); it.hasNext() && taken < count; ) {
            ChannelState.Entry e = it.next();
            if (e.time() < since) {
                break;
            }
            Frame f = e.frame();
            if (f.action() != Frame.MESSAGE) {
                continue;
            }
            List<Map<String, Object>> items = f.maps("messages");
            long room = count - taken;
            if (items.size() <= room) {
                out.addFirst(f);
                taken += items.size();
            } else {
                Map<String, Object> fields = new LinkedHashMap<>(f.fields());
                fields.put("messages", new ArrayList<Object>(items.subList(items.size() - (int) room, items.size())));
                out.addFirst(Frame.wrap(fields));
                taken = count;
            }
        }
        return List.copyOf(out);
    }
}
