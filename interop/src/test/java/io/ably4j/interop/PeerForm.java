package io.ably4j.interop;

import io.ably4j.AblyFuture;
import io.ably4j.PaginatedResult;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.PresenceAction;
import io.ably4j.types.PresenceMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * ably4j's decoded messages and presence messages in the form the ably-js peer reports its own (see peer.js
 * {@code messageEvent} / {@code presenceEvent}), so that what the two SDKs read from the same history or presence
 * set can be compared field by field; and ably4j's paginated results read to the end.
 */
final class PeerForm {
    /** The fields of a message both SDKs must read identically. */
    static final List<String> MESSAGE_FIELDS =
            List.of("name", "data", "encoding", "clientId", "connectionId", "id", "timestamp");

    /** The fields of a presence message both SDKs must read identically. */
    static final List<String> PRESENCE_FIELDS =
            List.of("action", "clientId", "data", "encoding", "connectionId", "id", "timestamp");

    private PeerForm() {}

    /** A message as peer.js reports one, restricted to {@link #MESSAGE_FIELDS}. */
    static Map<String, @Nullable Object> of(Message m) {
        Map<String, @Nullable Object> f = new LinkedHashMap<>();
        f.put("name", m.name());
        f.put("data", data(m.data()));
        f.put("encoding", m.encoding());
        f.put("clientId", m.clientId());
        f.put("connectionId", m.connectionId());
        f.put("id", m.id());
        f.put("timestamp", m.timestamp());
        return f;
    }

    /** A presence message as peer.js reports one, restricted to {@link #PRESENCE_FIELDS}. */
    static Map<String, @Nullable Object> of(PresenceMessage p) {
        Map<String, @Nullable Object> f = new LinkedHashMap<>();
        PresenceAction action = p.action();
        f.put("action", action == null ? null : action.name().toLowerCase(Locale.ROOT));
        f.put("clientId", p.clientId());
        f.put("data", data(p.data()));
        f.put("encoding", p.encoding());
        f.put("connectionId", p.connectionId());
        f.put("id", p.id());
        f.put("timestamp", p.timestamp());
        return f;
    }

    static List<Map<String, @Nullable Object>> messages(List<Message> messages) {
        return messages.stream().map(PeerForm::of).toList();
    }

    static List<Map<String, @Nullable Object>> presence(List<PresenceMessage> members) {
        return members.stream().map(PeerForm::of).toList();
    }

    /** The given fields of peer.js events, in their order (a missing field as null). */
    static List<Map<String, @Nullable Object>> project(List<Map<String, Object>> events, List<String> fields) {
        List<Map<String, @Nullable Object>> out = new ArrayList<>();
        for (Map<String, Object> e : events) {
            Map<String, @Nullable Object> f = new LinkedHashMap<>();
            for (String field : fields) {
                f.put(field, e.get(field));
            }
            out.add(f);
        }
        return out;
    }

    /** Sorted by clientId then connectionId: presence sets have no order. */
    static List<Map<String, @Nullable Object>> byMember(List<Map<String, @Nullable Object>> members) {
        return members.stream()
                .sorted(Comparator.comparing((Map<String, @Nullable Object> m) -> String.valueOf(m.get("clientId")))
                        .thenComparing(m -> String.valueOf(m.get("connectionId"))))
                .toList();
    }

    /** ably4j message data in the peer's encoding: {@code {"t":"string"|"binary"|"json"|"none","v":...}}. */
    static Map<String, Object> data(@Nullable Object data) {
        if (data == null) {
            Map<String, Object> none = new LinkedHashMap<>();
            none.put("t", "none");
            return none;
        }
        if (data instanceof Json json) {
            return JsPeer.data(Objects.requireNonNull(json.toValue()));
        }
        return JsPeer.data(data);
    }

    /**
     * Every item of a paginated result from its first page on, following {@link PaginatedResult#next()}; the size
     * of each page is added to {@code pageSizes}.
     */
    static <T> List<T> allPages(AblyFuture<PaginatedResult<T>> first, List<Integer> pageSizes, String what) {
        List<T> items = new ArrayList<>();
        PaginatedResult<T> page = Ably4jPeer.await(first, what);
        while (true) {
            pageSizes.add(page.items().size());
            items.addAll(page.items());
            if (!page.hasNext()) {
                return items;
            }
            PaginatedResult<T> next = Ably4jPeer.await(page.next(), what + " next page");
            if (next == null) {
                throw new AssertionError(what + ": hasNext() but next() gave no page");
            }
            page = next;
        }
    }

    static <T> List<T> allPages(AblyFuture<PaginatedResult<T>> first, String what) {
        return allPages(first, new ArrayList<>(), what);
    }

    /** Command arguments for {@link JsPeer#call}: key/value pairs, leaving out the pairs whose value is null. */
    static Object[] args(@Nullable Object... keyValues) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            Object k = keyValues[i];
            Object v = keyValues[i + 1];
            if (k != null && v != null) {
                out.add(k);
                out.add(v);
            }
        }
        return out.toArray();
    }
}
