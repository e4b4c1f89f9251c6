package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Emulator#close()} closes every accepted connection: clients see the socket close. */
class ShutdownTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @Test
    void closeClosesEveryAcceptedConnection() throws Exception {
        Emulator emu = Emulator.builder().build();
        List<Socket> sockets = new ArrayList<>();
        try {
            // a REST client on a kept-alive HTTP/1.1 connection
            Socket rest = open(emu);
            sockets.add(rest);
            send(rest, "GET /time HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(readHead(rest)).startsWith("HTTP/1.1 200");

            // two realtime clients on raw WebSocket connections
            for (int i = 0; i < 2; i++) {
                Socket ws = open(emu);
                sockets.add(ws);
                send(
                        ws,
                        "GET /?v=6&format=json&key=" + URLEncoder.encode(emu.key(), StandardCharsets.UTF_8)
                                + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
                assertThat(readHead(ws)).startsWith("HTTP/1.1 101");
            }

            // a JDK WebSocket client
            try (WsClient jdk = WsClient.connected(emu)) {
                emu.close();

                for (Socket s : sockets) {
                    assertThat(readsToEnd(s))
                            .as("socket closed by the emulator")
                            .isTrue();
                }
                jdk.awaitClosed(); // throws unless the JDK client saw the close
            }
        } finally {
            emu.close();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    @Test
    void closeIsIdempotent() {
        Emulator emu = Emulator.builder().build();
        emu.close();
        emu.close();
    }

    private static Socket open(Emulator emu) throws IOException {
        Socket s = new Socket("localhost", emu.port());
        s.setSoTimeout((int) DEADLINE.toMillis());
        return s;
    }

    private static void send(Socket s, String request) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads the response head and, when it names a Content-Length, the body. */
    private static String readHead(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("connection closed before the response head: " + head);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        for (String line : (Iterable<String>) text.lines()::iterator) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                int length =
                        Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
                in.readNBytes(length);
            }
        }
        return text;
    }

    /**
     * True when the peer closes the connection within the deadline: read returns -1 (FIN) or the connection is
     * reset; whatever else the server sends first (frames) is skipped.
     */
    private static boolean readsToEnd(Socket s) throws IOException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        while (System.nanoTime() < deadline) {
            try {
                if (in.read(buf) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (SocketException e) {
                return true; // reset by the peer: closed as well
            }
        }
        return false;
    }
}
