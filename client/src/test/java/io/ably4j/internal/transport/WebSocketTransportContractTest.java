package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.LogLevel;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Log;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Transport} contract, run for each WebSocket engine over a real loopback socket against {@link
 * MiniWebSocketServer}: upgrade headers, serialised sends, fragment reassembly, pings, closes, errors. Every behaviour
 * here holds for the JDK and the NIO engine alike. Waits use deadlines, never sleeps.
 */
@NullUnmarked // tests read nullable results on purpose
abstract class WebSocketTransportContractTest {
    static final long WAIT = 10;

    final Log log = new Log(LogLevel.NONE, null, "");
    final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
    final TransportListener listener = new TransportListener() {
        @Override
        public void onOpen() {
            events.add("open");
        }

        @Override
        public void onMessage(ProtocolMessage message, int frameBytes) {
            events.add(message);
        }

        @Override
        public void onPing() {
            events.add("ping");
        }

        @Override
        public void onClose(@Nullable ErrorInfo error) {
            events.add(error == null ? "closed" : error);
        }
    };
    MiniWebSocketServer server;

    /** The engine's factory. */
    abstract TransportFactory factory(Duration connectTimeout, Log log);

    /** A server answering the upgrade with {@code responder} (plain by default; a TLS variant overrides this). */
    MiniWebSocketServer newServer(java.util.function.UnaryOperator<String> responder) throws java.io.IOException {
        return new MiniWebSocketServer(responder);
    }

    /** The URI scheme for {@link #newServer} ({@code ws} or {@code wss}). */
    String scheme() {
        return "ws";
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    Transport open(WireFormat format) throws Exception {
        server = newServer(MiniWebSocketServer::switchingProtocols);
        Transport t = connect(format);
        assertThat(events.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("open");
        return t;
    }

    /** Opens a transport to {@link #server} without waiting for onOpen. */
    Transport connect(WireFormat format) throws Exception {
        TransportFactory factory = factory(Duration.ofSeconds(5), log);
        URI uri = URI.create(scheme() + "://127.0.0.1:" + server.port() + "/?format=" + format.queryValue() + "&v=6");
        Transport t = factory.open(uri, Map.of("Ably-Agent", "ably4j/0.1.0 jre/17"), format, listener);
        assertThat(server.awaitUpgrade(WAIT)).isTrue();
        return t;
    }

    Object nextEvent() throws InterruptedException {
        Object e = events.poll(WAIT, TimeUnit.SECONDS);
        assertThat(e).as("event within %d s", WAIT).isNotNull();
        return e;
    }

    @Test
    void upgradeRequestCarriesTheUrlAndTheAgentHeader() throws Exception {
        open(WireFormat.MSGPACK);
        assertThat(server.requestLine).startsWith("GET /?format=msgpack&v=6 ");
        assertThat(server.requestHeaders).containsEntry("ably-agent", "ably4j/0.1.0 jre/17");
    }

    @Test
    void msgpackSendsAreBinaryFramesWrittenInOrder_evenFromManyThreads() throws Exception {
        Transport t = open(WireFormat.MSGPACK);
        int threads = 4;
        int perThread = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> senders = new ArrayList<>();
        for (int th = 0; th < threads; th++) {
            int id = th;
            Thread s = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    t.send(ProtocolMessage.builder(Action.HEARTBEAT)
                            .id(id + ":" + i)
                            .build());
                }
            });
            s.start();
            senders.add(s);
        }
        start.countDown();
        for (Thread s : senders) {
            s.join(TimeUnit.SECONDS.toMillis(WAIT));
        }
        ProtocolCodec codec = ProtocolCodec.create(WireFormat.MSGPACK);
        int[] nextPerThread = new int[threads];
        for (int n = 0; n < threads * perThread; n++) {
            MiniWebSocketServer.Frame f = server.next(WAIT);
            assertThat(f).isNotNull();
            assertThat(f.opcode()).isEqualTo(MiniWebSocketServer.BINARY);
            String[] id = codec.decode(f.payload()).id().split(":", -1);
            int th = Integer.parseInt(id[0]);
            assertThat(Integer.parseInt(id[1])).isEqualTo(nextPerThread[th]++);
        }
    }

    @Test
    void jsonSendsAreTextFrames() throws Exception {
        Transport t = open(WireFormat.JSON);
        t.send(ProtocolMessage.builder(Action.HEARTBEAT).id("abc").build());
        MiniWebSocketServer.Frame f = server.next(WAIT);
        assertThat(f.opcode()).isEqualTo(MiniWebSocketServer.TEXT);
        assertThat(f.text()).contains("\"id\":\"abc\"").contains("\"action\":0");
    }

    @Test
    void fragmentedBinaryMessageIsReassembled() throws Exception {
        open(WireFormat.MSGPACK);
        byte[] frame = ProtocolCodec.create(WireFormat.MSGPACK)
                .encode(ProtocolMessage.builder(Action.CONNECTED)
                        .connectionId("a-connection-id-long-enough-to-split")
                        .build());
        server.sendFragmented(MiniWebSocketServer.BINARY, frame, 3);
        ProtocolMessage m = (ProtocolMessage) nextEvent();
        assertThat(m.action()).isEqualTo(Action.CONNECTED);
        assertThat(m.connectionId()).isEqualTo("a-connection-id-long-enough-to-split");
    }

    @Test
    void fragmentedTextMessageIsReassembled() throws Exception {
        open(WireFormat.JSON);
        String json = "{\"action\":4,\"connectionId\":\"fragmented-text-connection\"}";
        server.sendFragmented(MiniWebSocketServer.TEXT, json.getBytes(StandardCharsets.UTF_8), 4);
        ProtocolMessage m = (ProtocolMessage) nextEvent();
        assertThat(m.connectionId()).isEqualTo("fragmented-text-connection");
    }

    @Test
    void malformedFrameIsDroppedAndLaterFramesStillArrive() throws Exception {
        open(WireFormat.JSON);
        server.send(MiniWebSocketServer.TEXT, "{not json".getBytes(StandardCharsets.UTF_8), true);
        server.send(MiniWebSocketServer.TEXT, "{\"action\":0,\"id\":\"after\"}".getBytes(StandardCharsets.UTF_8), true);
        ProtocolMessage m = (ProtocolMessage) nextEvent();
        assertThat(m.id()).isEqualTo("after");
    }

    @Test
    void pingFramesAreReportedAndAnsweredWithPong() throws Exception {
        open(WireFormat.MSGPACK);
        server.send(MiniWebSocketServer.PING, new byte[] {1, 2}, true);
        assertThat(nextEvent()).isEqualTo("ping");
        MiniWebSocketServer.Frame pong = server.next(WAIT);
        assertThat(pong.opcode()).isEqualTo(MiniWebSocketServer.PONG);
        assertThat(pong.payload()).containsExactly(1, 2);
    }

    @Test
    void closeFlushesQueuedMessagesThenSendsACloseFrame() throws Exception {
        Transport t = open(WireFormat.MSGPACK);
        t.send(ProtocolMessage.of(Action.CLOSE));
        t.close();
        t.send(ProtocolMessage.of(Action.HEARTBEAT)); // ignored after close()
        assertThat(server.next(WAIT).opcode()).isEqualTo(MiniWebSocketServer.BINARY);
        assertThat(server.next(WAIT).opcode()).isEqualTo(MiniWebSocketServer.CLOSE);
        assertThat(nextEvent()).isEqualTo("closed");
    }

    @Test
    void connectionResetAfterTheClientsCloseFrameIsANormalClose() throws Exception {
        Transport t = open(WireFormat.MSGPACK);
        server.resetOnClose = true; // the closing handshake never completes: the server drops the TCP connection
        t.close();
        assertThat(server.next(WAIT).opcode()).isEqualTo(MiniWebSocketServer.CLOSE);
        assertThat(nextEvent())
                .as("the close was asked for, so the reset is not an error")
                .isEqualTo("closed");
    }

    @Test
    void abruptServerDisconnectReportsAnError() throws Exception {
        open(WireFormat.MSGPACK);
        server.abort();
        Object e = nextEvent();
        assertThat(e).isInstanceOf(ErrorInfo.class);
        assertThat(((ErrorInfo) e).code()).isEqualTo(80003);
    }

    /** RSC18 spirit: the URL carries the key or token; a failure to open must not repeat it in its message. */
    @Test
    void failureToOpenNeverReportsTheCredentialsOfTheUrl() throws Exception {
        TransportFactory factory = factory(Duration.ofSeconds(5), log);
        URI uri = URI.create(scheme() + "://bad_host.example:443/?v=6&key=app.key%3AKEYSECRET&accessToken=TOKENSECRET");
        factory.open(uri, Map.of(), WireFormat.MSGPACK, listener);
        Object e = nextEvent();
        assertThat(e).isInstanceOf(ErrorInfo.class);
        assertThat(((ErrorInfo) e).code()).isEqualTo(80003);
        assertThat(((ErrorInfo) e).toString())
                .contains("Unable to open WebSocket")
                .doesNotContain("KEYSECRET")
                .doesNotContain("TOKENSECRET");
    }

    @Test
    void refusedConnectionReportsAnErrorWithoutOpening() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        TransportFactory factory = factory(Duration.ofSeconds(5), log);
        factory.open(URI.create(scheme() + "://127.0.0.1:" + port + "/"), Map.of(), WireFormat.MSGPACK, listener);
        Object e = nextEvent();
        assertThat(e).isInstanceOf(ErrorInfo.class);
        assertThat(((ErrorInfo) e).message()).contains("Unable to open WebSocket");
    }

    @Test
    void serverCloseFrameIsAnsweredAndReportedAsError80003() throws Exception {
        open(WireFormat.MSGPACK);
        server.send(MiniWebSocketServer.CLOSE, new byte[] {3, (byte) 0xe9, 'b', 'y', 'e'}, true); // 1001 "bye"
        Object e = nextEvent();
        assertThat(e).isInstanceOf(ErrorInfo.class);
        assertThat(((ErrorInfo) e).code()).isEqualTo(80003);
        assertThat(((ErrorInfo) e).message()).contains("1001");
        MiniWebSocketServer.Frame reply = server.next(WAIT);
        assertThat(reply.opcode()).isEqualTo(MiniWebSocketServer.CLOSE);
        assertThat(events.poll(200, TimeUnit.MILLISECONDS))
                .as("nothing after onClose")
                .isNull();
    }

    @Test
    void closeRequestedBeforeTheHandshakeFinishesOpensThenClosesNormally() throws Exception {
        server = newServer(MiniWebSocketServer::switchingProtocols);
        Transport t = factory(Duration.ofSeconds(5), log)
                .open(
                        URI.create(scheme() + "://127.0.0.1:" + server.port() + "/"),
                        Map.of(),
                        WireFormat.MSGPACK,
                        listener);
        t.close();
        assertThat(nextEvent()).isEqualTo("open");
        assertThat(server.next(WAIT).opcode()).isEqualTo(MiniWebSocketServer.CLOSE);
        assertThat(nextEvent()).isEqualTo("closed");
    }

    @Test
    void messageLargerThanTheLimitClosesTheTransportWithAnError() throws Exception {
        open(WireFormat.MSGPACK);
        byte[] big = new byte[JdkWebSocketTransport.MAX_MESSAGE_BYTES + 1];
        Thread sender = new Thread(() -> {
            try {
                server.sendFragmented(MiniWebSocketServer.BINARY, big, 4);
            } catch (java.io.IOException e) {
                // the client may hang up before all is sent
            }
        });
        sender.setDaemon(true);
        sender.start();
        Object e = nextEvent();
        assertThat(e).isInstanceOf(ErrorInfo.class);
        assertThat(((ErrorInfo) e).code()).isEqualTo(80003);
        assertThat(((ErrorInfo) e).message()).contains("larger than " + JdkWebSocketTransport.MAX_MESSAGE_BYTES);
    }

    @Test
    void nonSwitchingProtocolsStatusFailsTheOpenWith80003() throws Exception {
        server = newServer(key -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0");
        connect(WireFormat.MSGPACK);
        Object e = nextEvent();
        assertThat(e).as("no onOpen, an error").isInstanceOf(ErrorInfo.class);
        assertThat(((ErrorInfo) e).code()).isEqualTo(80003);
        assertThat(((ErrorInfo) e).message()).contains("Unable to open WebSocket");
    }

    @Test
    void wrongSecWebSocketAcceptFailsTheOpenWith80003() throws Exception {
        server = newServer(key -> MiniWebSocketServer.switchingProtocols(key + "x")); // accept computed for another key
        connect(WireFormat.MSGPACK);
        Object e = nextEvent();
        assertThat(e).as("no onOpen, an error").isInstanceOf(ErrorInfo.class);
        assertThat(((ErrorInfo) e).code()).isEqualTo(80003);
    }

    @Test
    void maskedServerFrameFailsTheConnectionWith80003() throws Exception {
        open(WireFormat.MSGPACK);
        server.sendRaw(new byte[] {(byte) 0x82, (byte) 0x81, 1, 2, 3, 4, 5}); // binary, masked, 1 byte
        Object e = nextEvent();
        assertThat(e).isInstanceOf(ErrorInfo.class);
        assertThat(((ErrorInfo) e).code()).isEqualTo(80003);
    }
}
