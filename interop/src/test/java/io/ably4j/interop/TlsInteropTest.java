package io.ably4j.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import io.ably4j.emulator.Emulator;
import io.ably4j.interop.TlsTerminator.CloseMode;
import io.ably4j.interop.TlsTerminator.Secure;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ably4j's TLS against an independent TLS server stack: Node's {@code tls} (OpenSSL) terminates TLS in front of the
 * plain-text emulator ({@link TlsTerminator}). Each case runs on the NIO engine ({@code SSLEngine} driven by ably4j)
 * and, as a reference, on the JDK engine ({@code java.net.http}): TLS 1.2 and 1.3 negotiated, records split into
 * 1-7 byte pieces, messages larger than a TLS record both ways, TLS 1.2 renegotiation by the server, session
 * resumption on reconnect, close_notify, FIN and RST from the server followed by a connection resume (RTN15), and a
 * certificate for another host refused. The certificates come from a test CA made at test time
 * ({@link TestCertificates}). See docs/transport.md, "TLS against an independent stack".
 */
class TlsInteropTest extends InteropBase {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** Larger than a TLS record's 16 KiB of plaintext, under the emulator's 64 KiB message size limit. */
    private static final int LARGE = 60 * 1024;

    private static @Nullable TestCertificates certs;

    @BeforeAll
    static void makeCertificates() {
        certs = TestCertificates.generate();
    }

    @AfterAll
    static void deleteCertificates() {
        TestCertificates c = certs;
        if (c != null) {
            c.delete();
        }
    }

    private static TestCertificates certs() {
        TestCertificates c = certs;
        if (c == null) {
            throw new IllegalStateException("no certificates");
        }
        return c;
    }

    static Stream<Arguments> engineVersions() {
        List<Arguments> args = new ArrayList<>();
        for (WebSocketEngine engine : List.of(WebSocketEngine.NIO, WebSocketEngine.JDK)) {
            for (String version : List.of("TLSv1.2", "TLSv1.3")) {
                args.add(Arguments.of(engine, version));
            }
        }
        return args.stream();
    }

    static Stream<Arguments> engineVersionCloses() {
        return engineVersions()
                .flatMap(a -> Stream.of(CloseMode.values()).map(mode -> Arguments.of(a.get()[0], a.get()[1], mode)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engineVersions")
    void negotiatesVersionAndRoundTripsLargeMessages(WebSocketEngine engine, String version) {
        Emulator emu = start();
        TlsTerminator tls = terminator(emu, certs().localhost, version, false);
        Ably4jPeer peer = ably4j(options(tls, engine).build());

        Secure s = tls.awaitSecure(1);
        assertThat(s.protocol()).isEqualTo(version);
        assertThat(s.servername()).isEqualTo("localhost"); // SNI sent
        assertThat(s.reused()).isFalse();
        roundTrip(peer, "tls-" + version, "small", "hello over " + version);
        roundTrip(peer, "tls-" + version, "large", largeText(1));
        assertThat(tls.secureCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("engineVersions")
    void recordsSplitAcrossReads(WebSocketEngine engine, String version) {
        Emulator emu = start();
        TlsTerminator tls = terminator(emu, certs().localhost, version, true);
        Ably4jPeer peer = ably4j(options(tls, engine).build());

        assertThat(tls.awaitSecure(1).protocol()).isEqualTo(version);
        roundTrip(peer, "split", "small", "split into 1-7 byte pieces");
        roundTrip(peer, "split", "large", largeText(2));
    }

    /** TLS 1.2 renegotiation started by the server mid-connection, with a large message in flight both ways. */
    @ParameterizedTest
    @EnumSource(
            value = WebSocketEngine.class,
            names = {"NIO", "JDK"})
    void renegotiationByServer(WebSocketEngine engine) {
        Emulator emu = start();
        TlsTerminator tls = terminator(emu, certs().localhost, "TLSv1.2", true);
        Ably4jPeer peer = ably4j(options(tls, engine).build());
        roundTrip(peer, "reneg", "before", "1");
        RealtimeChannel channel = peer.channel("reneg");

        var inFlight = channel.publish(
                Message.builder().name("large").data(largeText(3)).build());
        tls.renegotiate();
        Ably4jPeer.await(inFlight, "publish during renegotiation");
        assertThat(peer.awaitMessage("reneg", "large", WAIT).data()).isEqualTo(largeText(3));
        roundTrip(peer, "reneg", "after", "2");
        assertThat(tls.secureCount()).isEqualTo(1);
    }

    /**
     * The server ends the TLS connection (close_notify, a FIN without close_notify, or a TCP reset): the client goes
     * DISCONNECTED, reconnects at once with a resumed TLS session and resumes the Ably connection (RTN15a, RTN15c6).
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("engineVersionCloses")
    void RTN15a_serverCloseThenResume(WebSocketEngine engine, String version, CloseMode mode) {
        Emulator emu = start();
        TlsTerminator tls = terminator(emu, certs().localhost, version, false);
        Ably4jPeer peer = ably4j(options(tls, engine).build());
        String id = peer.connectionId();
        roundTrip(peer, "resume", "before", "1");
        JavaPeer.Recorder<ConnectionStateChange> changes = new JavaPeer.Recorder<>();
        peer.client.connection().on(changes::add);

        tls.closeConnections(mode);

        ConnectionStateChange disconnected = changes.await(
                        c -> c.current() == ConnectionState.DISCONNECTED, 1, WAIT, "DISCONNECTED")
                .get(0);
        assertThat(disconnected.reason()).as("DISCONNECTED reason").isNotNull();
        changes.await(c -> c.current() == ConnectionState.CONNECTED, 1, WAIT, "CONNECTED again");
        assertThat(peer.connectionId()).as("resumed (RTN15c6)").isEqualTo(id);
        Secure second = tls.awaitSecure(2);
        assertThat(second.protocol()).isEqualTo(version);
        assertThat(second.reused()).as("TLS session resumed on reconnect").isTrue();
        roundTrip(peer, "resume", "after", "2");
        assertThat(changes.snapshot())
                .extracting(ConnectionStateChange::current)
                .containsExactly(ConnectionState.DISCONNECTED, ConnectionState.CONNECTING, ConnectionState.CONNECTED);
    }

    /** A certificate for another host is refused: never CONNECTED, and the reason names the mismatch. */
    @ParameterizedTest
    @EnumSource(
            value = WebSocketEngine.class,
            names = {"NIO", "JDK"})
    void hostnameMismatchRefused(WebSocketEngine engine) {
        Emulator emu = start();
        TlsTerminator tls = terminator(emu, certs().otherHost, "TLSv1.2", "TLSv1.3", false);
        JavaPeer.Recorder<ConnectionStateChange> changes = new JavaPeer.Recorder<>();
        RealtimeClient client =
                new RealtimeClient(options(tls, engine).autoConnect(false).build());
        track(client);
        client.connection().on(changes::add);
        client.connection().connect();

        ConnectionStateChange failed = changes.await(
                        c -> c.current() == ConnectionState.DISCONNECTED || c.current() == ConnectionState.FAILED,
                        1,
                        WAIT,
                        "DISCONNECTED or FAILED")
                .get(0);
        ErrorInfo reason = failed.reason();
        if (reason == null) {
            throw new AssertionError("no reason in " + failed);
        }
        assertThat(failed.current()).isEqualTo(ConnectionState.DISCONNECTED); // RTN14d: retried later
        assertThat(reason.code()).isEqualTo(80003);
        assertThat(reason.message()).contains("No subject alternative DNS name matching localhost");
        String serverSaw = tls.awaitTlsError();
        if (engine == WebSocketEngine.NIO) {
            // the NIO engine tells the server why (alert 46); the JDK's HttpClient just closes the socket
            assertThat(serverSaw).contains("alert certificate unknown");
        }
        assertThat(tls.secureCount()).isZero();
        assertThat(changes.snapshot())
                .extracting(ConnectionStateChange::current)
                .doesNotContain(ConnectionState.CONNECTED);
    }

    private TlsTerminator terminator(Emulator emu, TestCertificates.ServerCert cert, String version, boolean split) {
        return terminator(emu, cert, version, version, split);
    }

    private TlsTerminator terminator(
            Emulator emu, TestCertificates.ServerCert cert, String min, String max, boolean split) {
        return track(TlsTerminator.start(emu.port(), cert, min, max, split));
    }

    /** TLS to the terminator on {@code localhost}, trusting the test CA only; a fresh context (no cached sessions). */
    private static ClientOptions.Builder options(TlsTerminator tls, WebSocketEngine engine) {
        return ClientOptions.builder()
                .key(KEY)
                .endpoint("localhost")
                .tls(true)
                .tlsPort(tls.port())
                .sslContext(certs().clientContext())
                .webSocketEngine(engine);
    }

    /** Publishes on the channel and waits for the message's echo, checking its data. */
    private static void roundTrip(Ably4jPeer peer, String channelName, String name, String data) {
        RealtimeChannel channel = peer.channel(channelName);
        if (channel.state() == ChannelState.INITIALIZED) {
            peer.subscribe(channel);
        }
        peer.publish(channel, Message.builder().name(name).data(data).build());
        Message got = peer.awaitMessage(channelName, name, WAIT);
        assertThat(got.data()).isEqualTo(data);
    }

    private static String largeText(long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(LARGE);
        for (int i = 0; i < LARGE; i++) {
            sb.append((char) ('a' + r.nextInt(26)));
        }
        return sb.toString();
    }
}
