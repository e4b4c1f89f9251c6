package io.ably4j.emulator.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A protocol message as a generic wire tree with typed accessors. A frame is mutable while it is
 * being built; once handed to a transport it is shared (fan-out) and must not be mutated again.
 */
public final class Frame {
    public static final int HEARTBEAT = 0;
    public static final int ACK = 1;
    public static final int NACK = 2;
    public static final int CONNECT = 3;
    public static final int CONNECTED = 4;
    public static final int DISCONNECT = 5;
    public static final int DISCONNECTED = 6;
    public static final int CLOSE = 7;
    public static final int CLOSED = 8;
    public static final int ERROR = 9;
    public static final int ATTACH = 10;
    public static final int ATTACHED = 11;
    public static final int DETACH = 12;
    public static final int DETACHED = 13;
    public static final int PRESENCE = 14;
    public static final int MESSAGE = 15;
    public static final int SYNC = 16;
    public static final int AUTH = 17;
    public static final int ANNOTATION = 21;

    public static final int FLAG_HAS_PRESENCE = 1;
    public static final int FLAG_HAS_BACKLOG = 1 << 1;
    public static final int FLAG_RESUMED = 1 << 2;
    public static final int FLAG_ATTACH_RESUME = 1 << 5;
    public static final int MODE_PRESENCE = 1 << 16;
    public static final int MODE_PUBLISH = 1 << 17;
    public static final int MODE_SUBSCRIBE = 1 << 18;
    public static final int MODE_PRESENCE_SUBSCRIBE = 1 << 19;
    public static final int MODE_ANNOTATION_PUBLISH = 1 << 21;
    public static final int MODE_ANNOTATION_SUBSCRIBE = 1 << 22;
    public static final int MODE_OBJECT_SUBSCRIBE = 1 << 24;
    public static final int MODE_OBJECT_PUBLISH = 1 << 25;
    public static final int ALL_MODES = MODE_PRESENCE
            | MODE_PUBLISH
            | MODE_SUBSCRIBE
            | MODE_PRESENCE_SUBSCRIBE
            | MODE_ANNOTATION_PUBLISH
            | MODE_ANNOTATION_SUBSCRIBE
            | MODE_OBJECT_SUBSCRIBE
            | MODE_OBJECT_PUBLISH;
    /** The modes granted when an ATTACH requests none (as Ably: annotation publish, but not annotation subscribe). */
    public static final int DEFAULT_MODES =
            MODE_PRESENCE | MODE_PUBLISH | MODE_SUBSCRIBE | MODE_PRESENCE_SUBSCRIBE | MODE_ANNOTATION_PUBLISH;

    private static final String[] NAMES = {
        "HEARTBEAT", "ACK", "NACK", "CONNECT", "CONNECTED", "DISCONNECT", "DISCONNECTED", "CLOSE", "CLOSED", "ERROR",
        "ATTACH", "ATTACHED", "DETACH", "DETACHED", "PRESENCE", "MESSAGE", "SYNC", "AUTH", "ACTIVATE", "OBJECT",
        "OBJECT_SYNC", "ANNOTATION"
    };

    private final Map<String, Object> fields;
    private int estimatedSize = -1;
    private boolean sealed;
    // Encodings of a sealed frame, computed by whichever Netty thread encodes it first (a benign race: every
    // thread computes the same bytes) and shared by every connection it is fanned out to.
    private volatile @Nullable String jsonEncoding;
    private volatile byte @Nullable [] msgpackEncoding;

    private Frame(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** A new frame with the given action. */
    public static Frame of(int action) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", (long) action);
        return new Frame(m);
    }

    /** Wraps a decoded map (taken over, not copied). */
    public static Frame wrap(Map<String, Object> fields) {
        return new Frame(fields);
    }

    /** Parses a JSON protocol message. */
    public static Frame parseJson(String json) throws Wire.MalformedException {
        return new Frame(Wire.decodeJsonObject(json));
    }

    /** The action number, or -1 when absent or not a number. */
    public int action() {
        Object a = fields.get("action");
        return a instanceof Long l ? l.intValue() : -1;
    }

    /** Human readable action name. */
    public static String actionName(int action) {
        return action >= 0 && action < NAMES.length ? NAMES[action] : "UNKNOWN(" + action + ")";
    }

    public Map<String, Object> fields() {
        return fields;
    }

    public Frame put(String key, @Nullable Object value) {
        if (sealed) {
            throw new IllegalStateException("frame is sealed: " + actionName(action()));
        }
        if (value == null) {
            fields.remove(key);
        } else if (value instanceof Integer i) {
            fields.put(key, i.longValue());
        } else {
            fields.put(key, value);
        }
        return this;
    }

    public @Nullable Object get(String key) {
        return fields.get(key);
    }

    public @Nullable String string(String key) {
        Object v = fields.get(key);
        return v instanceof String str ? str : null;
    }

    public @Nullable Long longValue(String key) {
        Object v = fields.get(key);
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d) {
            return d.longValue();
        }
        return null;
    }

    public int flags() {
        Long f = longValue("flags");
        return f == null ? 0 : (int) (long) f;
    }

    public @Nullable String channel() {
        return string("channel");
    }

    public @Nullable Map<String, Object> map(String key) {
        Object v = fields.get(key);
        return v instanceof Map ? Wire.castMap(v) : null;
    }

    /** A map field that must be present. */
    public Map<String, Object> requireMap(String key) {
        Map<String, Object> m = map(key);
        if (m == null) {
            throw new IllegalStateException("no " + key + " in " + toJson());
        }
        return m;
    }

    /** The elements of a list field that are maps; empty when absent. */
    public List<Map<String, Object>> maps(String key) {
        Object v = fields.get(key);
        List<Map<String, Object>> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m) {
                    out.add(Wire.castMap(m));
                }
            }
        }
        return out;
    }

    /** Approximate encoded size in bytes (cached: call only once the frame is no longer mutated). */
    public int estimatedSize() {
        if (estimatedSize < 0) {
            estimatedSize = (int) Math.min(Integer.MAX_VALUE, Wire.estimate(fields));
        }
        return estimatedSize;
    }

    /** Deep copy. */
    public Frame copy() {
        return new Frame(Wire.castMap(Wire.deepCopy(fields)));
    }

    public String toJson() {
        return Wire.encodeJson(fields);
    }

    /**
     * Marks this frame as never mutated again (engine thread, before it is first sent), so that its encodings are
     * computed once and shared by every connection it is fanned out to or replayed on. {@link #put} then fails;
     * callers must not mutate {@link #fields()} either.
     */
    void seal() {
        sealed = true;
    }

    /**
     * Serialises for a connection of the given format (binary data transcoded for JSON). Safe on any thread once
     * the frame was handed over by the engine thread; the result must not be mutated.
     */
    public Object encode(boolean json) {
        if (!sealed) {
            return json ? Wire.encodeJson(forJson()) : Wire.encodeMsgpack(fields);
        }
        if (json) {
            String text = jsonEncoding;
            if (text == null) {
                text = Wire.encodeJson(forJson());
                jsonEncoding = text;
            }
            return text;
        }
        byte[] bytes = msgpackEncoding;
        if (bytes == null) {
            bytes = Wire.encodeMsgpack(fields);
            msgpackEncoding = bytes;
        }
        return bytes;
    }

    /** A view of this frame whose message and presence binary data is base64 with the encoding suffix. */
    Map<String, Object> forJson() {
        if (!hasBinary("messages") && !hasBinary("presence")) {
            return fields;
        }
        Map<String, Object> copy = new LinkedHashMap<>(fields);
        for (String key : new String[] {"messages", "presence"}) {
            Object v = fields.get(key);
            if (v instanceof List<?> list) {
                List<Object> items = new ArrayList<>();
                for (Object o : list) {
                    items.add(o instanceof Map<?, ?> m ? dataToJson(Wire.castMap(m)) : o);
                }
                copy.put(key, items);
            }
        }
        return copy;
    }

    private boolean hasBinary(String key) {
        Object v = fields.get(key);
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && Wire.castMap(m).get("data") instanceof byte[]) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Message/presence item with binary data rendered for JSON. */
    public static Map<String, Object> dataToJson(Map<String, Object> item) {
        Object data = item.get("data");
        if (!(data instanceof byte[] bytes)) {
            return item;
        }
        Map<String, Object> copy = new LinkedHashMap<>(item);
        copy.put("data", Base64.getEncoder().encodeToString(bytes));
        Object enc = item.get("encoding");
        copy.put("encoding", enc instanceof String e && !e.isEmpty() ? e + "/base64" : "base64");
        return copy;
    }

    /**
     * Normalises a received message/presence item in place: a trailing {@code base64} encoding step
     * on string data is decoded to binary, so stored data is canonical whatever the publisher's format.
     */
    public static void normaliseData(Map<String, Object> item) {
        Object data = item.get("data");
        Object enc = item.get("encoding");
        if (!(data instanceof String text) || !(enc instanceof String encoding)) {
            return;
        }
        if (!isBase64(encoding)) {
            return;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return; // leave it as sent; the subscriber will see the same bad data
        }
        item.put("data", decoded);
        String rest = encoding.length() == 6 ? "" : encoding.substring(0, encoding.length() - 7);
        if (rest.isEmpty()) {
            item.remove("encoding");
        } else {
            item.put("encoding", rest);
        }
    }

    /** The size of the item's data as subscribers get it: base64 text counts its decoded bytes (TM6c). */
    public static long dataSize(Map<String, Object> item) {
        Object data = item.get("data");
        if (data instanceof String text && item.get("encoding") instanceof String encoding && isBase64(encoding)) {
            try {
                return Base64.getDecoder().decode(text).length;
            } catch (IllegalArgumentException e) {
                // sized as sent, as normaliseData leaves it
            }
        }
        return Wire.size(data);
    }

    private static boolean isBase64(String encoding) {
        return encoding.equals("base64") || encoding.endsWith("/base64");
    }

    @Override
    public String toString() {
        return toJson();
    }
}
