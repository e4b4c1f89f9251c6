package io.ably4j.internal.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A one-connection TCP relay on the loopback interface, for tests of the bytes on the wire: it records everything the
 * client sends, and can pass the server's bytes on one at a time (one write per byte, so the client's reads see
 * records and frames split at every position). Test code only.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final int upstreamPort;
    private final boolean trickle;
    private final ByteArrayOutputStream fromClient = new ByteArrayOutputStream();
    private final CountDownLatch clientEnded = new CountDownLatch(1);
    private volatile @Nullable Socket client;
    private volatile @Nullable Socket upstream;

    /** A relay to {@code upstreamPort}; with {@code trickle}, the server's bytes are passed on one per write. */
    TcpProxy(int upstreamPort, boolean trickle) throws IOException {
        this.upstreamPort = upstreamPort;
        this.trickle = trickle;
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::run, "tcp-proxy");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Waits until the client ended its side of the connection (FIN, or a reset). */
    boolean awaitClientEnd(long seconds) throws InterruptedException {
        return clientEnded.await(seconds, TimeUnit.SECONDS);
    }

    /** Everything the client sent so far. */
    byte[] fromClient() {
        synchronized (fromClient) {
            return fromClient.toByteArray();
        }
    }

    private void run() {
        try {
            Socket c = listener.accept();
            client = c;
            Socket u = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
            u.setTcpNoDelay(true);
            c.setTcpNoDelay(true);
            upstream = u;
            InputStream serverIn = u.getInputStream();
            OutputStream clientOut = c.getOutputStream();
            Thread down = new Thread(() -> pump(serverIn, clientOut, false), "tcp-proxy-down");
            down.setDaemon(true);
            down.start();
            pump(c.getInputStream(), u.getOutputStream(), true);
        } catch (IOException e) {
            clientEnded.countDown();
        }
    }

    private void pump(InputStream in, OutputStream out, boolean up) {
        byte[] buf = new byte[up || !trickle ? 64 * 1024 : 1];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (up) {
                    synchronized (fromClient) {
                        fromClient.write(buf, 0, n);
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
            Socket other = up ? upstream : client;
            if (other != null) {
                other.shutdownOutput();
            }
        } catch (IOException e) {
            // connection gone
        } finally {
            if (up) {
                clientEnded.countDown();
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        Socket c = client;
        if (c != null) {
            c.close();
        }
        Socket u = upstream;
        if (u != null) {
            u.close();
        }
    }
}
