package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ably4j.AuthCallback;
import io.ably4j.AuthCallback.Result;
import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.Json;
import io.ably4j.types.Message;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The shared setup of the token authentication integration tests ({@link AuthCallbackIntegrationTest}, {@link
 * AuthUrlIntegrationTest}, {@link TokenRenewalIntegrationTest}, {@link AuthorizeIntegrationTest}): the emulator over
 * plain WebSockets (token auth needs no TLS, RSC18), the "app server" and the app's auth server.
 *
 * <p>The "app server" of these tests is {@link #keyClient}, a client that holds the API key and never connects: its
 * {@code auth().requestToken} and {@code auth().createTokenRequest} issue the tokens and token requests that the token
 * clients obtain. The emulator asks for re-authentication {@link #AUTH_REQUEST_LEAD} before a token expires, so a token
 * of a few seconds is renewed while connected. Most cases run in JSON and msgpack. Each subclass gets its own emulator;
 * test classes run one after the other.
 */
abstract class TokenAuthIntegrationBase {
    static final String KEY_NAME = "tokenapp.key0";
    static final String KEY_SECRET = "key0-secret";
    static final String API_KEY = KEY_NAME + ":" + KEY_SECRET;
    /** The emulator sends AUTH this long before a token expires (RTN22); a token of twice that is renewed once. */
    static final Duration AUTH_REQUEST_LEAD = Duration.ofSeconds(2);

    static Emulator emulator;
    static ExecutorService keyClientCallbacks;
    static RealtimeClient keyClient;

    final List<RealtimeClient> clients = new ArrayList<>();
    private @Nullable AuthServer authServer;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder()
                .port(0)
                .key(API_KEY)
                .authRequestLead(AUTH_REQUEST_LEAD)
                .build();
        // its own callback thread: futures of the app server complete even while authCallbacks block the shared pool
        keyClientCallbacks = Executors.newSingleThreadExecutor();
        keyClient = new RealtimeClient(ClientOptions.builder()
                .key(API_KEY)
                .endpoint("localhost")
                .port(emulator.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .autoConnect(false)
                .callbackExecutor(keyClientCallbacks)
                .build());
    }

    @AfterAll
    static void stop() {
        keyClient.close();
        emulator.close();
        keyClientCallbacks.shutdownNow();
    }

    @AfterEach
    void closeClients() throws Exception {
        try {
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
            AuthServer s = authServer;
            if (s != null) {
                s.close();
                authServer = null;
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    /** A token issued by the app server (the key-holding client) for {@code params}. */
    static CompletableFuture<TokenDetails> issue(TokenParams params) {
        return keyClient.auth().requestToken(params, null);
    }

    static AuthOptions callback(AuthCallback callback) {
        return AuthOptions.builder().authCallback(callback).build();
    }

    /** An authCallback that asks the app server for the capability in its params, else {@code defaultCapability}. */
    static AuthOptions capabilityHonouringCallback(String defaultCapability) {
        return AuthOptions.builder()
                .authCallback(params -> {
                    String capability = params.capability();
                    return issue(TokenParams.builder()
                                    .capability(capability != null ? capability : defaultCapability)
                                    .build())
                            .thenApply(Result::of);
                })
                .build();
    }

    /** {@code {"name":["*"], ...}}. */
    static String capability(String... channels) {
        Map<String, Object> c = new LinkedHashMap<>();
        for (String name : channels) {
            c.put(name, List.of("*"));
        }
        return Json.of(c).text();
    }

    RealtimeClient client(Protocol protocol, AuthOptions auth) {
        return client(protocol, auth, b -> {});
    }

    /** A token client of the emulator over plain WebSockets, not yet connecting; closed after the test. */
    RealtimeClient client(Protocol protocol, AuthOptions auth, Consumer<ClientOptions.Builder> more) {
        ClientOptions.Builder b = ClientOptions.builder()
                .authOptions(auth)
                .endpoint("localhost")
                .port(emulator.port())
                .tls(false)
                .autoConnect(false)
                .useBinaryProtocol(protocol.binary());
        more.accept(b);
        RealtimeClient c = new RealtimeClient(b.build());
        clients.add(c);
        return c;
    }

    /** A connected client with the API key (basic auth), closed after the test. */
    RealtimeClient keyHolder(Protocol protocol) throws Exception {
        RealtimeClient c = new RealtimeClient(ClientOptions.builder()
                .key(API_KEY)
                .endpoint("localhost")
                .port(emulator.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .autoConnect(false)
                .useBinaryProtocol(protocol.binary())
                .build());
        clients.add(c);
        connect(c);
        return c;
    }

    static void connect(RealtimeClient client) throws Exception {
        client.connect();
        await(client.connection().whenState(ConnectionState.CONNECTED));
    }

    /** The client publishes on a fresh channel and receives its own message, sent as {@code clientId}. */
    static void assertPublishAndSubscribe(RealtimeClient client, @Nullable String clientId) throws Exception {
        RealtimeChannel channel = client.channels().get("pubsub:" + UtsSandbox.randomId());
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        channel.subscribe(received::add);
        await(channel.attach());
        await(channel.publish("greeting", "hello"));
        Message m = poll(received);
        assertThat(m.name()).isEqualTo("greeting");
        assertThat(m.data()).isEqualTo("hello");
        assertThat(m.clientId()).isEqualTo(clientId);
    }

    static long updates(List<ConnectionStateChange> changes) {
        return changes.stream().filter(c -> c.event() == ConnectionEvent.UPDATE).count();
    }

    /**
     * A JWT for the emulator's key (HS256, header {@code kid} = the key name) with the claims the emulator reads: {@code
     * iat}, {@code exp} ({@code ttl} from now; a negative ttl makes an expired token), {@code x-ably-capability} (JSON
     * text) and {@code x-ably-clientId}.
     */
    static String jwt(Duration ttl, String capability, String clientId) throws GeneralSecurityException {
        long now = System.currentTimeMillis() / 1000;
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "HS256");
        header.put("typ", "JWT");
        header.put("kid", KEY_NAME);
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iat", now);
        claims.put("exp", now + ttl.toSeconds());
        claims.put("x-ably-capability", capability);
        claims.put("x-ably-clientId", clientId);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signed = b64.encodeToString(Json.of(header).text().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(Json.of(claims).text().getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    AuthServer authServer() throws IOException {
        AuthServer s = new AuthServer();
        authServer = s;
        return s;
    }

    /** One request to the authUrl, as the app server saw it. */
    record AuthRequest(String method, @Nullable String query, Map<String, List<String>> headers, String body) {
        /** The parameters, from the query (GET) or the form body (POST). */
        Map<String, String> params() {
            String q = query;
            return parse(method.equals("GET") ? (q == null ? "" : q) : body);
        }

        @Nullable
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }

        static Map<String, String> parse(String encoded) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String pair : encoded.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                out.put(
                        URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    /** What the authUrl answers. */
    record AuthResponse(int status, String contentType, String body) {
        static AuthResponse json(String json) {
            return new AuthResponse(200, "application/json", json);
        }
    }

    /** How the app server answers a request; may throw to answer 500. */
    @FunctionalInterface
    interface AuthHandler {
        AuthResponse handle(AuthRequest request) throws Exception;
    }

    /** The app's auth server: an HTTP server on 127.0.0.1 serving {@code /auth}, recording each request. */
    static final class AuthServer implements AutoCloseable {
        final BlockingQueue<AuthRequest> requests = new LinkedBlockingQueue<>();
        private volatile AuthHandler handler = request -> new AuthResponse(500, "text/plain", "no handler");
        private final HttpServer server;

        AuthServer() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/auth", this::serve);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/auth";
        }

        void respond(AuthHandler h) {
            handler = h;
        }

        private void serve(HttpExchange exchange) throws IOException {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                AuthRequest request = new AuthRequest(
                        exchange.getRequestMethod(),
                        exchange.getRequestURI().getRawQuery(),
                        Map.copyOf(exchange.getRequestHeaders()),
                        body);
                requests.add(request);
                AuthResponse response;
                try {
                    response = handler.handle(request);
                } catch (Exception e) {
                    response = new AuthResponse(500, "text/plain", String.valueOf(e));
                }
                byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", response.contentType());
                exchange.sendResponseHeaders(response.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
