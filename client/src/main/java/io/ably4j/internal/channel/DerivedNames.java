package io.ably4j.internal.channel;

import io.ably4j.DeriveOptions;
import io.ably4j.internal.util.Errors;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The qualified name of a derived channel (RTS5a1, RTS5a2): {@code [filter=<base64 of the expression>]name}, with the
 * channel params after a {@code ?} inside the brackets ({@code [filter=...?rewind=1&delta=vcdiff]name}). A name that
 * already has a qualifier keeps its base name and its params; its other qualifiers are replaced. Stateless.
 */
final class DerivedNames {
    private DerivedNames() {}

    static String qualified(String name, DeriveOptions derive, Map<String, String> params) {
        String base = name;
        StringBuilder query = new StringBuilder();
        if (name.startsWith("[")) {
            int close = name.indexOf(']');
            if (close < 0 || close == name.length() - 1) {
                throw Errors.badArgument("Channel name " + name + " has an unterminated qualifier or no base name");
            }
            base = name.substring(close + 1);
            String qualifier = name.substring(1, close);
            int q = qualifier.indexOf('?');
            if (q >= 0 && q < qualifier.length() - 1) {
                query.append(qualifier.substring(q + 1));
            }
        }
        for (Map.Entry<String, String> p : params.entrySet()) {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(encode(p.getKey())).append('=').append(encode(p.getValue()));
        }
        String filter = Base64.getEncoder().encodeToString(derive.filter().getBytes(StandardCharsets.UTF_8));
        return "[filter=" + filter + (query.length() > 0 ? "?" + query : "") + "]" + base;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
