package io.ably4j.bench.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a free local port in front of the emulator that counts the bytes it forwards to the client: the
 * exact bytes on the wire of the client's connections (WebSocket frames with their headers, and the HTTP upgrade
 * response), as the subscriber's socket receives them. Two blocking threads per connection; for benchmarks only.
 */
final class ByteCountingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int target;
    private final AtomicLong toClient = new AtomicLong();
    private final AtomicLong toServer = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private ByteCountingProxy(ServerSocket server, int target) {
        this.server = server;
        this.target = target;
    }

    /** Starts a proxy to {@code 127.0.0.1:targetPort}. */
    static ByteCountingProxy start(int targetPort) throws IOException {
        ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ByteCountingProxy p = new ByteCountingProxy(s, targetPort);
        Thread t = new Thread(p::accept, "proxy-accept");
        t.setDaemon(true);
        t.start();
        return p;
    }

    /** The port clients connect to. */
    int port() {
        return server.getLocalPort();
    }

    /** Bytes forwarded from the emulator to clients so far. */
    long bytesToClient() {
        return toClient.get();
    }

    /** Bytes forwarded from clients to the emulator so far. */
    long bytesToServer() {
        return toServer.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(upstream, client, toClient);
                pump(client, upstream, toServer);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            out.write(buf, 0, n);
                            counter.addAndGet(n);
                        }
                    } catch (IOException e) {
                        // one side closed: close both below
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                },
                "proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        sockets.forEach(ByteCountingProxy::closeQuietly);
    }
}
