package io.ably4j.auth;

import static io.ably4j.auth.AuthTestSupport.answer;
import static io.ably4j.auth.AuthTestSupport.answerCloseWithClosed;
import static io.ably4j.auth.AuthTestSupport.callbackClient;
import static io.ably4j.auth.AuthTestSupport.connected;
import static io.ably4j.auth.AuthTestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.ChannelState;
import io.ably4j.ChannelStateChange;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeChannel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.AblyException;
import io.ably4j.types.ConnectionDetails;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.TokenDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/auth/realtime_authorize.md} (RTC8). */
@NullUnmarked // tests read nullable results on purpose
class RealtimeAuthorizeTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final AtomicInteger callbackCount = new AtomicInteger();
    /** The UTS callback: TokenDetails("token-N") on the N-th call. */
    private final AuthCallback numbered = params -> answer(token(rt, "token-" + callbackCount.incrementAndGet()));

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient connectedClient() {
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("connection-id", "connection-key")));
        RealtimeClient client = callbackClient(rt, numbered);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    /** The server answers AUTH with {@code reply} (then, if given, {@code then}) on the active connection. */
    private List<ProtocolMessage> answerAuthWith(ProtocolMessage reply, ProtocolMessage... then) {
        List<ProtocolMessage> auths = new ArrayList<>();
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.AUTH) {
                auths.add(m);
                rt.ws.activeConnection().sendToClient(reply);
                for (ProtocolMessage next : then) {
                    rt.ws.activeConnection().sendToClient(next);
                }
            }
        });
        return auths;
    }

    private static ProtocolMessage connectedWith(String id, String key, long maxIdle, long ttl) {
        return ProtocolMessage.builder(Action.CONNECTED)
                .connectionId(id)
                .connectionKey(key)
                .connectionDetails(ConnectionDetails.builder()
                        .connectionKey(key)
                        .maxIdleInterval(maxIdle)
                        .connectionStateTtl(ttl)
                        .build())
                .build();
    }

    @Test
    void RTC8a_authorize_connected_sends_auth_0() {
        RealtimeClient client = connectedClient();
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);
        List<ProtocolMessage> auths = answerAuthWith(connected("connection-id", "connection-key-2"));

        TokenDetails details = rt.await(client.auth().authorize());

        assertThat(callbackCount).hasValue(2);
        assertThat(auths).hasSize(1);
        assertThat(auths.get(0).auth()).isNotNull();
        assertThat(auths.get(0).auth().accessToken()).isEqualTo("token-2");
        assertThat(details.token()).isEqualTo("token-2");
        assertThat(changes).allSatisfy(c -> assertThat(c.current()).isEqualTo(c.previous()));
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.connectAttempts).hasSize(1);
    }

    @Test
    void RTC8a1_successful_reauth_update_event_0() {
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("connection-id-1", "connection-key-1")));
        RealtimeClient client = callbackClient(rt, numbered);
        client.connect();
        rt.drain();
        List<ConnectionStateChange> updates = new ArrayList<>();
        List<ConnectionStateChange> connectedEvents = new ArrayList<>();
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(ConnectionEvent.UPDATE, updates::add);
        client.connection().on(ConnectionEvent.CONNECTED, connectedEvents::add);
        client.connection().on(changes::add);
        answerAuthWith(connectedWith("connection-id-2", "connection-key-2", 20_000, 180_000));

        rt.await(client.auth().authorize());

        assertThat(updates).hasSize(1);
        assertThat(updates.get(0).previous()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(updates.get(0).current()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(connectedEvents).isEmpty();
        assertThat(changes).allSatisfy(c -> assertThat(c.current()).isEqualTo(c.previous()));
        assertThat(client.connection().key()).isEqualTo("connection-key-2"); // RTN21
        // connection.id from a reauth CONNECTED is implementation-dependent (UTS note); ably4j keeps the first.
    }

    @Test
    void RTC8a1_capability_downgrade_channel_failed_1() {
        RealtimeClient client = connectedClient();
        RealtimeChannel channel = client.channels().get("private-channel");
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.ATTACH && "private-channel".equals(m.channel())) {
                rt.ws.activeConnection()
                        .sendToClient(ProtocolMessage.builder(Action.ATTACHED)
                                .channel("private-channel")
                                .flags(0)
                                .build());
            }
        });
        rt.await(channel.attach());
        assertThat(channel.state()).isEqualTo(ChannelState.ATTACHED);
        List<ChannelStateChange> channelChanges = new ArrayList<>();
        channel.on(channelChanges::add);
        answerAuthWith(
                connected("connection-id", "connection-key-2"),
                ProtocolMessage.builder(Action.ERROR)
                        .channel("private-channel")
                        .error(ErrorInfo.of(40160, 401, "Channel denied access based on given capability"))
                        .build());

        rt.await(client.auth().authorize());

        assertThat(channel.state()).isEqualTo(ChannelState.FAILED);
        List<ChannelStateChange> failed = channelChanges.stream()
                .filter(c -> c.current() == ChannelState.FAILED)
                .toList();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).reason().code()).isEqualTo(40160);
        assertThat(failed.get(0).reason().statusCode()).isEqualTo(401);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void RTC8a2_failed_reauth_connection_failed_0() {
        RealtimeClient client = connectedClient();
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.AUTH) {
                rt.ws.activeConnection().sendToClientAndClose(Fixtures.error(40012, 400, "Incompatible clientId"));
            }
        });

        Throwable failure = rt.awaitError(client.auth().authorize());

        assertThat(failure).isInstanceOf(AblyException.class);
        assertThat(((AblyException) failure).errorInfo().code()).isEqualTo(40012);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40012);
        assertThat(states).contains(ConnectionState.FAILED);
    }

    /** A client CONNECTED with "token-1" whose later callbacks throw {@code error}. */
    private RealtimeClient connectedClientFailingLater(RuntimeException error) {
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("connection-id", "connection-key")));
        RealtimeClient client = callbackClient(rt, params -> {
            if (callbackCount.incrementAndGet() == 1) {
                return answer(token(rt, "token-1"));
            }
            throw error;
        });
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    /** RSA4d, RSA4d1: an explicit authorize() is an attempt to authenticate; a 403 from the callback fails it. */
    @Test
    void RSA4d1_authorizeWhoseCallbackFailsWith403_failsTheConnection() {
        RealtimeClient client = connectedClientFailingLater(AuthTestSupport.ablyError(40300, 403, "Account disabled"));

        Throwable failure = rt.awaitError(client.auth().authorize());

        ErrorInfo error = ((AblyException) failure).errorInfo();
        assertThat(error.code()).isEqualTo(80019);
        assertThat(error.statusCode()).isEqualTo(403);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(80019);
        assertThat(client.connection().errorReason().cause().code()).isEqualTo(40300);
        assertThat(rt.ws.sent(Action.AUTH)).isEmpty();
    }

    /** RSA4c1, RSA4c3, RSA4d1: another failure of authorize() leaves the connection CONNECTED, with the error. */
    @Test
    void RSA4c3_authorizeWhoseCallbackFails_staysConnectedWithTheError() {
        RealtimeClient client =
                connectedClientFailingLater(AuthTestSupport.ablyError(50000, 500, "Auth server unavailable"));
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);

        Throwable failure = rt.awaitError(client.auth().authorize());

        assertThat(((AblyException) failure).errorInfo().code()).isEqualTo(80019);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(changes).isEmpty();
        assertThat(client.connection().errorReason().code()).isEqualTo(80019);
        assertThat(client.connection().errorReason().cause().code()).isEqualTo(50000);
        assertThat(client.auth().tokenDetails().token()).isEqualTo("token-1"); // still in use
        assertThat(rt.ws.sent(Action.AUTH)).isEmpty();
    }

    @Test
    void RTC8a3_authorize_completes_after_response_0() {
        RealtimeClient client = connectedClient();
        List<ProtocolMessage> auths = new ArrayList<>();
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.AUTH) {
                auths.add(m); // the server does not answer yet
            }
        });

        CompletableFuture<TokenDetails> authorize = client.auth().authorize();
        rt.drain();

        assertThat(auths).hasSize(1);
        assertThat(authorize).isNotDone();
        rt.ws.activeConnection().sendToClient(connected("connection-id", "connection-key-2"));
        TokenDetails details = rt.await(authorize);
        assertThat(details.token()).isEqualTo("token-2");
    }

    @Test
    void RTC8a3_noAnswerToAuth_failsAfterRealtimeRequestTimeout_connectionStays() {
        RealtimeClient client = connectedClient();
        rt.ws.onMessageFromClient(m -> {}); // the server never answers AUTH

        CompletableFuture<TokenDetails> authorize = client.auth().authorize();
        rt.drain();
        rt.advance(client.options().realtimeRequestTimeout().minusMillis(1));
        assertThat(authorize).isNotDone();
        rt.advanceMillis(1);

        Throwable failure = rt.awaitError(authorize);
        assertThat(failure).isInstanceOf(AblyException.class);
        assertThat(((AblyException) failure).errorInfo().code()).isEqualTo(50003);
        assertThat(((AblyException) failure).errorInfo().statusCode()).isEqualTo(504);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void RTC8b_authorize_connecting_halts_attempt_0() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithSuccess(); // no CONNECTED: the client stays CONNECTING
            } else {
                c.respondWithSuccess(connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = callbackClient(rt, numbered);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);

        TokenDetails details = rt.await(client.auth().authorize());

        assertThat(details.token()).isEqualTo("token-2");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(callbackCount).hasValue(2);
        assertThat(attempts).hasValue(2);
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).containsEntry("accessToken", "token-2");
        assertThat(rt.ws.connectAttempts.get(0).isClosed()).isTrue(); // the halted attempt's transport
    }

    @Test
    void RTC8b1_authorize_connecting_fails_on_failed_0() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            if (attempts.incrementAndGet() > 1) {
                c.sendToClientAndClose(Fixtures.error(40101, 401, "Invalid credentials"));
            }
        });
        RealtimeClient client = callbackClient(rt, numbered);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTING);

        Throwable failure = rt.awaitError(client.auth().authorize());

        assertThat(failure).isInstanceOf(AblyException.class);
        assertThat(((AblyException) failure).errorInfo().code()).isEqualTo(40101);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
    }

    @Test
    void RTC8c_authorize_disconnected_initiates_connection_0() {
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("connection-id", "connection-key")));
        RealtimeClient client = callbackClient(rt, numbered);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));

        TokenDetails details = rt.await(client.auth().authorize());

        assertThat(details.token()).isEqualTo("token-1");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(states).containsSubsequence(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(rt.ws.connectAttempts.get(0).queryParams()).containsEntry("accessToken", "token-1");
        assertThat(callbackCount).hasValue(1);
    }

    @Test
    void RTC8c_authorize_failed_initiates_connection_1() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            if (attempts.incrementAndGet() == 1) {
                c.sendToClientAndClose(Fixtures.error(40101, 401, "Invalid credentials"));
            } else {
                c.sendToClient(connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = callbackClient(rt, numbered);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        List<ConnectionState> states = new ArrayList<>();
        client.connection().on(c -> states.add(c.current()));

        TokenDetails details = rt.await(client.auth().authorize());

        assertThat(details.token()).isEqualTo("token-2");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(states).containsSubsequence(ConnectionState.CONNECTING, ConnectionState.CONNECTED);
        assertThat(rt.ws.connectAttempts.get(1).queryParams()).containsEntry("accessToken", "token-2");
    }

    @Test
    void RTC8c_authorize_closed_initiates_connection_2() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            int n = attempts.incrementAndGet();
            c.respondWithSuccess(connected("connection-id-" + n, "connection-key-" + n));
        });
        answerCloseWithClosed(rt);
        RealtimeClient client = callbackClient(rt, numbered);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);

        TokenDetails details = rt.await(client.auth().authorize());

        assertThat(details.token()).isEqualTo("token-2");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("accessToken", "token-2");
    }
}
