package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;

import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.RealtimeClient;
import io.ably4j.RestClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An in-process {@link Emulator} for the REST channel tests: {@link #KEY} may do anything, {@link #LIMITED_KEY} only on
 * channels named {@code allowed:*}. Makes REST and realtime clients of either format and closes the realtime ones
 * ({@link #closeClients()}); {@link #enterPresence} adds a presence member through a bare WebSocket, as the client
 * library has no realtime presence yet. Every wait is bounded by {@link UtsSandbox#DEADLINE}.
 */
final class RestSandbox implements AutoCloseable {
    static final String KEY = "restapp.key0:key0-secret";
    static final String LIMITED_KEY = "restapp.key1:key1-secret";

    private final Emulator emulator = Emulator.builder()
            .port(0)
            .key(KEY, "{\"*\":[\"*\"]}")
            .key(LIMITED_KEY, "{\"allowed:*\":[\"*\"]}")
            .build();
    private final List<RealtimeClient> clients = new ArrayList<>();
    private final List<WebSocket> sockets = new ArrayList<>();

    private ClientOptions.Builder options(String key, Protocol protocol) {
        return ClientOptions.builder()
                .key(key)
                .endpoint("localhost")
                .port(emulator.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .autoConnect(false)
                .useBinaryProtocol(protocol.binary());
    }

    RestClient rest(Protocol protocol) {
        return rest(KEY, protocol, b -> {});
    }

    RestClient rest(String key, Protocol protocol, Consumer<ClientOptions.Builder> more) {
        ClientOptions.Builder b = options(key, protocol);
        more.accept(b);
        return new RestClient(b.build());
    }

    /** A connected realtime client; closed by {@link #closeClients()}. */
    RealtimeClient realtime(Protocol protocol) throws Exception {
        RealtimeClient c = new RealtimeClient(options(KEY, protocol).build());
        clients.add(c);
        c.connect();
        await(c.connection().whenState(ConnectionState.CONNECTED));
        return c;
    }

    /**
     * Enters {@code clientId} into {@code channel}'s presence with {@code data} through a bare JSON WebSocket
     * connection: CONNECT, ATTACH, then PRESENCE ENTER, waiting for each answer. The member stays until {@link
     * #closeClients()}.
     */
    void enterPresence(String channel, String clientId, String data) throws Exception {
        BlockingQueue<Map<?, ?>> frames = new LinkedBlockingQueue<>();
        URI uri = URI.create("ws://localhost:" + emulator.port() + "/?format=json&v=6&key=" + enc(KEY) + "&clientId="
                + enc(clientId));
        WebSocket ws = await(HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public @Nullable CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    frames.add((Map<?, ?>) Json.parse(text.toString()).toValue());
                    text.setLength(0);
                }
                socket.request(1);
                return null;
            }
        }));
        sockets.add(ws);
        expect(frames, 4); // CONNECTED
        await(ws.sendText("{\"action\":10,\"channel\":" + Json.of(channel).text() + "}", true));
        expect(frames, 11); // ATTACHED
        await(ws.sendText(
                "{\"action\":14,\"channel\":" + Json.of(channel).text()
                        + ",\"msgSerial\":0,\"presence\":[{\"action\":2," + "\"data\":"
                        + Json.of(data).text() + "}]}",
                true));
        expect(frames, 1); // ACK
    }

    private static void expect(BlockingQueue<Map<?, ?>> frames, long action) throws InterruptedException {
        long end = System.nanoTime() + UtsSandbox.DEADLINE.toNanos();
        while (true) {
            Map<?, ?> frame = frames.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (frame == null) {
                throw new AssertionError("no frame with action " + action + " within " + UtsSandbox.DEADLINE);
            }
            if (frame.get("action") instanceof Long a && a == action) {
                return;
            }
            if (frame.get("action") instanceof Long a && (a == 2 || a == 9)) {
                throw new AssertionError("the emulator refused: " + frame);
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Closes the realtime clients and bare sockets made since the last call, waiting for CLOSED. */
    void closeClients() throws Exception {
        try {
            for (WebSocket ws : sockets) {
                ws.abort();
            }
            for (RealtimeClient c : clients) {
                c.close();
            }
            for (RealtimeClient c : clients) {
                await(CompletableFuture.anyOf(
                        c.connection().whenState(ConnectionState.CLOSED),
                        c.connection().whenState(ConnectionState.FAILED)));
            }
        } finally {
            clients.clear();
            sockets.clear();
        }
    }

    @Override
    public void close() {
        emulator.close();
    }
}
