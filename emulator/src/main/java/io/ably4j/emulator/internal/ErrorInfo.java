package io.ably4j.emulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** An Ably error as the emulator sends it: {@code {code, statusCode, message, href}}. */
public final class ErrorInfo extends Exception {
    private static final long serialVersionUID = 1L;
    private final int code;
    private final int statusCode;

    public ErrorInfo(int code, int statusCode, String message) {
        super(message, null, false, false);
        this.code = code;
        this.statusCode = statusCode;
    }

    public int code() {
        return code;
    }

    public int statusCode() {
        return statusCode;
    }

    /** Wire form. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", (long) code);
        m.put("statusCode", (long) statusCode);
        m.put("message", String.valueOf(getMessage()));
        m.put("href", "https://help.ably.io/error/" + code);
        return m;
    }
}
