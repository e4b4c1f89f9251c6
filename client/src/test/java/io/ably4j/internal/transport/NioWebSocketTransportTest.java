package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.Emulator;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Log;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The {@link WebSocketTransportContractTest transport contract} for the NIO engine, plus what only this engine
 * promises: close codes it sends, idle connections holding no buffers, coalesced wakeups, the connect timeout, and TLS
 * (trust, hostname verification) against the emulator. Waits use deadlines, never sleeps.
 */
@NullUnmarked // tests read nullable results on purpose
class NioWebSocketTransportTest extends WebSocketTransportContractTest {
    private static final String KEY = "nioapp.key:secret";

    @Override
    TransportFactory factory(Duration connectTimeout, Log log) {
        return NioWebSocketTransport.factory(null, connectTimeout, log);
    }

    private ErrorInfo nextError() throws InterruptedException {
        Object e = nextEvent();
        assertThat(e).as("an error, and no onOpen before it").isInstanceOf(ErrorInfo.class);
        return (ErrorInfo) e;
    }

    private static int heldBytes(NioWebSocketTransport t) throws Exception {
        return onLoop(t::heldBytes);
    }

    private static <T> T onLoop(java.util.function.Supplier<T> query) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        NioLoop.get().execute(() -> result.complete(query.get()));
        return result.get(WAIT, TimeUnit.SECONDS);
    }

    /** Polls {@code condition} on the loop until it holds, for at most {@link #WAIT} seconds. */
    private static boolean eventually(java.util.function.BooleanSupplier condition) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (!onLoop(condition::getAsBoolean)) {
            if (System.nanoTime() > end) {
                return false;
            }
            Thread.onSpinWait(); // each check is a round trip to the loop
        }
        return true;
    }

    /**
     * Sends far more than the socket buffers hold to {@code server} while it does not read, checks that the transport
     * keeps the unwritten output and waits for OP_WRITE, then lets the server read: every frame arrives intact and in
     * order, OP_WRITE interest is dropped and no output is held afterwards.
     */
    static void backPressure(NioWebSocketTransport t, MiniWebSocketServer server) throws Exception {
        backPressure(t, server, () -> {});
    }

    /** Something to do while the socket is full. */
    interface WhileFull {
        void run() throws Exception;
    }

    /** {@link #backPressure(NioWebSocketTransport, MiniWebSocketServer)}, doing {@code whileFull} at the worst time. */
    static void backPressure(NioWebSocketTransport t, MiniWebSocketServer server, WhileFull whileFull)
            throws Exception {
        io.ably4j.internal.protocol.ProtocolCodec codec =
                io.ably4j.internal.protocol.ProtocolCodec.create(WireFormat.MSGPACK);
        int frames = 400;
        String filler = "p".repeat(64 * 1024);
        server.holdReads();
        try {
            for (int i = 0; i < frames; i++) {
                t.send(ProtocolMessage.builder(Action.HEARTBEAT).id(i + filler).build()); // 26 MB in all
            }
            // Full: OP_WRITE wanted, frames queued, and no progress from one loop turn to the next (a socket with room
            // would have been written to in between: OP_WRITE readiness is reported by every select).
            int[] lastQueued = {-1};
            assertThat(eventually(() -> {
                        boolean waiting = (t.interestOps() & java.nio.channels.SelectionKey.OP_WRITE) != 0
                                && t.queuedFrames() > 0;
                        int queued = waiting ? t.queuedFrames() : -1;
                        boolean stuck = waiting && queued == lastQueued[0];
                        lastQueued[0] = queued;
                        return stuck;
                    }))
                    .as(
                            "the socket filled up: frames wait for OP_WRITE (held %d, ops %d, queued %d)",
                            heldBytes(t), onLoop(t::interestOps), t.queuedFrames())
                    .isTrue();
            whileFull.run();
        } finally {
            server.releaseReads();
        }
        for (int i = 0; i < frames; i++) {
            MiniWebSocketServer.Frame f = server.next(WAIT);
            assertThat(f).as("frame %d within %d s", i, WAIT).isNotNull();
            assertThat(codec.decode(f.payload()).id()).isEqualTo(i + filler);
        }
        assertThat(eventually(() -> t.interestOps() == java.nio.channels.SelectionKey.OP_READ))
                .as("OP_WRITE interest cleared")
                .isTrue();
        assertThat(heldBytes(t)).isZero();
    }

    /** After onClose (already received), the transport holds no socket, selection key or buffer. */
    private static void assertReleased(Transport t) throws Exception {
        NioWebSocketTransport n = (NioWebSocketTransport) t;
        assertThat(onLoop(n::holdsSocket)).as("socket closed and key cancelled").isFalse();
        assertThat(heldBytes(n)).isZero();
    }

    @Test
    void refusedConnectionReleasesTheSocket() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Transport t = NioWebSocketTransport.factory(null, Duration.ofSeconds(5), log)
                .open(URI.create("ws://127.0.0.1:" + port + "/"), Map.of(), WireFormat.MSGPACK, listener);
        nextError();
        assertReleased(t);
    }

    @Test
    void failedUpgradeReleasesTheSocket() throws Exception {
        server = new MiniWebSocketServer(key -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0");
        Transport t = connect(WireFormat.MSGPACK);
        nextError();
        assertReleased(t);
    }

    @Test
    void timeoutDuringTheTlsHandshakeReleasesTheSocket() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Transport t = NioWebSocketTransport.factory(null, Duration.ofMillis(300), log)
                    .open(
                            URI.create("wss://127.0.0.1:" + silent.getLocalPort() + "/"),
                            Map.of(),
                            WireFormat.MSGPACK,
                            listener);
            assertThat(nextError().message()).contains("timed out");
            assertReleased(t);
        }
    }

    @Test
    void connectionResetInTheMiddleOfAFrameReleasesEverything() throws Exception {
        Transport t = open(WireFormat.MSGPACK);
        server.sendRaw(new byte[] {(byte) 0x82, 126, 1, 0, 1, 2, 3}); // 256-byte frame, 3 bytes of it
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (heldBytes((NioWebSocketTransport) t) != 256 && System.nanoTime() < end) {
            Thread.onSpinWait(); // bounded poll of the loop's view
        }
        assertThat(heldBytes((NioWebSocketTransport) t)).isEqualTo(256);
        server.reset();
        assertThat(nextError().code()).isEqualTo(80003);
        assertReleased(t);
    }

    @Test
    void slowReadingServerReceivesEveryFrameIntactAndInOrder() throws Exception {
        backPressure((NioWebSocketTransport) open(WireFormat.MSGPACK), server);
    }

    /** Occupies the loop thread until {@code release} opens; the returned latch opens once it is occupied. */
    private static CountDownLatch blockLoopUntil(NioLoop loop, CountDownLatch release) {
        CountDownLatch busy = new CountDownLatch(1);
        loop.execute(() -> {
            busy.countDown();
            try {
                release.await(WAIT, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        return busy;
    }

    @Test
    void oneFlushWritesAtMostItsShareBeforeOtherWorkRuns() throws Exception {
        NioWebSocketTransport t = (NioWebSocketTransport) open(WireFormat.MSGPACK);
        NioLoop loop = NioLoop.get();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = blockLoopUntil(loop, release);
        assertThat(busy.await(WAIT, TimeUnit.SECONDS)).isTrue(); // the flush and the probe run in the next turn
        int frames = 400;
        String filler = "f".repeat(8 * 1024);
        CompletableFuture<Integer> queuedWhenOthersRan = new CompletableFuture<>();
        try {
            for (int i = 0; i < frames; i++) {
                t.send(ProtocolMessage.builder(Action.HEARTBEAT).id(i + filler).build()); // schedules one flush
            }
            loop.execute(() -> queuedWhenOthersRan.complete(t.queuedFrames())); // queued after that flush
        } finally {
            release.countDown();
        }
        int share = NioWebSocketTransport.MAX_BATCHES_PER_TURN * 32 * 1024 / filler.length() + 1;
        assertThat(queuedWhenOthersRan.get(WAIT, TimeUnit.SECONDS))
                .as("frames left when the next task ran: the flush yielded after its share")
                .isGreaterThanOrEqualTo(frames - share);
        io.ably4j.internal.protocol.ProtocolCodec codec =
                io.ably4j.internal.protocol.ProtocolCodec.create(WireFormat.MSGPACK);
        for (int i = 0; i < frames; i++) {
            assertThat(codec.decode(server.next(WAIT).payload()).id()).isEqualTo(i + filler);
        }
    }

    @Test
    void aTaskThatKeepsResubmittingItselfDoesNotStarveTheSockets() throws Exception {
        open(WireFormat.MSGPACK);
        NioLoop loop = NioLoop.get();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Runnable[] spin = new Runnable[1];
        spin[0] = () -> {
            if (!stop.get()) {
                loop.execute(spin[0]); // like the flush of a connection whose sender never stops
            }
        };
        loop.execute(spin[0]);
        try {
            server.send(MiniWebSocketServer.PING, new byte[] {7}, true);
            assertThat(nextEvent())
                    .as("the socket is read while the task keeps coming back")
                    .isEqualTo("ping");
        } finally {
            stop.set(true);
        }
    }

    @Test
    void upgradeFailureNamesTheHttpStatus() throws Exception {
        server = new MiniWebSocketServer(key -> "HTTP/1.1 403 Forbidden\r\nContent-Length: 0");
        connect(WireFormat.MSGPACK);
        ErrorInfo e = nextError();
        assertThat(e.code()).isEqualTo(80003);
        assertThat(e.statusCode()).isEqualTo(503);
        assertThat(e.message()).startsWith("Unable to open WebSocket").contains("403");
    }

    @Test
    void upgradeWithAWrongAcceptIsRejected() throws Exception {
        server = new MiniWebSocketServer(key -> MiniWebSocketServer.switchingProtocols(key + "x"));
        connect(WireFormat.MSGPACK);
        assertThat(nextError().message()).contains("Sec-WebSocket-Accept");
    }

    @Test
    void upgradeWithoutTheUpgradeHeaderIsRejected() throws Exception {
        server = new MiniWebSocketServer(
                key -> MiniWebSocketServer.switchingProtocols(key).replace("Upgrade: websocket\r\n", ""));
        connect(WireFormat.MSGPACK);
        assertThat(nextError().message()).contains("Upgrade: websocket");
    }

    @Test
    void upgradeRequestIsACompleteRfc6455Request() throws Exception {
        open(WireFormat.JSON);
        assertThat(server.requestLine).isEqualTo("GET /?format=json&v=6 HTTP/1.1");
        assertThat(server.requestHeaders)
                .containsEntry("host", "127.0.0.1:" + server.port())
                .containsEntry("upgrade", "websocket")
                .containsEntry("connection", "Upgrade")
                .containsEntry("sec-websocket-version", "13");
        assertThat(java.util.Base64.getDecoder().decode(server.requestHeaders.get("sec-websocket-key")))
                .hasSize(16);
    }

    @Test
    void maskedServerFrameIsAnsweredWithClose1002() throws Exception {
        open(WireFormat.MSGPACK);
        server.sendRaw(new byte[] {(byte) 0x82, (byte) 0x81, 1, 2, 3, 4, 5});
        assertThat(nextError().message()).contains("masked frame");
        MiniWebSocketServer.Frame close = server.next(WAIT);
        assertThat(close.opcode()).isEqualTo(MiniWebSocketServer.CLOSE);
        assertThat(close.payload()).containsExactly(3, (byte) 234); // 1002
    }

    @Test
    void reservedBitsCloseWith1002() throws Exception {
        open(WireFormat.MSGPACK);
        server.sendRaw(new byte[] {(byte) 0xc2, 1, 7}); // RSV1 set
        assertThat(nextError().message()).contains("reserved bits");
        assertThat(server.next(WAIT).payload()).containsExactly(3, (byte) 234);
    }

    @Test
    void unknownOpcodeClosesWith1002() throws Exception {
        open(WireFormat.MSGPACK);
        server.sendRaw(new byte[] {(byte) 0x83, 0}); // opcode 3
        assertThat(nextError().message()).contains("unknown opcode 3");
        assertThat(server.next(WAIT).payload()).containsExactly(3, (byte) 234);
    }

    @Test
    void closeWaitsForTheServersCloseThenReportsNull() throws Exception {
        Transport t = open(WireFormat.MSGPACK);
        t.close();
        MiniWebSocketServer.Frame close = server.next(WAIT);
        assertThat(close.payload()).containsExactly(3, (byte) 232); // 1000
        assertThat(nextEvent()).isEqualTo("closed");
    }

    @Test
    void idleConnectionHoldsNoBuffersAndAPartialFrameOnlyWhatItNeeds() throws Exception {
        NioWebSocketTransport t = (NioWebSocketTransport) open(WireFormat.MSGPACK);
        t.send(ProtocolMessage.builder(Action.HEARTBEAT).id("x").build());
        assertThat(server.next(WAIT)).isNotNull();
        server.send(MiniWebSocketServer.PING, new byte[] {9}, true);
        assertThat(nextEvent()).isEqualTo("ping");
        assertThat(heldBytes(t)).as("idle after traffic").isZero();

        byte[] payload = io.ably4j.internal.protocol.ProtocolCodec.create(WireFormat.MSGPACK)
                .encode(ProtocolMessage.builder(Action.HEARTBEAT)
                        .id("y".repeat(300))
                        .build());
        byte[] frame = new byte[4 + payload.length];
        frame[0] = (byte) 0x82;
        frame[1] = 126;
        frame[2] = (byte) (payload.length >> 8);
        frame[3] = (byte) payload.length;
        System.arraycopy(payload, 0, frame, 4, payload.length);
        server.sendRaw(java.util.Arrays.copyOf(frame, 20)); // header and 16 payload bytes
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT);
        while (heldBytes(t) != payload.length && System.nanoTime() < end) {
            Thread.onSpinWait(); // bounded poll of the loop's view; each check is a round trip to the loop
        }
        assertThat(heldBytes(t))
                .as("a partial frame holds its payload array only")
                .isEqualTo(payload.length);
        server.sendRaw(java.util.Arrays.copyOfRange(frame, 20, frame.length));
        assertThat(((ProtocolMessage) nextEvent()).id()).isEqualTo("y".repeat(300));
        assertThat(heldBytes(t)).isZero();
    }

    @Test
    void sendsWhileTheLoopIsBusyCauseNoWakeupAndGoOutInOrder() throws Exception {
        Transport t = open(WireFormat.MSGPACK);
        NioLoop loop = NioLoop.get();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = blockLoopUntil(loop, release);
        long before;
        try {
            assertThat(busy.await(WAIT, TimeUnit.SECONDS)).isTrue();
            before = loop.wakeups();
            for (int i = 0; i < 100; i++) {
                t.send(ProtocolMessage.builder(Action.HEARTBEAT).id("m" + i).build());
            }
            assertThat(loop.wakeups() - before).isZero();
        } finally {
            release.countDown();
        }
        io.ably4j.internal.protocol.ProtocolCodec codec =
                io.ably4j.internal.protocol.ProtocolCodec.create(WireFormat.MSGPACK);
        for (int i = 0; i < 100; i++) {
            assertThat(codec.decode(server.next(WAIT).payload()).id()).isEqualTo("m" + i);
        }
    }

    @Test
    void connectTimeoutCoversTheUpgrade() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            // TCP connects (backlog) but nobody ever answers the upgrade
            NioWebSocketTransport.factory(null, Duration.ofMillis(300), log)
                    .open(
                            URI.create("ws://127.0.0.1:" + silent.getLocalPort() + "/"),
                            Map.of(),
                            WireFormat.MSGPACK,
                            listener);
            ErrorInfo e = nextError();
            assertThat(e.code()).isEqualTo(80003);
            assertThat(e.message()).contains("timed out");
        }
    }

    @Test
    void unresolvableHostFailsWithoutOpening() throws Exception {
        NioWebSocketTransport.factory(null, Duration.ofSeconds(5), log)
                .open(URI.create("ws://no-such-host.invalid/"), Map.of(), WireFormat.MSGPACK, listener);
        ErrorInfo e = nextError();
        assertThat(e.code()).isEqualTo(80003);
        assertThat(e.message()).contains("no-such-host.invalid");
    }

    private Transport openTls(Emulator emu, String host, @Nullable SSLContext ctx, WireFormat format) {
        URI uri = URI.create("wss://" + host + ":" + emu.port() + "/?v=6&format=" + format.queryValue() + "&key="
                + KEY.replace(":", "%3A"));
        return NioWebSocketTransport.factory(ctx, Duration.ofSeconds(10), log)
                .open(uri, Map.of("Ably-Agent", "ably4j-test"), format, listener);
    }

    @Test
    void wssWithTheEmulatorsSslContextExchangesFramesAndClosesCleanly() throws Exception {
        for (WireFormat format : WireFormat.values()) {
            try (Emulator emu = Emulator.builder().tls(true).key(KEY).build()) {
                Transport t = openTls(emu, "localhost", emu.clientSslContext(), format);
                assertThat(nextEvent()).isEqualTo("open");
                ProtocolMessage connected = (ProtocolMessage) nextEvent();
                assertThat(connected.action()).isEqualTo(Action.CONNECTED);
                t.send(ProtocolMessage.builder(Action.ATTACH)
                        .channel("tls-channel")
                        .build());
                ProtocolMessage attached = (ProtocolMessage) nextEvent();
                assertThat(attached.action()).isEqualTo(Action.ATTACHED);
                assertThat(attached.channel()).isEqualTo("tls-channel");
                t.close();
                assertThat(nextEvent()).isEqualTo("closed");
            }
        }
    }

    @Test
    void wssHostnameVerificationRejectsAnAddressTheCertificateDoesNotName() throws Exception {
        // The certificate names localhost and 127.0.0.1; the emulator listens on 127.0.0.2 (also loopback on Linux).
        try (Emulator emu =
                Emulator.builder().tls(true).key(KEY).bindAddress("127.0.0.2").build()) {
            openTls(emu, "127.0.0.2", emu.clientSslContext(), WireFormat.JSON);
            ErrorInfo e = nextError();
            assertThat(e.code()).isEqualTo(80003);
            assertThat(e.message()).startsWith("Unable to open WebSocket").contains("127.0.0.2");
            assertThat(events.poll(200, TimeUnit.MILLISECONDS))
                    .as("nothing after onClose")
                    .isNull();
        }
    }

    @Test
    void wssWithTheDefaultContextRejectsAnUntrustedCertificate() throws Exception {
        try (Emulator emu = Emulator.builder().tls(true).key(KEY).build()) {
            openTls(emu, "localhost", null, WireFormat.JSON);
            ErrorInfo e = nextError();
            assertThat(e.code()).isEqualTo(80003);
            assertThat(e.message()).contains("SSLHandshakeException");
        }
    }

    /** A listener recording each {@code onMessages} batch (message ids and bytes) and the close. */
    private static final class BatchRecorder implements TransportListener {
        final java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();

        @Override
        public void onOpen() {
            events.add("open");
        }

        @Override
        public void onMessage(ProtocolMessage message, int frameBytes) {
            events.add("single " + message.id() + " " + frameBytes);
        }

        @Override
        public void onMessages(java.util.List<ProtocolMessage> messages, long frameBytes) {
            StringBuilder b = new StringBuilder("batch");
            for (ProtocolMessage m : messages) {
                b.append(' ').append(m.id());
            }
            events.add(b.append(" bytes=").append(frameBytes).toString());
        }

        @Override
        public void onPing() {
            events.add("ping");
        }

        @Override
        public void onClose(@Nullable ErrorInfo error) {
            events.add(error == null ? "closed" : "error " + error.code());
        }
    }

    private static byte[] textFrame(String json) {
        byte[] p = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] f = new byte[p.length + 2];
        f[0] = (byte) 0x81;
        f[1] = (byte) p.length; // < 126
        System.arraycopy(p, 0, f, 2, p.length);
        return f;
    }

    @Test
    void theFramesOfOneReadArriveAsOneBatchInOrder_sizedInBytes_beforeAPingAndTheClose() throws Exception {
        server = newServer(MiniWebSocketServer::switchingProtocols);
        BatchRecorder rec = new BatchRecorder();
        URI uri = URI.create("ws://127.0.0.1:" + server.port() + "/?format=json&v=6");
        Transport t = factory(Duration.ofSeconds(5), log).open(uri, Map.of(), WireFormat.JSON, rec);
        try {
            assertThat(rec.events.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("open");
            java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
            String[] frames = {
                "{\"action\":0,\"id\":\"a\"}",
                "{\"action\":0,\"id\":\"b\u00e9\"}",
                "{not json", // dropped, the rest still arrives
                "{\"action\":0,\"id\":\"c\"}"
            };
            long bytes = 0;
            for (String f : frames) {
                read.write(textFrame(f));
                if (!f.startsWith("{not")) {
                    bytes += f.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
                }
            }
            read.write(new byte[] {(byte) 0x89, 0}); // a ping
            read.write(textFrame("{\"action\":0,\"id\":\"d\"}"));
            read.write(new byte[] {(byte) 0x88, 2, 3, (byte) 0xe9}); // close 1001
            server.sendRaw(read.toByteArray()); // one write: one read on the client
            assertThat(rec.events.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("batch a b\u00e9 c bytes=" + bytes);
            assertThat(rec.events.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("ping");
            assertThat(rec.events.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("batch d bytes=21");
            assertThat(rec.events.poll(WAIT, TimeUnit.SECONDS)).isEqualTo("error 80003");
        } finally {
            t.close();
        }
    }
}
