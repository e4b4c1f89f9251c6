package io.ably4j.internal.transport;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The WebSocket opening handshake of a client (RFC 6455 section 4.1): the HTTP/1.1 upgrade request, and the checks of
 * the server's response (status 101, {@code Upgrade: websocket}, {@code Connection: Upgrade}, the {@code
 * Sec-WebSocket-Accept} that proves the server read our key, no extension or subprotocol we did not ask for).
 */
final class Upgrade {
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    /** The longest response head accepted. */
    static final int MAX_RESPONSE = 16 * 1024;

    private static final SecureRandom KEYS = new SecureRandom();

    /** The server refused or botched the upgrade. */
    static final class Failure extends IOException {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private final String key;
    private byte[] head = new byte[256];
    private int headLen;

    /** An upgrade with a fresh random {@code Sec-WebSocket-Key}. */
    Upgrade() {
        this(newKey());
    }

    Upgrade(String key) {
        this.key = key;
    }

    private static String newKey() {
        byte[] nonce = new byte[16];
        KEYS.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    String key() {
        return key;
    }

    /** The request for {@code uri} with {@code headers} added (their names and values as given). */
    byte[] request(URI uri, Map<String, String> headers) {
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = uri.getRawQuery();
        boolean tls = "wss".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort();
        String host = uri.getHost() + (port < 0 || port == (tls ? 443 : 80) ? "" : ":" + port);
        StringBuilder b = new StringBuilder(256)
                .append("GET ")
                .append(path)
                .append(query == null ? "" : "?" + query)
                .append(" HTTP/1.1\r\nHost: ")
                .append(host)
                .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ")
                .append(key)
                .append("\r\nSec-WebSocket-Version: 13\r\n");
        headers.forEach(
                (name, value) -> b.append(name).append(": ").append(value).append("\r\n"));
        return b.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Takes response bytes from {@code in} up to the end of the head (the blank line), leaving any bytes after it (the
     * first frames) in {@code in}.
     *
     * @return true once the whole head has arrived
     * @throws Failure if the head is longer than {@link #MAX_RESPONSE}
     */
    boolean feed(ByteBuffer in) throws Failure {
        while (in.hasRemaining()) {
            if (headLen == head.length) {
                if (headLen >= MAX_RESPONSE) {
                    throw new Failure("upgrade response head longer than " + MAX_RESPONSE + " bytes");
                }
                head = Arrays.copyOf(head, 2 * headLen);
            }
            byte b = in.get();
            head[headLen++] = b;
            if (b == '\n'
                    && headLen >= 4
                    && head[headLen - 2] == '\r'
                    && head[headLen - 3] == '\n'
                    && head[headLen - 4] == '\r') {
                return true;
            }
        }
        return false;
    }

    /**
     * Checks the response head.
     *
     * @throws Failure naming what is wrong: another status than 101 (named), or a missing or wrong header
     */
    void verify() throws Failure {
        String[] lines = new String(head, 0, headLen, StandardCharsets.ISO_8859_1).split("\r\n", -1);
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/")) {
            throw new Failure("malformed upgrade response status line: " + lines[0]);
        }
        if (!status[1].equals("101")) {
            throw new Failure("the server answered the upgrade with HTTP status " + status[1]
                    + (status.length > 2 ? " " + status[2] : "") + " instead of 101 Switching Protocols");
        }
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + "," + b);
            }
        }
        if (!"websocket".equalsIgnoreCase(headers.get("upgrade"))) {
            throw new Failure("upgrade response without 'Upgrade: websocket'");
        }
        if (!hasToken(headers.get("connection"), "upgrade")) {
            throw new Failure("upgrade response without 'Connection: Upgrade'");
        }
        if (!accept(key).equals(headers.get("sec-websocket-accept"))) {
            throw new Failure("upgrade response with a wrong Sec-WebSocket-Accept");
        }
        String extensions = headers.get("sec-websocket-extensions");
        if (extensions != null && !extensions.isEmpty()) {
            throw new Failure("the server chose an extension that was not offered: " + extensions);
        }
        if (headers.containsKey("sec-websocket-protocol")) {
            throw new Failure("the server chose a subprotocol that was not offered");
        }
    }

    private static boolean hasToken(@org.jspecify.annotations.Nullable String value, String token) {
        if (value == null) {
            return false;
        }
        for (String t : value.split(",", -1)) {
            if (t.trim().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    /** The {@code Sec-WebSocket-Accept} value for {@code key}. */
    static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return Base64.getEncoder().encodeToString(sha1.digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every Java platform", e);
        }
    }
}
