package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.awaitFailure;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ably4j.AuthCallback;
import io.ably4j.AuthCallback.Result;
import io.ably4j.AuthOptions;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.Emulator;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.it.UtsSandbox.StateLog;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
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
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Token authentication end to end against the emulator over plain WebSockets (token auth needs no TLS, RSC18): every
 * form an authCallback may return (RSA8d), the authUrl with GET and POST and each response form (RSA8c), renewal of a
 * short-lived token on the server's AUTH request without loss (RTN22, RTC8a), {@code authorize()} changing capability
 * on a live connection (RTC8a, RTC8a1), and the failures of RSA4a2, RSA4c, RSA4d and RSA4f.
 *
 * <p>The "app server" of these tests is {@link #keyClient}, a client that holds the API key and never connects: its
 * {@code auth().requestToken} and {@code auth().createTokenRequest} issue the tokens and token requests that the token
 * clients obtain. The emulator asks for re-authentication {@link #AUTH_REQUEST_LEAD} before a token expires, so a token
 * of a few seconds is renewed while connected. Each case runs in JSON and msgpack.
 */
@Timeout(60)
class TokenAuthIntegrationTest {
    private static final String KEY_NAME = "tokenapp.key0";
    private static final String KEY_SECRET = "key0-secret";
    private static final String API_KEY = KEY_NAME + ":" + KEY_SECRET;
    /** The emulator sends AUTH this long before a token expires (RTN22); a token of twice that is renewed once. */
    private static final Duration AUTH_REQUEST_LEAD = Duration.ofSeconds(2);

    private static Emulator emulator;
    private static ExecutorService keyClientCallbacks;
    private static RealtimeClient keyClient;

    private final List<RealtimeClient> clients = new ArrayList<>();
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

    // ---------------------------------------------------------------- RSA8d: the forms an authCallback returns

    /** The callback returns a token string issued by the app server (TN1): the client id comes with CONNECTED. */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA8d_authCallback_token_string(Protocol protocol) throws Exception {
        TokenDetails issued =
                await(issue(TokenParams.builder().clientId("string-user").build()));
        RealtimeClient client =
                client(protocol, callback(params -> CompletableFuture.completedFuture(Result.token(issued.token()))));

        connect(client);

        assertThat(Objects.requireNonNull(client.auth().tokenDetails()).token()).isEqualTo(issued.token());
        assertThat(client.clientId()).isEqualTo("string-user"); // RSA7b3: from the connection details
        assertPublishAndSubscribe(client, "string-user");
    }

    /** The callback returns TokenDetails: they become the client's, and its client id the client's (RSA7b2). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA8d_authCallback_token_details(Protocol protocol) throws Exception {
        AtomicReference<@Nullable TokenDetails> given = new AtomicReference<>();
        RealtimeClient client = client(
                protocol,
                callback(params -> issue(
                                TokenParams.builder().clientId("details-user").build())
                        .thenApply(td -> {
                            given.set(td);
                            return Result.of(td);
                        })));

        connect(client);

        assertThat(client.auth().tokenDetails()).isNotNull().isEqualTo(given.get());
        assertThat(client.clientId()).isEqualTo("details-user");
        assertPublishAndSubscribe(client, "details-user");
    }

    /** The callback returns a TokenRequest signed by the app server; the client exchanges it for a token (RSA8d). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA8d_authCallback_token_request(Protocol protocol) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(protocol, callback(params -> {
            calls.incrementAndGet();
            return keyClient
                    .auth()
                    .createTokenRequest(
                            TokenParams.builder().clientId("request-user").build(), null)
                    .thenApply(Result::of);
        }));

        connect(client);

        TokenDetails details = Objects.requireNonNull(client.auth().tokenDetails());
        assertThat(details.token()).isNotEmpty();
        assertThat(details.clientId()).isEqualTo("request-user");
        assertThat(details.expires()).isNotNull().isGreaterThan(System.currentTimeMillis());
        assertThat(details.capability()).isEqualTo("{\"*\":[\"*\"]}");
        assertThat(client.clientId()).isEqualTo("request-user");
        assertThat(calls).hasValue(1);
        assertPublishAndSubscribe(client, "request-user");
    }

    /** The callback returns a JWT signed here with the key's secret (HS256, kid = key name): a token string (TN2). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA8d_authCallback_jwt(Protocol protocol) throws Exception {
        String jwt = jwt(Duration.ofHours(1), "{\"pubsub:*\":[\"publish\",\"subscribe\"]}", "jwt-user");
        RealtimeClient client =
                client(protocol, callback(params -> CompletableFuture.completedFuture(Result.token(jwt))));

        connect(client);

        assertThat(Objects.requireNonNull(client.auth().tokenDetails()).token()).isEqualTo(jwt);
        assertThat(client.clientId()).isEqualTo("jwt-user");
        assertPublishAndSubscribe(client, "jwt-user");
        // the JWT's capability is enforced: channels outside pubsub:* are refused (40160)
        RealtimeChannel other = client.channels().get("other-" + UtsSandbox.randomId());
        assertThat(awaitFailure(other.attach()).errorInfo().code()).isEqualTo(40160);
    }

    /**
     * The first token the callback gives has expired (a JWT whose {@code exp} has passed): Ably refuses the connection
     * with a token error (40142), and the client obtains a new token at once and connects with it, without going
     * DISCONNECTED (RSA4b, RTN14b).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN14b_expired_token_renewed_on_connect(Protocol protocol) throws Exception {
        String expired = jwt(Duration.ofMinutes(-1), "{\"*\":[\"*\"]}", "late-user");
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(protocol, callback(params -> {
            if (calls.incrementAndGet() == 1) {
                return CompletableFuture.completedFuture(Result.token(expired));
            }
            return issue(TokenParams.builder().clientId("late-user").build()).thenApply(Result::of);
        }));
        StateLog states = new StateLog(client);
        client.connect();

        states.await(ConnectionState.CONNECTED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(calls).hasValue(2);
        assertThat(Objects.requireNonNull(client.auth().tokenDetails()).token()).isNotEqualTo(expired);
        assertThat(client.clientId()).isEqualTo("late-user");
        assertPublishAndSubscribe(client, "late-user");
    }

    // ---------------------------------------------------------------- RSA8c: authUrl

    enum Form {
        TOKEN_REQUEST,
        TOKEN_DETAILS,
        TEXT_TOKEN
    }

    static Stream<Arguments> authUrlCases() {
        List<Arguments> cases = new ArrayList<>();
        for (String method : List.of("GET", "POST")) {
            for (Form form : Form.values()) {
                for (Protocol protocol : Protocol.values()) {
                    cases.add(Arguments.of(method, form, protocol));
                }
            }
        }
        return cases.stream();
    }

    /**
     * The authUrl serves a TokenRequest (application/json with a mac), TokenDetails (application/json with a token) or
     * a token string (text/plain); GET puts the authParams in the query (RSA8c1a), POST in a form body (RSA8c1b). The
     * app server issues the token to the client id named by the authParams, so the client id shows they arrived.
     */
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("authUrlCases")
    void RSA8c_authUrl_token_forms(String method, Form form, Protocol protocol) throws Exception {
        AuthServer server = authServer();
        server.respond(request -> {
            TokenParams params =
                    TokenParams.builder().clientId(request.params().get("user")).build();
            return switch (form) {
                case TOKEN_REQUEST ->
                    AuthResponse.json(await(keyClient.auth().createTokenRequest(params, null))
                            .toJson());
                case TOKEN_DETAILS -> AuthResponse.json(await(issue(params)).toJson());
                case TEXT_TOKEN ->
                    new AuthResponse(200, "text/plain", await(issue(params)).token());
            };
        });
        RealtimeClient client = client(
                protocol,
                AuthOptions.builder()
                        .authUrl(server.url())
                        .authMethod(method)
                        .authParams(Map.of("user", "url-user"))
                        .authHeaders(Map.of("X-App-Session", "session-1"))
                        .build());

        connect(client);

        AuthRequest request = poll(server.requests);
        assertThat(request.method()).isEqualTo(method);
        assertThat(request.params()).containsEntry("user", "url-user");
        assertThat(request.header("X-App-Session")).isEqualTo("session-1"); // RSA8c3
        if (method.equals("GET")) {
            assertThat(request.query()).contains("user=url-user");
            assertThat(request.body()).isEmpty();
        } else {
            assertThat(request.query()).isNull();
            assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
            assertThat(request.body()).contains("user=url-user");
        }
        assertThat(Objects.requireNonNull(client.auth().tokenDetails()).token()).isNotEmpty();
        assertThat(client.clientId()).isEqualTo("url-user");
        assertPublishAndSubscribe(client, "url-user");
    }

    // ---------------------------------------------------------------- RTN22, RTC8a: renewal while connected

    /**
     * A token of twice the emulator's auth request lead is renewed in place when the emulator asks (RTN22): the client
     * answers AUTH with a new token and the connection carries on (RTC8a1). A numbered stream published and received
     * by the token client across two renewals arrives complete and once, in order, at the token client itself and at
     * another client; the token client's user sees only UPDATE events after CONNECTED, on the same connection.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN22_token_renewed_while_connected_without_loss(Protocol protocol) throws Exception {
        long ttl = 2 * AUTH_REQUEST_LEAD.toMillis();
        List<TokenDetails> issued = new CopyOnWriteArrayList<>();
        RealtimeClient client = client(
                protocol,
                callback(params -> issue(TokenParams.builder().ttl(ttl).build()).thenApply(td -> {
                    issued.add(td);
                    return Result.of(td);
                })));
        List<ConnectionStateChange> changes = new CopyOnWriteArrayList<>();
        client.connection().on(changes::add);
        connect(client);
        String connectionId = client.connection().id();
        String channelName = "renewal-" + UtsSandbox.randomId();
        RealtimeChannel channel = client.channels().get(channelName);
        LinkedBlockingQueue<Message> echoed = new LinkedBlockingQueue<>();
        channel.subscribe(echoed::add);
        await(channel.attach());
        RealtimeClient observer = keyHolder(protocol);
        RealtimeChannel observed = observer.channels().get(channelName);
        LinkedBlockingQueue<Message> received = new LinkedBlockingQueue<>();
        observed.subscribe(received::add);
        await(observed.attach());

        // publish, one every 20 ms, until two renewals have happened, then a few more
        int sent = 0;
        int after = -1;
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (after < 5) {
            assertThat(System.nanoTime()).as("two renewals within 20 s").isLessThan(end);
            await(channel.publish("n", Integer.toString(sent++)));
            if (after >= 0 || updates(changes) >= 2) {
                after++;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // paces the stream; waits for no state
        }

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            expected.add(Integer.toString(i));
        }
        assertThat(poll(received, sent)).extracting(Message::data).containsExactlyElementsOf(expected);
        assertThat(poll(echoed, sent)).extracting(Message::data).containsExactlyElementsOf(expected);
        await(client.connection().ping()); // anything more would have arrived before the ping's reply
        await(observer.connection().ping());
        assertThat(received).isEmpty();
        assertThat(echoed).isEmpty();

        assertThat(issued).hasSizeGreaterThanOrEqualTo(3); // the first token and two renewals
        assertThat(client.connection().id()).isEqualTo(connectionId);
        assertThat(changes.get(0).current()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(changes.get(1).current()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(changes.subList(2, changes.size())).isNotEmpty().allSatisfy(c -> {
            assertThat(c.event()).isEqualTo(ConnectionEvent.UPDATE);
            assertThat(c.current()).isEqualTo(ConnectionState.CONNECTED);
        });
        assertThat(Objects.requireNonNull(client.auth().tokenDetails()).token())
                .isIn(issued.stream().map(TokenDetails::token).toList())
                .isNotEqualTo(issued.get(0).token());
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
    }

    /**
     * While the renewal the server asked for is in progress, the old token is still the one in use, so {@code
     * tokenDetails()} still returns it (RSA16a); it is replaced when the new one is obtained (RSA16c).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA16a_token_details_kept_while_renewing(Protocol protocol) throws Exception {
        long ttl = 2 * AUTH_REQUEST_LEAD.toMillis();
        BlockingQueue<CompletableFuture<Result>> renewals = new LinkedBlockingQueue<>();
        AtomicBoolean first = new AtomicBoolean(true);
        RealtimeClient client = client(protocol, callback(params -> {
            if (first.getAndSet(false)) {
                return issue(TokenParams.builder().ttl(ttl).build()).thenApply(Result::of);
            }
            CompletableFuture<Result> pending = new CompletableFuture<>();
            renewals.add(pending);
            return pending;
        }));
        connect(client);
        TokenDetails initial = Objects.requireNonNull(client.auth().tokenDetails());

        CompletableFuture<Result> renewal = poll(renewals); // the emulator asked for a new token (RTN22)
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.auth().tokenDetails())
                .as("the token in use during renewal")
                .isEqualTo(initial);

        CompletableFuture<@Nullable ConnectionStateChange> update = new CompletableFuture<>();
        client.connection().once(ConnectionEvent.UPDATE, update::complete);
        TokenDetails next = await(
                issue(TokenParams.builder().ttl(Duration.ofHours(1).toMillis()).build()));
        renewal.complete(Result.of(next));
        await(update);
        assertThat(client.auth().tokenDetails()).isEqualTo(next);
    }

    /**
     * The renewal the server asks for fails (the authCallback throws): the connection stays CONNECTED with no state
     * change (RSA4c3) and keeps using the old token until it expires; Ably then disconnects it with 40142, and the
     * client renews the token (the callback works again) and resumes the same connection (RTN15h2).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4c3_failed_renewal_keeps_connection_until_expiry(Protocol protocol) throws Exception {
        long ttl = 2 * AUTH_REQUEST_LEAD.toMillis();
        AtomicInteger calls = new AtomicInteger();
        AtomicLong failedAt = new AtomicLong();
        RealtimeClient client = client(
                protocol,
                AuthOptions.builder()
                        .authCallback(AuthCallback.blocking(params -> {
                            int call = calls.incrementAndGet();
                            if (call == 2) {
                                failedAt.set(System.currentTimeMillis());
                                throw new IOException("the app server is down");
                            }
                            long t = call == 1 ? ttl : Duration.ofHours(1).toMillis();
                            return Result.of(
                                    await(issue(TokenParams.builder().ttl(t).build())));
                        }))
                        .build());
        List<ConnectionStateChange> changes = new CopyOnWriteArrayList<>();
        client.connection().on(changes::add);
        connect(client);
        String connectionId = client.connection().id();
        long expires = Objects.requireNonNull(
                Objects.requireNonNull(client.auth().tokenDetails()).expires());
        CompletableFuture<@Nullable ConnectionStateChange> disconnected =
                client.connection().whenState(ConnectionState.DISCONNECTED);

        ConnectionStateChange lost = Objects.requireNonNull(await(disconnected));
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(expires);
        assertThat(failedAt.get()).as("the failed renewal, before the expiry").isBetween(1L, expires);
        assertThat(lost.previous()).isEqualTo(ConnectionState.CONNECTED); // no change when the renewal failed
        assertThat(Objects.requireNonNull(lost.reason()).code()).isEqualTo(40142);
        await(client.connection().whenState(ConnectionState.CONNECTED));
        assertThat(calls).hasValue(3);
        assertThat(client.connection().id()).isEqualTo(connectionId); // resumed
        assertThat(changes)
                .extracting(ConnectionStateChange::current)
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
        assertPublishAndSubscribe(client, null);
    }

    // ---------------------------------------------------------------- RTC8a: authorize() on a live connection

    /**
     * {@code authorize()} with params asking for more capability sends AUTH with the new token on the live connection
     * (RTC8a): the connection stays CONNECTED with the same id, emits UPDATE (RTC8a1), and a channel the first token
     * refused can now be attached, while the channel attached before keeps working.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTC8a_authorize_upgrades_capability(Protocol protocol) throws Exception {
        String a = "cap-a-" + UtsSandbox.randomId();
        String b = "cap-b-" + UtsSandbox.randomId();
        String onlyA = capability(a);
        String both = capability(a, b);
        RealtimeClient client = client(protocol, capabilityHonouringCallback(onlyA));
        List<ConnectionStateChange> changes = new CopyOnWriteArrayList<>();
        client.connection().on(changes::add);
        connect(client);
        String connectionId = client.connection().id();
        RealtimeChannel channelA = client.channels().get(a);
        LinkedBlockingQueue<Message> receivedA = new LinkedBlockingQueue<>();
        channelA.subscribe(receivedA::add);
        await(channelA.attach());
        RealtimeChannel channelB = client.channels().get(b);
        assertThat(awaitFailure(channelB.attach()).errorInfo().code()).isEqualTo(40160);
        assertThat(channelB.state()).isEqualTo(ChannelState.FAILED);

        TokenDetails upgraded = await(
                client.auth().authorize(TokenParams.builder().capability(both).build(), null));

        assertThat(Json.parse(Objects.requireNonNull(upgraded.capability()))).isEqualTo(Json.parse(both));
        assertThat(client.auth().tokenDetails()).isEqualTo(upgraded);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isEqualTo(connectionId);
        assertThat(changes.subList(2, changes.size()))
                .extracting(ConnectionStateChange::event)
                .containsExactly(ConnectionEvent.UPDATE);
        await(channelB.attach()); // RTL4g: from FAILED, attach tries again
        assertThat(channelB.state()).isEqualTo(ChannelState.ATTACHED);
        await(channelB.publish("b", "now allowed"));
        assertThat(channelA.state()).isEqualTo(ChannelState.ATTACHED);
        await(channelA.publish("a", "still flowing"));
        assertThat(poll(receivedA).data()).isEqualTo("still flowing");
    }

    /**
     * {@code authorize()} with less capability: the connection takes the new token (UPDATE, same connection), and
     * Ably fails the attached channel the new token no longer permits with a channel ERROR 40160, which the client
     * reports as the channel's FAILED state change with that reason (RTC8a1); the other channel stays ATTACHED.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTC8a1_authorize_downgrade_fails_channel(Protocol protocol) throws Exception {
        String a = "cap-a-" + UtsSandbox.randomId();
        String b = "cap-b-" + UtsSandbox.randomId();
        RealtimeClient client = client(protocol, capabilityHonouringCallback(capability(a, b)));
        connect(client);
        String connectionId = client.connection().id();
        RealtimeChannel channelA = client.channels().get(a);
        RealtimeChannel channelB = client.channels().get(b);
        await(channelA.attach());
        await(channelB.attach());
        CompletableFuture<ChannelStateChange> bFailed = new CompletableFuture<>();
        channelB.on(change -> {
            if (change.current() == ChannelState.FAILED) {
                bFailed.complete(change);
            }
        });

        await(client.auth()
                .authorize(TokenParams.builder().capability(capability(a)).build(), null));

        ChannelStateChange failed = await(bFailed);
        ErrorInfo reason = Objects.requireNonNull(failed.reason());
        assertThat(reason.code()).isEqualTo(40160);
        assertThat(reason.statusCode()).isEqualTo(401);
        assertThat(channelB.errorReason()).isEqualTo(reason);
        assertThat(channelA.state()).isEqualTo(ChannelState.ATTACHED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isEqualTo(connectionId);
        await(channelA.publish("a", "still allowed"));
    }

    /**
     * {@code authorize()} while CONNECTING (the first token is still being obtained): the attempt is halted and the
     * client connects with the token authorize obtained (RTC8b), which completes once CONNECTED (RTC8b1); the first
     * token, arriving later, is not the one the connection uses.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTC8b_authorize_while_connecting_uses_the_new_token(Protocol protocol) throws Exception {
        String a = "cap-a-" + UtsSandbox.randomId();
        String b = "cap-b-" + UtsSandbox.randomId();
        BlockingQueue<CompletableFuture<Result>> first = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(protocol, callback(params -> {
            if (calls.incrementAndGet() == 1) {
                CompletableFuture<Result> pending = new CompletableFuture<>();
                first.add(pending);
                return pending;
            }
            return issue(TokenParams.builder().capability(params.capability()).build())
                    .thenApply(Result::of);
        }));
        StateLog states = new StateLog(client);
        client.connect();
        CompletableFuture<Result> firstToken = poll(first);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);

        TokenDetails authorized = await(client.auth()
                .authorize(TokenParams.builder().capability(capability(a, b)).build(), null));

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        states.await(ConnectionState.CONNECTED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(client.auth().tokenDetails()).isEqualTo(authorized);
        await(client.channels().get(b).attach()); // the connection has the authorized token's capability
        firstToken.complete(Result.of(
                await(issue(TokenParams.builder().capability(capability(a)).build()))));
        await(client.channels().get(a).attach());
        assertThat(calls).hasValue(2);
    }

    /**
     * As {@link #RTC8b_authorize_while_connecting_uses_the_new_token}, JSON only: the first token, obtained for the
     * halted attempt and arriving after authorize's, must not replace the authorized token as the client's (RSA16a),
     * which later reconnections present. Nothing signals that the late token has been handled, so the check waits up to
     * 2 s for the current token to change.
     */
    @Test
    void RTC8b_late_first_token_does_not_replace_authorized_token() throws Exception {
        String a = "cap-a-" + UtsSandbox.randomId();
        String b = "cap-b-" + UtsSandbox.randomId();
        BlockingQueue<CompletableFuture<Result>> first = new LinkedBlockingQueue<>();
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(Protocol.JSON, callback(params -> {
            if (calls.incrementAndGet() == 1) {
                CompletableFuture<Result> pending = new CompletableFuture<>();
                first.add(pending);
                return pending;
            }
            return issue(TokenParams.builder().capability(params.capability()).build())
                    .thenApply(Result::of);
        }));
        client.connect();
        CompletableFuture<Result> firstToken = poll(first);
        TokenDetails authorized = await(client.auth()
                .authorize(TokenParams.builder().capability(capability(a, b)).build(), null));

        firstToken.complete(Result.of(
                await(issue(TokenParams.builder().capability(capability(a)).build()))));

        long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < end && authorized.equals(client.auth().tokenDetails())) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
        assertThat(client.auth().tokenDetails()).isEqualTo(authorized);
    }

    /**
     * {@code authorize()} obtains a token for another clientId: Ably refuses the AUTH with a connection ERROR 40102,
     * the connection goes FAILED (RTC8a2), and the authorize call fails with that error once Ably answered (RTC8a3).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTC8a2_authorize_with_incompatible_client_id_fails(Protocol protocol) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(protocol, callback(params -> {
            String clientId = calls.incrementAndGet() == 1 ? "alice" : "mallory";
            return issue(TokenParams.builder().clientId(clientId).build()).thenApply(Result::of);
        }));
        StateLog states = new StateLog(client);
        client.connect();
        states.await(ConnectionState.CONNECTED);
        assertThat(client.clientId()).isEqualTo("alice");

        AblyException refused = awaitFailure(client.auth().authorize());

        assertThat(refused.errorInfo().code()).isEqualTo(40102);
        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        assertThat(states.seen())
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.FAILED);
        assertThat(Objects.requireNonNull(failed.reason()).code()).isEqualTo(40102);
        assertThat(client.connection().errorReason()).isEqualTo(failed.reason());
    }

    // ---------------------------------------------------------------- failures

    /**
     * An authCallback that throws fails the attempt with 80019/401 whose cause is the failure (RSA4c1); the connection
     * goes DISCONNECTED (RSA4c2) and connects on a later attempt once the callback works again.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4c_authCallback_throws_then_recovers(Protocol protocol) throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        RealtimeClient client = client(
                protocol,
                AuthOptions.builder()
                        .authCallback(AuthCallback.blocking(params -> {
                            if (failing.get()) {
                                throw new IOException("the app server is down");
                            }
                            return Result.of(await(issue(params)));
                        }))
                        .build(),
                b -> b.disconnectedRetryTimeout(Duration.ofMillis(300)));
        StateLog states = new StateLog(client);
        client.connect();

        ConnectionStateChange disconnected = states.await(ConnectionState.DISCONNECTED);
        ErrorInfo reason = Objects.requireNonNull(disconnected.reason());
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(401);
        assertThat(Objects.requireNonNull(reason.cause()).message()).contains("the app server is down");
        assertThat(client.connection().errorReason()).isEqualTo(reason);

        failing.set(false);
        states.await(ConnectionState.CONNECTED);
        assertThat(states.seen())
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.DISCONNECTED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
        assertPublishAndSubscribe(client, null);
    }

    /** An authUrl that answers 403 fails the connection for good: FAILED with 80019/403 (RSA4d). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4d_authUrl_403_fails_connection(Protocol protocol) throws Exception {
        AuthServer server = authServer();
        server.respond(request -> new AuthResponse(403, "text/plain", "forbidden"));
        RealtimeClient client =
                client(protocol, AuthOptions.builder().authUrl(server.url()).build());
        StateLog states = new StateLog(client);
        client.connect();

        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.FAILED);
        ErrorInfo reason = Objects.requireNonNull(failed.reason());
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(403);
        assertThat(Objects.requireNonNull(reason.cause()).statusCode()).isEqualTo(403);
        assertThat(client.connection().errorReason()).isEqualTo(reason);
        assertThat(server.requests).hasSize(1); // not retried
    }

    /**
     * An authCallback failing with an error of statusCode 403 fails the connection (RSA4d: 80019/403 with that cause);
     * {@code authorize()} from FAILED obtains a token and connects with it (RTC8c) once the callback gives one.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTC8c_authorize_connects_from_failed(Protocol protocol) throws Exception {
        AtomicBoolean forbidden = new AtomicBoolean(true);
        RealtimeClient client = client(protocol, callback(params -> {
            if (forbidden.get()) {
                return CompletableFuture.failedFuture(
                        new AblyException(ErrorInfo.of(40300, 403, "not allowed in yet")));
            }
            return issue(params).thenApply(Result::of);
        }));
        StateLog states = new StateLog(client);
        client.connect();
        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        ErrorInfo reason = Objects.requireNonNull(failed.reason());
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(403);
        assertThat(Objects.requireNonNull(reason.cause()).code()).isEqualTo(40300);

        forbidden.set(false);
        TokenDetails details = await(client.auth().authorize());

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        states.await(ConnectionState.CONNECTED);
        assertThat(client.auth().tokenDetails()).isEqualTo(details);
        assertThat(states.seen())
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.FAILED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
        assertPublishAndSubscribe(client, null);
    }

    /**
     * The clientId option does not match the clientId of the TokenDetails the callback gives: the connection goes
     * FAILED with 40102 (RSA15a, RSA15c) rather than retrying with the same incompatible credentials.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA15c_incompatible_token_client_id_fails_connection(Protocol protocol) throws Exception {
        AtomicInteger calls = new AtomicInteger();
        RealtimeClient client = client(
                protocol,
                callback(params -> {
                    calls.incrementAndGet();
                    return issue(TokenParams.builder().clientId("alice").build())
                            .thenApply(Result::of);
                }),
                b -> b.clientId("bob").disconnectedRetryTimeout(Duration.ofMillis(200)));
        StateLog states = new StateLog(client);
        client.connect();

        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.FAILED);
        ErrorInfo reason = Objects.requireNonNull(failed.reason());
        assertThat(reason.code()).isEqualTo(40102);
        assertThat(calls).hasValue(1);
    }

    /**
     * An authUrl that answers text/html gives a token of invalid format (RSA4f): connecting, that is 80019/401 with
     * the 40170 format error as its cause, and the connection goes DISCONNECTED (RSA4c2); an explicit {@code
     * requestToken} fails with 40170 itself (RSA4e).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4f_authUrl_html_is_invalid(Protocol protocol) throws Exception {
        AuthServer server = authServer();
        server.respond(request -> new AuthResponse(200, "text/html; charset=utf-8", "<html>login</html>"));
        RealtimeClient client = client(
                protocol,
                AuthOptions.builder().authUrl(server.url()).build(),
                b -> b.disconnectedRetryTimeout(Duration.ofMinutes(1)));
        StateLog states = new StateLog(client);
        client.connect();

        ConnectionStateChange disconnected = states.await(ConnectionState.DISCONNECTED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.DISCONNECTED);
        ErrorInfo reason = Objects.requireNonNull(disconnected.reason());
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(401);
        ErrorInfo cause = Objects.requireNonNull(reason.cause());
        assertThat(cause.code()).isEqualTo(40170);
        assertThat(cause.message()).contains("text/html");

        AblyException explicit = awaitFailure(client.auth().requestToken(null, null));
        assertThat(explicit.errorInfo().code()).isEqualTo(40170);
        assertThat(explicit.errorInfo().statusCode()).isEqualTo(401);
    }

    /**
     * A token string with no means to renew it (RSA4a): when it expires the emulator sends DISCONNECTED 40142 (the
     * AUTH it sent before expiry found nothing to renew with), and the connection goes FAILED at once, with no retry
     * and no DISCONNECTED state. RTN15h1 (and its UTS case {@code realtime/unit/RTN15h1/token-error-no-renew-0}) makes
     * that error the errorReason; connecting again presents the expired token, which Ably refuses, and RSA4a2 makes
     * that refusal 40171 with the token error as its cause.
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4a2_token_expires_without_means_to_renew(Protocol protocol) throws Exception {
        TokenDetails issued = await(issue(TokenParams.builder().ttl(3000L).build()));
        RealtimeClient client =
                client(protocol, AuthOptions.builder().token(issued.token()).build());
        StateLog states = new StateLog(client);
        client.connect();
        states.await(ConnectionState.CONNECTED);

        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(Objects.requireNonNull(issued.expires()));
        assertThat(states.seen())
                .containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED, ConnectionState.FAILED);
        ErrorInfo reason = Objects.requireNonNull(failed.reason());
        assertThat(reason.code()).isEqualTo(40142); // RTN15h1
        assertThat(reason.statusCode()).isEqualTo(401);

        client.connect();
        ConnectionStateChange again = states.await(ConnectionState.FAILED);
        ErrorInfo refused = Objects.requireNonNull(again.reason());
        assertThat(refused.code()).isEqualTo(40171); // RSA4a2
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Objects.requireNonNull(refused.cause()).code()).isEqualTo(40142);
    }

    // ---------------------------------------------------------------- helpers

    /** A token issued by the app server (the key-holding client) for {@code params}. */
    private static CompletableFuture<TokenDetails> issue(TokenParams params) {
        return keyClient.auth().requestToken(params, null);
    }

    private static AuthOptions callback(AuthCallback callback) {
        return AuthOptions.builder().authCallback(callback).build();
    }

    /** An authCallback that asks the app server for the capability in its params, else {@code defaultCapability}. */
    private static AuthOptions capabilityHonouringCallback(String defaultCapability) {
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
    private static String capability(String... channels) {
        Map<String, Object> c = new LinkedHashMap<>();
        for (String name : channels) {
            c.put(name, List.of("*"));
        }
        return Json.of(c).text();
    }

    private RealtimeClient client(Protocol protocol, AuthOptions auth) {
        return client(protocol, auth, b -> {});
    }

    /** A token client of the emulator over plain WebSockets, not yet connecting; closed after the test. */
    private RealtimeClient client(Protocol protocol, AuthOptions auth, Consumer<ClientOptions.Builder> more) {
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
    private RealtimeClient keyHolder(Protocol protocol) throws Exception {
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

    private static void connect(RealtimeClient client) throws Exception {
        client.connect();
        await(client.connection().whenState(ConnectionState.CONNECTED));
    }

    /** The client publishes on a fresh channel and receives its own message, sent as {@code clientId}. */
    private static void assertPublishAndSubscribe(RealtimeClient client, @Nullable String clientId) throws Exception {
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

    private static long updates(List<ConnectionStateChange> changes) {
        return changes.stream().filter(c -> c.event() == ConnectionEvent.UPDATE).count();
    }

    /**
     * A JWT for the emulator's key (HS256, header {@code kid} = the key name) with the claims the emulator reads: {@code
     * iat}, {@code exp} ({@code ttl} from now; a negative ttl makes an expired token), {@code x-ably-capability} (JSON
     * text) and {@code x-ably-clientId}.
     */
    private static String jwt(Duration ttl, String capability, String clientId) throws GeneralSecurityException {
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

    private AuthServer authServer() throws IOException {
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

        private static Map<String, String> parse(String encoded) {
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
