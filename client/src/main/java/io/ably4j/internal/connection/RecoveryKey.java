package io.ably4j.internal.connection;

import io.ably4j.types.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A connection recovery key (RTN16g): the connection key, the next msgSerial and the channelSerial of every attached
 * channel. Serialised as a JSON object, {@code {"connectionKey":..., "msgSerial":..., "channelSerials":{name:
 * serial}}}, which encodes any Unicode channel name (RTN16g1), the form ably-js uses too. Unknown fields are ignored,
 * so later versions may add some (forward compatible within a major version).
 *
 * @param connectionKey the key of the connection to recover
 * @param msgSerial the msgSerial the next publish carries
 * @param channelSerials name to channelSerial
 */
public record RecoveryKey(String connectionKey, long msgSerial, Map<String, String> channelSerials) {
    public RecoveryKey {
        channelSerials = Map.copyOf(channelSerials);
    }

    /** The key as text. */
    public String encode() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connectionKey", connectionKey);
        m.put("msgSerial", msgSerial);
        m.put("channelSerials", new LinkedHashMap<>(channelSerials));
        return Json.of(m).text();
    }

    /** A whole number from 0 to Long.MAX_VALUE - 1 (so the next publish cannot overflow); no fractions, no rounding. */
    private static boolean isSerial(Number n) {
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            long v = n.longValue();
            return v >= 0 && v < Long.MAX_VALUE;
        }
        return false;
    }

    /** Reads a key; null if {@code text} is not a recovery key (RTN16f1). */
    public static @Nullable RecoveryKey decode(String text) {
        try {
            if (!(Json.parse(text).toValue() instanceof Map<?, ?> m)
                    || !(m.get("connectionKey") instanceof String key)
                    || key.isEmpty()
                    || !(m.get("msgSerial") instanceof Number serial)
                    || !isSerial(serial)) {
                return null;
            }
            Map<String, String> serials = new LinkedHashMap<>();
            Object channels = m.get("channelSerials");
            if (channels instanceof Map<?, ?> cm) {
                for (Map.Entry<?, ?> e : cm.entrySet()) {
                    if (!(e.getKey() instanceof String name) || !(e.getValue() instanceof String s)) {
                        return null;
                    }
                    serials.put(name, s);
                }
            } else if (channels != null) {
                return null;
            }
            return new RecoveryKey(key, serial.longValue(), serials);
        } catch (RuntimeException e) { // not JSON
            return null;
        }
    }
}
