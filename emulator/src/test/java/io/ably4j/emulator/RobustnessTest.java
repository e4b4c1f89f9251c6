package io.ably4j.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Malformed and oversize input, slow consumers, many connections, no leaks. */
class RobustnessTest {
    private final Emulator emu = Emulator.builder()
            .maxFrameSize(16 * 1024)
            .outboundQueueLimit(256 * 1024)
            .eventLogCapacity(1000)
            .build();

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void malformedJsonClosesOnlyThatConnectionWithAnError() throws Exception {
        try (WsClient bad = WsClient.connected(emu);
                WsClient good = WsClient.connected(emu)) {
            bad.sendRawText("{\"action\":15,");
            assertThat(bad.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40000L);
            bad.awaitClosed();
            assertThat(good.attach("still-fine").action()).isEqualTo(Frame.ATTACHED);
        }
    }

    @Test
    void malformedMsgpackClosesWithAnError() throws Exception {
        try (WsClient bad = WsClient.connect(emu, Map.of("key", emu.key(), "format", "msgpack"))) {
            bad.await(Frame.CONNECTED);
            bad.sendRawBinary(new byte[] {(byte) 0xc1, 0x00});
            assertThat(bad.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40000L);
            bad.awaitClosed();
        }
    }

    @Test
    void oversizeFrameClosesWith40009() throws Exception {
        try (WsClient c = WsClient.connected(emu)) {
            c.sendRawText("{\"action\":0,\"id\":\"" + "x".repeat(20_000) + "\"}");
            assertThat(c.await(Frame.ERROR).requireMap("error")).containsEntry("code", 40009L);
            c.awaitClosed();
        }
    }

    @Test
    void slowConsumerIsDisconnectedInsteadOfBufferingWithoutBound() throws Exception {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(
                    new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), emu.port()), 10_000);
            socket.setSoTimeout(10_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("GET /?format=json&key=" + emu.key() + " HTTP/1.1\r\nHost: localhost\r\n"
                            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            java.io.InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                assertThat(b).isNotNegative();
                head.append((char) b);
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            out.write(maskedTextFrame("{\"action\":10,\"channel\":\"flood\"}"));
            out.flush();
            emu.awaitConnection(c -> c.channels().contains("flood"), WsClient.TIMEOUT);
            String data = "y".repeat(60_000);
            // never read: the server must bound what it buffers for this connection and then drop it
            for (int i = 0; i < 2000; i++) {
                emu.publish("flood", "m", data);
                if (!emu.events()
                        .events(e -> e.type() == EmulatorEvent.Type.FAULT
                                && e.detail().contains("outbound queue"))
                        .isEmpty()) {
                    break;
                }
            }
            emu.events()
                    .await(
                            e -> e.type() == EmulatorEvent.Type.FAULT
                                    && e.detail().contains("outbound queue"),
                            WsClient.TIMEOUT);
            emu.awaitConnection(c -> !c.connected(), WsClient.TIMEOUT);
        }
    }

    private static byte[] maskedTextFrame(String text) {
        byte[] payload = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        byte[] frame = new byte[2 + 4 + payload.length];
        frame[0] = (byte) 0x81;
        frame[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
        }
        return frame;
    }

    @Test
    void thousandsOfConcurrentConnectionsAndNoStateLeftAfterClose() throws Exception {
        int n = 1000;
        List<WsClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                clients.add(WsClient.connect(emu));
            }
            for (WsClient c : clients) {
                c.await(Frame.CONNECTED);
            }
            assertThat(emu.connections()).hasSize(n);
            WsClient first = clients.get(0);
            first.attach("all");
            clients.get(n - 1).attach("all");
            first.sendJson("{\"action\":15,\"channel\":\"all\",\"msgSerial\":0,\"messages\":[{\"data\":\"hi\"}]}");
            clients.get(n - 1).await(Frame.MESSAGE);
            for (WsClient c : clients) {
                c.sendJson("{\"action\":7}");
            }
            for (WsClient c : clients) {
                c.await(Frame.CLOSED);
            }
        } finally {
            clients.forEach(WsClient::close);
        }
        emu.awaitIdle();
        assertThat(emu.connections()).isEmpty();
        assertThat(emu.events().events()).hasSizeLessThanOrEqualTo(1000);
    }
}
