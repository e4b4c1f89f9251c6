package io.ably4j.bench.sdk;

/** Message payloads of the latency scenario: the send time in decimal, a ':' and padding to the wanted size. */
final class Payloads {
    private Payloads() {}

    /** {@code sentNanos} in decimal, then ':' and 'x' padding up to {@code size} characters (at least the stamp). */
    static String stamped(long sentNanos, int size) {
        StringBuilder sb = new StringBuilder(Math.max(size, 24));
        sb.append(sentNanos).append(':');
        while (sb.length() < size) {
            sb.append('x');
        }
        return sb.toString();
    }

    /** The send time in a payload made by {@link #stamped}, or {@link Long#MIN_VALUE} if it is not one. */
    static long sentNanos(Object data) {
        if (!(data instanceof String s)) {
            return Long.MIN_VALUE;
        }
        int colon = s.indexOf(':');
        if (colon <= 0) {
            return Long.MIN_VALUE;
        }
        try {
            return Long.parseLong(s, 0, colon, 10);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }
}
