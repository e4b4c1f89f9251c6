package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ChannelState;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import io.ably4j.emulator.Emulator;
import io.ably4j.types.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link WebSocketEngine#NIO} end to end against the emulator, over {@code ws} and {@code wss} (the emulator's
 * self-signed certificate, trusted through {@code sslContext}), in JSON and msgpack: connect, attach, publish with
 * ACK, a subscriber on another connection receives, close.
 */
class NioEngineIntegrationTest {
    private static final String KEY = "nioit.key:secret";
    private static final long WAIT = UtsSandbox.DEADLINE.toMillis();

    private static Emulator plain;
    private static Emulator secure;
    private final List<RealtimeClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        plain = Emulator.builder().port(0).key(KEY).build();
        secure = Emulator.builder().port(0).key(KEY).tls(true).build();
    }

    @AfterAll
    static void stop() {
        plain.close();
        secure.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        for (RealtimeClient c : clients) {
            c.close();
        }
        for (RealtimeClient c : clients) {
            c.connection().whenState(ConnectionState.CLOSED).get(WAIT, TimeUnit.MILLISECONDS);
        }
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of(false, false),
                Arguments.of(false, true),
                Arguments.of(true, false),
                Arguments.of(true, true));
    }

    private RealtimeClient client(boolean tls, boolean binary) {
        ClientOptions.Builder b = ClientOptions.builder()
                .key(KEY)
                .endpoint("localhost")
                .webSocketEngine(WebSocketEngine.NIO)
                .useBinaryProtocol(binary)
                .autoConnect(false)
                .tls(tls);
        if (tls) {
            b.tlsPort(secure.port()).sslContext(secure.clientSslContext());
        } else {
            b.port(plain.port()).allowInsecureBasicAuthForLocalDevelopment(true);
        }
        RealtimeClient c = new RealtimeClient(b.build());
        clients.add(c);
        return c;
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT, TimeUnit.MILLISECONDS);
    }

    @ParameterizedTest(name = "tls={0}, msgpack={1}")
    @MethodSource("variants")
    void nioEngine_connectAttachPublishSubscribeClose(boolean tls, boolean binary) throws Exception {
        RealtimeClient publisher = client(tls, binary);
        RealtimeClient subscriber = client(tls, binary);
        publisher.connect();
        subscriber.connect();
        await(publisher.connection().whenState(ConnectionState.CONNECTED));
        await(subscriber.connection().whenState(ConnectionState.CONNECTED));
        assertThat(publisher.connection().id()).isNotNull();

        String name = "nio-" + UtsSandbox.randomId();
        RealtimeChannel sub = subscriber.channels().get(name);
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        sub.subscribe(received::add);
        await(sub.whenState(ChannelState.ATTACHED));
        RealtimeChannel pub = publisher.channels().get(name);
        await(pub.attach());

        byte[] bytes = {0, 1, 2, (byte) 255};
        await(pub.publish("text", "hello over nio")); // completes on the ACK
        await(pub.publish("binary", bytes));
        await(pub.publish("big", "x".repeat(40_000))); // several TLS records and frame-length encodings

        Message first = UtsSandbox.poll(received);
        assertThat(first.name()).isEqualTo("text");
        assertThat(first.data()).isEqualTo("hello over nio");
        Message second = UtsSandbox.poll(received);
        assertThat(second.name()).isEqualTo("binary");
        assertThat(second.data()).isEqualTo(bytes);
        Message third = UtsSandbox.poll(received);
        assertThat(third.data()).isEqualTo("x".repeat(40_000));

        await(publisher.connection().ping());
        publisher.close();
        await(publisher.connection().whenState(ConnectionState.CLOSED));
        assertThat(publisher.connection().errorReason()).isNull();
    }
}
