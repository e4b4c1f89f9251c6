package io.ably4j.emulator;

import io.ably4j.emulator.internal.Frame;
import io.ably4j.emulator.internal.Wire;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A minimal WebSocket client on a plain socket: JSON text frames, several written with one write. */
final class RawWs implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;

    private RawWs(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
    }

    static RawWs open(Emulator emu) throws Exception {
        Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), emu.port());
        s.setTcpNoDelay(true);
        s.setSoTimeout((int) WsClient.TIMEOUT.toMillis());
        String key = java.net.URLEncoder.encode(emu.key(), StandardCharsets.UTF_8);
        String request = "GET /?key=" + key + "&format=json&v=6&echo=false HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + emu.port() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        RawWs ws = new RawWs(s);
        ws.skipHeaders(s.getInputStream());
        ws.await(Frame.CONNECTED);
        return ws;
    }

    private void skipHeaders(InputStream is) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = is.read();
            if (b < 0) {
                throw new IOException("closed during the handshake");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    /** Writes the texts as masked text frames (zero mask key) in one write. */
    void send(List<String> texts) throws IOException {
        send(texts, false);
    }

    /** Writes the texts as masked text frames, then with {@code thenClose} a WebSocket close frame, in one write. */
    void send(List<String> texts, boolean thenClose) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String text : texts) {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            out.write(0x81);
            if (payload.length < 126) {
                out.write(0x80 | payload.length);
            } else {
                out.write(0x80 | 126);
                out.write(payload.length >>> 8);
                out.write(payload.length & 0xff);
            }
            out.write(new byte[4]); // mask key 0: the payload goes as is
            out.write(payload);
        }
        if (thenClose) {
            out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 3, (byte) 232}); // close 1000, mask key 0
        }
        socket.getOutputStream().write(out.toByteArray());
        socket.getOutputStream().flush();
    }

    Frame next() throws Exception {
        return Frame.wrap(Wire.decodeJsonObject(new String(nextText(), StandardCharsets.UTF_8)));
    }

    /** The payload of the next text frame, undecoded (other frames, such as pings, are skipped). */
    byte[] nextText() throws IOException {
        while (true) {
            int b0 = in.readUnsignedByte();
            int len = in.readUnsignedByte() & 0x7f;
            long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if ((b0 & 0x0f) == 1) {
                return payload;
            }
        }
    }

    Frame await(int action) throws Exception {
        while (true) {
            Frame f = next();
            if (f.action() == action) {
                return f;
            }
        }
    }

    /** The ACK and NACK frames received until they account for {@code messages} publishes. */
    List<Frame> acks(int messages) throws Exception {
        List<Frame> out = new ArrayList<>();
        long covered = 0;
        while (covered < messages) {
            Frame f = next();
            if (f.action() == Frame.ACK || f.action() == Frame.NACK) {
                out.add(f);
                Long count = f.longValue("count");
                covered += count == null ? 1 : count;
            }
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
