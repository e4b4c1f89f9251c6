package io.ably4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * A minimal single-connection WebSocket server (RFC 6455) on the loopback interface, to test the JDK transport over a
 * real socket: it records the upgrade request and every client frame, and sends frames, fragments, pings and closes
 * on demand. Optionally over TLS (a given server context and protocol versions), and optionally holding back its
 * reads so that the client's socket buffers fill up. Test code only.
 */
final class MiniWebSocketServer implements AutoCloseable {
    /** One received client message (fragments already joined) or control frame. */
    static final class Frame {
        private final int opcode;
        private final byte[] payload;

        Frame(int opcode, byte[] payload) {
            this.opcode = opcode;
            this.payload = payload;
        }

        int opcode() {
            return opcode;
        }

        byte[] payload() {
            return payload.clone();
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    static final int TEXT = 1;
    static final int BINARY = 2;
    static final int CLOSE = 8;
    static final int PING = 9;
    static final int PONG = 10;

    private final ServerSocket server;
    private final Thread acceptor;
    final BlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    volatile @Nullable String requestLine;
    final Map<String, String> requestHeaders = new LinkedHashMap<>();
    private volatile @Nullable Socket socket;
    private volatile @Nullable OutputStream out;
    private final java.util.concurrent.CountDownLatch upgraded = new java.util.concurrent.CountDownLatch(1);
    private final java.util.function.UnaryOperator<String> responder;
    private volatile CountDownLatch readGate = new CountDownLatch(0);
    /** If set, a client close frame is answered by a TCP reset instead of a close frame. */
    volatile boolean resetOnClose;

    MiniWebSocketServer() throws IOException {
        this(MiniWebSocketServer::switchingProtocols);
    }

    /**
     * A server that answers the upgrade with {@code responder}'s response head (without the final blank line), given
     * the request's {@code Sec-WebSocket-Key}; frames are exchanged only if the status is 101.
     */
    MiniWebSocketServer(java.util.function.UnaryOperator<String> responder) throws IOException {
        this(responder, null);
    }

    /** A server over TLS with {@code tls} (a server context) and only the given {@code protocols} enabled. */
    MiniWebSocketServer(
            java.util.function.UnaryOperator<String> responder, @Nullable SSLContext tls, String... protocols)
            throws IOException {
        this.responder = responder;
        if (tls == null) {
            server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        } else {
            SSLServerSocket s = (SSLServerSocket)
                    tls.getServerSocketFactory().createServerSocket(0, 1, InetAddress.getLoopbackAddress());
            if (protocols.length > 0) {
                s.setEnabledProtocols(protocols);
            }
            server = s;
        }
        acceptor = new Thread(this::run, "mini-ws-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    boolean awaitUpgrade(long seconds) throws InterruptedException {
        return upgraded.await(seconds, TimeUnit.SECONDS);
    }

    @Nullable
    Frame next(long seconds) throws InterruptedException {
        return received.poll(seconds, TimeUnit.SECONDS);
    }

    private void run() {
        try (Socket s = server.accept()) {
            socket = s;
            InputStream in = s.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n", -1);
            requestLine = lines[0];
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    requestHeaders.put(
                            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            String response = responder.apply(requestHeaders.getOrDefault("sec-websocket-key", ""));
            OutputStream o = s.getOutputStream();
            synchronized (this) { // send() waits: a client may see the response before this thread sets out
                o.write((response + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                o.flush();
                out = o;
            }
            upgraded.countDown();
            if (response.startsWith("HTTP/1.1 101 ")) {
                readFrames(new DataInputStream(in));
            } else {
                in.read(); // until the client goes away
            }
        } catch (IOException e) {
            // connection gone; tests observe that through the client
        }
    }

    /** The correct 101 response head for a request with {@code key}. */
    static String switchingProtocols(String key) {
        return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key);
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            byte[] a = b.toByteArray();
            int n = a.length;
            if (n >= 4 && a[n - 4] == '\r' && a[n - 3] == '\n' && a[n - 2] == '\r' && a[n - 1] == '\n') {
                break;
            }
        }
        return b.toString(StandardCharsets.US_ASCII);
    }

    private void readFrames(DataInputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = 0;
        while (true) {
            awaitReadGate();
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            boolean fin = (b0 & 0x80) != 0;
            int opcode = b0 & 0x0f;
            long len = b1 & 0x7f;
            if (len == 126) {
                len = in.readUnsignedShort();
            } else if (len == 127) {
                len = in.readLong();
            }
            byte[] mask = new byte[4];
            if ((b1 & 0x80) != 0) {
                in.readFully(mask);
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i % 4];
            }
            if (opcode >= 8) {
                received.add(new Frame(opcode, payload));
                if (opcode == CLOSE) {
                    if (resetOnClose) {
                        reset();
                    } else {
                        send(CLOSE, payload, true);
                    }
                    return;
                }
                continue;
            }
            if (opcode != 0) {
                messageOpcode = opcode;
            }
            message.write(payload);
            if (fin) {
                received.add(new Frame(messageOpcode, message.toByteArray()));
                message.reset();
            }
        }
    }

    /** Stops reading client frames (after the one being read, if any) until {@link #releaseReads}. */
    void holdReads() {
        readGate = new CountDownLatch(1);
    }

    void releaseReads() {
        readGate.countDown();
    }

    private void awaitReadGate() throws IOException {
        try {
            if (!readGate.await(60, TimeUnit.SECONDS)) {
                throw new IOException("reads held for too long");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Starts a new TLS handshake: a renegotiation in TLS 1.2, a key update (update requested) in TLS 1.3. */
    void renegotiate() throws IOException {
        Socket s = socket;
        if (!(s instanceof SSLSocket ssl)) {
            throw new IOException("not a TLS connection");
        }
        ssl.startHandshake();
    }

    /** Sends one frame (server frames are not masked). */
    synchronized void send(int opcode, byte[] payload, boolean fin) throws IOException {
        OutputStream o = out;
        if (o == null) {
            throw new IOException("not upgraded");
        }
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write((fin ? 0x80 : 0) | opcode);
        if (payload.length < 126) {
            f.write(payload.length);
        } else if (payload.length < 65536) {
            f.write(126);
            f.write(payload.length >>> 8);
            f.write(payload.length & 0xff);
        } else {
            f.write(127);
            for (int i = 7; i >= 0; i--) {
                f.write((int) (((long) payload.length >>> (8 * i)) & 0xff));
            }
        }
        f.write(payload);
        o.write(f.toByteArray());
        o.flush();
    }

    /** Writes bytes as they are (hand-made frames). */
    synchronized void sendRaw(byte[] bytes) throws IOException {
        OutputStream o = out;
        if (o == null) {
            throw new IOException("not upgraded");
        }
        o.write(bytes);
        o.flush();
    }

    /** Sends a message split into {@code parts} fragments. */
    void sendFragmented(int opcode, byte[] payload, int parts) throws IOException {
        int size = (payload.length + parts - 1) / parts;
        for (int i = 0; i < parts; i++) {
            int from = Math.min(i * size, payload.length);
            int to = Math.min(from + size, payload.length);
            byte[] chunk = java.util.Arrays.copyOfRange(payload, from, to);
            send(i == 0 ? opcode : 0, chunk, i == parts - 1);
        }
    }

    /** Resets the TCP connection (RST, no FIN). */
    void reset() throws IOException {
        Socket s = socket;
        if (s != null) {
            s.setSoLinger(true, 0);
            s.close();
        }
    }

    /** Drops the TCP connection without a close handshake. */
    void abort() throws IOException {
        Socket s = socket;
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        abort();
        server.close();
    }

    private static String accept(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] digest =
                    sha1.digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
