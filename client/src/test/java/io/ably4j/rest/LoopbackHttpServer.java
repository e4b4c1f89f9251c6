package io.ably4j.rest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A minimal HTTP/1.1 server on 127.0.0.1 for tests of the real JDK HTTP client: it records each request's headers
 * (names in lower case) and answers with {@link #responder}, closing the connection after each response. It serves
 * requests without bodies only (GET).
 */
final class LoopbackHttpServer implements AutoCloseable {
    /** A response: status, content type and body. */
    record Response(int status, String contentType, String body) {}

    /** The headers of every request, in order. */
    final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();

    private final ServerSocket socket;
    private final Thread acceptor;
    private final Function<Integer, Response> responder;

    /** @param responder the response to the n-th request (from 1) */
    LoopbackHttpServer(Function<Integer, Response> responder) throws IOException {
        this.responder = responder;
        this.socket = new ServerSocket(0, 8, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        this.acceptor = new Thread(this::acceptLoop, "loopback-http");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                serve(s);
            } catch (IOException e) {
                // closed, or a client that went away: go on until the socket is closed
            }
        }
    }

    private void serve(Socket s) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        String requestLine = in.readLine();
        if (requestLine == null) {
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        requests.add(headers);
        Response r = responder.apply(requests.size());
        byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + r.status() + " X\r\nContent-Type: " + r.contentType() + "\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n";
        OutputStream out = s.getOutputStream();
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            acceptor.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
