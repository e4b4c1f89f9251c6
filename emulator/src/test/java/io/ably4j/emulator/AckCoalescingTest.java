package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The publishes of one socket read are acknowledged by one ACK per run of consecutive msgSerials, with {@code count}
 * N and one {@code res} entry per message (RTN7a, RTN7b); a NACK or a duplicate between them keeps its place. The
 * frames are written with one {@code write} on a raw socket, so that the emulator reads them together; the
 * connection has echo off, as a message echoed to the publisher is sent between two ACKs.
 */
class AckCoalescingTest {
    private final Emulator emu = Emulator.builder()
            .key("app.key:secret", "{\"pub\":[\"publish\",\"subscribe\"],\"sub\":[\"subscribe\"]}")
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void RTN7a_consecutivePublishesReadTogetherGetOneAckWithTheirCount() throws Exception {
        try (RawWs ws = RawWs.open(emu)) {
            ws.send(List.of("{\"action\":10,\"channel\":\"pub\"}"));
            ws.await(Frame.ATTACHED);
            List<String> publishes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                publishes.add(publish(i, "pub"));
            }
            ws.send(publishes);
            List<Frame> acks = ws.acks(10);
            assertThat(acks).hasSize(1);
            Frame ack = acks.get(0);
            assertThat(ack.action()).isEqualTo(Frame.ACK);
            assertThat(ack.fields()).containsEntry("msgSerial", 0L).containsEntry("count", 10L);
            List<Map<String, Object>> res = ack.maps("res");
            assertThat(res).hasSize(10);
            for (Map<String, Object> r : res) {
                assertThat((List<?>) r.get("serials"))
                        .singleElement()
                        .asString()
                        .contains("@");
            }
            assertThat(res.get(0).get("serials")).isNotEqualTo(res.get(9).get("serials"));
        }
    }

    @Test
    void RTN7a_aLongRunIsAcknowledgedEvery32Messages() throws Exception {
        // A publisher with many messages in flight gets its first ACKs while the rest of the read is handled.
        try (RawWs ws = RawWs.open(emu)) {
            ws.send(List.of("{\"action\":10,\"channel\":\"pub\"}"));
            ws.await(Frame.ATTACHED);
            List<String> publishes = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                publishes.add(publish(i, "pub"));
            }
            ws.send(publishes);
            assertThat(ws.acks(40))
                    .extracting(f -> List.of(f.action(), f.longValue("msgSerial"), f.longValue("count")))
                    .containsExactly(List.of(Frame.ACK, 0L, 32L), List.of(Frame.ACK, 32L, 8L));
        }
    }

    @Test
    void RTN7b_aNackOrADuplicateSplitsTheRunsInOrder() throws Exception {
        try (RawWs ws = RawWs.open(emu)) {
            ws.send(List.of("{\"action\":10,\"channel\":\"pub\"}"));
            ws.await(Frame.ATTACHED);
            ws.send(List.of(
                    publish(0, "pub"),
                    publish(1, "pub"),
                    publish(2, "sub"), // no publish capability: NACK
                    publish(3, "pub"),
                    publish(1, "pub"), // duplicate: its remembered ACK
                    publish(4, "pub")));
            List<Frame> replies = ws.acks(6);
            assertThat(replies)
                    .extracting(f -> List.of(f.action(), f.longValue("msgSerial"), f.longValue("count")))
                    .containsExactly(
                            List.of(Frame.ACK, 0L, 2L),
                            List.of(Frame.NACK, 2L, 1L),
                            List.of(Frame.ACK, 3L, 1L),
                            List.of(Frame.ACK, 1L, 1L),
                            List.of(Frame.ACK, 4L, 1L));
            assertThat(replies.get(1).requireMap("error")).containsEntry("code", 40160L);
        }
    }

    @Test
    void RTN7a_publishesReadWithADisconnectAreAcknowledgedBeforeTheClose() throws Exception {
        try (RawWs ws = RawWs.open(emu)) {
            ws.send(List.of("{\"action\":10,\"channel\":\"pub\"}"));
            ws.await(Frame.ATTACHED);
            ws.send(List.of(publish(0, "pub"), publish(1, "pub"), "{\"action\":5}"));
            List<Frame> acks = ws.acks(2);
            assertThat(acks).hasSize(1);
            assertThat(acks.get(0).fields()).containsEntry("msgSerial", 0L).containsEntry("count", 2L);
        }
    }

    private static String publish(long msgSerial, String channel) {
        return "{\"action\":15,\"msgSerial\":" + msgSerial + ",\"channel\":\"" + channel
                + "\",\"messages\":[{\"name\":\"n\",\"data\":\"d" + msgSerial + "\"}]}";
    }

    /** A minimal WebSocket client on a plain socket: JSON text frames, several written with one write. */
    private static final class RawWs implements AutoCloseable {
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
            socket.getOutputStream().write(out.toByteArray());
            socket.getOutputStream().flush();
        }

        Frame next() throws Exception {
            int b0 = in.readUnsignedByte();
            int len = in.readUnsignedByte() & 0x7f;
            long length = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if ((b0 & 0x0f) != 1) {
                return next(); // not a text frame (ping): skipped
            }
            return Frame.wrap(Wire.decodeJsonObject(new String(payload, StandardCharsets.UTF_8)));
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
}
