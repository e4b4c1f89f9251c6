package io.ably4j.bench.sdk;

import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.types.ProtocolMessage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The reference of the receive scenarios ({@value #NAME}): a bare WebSocket reader of the frames the emulator has
 * encoded, on a plain blocking socket with one reader thread and a 64 KiB buffered stream. It decodes frames only until
 * its channel is ATTACHED; after that it counts each binary frame as the number of messages the publishers put in
 * one frame ({@link #messagesPerFrame}) and skips its payload without decoding it (heartbeats are off), so it measures what reading
 * the socket costs and nothing of an SDK: the ceiling of the saturation scenario. Subscribes to one channel only;
 * cannot publish. (It replaced a JDK {@code java.net.http} WebSocket reader that could not keep up with the emulator:
 * it was disconnected as a slow consumer in every saturation round.)
 */
final class RawReaderClient implements SdkClient {
    static final String NAME = "raw";
    private static final Object FRAME = "frame";

    private final Config config;
    private final ProtocolCodec codec = ProtocolCodec.create(WireFormat.MSGPACK);
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> attached = new CompletableFuture<>();
    private volatile Consumer<Object> listener = data -> {};
    private volatile int messagesPerFrame = 1;
    private @Nullable OutputStream out;

    RawReaderClient(Config config) {
        this.config = config;
    }

    /** The publishers send {@code k} messages per frame: each frame counts as {@code k} deliveries. */
    void messagesPerFrame(int k) {
        messagesPerFrame = k;
    }

    @Override
    public CompletableFuture<Void> connect() {
        try {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), config.port());
            s.setTcpNoDelay(true);
            OutputStream o = s.getOutputStream();
            out = o;
            String query = "/?v=6&format=msgpack&heartbeats=false&echo=" + config.echo() + "&key="
                    + URLEncoder.encode(config.key(), StandardCharsets.UTF_8);
            byte[] nonce = new byte[16];
            ThreadLocalRandom.current().nextBytes(nonce);
            String request = "GET " + query + " HTTP/1.1\r\nHost: 127.0.0.1:" + config.port()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
                    + Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
            o.write(request.getBytes(StandardCharsets.US_ASCII));
            o.flush();
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 64 * 1024));
            String status = readHeaders(in);
            if (!status.contains(" 101 ")) {
                throw new IOException("upgrade refused: " + status);
            }
            Thread reader = new Thread(() -> read(in), "raw-reader");
            reader.setDaemon(true);
            reader.start();
        } catch (IOException e) {
            connected.completeExceptionally(e);
        }
        return connected;
    }

    /** Reads the HTTP response head; returns its status line. */
    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (head.length() < 4 || !head.substring(head.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed during the upgrade");
            }
            head.append((char) c);
        }
        return head.substring(0, head.indexOf("\r\n"));
    }

    private void read(DataInputStream in) {
        byte[] skip = new byte[64 * 1024];
        boolean counting = false;
        try {
            while (true) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                long len = b1 & 0x7f;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                int opcode = b0 & 0x0f;
                if (counting && opcode == 2) {
                    while (len > 0) { // skip the payload: no decoding
                        int n = in.read(skip, 0, (int) Math.min(skip.length, len));
                        if (n < 0) {
                            throw new IOException("EOF in a frame");
                        }
                        len -= n;
                    }
                    Consumer<Object> l = listener;
                    for (int i = messagesPerFrame; i > 0; i--) {
                        l.accept(FRAME);
                    }
                    continue;
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                if (opcode == 9) {
                    send(0xA, payload);
                } else if (opcode == 8) {
                    throw new IOException("closed by the server");
                } else if (opcode == 2) {
                    ProtocolMessage m = codec.decode(payload);
                    switch (m.action()) {
                        case CONNECTED -> connected.complete(null);
                        case ATTACHED -> {
                            counting = true;
                            attached.complete(null);
                        }
                        case ERROR -> {
                            IllegalStateException e = new IllegalStateException("ERROR " + m.error());
                            connected.completeExceptionally(e);
                            attached.completeExceptionally(e);
                        }
                        default -> {}
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            connected.completeExceptionally(e);
            attached.completeExceptionally(e);
        }
    }

    /** Sends one masked frame (client frames must be masked). */
    private synchronized void send(int opcode, byte[] payload) throws IOException {
        OutputStream o = out;
        if (o == null) {
            throw new IOException("not connected");
        }
        int n = payload.length;
        byte[] f = new byte[n + 14];
        int p = 0;
        f[p++] = (byte) (0x80 | opcode);
        if (n < 126) {
            f[p++] = (byte) (0x80 | n);
        } else if (n < 65536) {
            f[p++] = (byte) (0x80 | 126);
            f[p++] = (byte) (n >>> 8);
            f[p++] = (byte) n;
        } else {
            throw new IOException("frame too large for the raw reader");
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        System.arraycopy(mask, 0, f, p, 4);
        p += 4;
        for (int i = 0; i < n; i++) {
            f[p++] = (byte) (payload[i] ^ mask[i & 3]);
        }
        o.write(f, 0, p);
        o.flush();
    }

    @Override
    public CompletableFuture<Void> attach(String channel) {
        byte[] frame = codec.encode(ProtocolMessage.builder(ProtocolMessage.Action.ATTACH)
                .channel(channel)
                .build());
        try {
            send(2, frame);
        } catch (IOException e) {
            attached.completeExceptionally(e);
        }
        return attached;
    }

    @Override
    public void subscribe(String channel, Consumer<Object> listener) {
        this.listener = listener;
    }

    @Override
    public void publish(String channel, String data, AckListener ack) {
        throw new UnsupportedOperationException("the raw reader only reads");
    }

    @Override
    public int attachAndGetPresence(String channel, long timeoutSeconds) {
        throw new UnsupportedOperationException("the raw reader only reads");
    }
}
