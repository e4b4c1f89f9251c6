package io.ably4j.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * The byte stream under one WebSocket: a non-blocking TCP socket ({@link TlsWire} adds TLS). Used by the selector
 * thread only; reads and writes through the {@link NioLoop}'s buffers.
 *
 * <p>Output the socket cannot take at once is kept in {@code unsent} (the caller then waits for {@code OP_WRITE} and
 * calls {@link #flushUnsent}); that is the only buffer a connection holds, and only while the socket is backed up.
 */
class NioWire {
    /** Receives plaintext read from the wire. */
    interface Sink {
        /**
         * Consumes all of {@code data}; returns false to stop reading (the connection is closing).
         *
         * @throws IOException to fail the connection
         */
        boolean accept(ByteBuffer data) throws IOException;

        /** Whether reading is paused: the wire then stops after the current socket read (backpressure). */
        boolean readPaused();
    }

    /** Reads per readiness event, so that one busy connection cannot starve the others. */
    static final int MAX_READS = 8;

    final NioLoop loop;
    final SocketChannel channel;
    private byte @Nullable [] unsent;
    private int unsentStart;
    private int unsentEnd;

    NioWire(NioLoop loop, SocketChannel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    /** Starts or continues the transport's own handshake; true once it is done (at once for plain TCP). */
    boolean handshake() throws IOException {
        return true;
    }

    /**
     * Reads what the socket has and hands it to {@code sink}, stopping early (after a whole read was handed over) when
     * the sink pauses reading.
     *
     * @return false at the end of the stream
     */
    boolean read(Sink sink) throws IOException {
        for (int i = 0; i < MAX_READS; i++) {
            ByteBuffer buf = loop.readBuffer();
            int n = channel.read(buf);
            if (n < 0) {
                return false;
            }
            if (n == 0) {
                return true;
            }
            buf.flip();
            boolean full = buf.limit() == buf.capacity(); // the socket may hold more
            if (!sink.accept(loop.onHeap(buf)) || !full || sink.readPaused()) {
                return true;
            }
        }
        return true;
    }

    /**
     * Writes all of {@code plain}, keeping what the socket does not take for {@link #flushUnsent}.
     *
     * @return true if everything reached the socket; false if some is waiting for {@code OP_WRITE}
     */
    boolean write(ByteBuffer plain) throws IOException {
        return writeRaw(plain);
    }

    /** Writes bytes as they are (already encrypted for TLS). */
    final boolean writeRaw(ByteBuffer bytes) throws IOException {
        if (unsent == null) {
            channel.write(bytes);
            if (!bytes.hasRemaining()) {
                return true;
            }
        }
        keep(bytes);
        return false;
    }

    private void keep(ByteBuffer bytes) {
        int n = bytes.remaining();
        byte[] u = unsent;
        if (u == null) {
            u = new byte[n];
            unsentStart = 0;
            unsentEnd = 0;
        } else if (u.length - unsentEnd < n) {
            byte[] grown = new byte[Math.max(unsentEnd - unsentStart + n, 2 * (unsentEnd - unsentStart))];
            System.arraycopy(u, unsentStart, grown, 0, unsentEnd - unsentStart);
            unsentEnd -= unsentStart;
            unsentStart = 0;
            u = grown;
        }
        bytes.get(u, unsentEnd, n);
        unsentEnd += n;
        unsent = u;
    }

    /** Whether output is waiting for the socket. */
    final boolean hasUnsent() {
        return unsent != null;
    }

    /**
     * Writes the output the socket could not take before.
     *
     * @return true if none is left
     */
    final boolean flushUnsent() throws IOException {
        byte[] u = unsent;
        if (u == null) {
            return true;
        }
        ByteBuffer b = ByteBuffer.wrap(u, unsentStart, unsentEnd - unsentStart);
        channel.write(b);
        if (b.hasRemaining()) {
            unsentStart = b.position();
            return false;
        }
        unsent = null;
        return true;
    }

    /** Ends the output before the socket closes (TLS sends close_notify); best effort, never blocks. */
    void closeOutbound() {}

    /** Bytes this connection holds between events (unsent output, partial TLS records), for tests. */
    int heldBytes() {
        byte[] u = unsent;
        return u == null ? 0 : u.length;
    }
}
