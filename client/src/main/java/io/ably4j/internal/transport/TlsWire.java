package io.ably4j.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/**
 * TLS over a {@link NioWire}'s socket with an {@link SSLEngine} in client mode (configured by the caller: SNI and
 * hostname verification). Encrypted input and output and decrypted input go through the {@link NioLoop}'s buffers; the
 * connection keeps only the bytes of a TLS record that has not fully arrived. Delegated handshake tasks (certificate
 * checks, key agreement) run on the selector thread when the engine asks for them. Selector thread only.
 */
final class TlsWire extends NioWire {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SSLEngine engine;
    private int packetSize;
    private int appSize;
    private byte @Nullable [] leftover; // the start of a TLS record whose rest has not arrived

    /**
     * A client-mode engine for {@code host:port} from {@code sslContext} (null: the JDK default), with hostname
     * verification ({@code HTTPS} endpoint identification) and SNI unless the host is an IP literal.
     */
    static SSLEngine clientEngine(@Nullable SSLContext sslContext, String host, int port) throws IOException {
        SSLEngine engine;
        try {
            SSLContext ctx = sslContext != null ? sslContext : SSLContext.getDefault();
            engine = ctx.createSSLEngine(host, port);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(host)) {
            try {
                params.setServerNames(List.of(new SNIHostName(host)));
            } catch (IllegalArgumentException e) {
                // not a valid SNI name: connect without SNI (hostname verification still applies)
            }
        }
        engine.setSSLParameters(params);
        return engine;
    }

    static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true; // IPv6
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return !host.isEmpty();
    }

    TlsWire(NioLoop loop, SocketChannel channel, SSLEngine engine) {
        super(loop, channel);
        this.engine = engine;
        this.packetSize = engine.getSession().getPacketBufferSize();
        this.appSize = engine.getSession().getApplicationBufferSize();
    }

    /** Starts the TLS handshake; then {@link #handshake()} drives it. */
    void begin() throws SSLException {
        engine.beginHandshake();
    }

    @Override
    boolean handshake() throws IOException {
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_TASK -> runTasks();
                case NEED_WRAP -> {
                    if (!wrap(EMPTY) || hasUnsent()) {
                        return false; // continue when the socket takes more (OP_WRITE)
                    }
                }
                case NOT_HANDSHAKING, FINISHED -> {
                    return true;
                }
                default -> {
                    return false; // NEED_UNWRAP: continue when the server's next record arrives (OP_READ)
                }
            }
        }
    }

    @Override
    boolean read(Sink sink) throws IOException {
        for (int i = 0; i < MAX_READS; i++) {
            byte[] held = leftover;
            ByteBuffer net = loop.netIn((held == null ? 0 : held.length) + packetSize);
            if (held != null) {
                net.put(held);
                leftover = null;
            }
            int n = channel.read(net);
            if (n < 0) {
                return false;
            }
            net.flip();
            boolean more = unwrap(net, sink);
            if (net.hasRemaining()) {
                byte[] rest = new byte[net.remaining()];
                net.get(rest);
                leftover = rest;
            }
            if (!more) {
                return !engine.isInboundDone();
            }
            if (n == 0 || net.limit() < net.capacity() || sink.readPaused()) {
                return true;
            }
        }
        return true;
    }

    /** Decrypts the records in {@code net}; false if reading should stop (sink said so, or close_notify). */
    private boolean unwrap(ByteBuffer net, Sink sink) throws IOException {
        while (net.hasRemaining()) {
            ByteBuffer app = loop.appIn(appSize);
            SSLEngineResult r = engine.unwrap(net, app);
            if (app.position() > 0) {
                app.flip();
                if (!sink.accept(app)) {
                    return false;
                }
            }
            switch (r.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    return true; // a partial record: wait for the rest
                }
                case CLOSED -> {
                    return false;
                }
                case BUFFER_OVERFLOW -> {
                    int size = engine.getSession().getApplicationBufferSize();
                    if (size <= appSize) {
                        throw new SSLException("TLS record larger than the application buffer");
                    }
                    appSize = size; // the session allows larger records than it did before the handshake
                    continue;
                }
                default -> {}
            }
            HandshakeStatus hs = r.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                hs = engine.getHandshakeStatus();
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                handshake(); // e.g. the client's handshake flight, or a key update reply
            } else if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                return true; // no progress possible without more input
            }
        }
        return true;
    }

    @Override
    boolean write(ByteBuffer plain) throws IOException {
        boolean written = true;
        while (plain.hasRemaining()) {
            written = wrap(plain) && written;
        }
        return written && !hasUnsent();
    }

    /**
     * Encrypts as much of {@code plain} as fits into the loop's output buffer (several records) and writes it. The
     * engine may produce handshake records (a TLS 1.2 renegotiation, a TLS 1.3 key update) before it takes any of
     * {@code plain}, or ask for delegated tasks first; both count as progress.
     *
     * @return false if some output waits for the socket
     * @throws SSLException if the engine made no progress at all (closed, or a record larger than it announced)
     */
    private boolean wrap(ByteBuffer plain) throws IOException {
        ByteBuffer net = loop.netOut(2 * packetSize);
        boolean progress = false;
        while (true) {
            SSLEngineResult r = engine.wrap(plain, net);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                if (net.position() == 0) {
                    throw new SSLException("TLS output closed");
                }
                progress = true;
                break;
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                int size = engine.getSession().getPacketBufferSize();
                if (net.position() == 0 && size > packetSize) {
                    packetSize = size; // the session allows larger records than it did before the handshake
                    net = loop.netOut(2 * packetSize);
                    continue;
                }
                progress |= net.position() > 0;
                break; // write what we have, then continue
            }
            progress |= r.bytesConsumed() > 0 || r.bytesProduced() > 0;
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
                progress = true;
            } else if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                break;
            }
            if (!plain.hasRemaining() || net.remaining() < packetSize) {
                break;
            }
        }
        if (!progress) {
            throw new SSLException("TLS engine made no progress (" + engine.getHandshakeStatus() + ")");
        }
        net.flip();
        return writeRaw(net);
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    @Override
    void closeOutbound() {
        engine.closeOutbound();
        try {
            while (!engine.isOutboundDone()) {
                ByteBuffer net = loop.netOut(2 * packetSize);
                SSLEngineResult r = engine.wrap(EMPTY, net);
                net.flip();
                writeRaw(net); // close_notify; best effort
                if (r.bytesProduced() == 0) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the socket is closed next in any case (a failed engine may refuse to wrap)
        }
    }

    @Override
    int heldBytes() {
        byte[] l = leftover;
        return super.heldBytes() + (l == null ? 0 : l.length);
    }
}
