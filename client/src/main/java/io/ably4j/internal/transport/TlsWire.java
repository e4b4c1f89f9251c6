package io.ably4j.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
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
    private final int packetSize;
    private final int appSize;
    private byte @Nullable [] leftover; // the start of a TLS record whose rest has not arrived

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
            if (n == 0 || net.limit() < net.capacity()) {
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
                case BUFFER_OVERFLOW -> throw new SSLException("TLS record larger than the application buffer");
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
            int before = plain.remaining();
            written = wrap(plain) && written;
            if (plain.remaining() == before) {
                throw new SSLException("TLS engine took no output");
            }
        }
        return written && !hasUnsent();
    }

    /**
     * Encrypts as much of {@code plain} as fits into the loop's output buffer (several records) and writes it.
     *
     * @return false if some output waits for the socket
     */
    private boolean wrap(ByteBuffer plain) throws IOException {
        ByteBuffer net = loop.netOut(2 * packetSize);
        do {
            SSLEngineResult r = engine.wrap(plain, net);
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                if (net.position() == 0) {
                    throw new SSLException("TLS output closed");
                }
                break;
            }
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                break; // write what we have, then continue
            }
            if (r.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
            if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
                break;
            }
        } while (plain.hasRemaining() && net.remaining() >= packetSize);
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
