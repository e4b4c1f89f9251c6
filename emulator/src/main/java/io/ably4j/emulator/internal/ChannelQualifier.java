package io.ably4j.emulator.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A channel name as a client attaches it: {@code name}, or a qualified name {@code [qualifier]name} where the qualifier
 * is {@code filter=<base64 filter>} (a derived channel, RTS5a1), {@code ?param=value&...} (channel params, RTS5a2) or
 * both ({@code [filter=...?rewind=1]name}). The channel's identity is the base name; the qualifier applies to that one
 * attachment. Immutable.
 *
 * @param name the name as sent (the attachment's key and the {@code channel} of what is sent on it)
 * @param base the unqualified channel name
 * @param filter the derived channel's filter, or null
 * @param params the params in the qualifier (empty if none)
 */
record ChannelQualifier(String name, String base, @Nullable FilterExpression filter, Map<String, String> params) {

    /** Whether the name has a qualifier (so what is sent on the attachment carries {@link #name}, not the base). */
    boolean qualified() {
        return !name.equals(base);
    }

    /** The base name of {@code name}: the part after a leading {@code [...]}; {@code name} itself otherwise. */
    static String baseOf(String name) {
        int close = name.startsWith("[") ? name.indexOf(']') : -1;
        return close < 0 ? name : name.substring(close + 1);
    }

    /** Parses {@code name}; 40010 for a malformed or unsupported qualifier, 40000 for an invalid filter. */
    static ChannelQualifier parse(String name) throws ErrorInfo {
        if (!name.startsWith("[")) {
            return new ChannelQualifier(name, name, null, Map.of());
        }
        int close = name.indexOf(']');
        if (close < 0) {
            throw new ErrorInfo(40010, 400, "Invalid channel name: unterminated qualifier in " + name);
        }
        String qualifier = name.substring(1, close);
        String base = name.substring(close + 1);
        int q = qualifier.indexOf('?');
        String head = q < 0 ? qualifier : qualifier.substring(0, q);
        Map<String, String> params = new LinkedHashMap<>();
        if (q >= 0) {
            for (String kv : qualifier.substring(q + 1).split("&", -1)) {
                if (kv.isEmpty()) {
                    continue;
                }
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : kv.substring(eq + 1);
                params.put(decode(k), decode(v));
            }
        }
        FilterExpression filter = null;
        if (head.startsWith("filter=")) {
            String text;
            try {
                text = new String(decodeBase64(head.substring("filter=".length())), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ErrorInfo(40010, 400, "Invalid channel name: the filter is not base64 in " + name);
            }
            filter = FilterExpression.parse(text);
        } else if (!head.isEmpty()) {
            throw new ErrorInfo(40010, 400, "Invalid channel name: unsupported qualifier [" + head + "]");
        }
        return new ChannelQualifier(name, base, filter, Collections.unmodifiableMap(params));
    }

    /** Standard or URL-safe base64, padded or not. */
    private static byte[] decodeBase64(String s) {
        String std = s.replace('-', '+').replace('_', '/');
        if (!std.endsWith("=")) {
            std += "=".repeat((4 - std.length() % 4) % 4);
        }
        return Base64.getDecoder().decode(std);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
