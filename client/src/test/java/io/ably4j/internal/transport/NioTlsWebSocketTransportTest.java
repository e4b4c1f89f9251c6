package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.emulator.internal.SelfSignedCertificate;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Log;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link WebSocketTransportContractTest transport contract} for the NIO engine over TLS ({@code wss}, against a
 * JDK {@code SSLServerSocket}), plus what TLS adds: renegotiation (TLS 1.2) and key updates (TLS 1.3) in mid-stream,
 * records split at every byte, close_notify on close, and back-pressure through the TLS engine. Waits use deadlines,
 * never sleeps.
 */
@NullUnmarked // tests read nullable results on purpose
class NioTlsWebSocketTransportTest extends WebSocketTransportContractTest {
    private static final SelfSignedCertificate CERT = SelfSignedCertificate.generate();
    private static final SSLContext SERVER = context(true);
    private static final SSLContext CLIENT = context(false);
    private static final ProtocolCodec MSGPACK = ProtocolCodec.create(WireFormat.MSGPACK);

    private static SSLContext context(boolean server) {
        try {
            char[] password = "test".toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (server) {
                ks.setKeyEntry("server", CERT.privateKey(), password, new Certificate[] {CERT.certificate()});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, password);
                ctx.init(kmf.getKeyManagers(), null, null);
            } else {
                ks.setCertificateEntry("server", CERT.certificate());
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                ctx.init(null, tmf.getTrustManagers(), null);
            }
            return ctx;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    TransportFactory factory(Duration connectTimeout, Log log) {
        return NioWebSocketTransport.factory(CLIENT, connectTimeout, log);
    }

    @Override
    MiniWebSocketServer newServer(java.util.function.UnaryOperator<String> responder) throws java.io.IOException {
        return new MiniWebSocketServer(responder, SERVER);
    }

    @Override
    String scheme() {
        return "wss";
    }

    /** Opens a msgpack transport to 127.0.0.1:{@code port} (the server, or a proxy in front of it). */
    private Transport openVia(int port) throws Exception {
        Transport t = factory(Duration.ofSeconds(WAIT), log)
                .open(URI.create("wss://127.0.0.1:" + port + "/"), Map.of(), WireFormat.MSGPACK, listener);
        assertThat(nextEvent()).isEqualTo("open");
        return t;
    }

    private static ProtocolMessage message(String id) {
        return ProtocolMessage.builder(Action.HEARTBEAT).id(id).build();
    }

    private static byte[] encoded(String id) {
        return MSGPACK.encode(message(id));
    }

    private String nextSentId() throws InterruptedException {
        MiniWebSocketServer.Frame f = server.next(WAIT);
        assertThat(f).as("a frame within %d s", WAIT).isNotNull();
        return MSGPACK.decode(f.payload()).id();
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void serverRenegotiationOrKeyUpdateInMidStreamKeepsFramesFlowingBothWays(String protocol) throws Exception {
        server = new MiniWebSocketServer(MiniWebSocketServer::switchingProtocols, SERVER, protocol);
        Transport t = openVia(server.port());
        t.send(message("before"));
        assertThat(nextSentId()).isEqualTo("before");
        for (int i = 0; i < 3; i++) {
            server.renegotiate(); // TLS 1.2: HelloRequest and a full handshake; TLS 1.3: KeyUpdate, update requested
            server.send(MiniWebSocketServer.BINARY, encoded("down" + i), true);
            assertThat(((ProtocolMessage) nextEvent()).id()).isEqualTo("down" + i);
            t.send(message("up" + i + "x".repeat(40_000))); // several records under the new keys
            assertThat(nextSentId()).isEqualTo("up" + i + "x".repeat(40_000));
        }
        t.close();
        assertThat(server.next(WAIT).opcode()).isEqualTo(MiniWebSocketServer.CLOSE);
        assertThat(nextEvent()).isEqualTo("closed");
    }

    @Test
    void recordsArrivingOneByteAtATimeAreReassembled() throws Exception {
        server = newServer(MiniWebSocketServer::switchingProtocols);
        try (TcpProxy proxy = new TcpProxy(server.port(), true)) {
            Transport t = openVia(proxy.port()); // the whole handshake, one byte per read
            for (String id : new String[] {"a", "b".repeat(300), "c".repeat(20_000)}) {
                server.send(MiniWebSocketServer.BINARY, encoded(id), true);
                assertThat(((ProtocolMessage) nextEvent()).id()).isEqualTo(id);
            }
            t.send(message("up"));
            assertThat(nextSentId()).isEqualTo("up");
            t.close();
            assertThat(nextEvent()).isEqualTo("closed");
        }
    }

    @Test
    void closeEndsTheTlsSessionWithCloseNotify() throws Exception {
        // TLS 1.2, so that the record type of an alert is visible on the wire (TLS 1.3 encrypts it)
        server = new MiniWebSocketServer(MiniWebSocketServer::switchingProtocols, SERVER, "TLSv1.2");
        try (TcpProxy proxy = new TcpProxy(server.port(), false)) {
            Transport t = openVia(proxy.port());
            t.close();
            assertThat(server.next(WAIT).opcode()).isEqualTo(MiniWebSocketServer.CLOSE);
            assertThat(nextEvent()).isEqualTo("closed");
            assertThat(proxy.awaitClientEnd(WAIT)).isTrue();
            byte[] wire = proxy.fromClient();
            int last = -1;
            for (int at = 0; at + 5 <= wire.length; at += 5 + (((wire[at + 3] & 0xff) << 8) | (wire[at + 4] & 0xff))) {
                last = at;
            }
            assertThat(last).as("TLS records from the client").isNotNegative();
            assertThat(wire[last])
                    .as("type of the client's last TLS record (21 = alert)")
                    .isEqualTo((byte) 21);
            int length = ((wire[last + 3] & 0xff) << 8) | (wire[last + 4] & 0xff);
            assertThat(last + 5 + length).as("the last record is complete").isEqualTo(wire.length);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void renegotiationOrKeyUpdateWhileTheSocketIsFullLosesNothing(String protocol) throws Exception {
        server = new MiniWebSocketServer(MiniWebSocketServer::switchingProtocols, SERVER, protocol);
        NioWebSocketTransport t = (NioWebSocketTransport) openVia(server.port());
        NioWebSocketTransportTest.backPressure(t, server, () -> {
            server.renegotiate(); // the client's answer has to queue behind the output the socket did not take
            server.send(MiniWebSocketServer.BINARY, encoded("during"), true);
            assertThat(((ProtocolMessage) nextEvent()).id()).isEqualTo("during");
        });
        t.send(message("after"));
        assertThat(nextSentId()).isEqualTo("after");
    }

    @Test
    void slowReadingServerReceivesEveryFrameIntactAndInOrder() throws Exception {
        Transport t = open(WireFormat.MSGPACK);
        NioWebSocketTransportTest.backPressure((NioWebSocketTransport) t, server);
    }
}
