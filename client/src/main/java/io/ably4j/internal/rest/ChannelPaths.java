package io.ably4j.internal.rest;

import io.ably4j.internal.util.Errors;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import java.nio.charset.StandardCharsets;

/** The REST paths of a channel, with its name percent-encoded as one path segment. Stateless. */
final class ChannelPaths {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private ChannelPaths() {}

    /** {@code /channels/{name}}. */
    static String channel(String name) {
        return "/channels/" + segment(name);
    }

    /**
     * {@code name} as a path segment: every byte of its UTF-8 form other than the unreserved characters of RFC 3986
     * ({@code A-Z a-z 0-9 - . _ ~}) percent-encoded, so that {@code /}, {@code ?}, {@code #}, {@code %} and spaces in
     * a channel name stay in the segment.
     */
    static String segment(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 8);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0f]);
            }
        }
        return sb.toString();
    }

    /**
     * {@code name} if it is a usable channel name.
     *
     * @throws AblyException 40010 if it is null or empty
     */
    static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new AblyException(
                    ErrorInfo.of(Errors.INVALID_CHANNEL_NAME, 400, "Channel name must be a non-empty string"));
        }
        return name;
    }
}
