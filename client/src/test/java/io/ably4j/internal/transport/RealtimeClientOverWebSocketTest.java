package io.ably4j.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeClient;
import io.ably4j.WebSocketEngine;
import io.ably4j.internal.connection.ClientRuntime;
import io.ably4j.internal.protocol.ProtocolCodec;
import io.ably4j.internal.protocol.WireFormat;
import io.ably4j.internal.util.Log;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The production wiring end to end (shared worker pool, real timer, JDK WebSocket) against a scripted loopback server:
 * connect, ping, close. Bounded waits, no sleeps.
 */
@NullUnmarked // tests read nullable results on purpose
class RealtimeClientOverWebSocketTest {
    @ParameterizedTest
    @EnumSource(WebSocketEngine.class)
    void connectPingAndCloseOverARealSocket(WebSocketEngine engine) throws Exception {
        ProtocolCodec codec = ProtocolCodec.create(WireFormat.MSGPACK);
        List<String> listenerThreads = new CopyOnWriteArrayList<>();
        try (MiniWebSocketServer server = new MiniWebSocketServer()) {
            RealtimeClient client = new RealtimeClient(ClientOptions.builder()
                    .key("appId.keyId:keySecret")
                    .endpoint("127.0.0.1")
                    .tls(false)
                    .port(server.port())
                    .allowInsecureBasicAuthForLocalDevelopment(true)
                    .webSocketEngine(engine)
                    .build());
            client.connection()
                    .on(c -> listenerThreads.add(Thread.currentThread().getName()));
            assertThat(server.awaitUpgrade(10)).isTrue();
            assertThat(server.requestLine)
                    .contains("key=appId.keyId%3AkeySecret")
                    .contains("format=msgpack");
            assertThat(server.requestHeaders.get("ably-agent")).startsWith("ably4j/");

            server.send(
                    MiniWebSocketServer.BINARY,
                    codec.encode(ProtocolMessage.builder(Action.CONNECTED)
                            .connectionId("conn-1")
                            .connectionDetails(ConnectionDetails.builder()
                                    .connectionKey("key-1")
                                    .maxIdleInterval(15_000L)
                                    .connectionStateTtl(120_000L)
                                    .build())
                            .build()),
                    true);
            client.connection().whenState(ConnectionState.CONNECTED).get(10, TimeUnit.SECONDS);
            assertThat(client.connection().id()).isEqualTo("conn-1");
            assertThat(client.connection().key()).isEqualTo("key-1");

            CompletableFuture<Duration> ping = client.connection().ping();
            MiniWebSocketServer.Frame hb = server.next(10);
            ProtocolMessage heartbeat = codec.decode(hb.payload());
            assertThat(heartbeat.action()).isEqualTo(Action.HEARTBEAT);
            server.send(
                    MiniWebSocketServer.BINARY,
                    codec.encode(ProtocolMessage.builder(Action.HEARTBEAT)
                            .id(heartbeat.id())
                            .build()),
                    true);
            assertThat(ping.get(10, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(Duration.ZERO);

            CompletableFuture<Void> closed = client.closeAsync(); // close() would wait for this thread's CLOSED
            ProtocolMessage close = codec.decode(server.next(10).payload());
            assertThat(close.action()).isEqualTo(Action.CLOSE);
            server.send(MiniWebSocketServer.BINARY, codec.encode(ProtocolMessage.of(Action.CLOSED)), true);
            closed.get(10, TimeUnit.SECONDS);
            assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
            assertThat(client.connection().id()).isNull();
        }
        // Listeners ran on the shared callback pool: never on an HttpClient (I/O) thread or a state worker.
        assertThat(listenerThreads).isNotEmpty().allSatisfy(n -> assertThat(n).startsWith("ably4j-callback-"));
    }

    @ParameterizedTest
    @EnumSource(WebSocketEngine.class)
    void sharedRuntimeOpensTransportsOfTheChosenEngine(WebSocketEngine engine) throws Exception {
        CompletableFuture<String> openedOn = new CompletableFuture<>();
        try (MiniWebSocketServer server = new MiniWebSocketServer()) {
            ClientOptions options = ClientOptions.builder()
                    .token("t")
                    .tls(false)
                    .webSocketEngine(engine)
                    .build();
            Transport t = ClientRuntime.shared(options, new Log(LogLevel.NONE, null, ""))
                    .transports()
                    .open(
                            URI.create("ws://127.0.0.1:" + server.port() + "/"),
                            Map.of(),
                            WireFormat.MSGPACK,
                            new TransportListener() {
                                @Override
                                public void onOpen() {
                                    openedOn.complete(Thread.currentThread().getName());
                                }

                                @Override
                                public void onMessage(ProtocolMessage message, int frameBytes) {}

                                @Override
                                public void onPing() {}

                                @Override
                                public void onClose(@Nullable ErrorInfo error) {
                                    openedOn.complete("closed: " + error);
                                }
                            });
            String thread = openedOn.get(10, TimeUnit.SECONDS);
            if (engine == WebSocketEngine.NIO) {
                assertThat(t).isInstanceOf(NioWebSocketTransport.class);
                assertThat(thread).isEqualTo("ably4j-nio");
            } else {
                assertThat(t).isInstanceOf(JdkWebSocketTransport.class);
                assertThat(thread).doesNotStartWith("closed").isNotEqualTo("ably4j-nio");
            }
            t.close();
        }
    }
}
