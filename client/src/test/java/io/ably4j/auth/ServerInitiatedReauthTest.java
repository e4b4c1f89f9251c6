package io.ably4j.auth;

import static io.ably4j.auth.AuthTestSupport.answer;
import static io.ably4j.auth.AuthTestSupport.authRequest;
import static io.ably4j.auth.AuthTestSupport.callbackClient;
import static io.ably4j.auth.AuthTestSupport.connected;
import static io.ably4j.auth.AuthTestSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.ProtocolMessage;
import io.ably4j.types.ProtocolMessage.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/server_initiated_reauth_test.md} (RTN22, RTN22a). */
@NullUnmarked // tests read nullable results on purpose
class ServerInitiatedReauthTest {
    private final FakeRuntime rt = new FakeRuntime();
    private final AtomicInteger callbackCount = new AtomicInteger();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient connectedClient(String tokenPrefix, String id, String key) {
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected(id, key)));
        RealtimeClient client =
                callbackClient(rt, params -> answer(token(rt, tokenPrefix + callbackCount.incrementAndGet())));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        return client;
    }

    private List<ProtocolMessage> answerAuthWith(ProtocolMessage reply) {
        List<ProtocolMessage> auths = new ArrayList<>();
        rt.ws.onMessageFromClient(m -> {
            if (m.action() == Action.AUTH) {
                auths.add(m);
                rt.ws.activeConnection().sendToClient(reply);
            }
        });
        return auths;
    }

    @Test
    void RTN22_server_auth_triggers_reauth_0() {
        RealtimeClient client = connectedClient("token-", "connection-id", "connection-key");
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);
        List<ProtocolMessage> auths = answerAuthWith(connected("connection-id", "connection-key-2"));

        rt.ws.activeConnection().sendToClient(authRequest());
        rt.drain();

        assertThat(callbackCount).hasValue(2);
        assertThat(auths).hasSize(1);
        assertThat(auths.get(0).auth()).isNotNull();
        assertThat(auths.get(0).auth().accessToken()).isEqualTo("token-2");
        assertThat(changes).allSatisfy(c -> assertThat(c.current()).isEqualTo(ConnectionState.CONNECTED));
        assertThat(changes).filteredOn(c -> c.event() == ConnectionEvent.UPDATE).hasSize(1);
        assertThat(client.auth().tokenDetails().token()).isEqualTo("token-2"); // RSA16
        assertThat(rt.ws.connectAttempts).hasSize(1);
    }

    @Test
    void RTN22_stays_connected_during_reauth_1() {
        RealtimeClient client = connectedClient("reauth-token-", "conn-1", "key-1");
        answerAuthWith(connected("conn-1", "key-1-updated"));
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);

        rt.ws.activeConnection().sendToClient(authRequest());
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).event()).isEqualTo(ConnectionEvent.UPDATE);
        assertThat(changes.get(0).current()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(changes.get(0).previous()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().key()).isEqualTo("key-1-updated");
    }

    /** RTN22, RTN12: a connection closed while its new token was being obtained stays closed when it arrives. */
    @Test
    void RTN22_closedWhileObtainingTheToken_staysClosed() {
        CompletableFuture<AuthCallback.Result> held = new CompletableFuture<>();
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("conn-1", "key-1")));
        AuthTestSupport.answerCloseWithClosed(rt);
        RealtimeClient client = callbackClient(
                rt, params -> callbackCount.incrementAndGet() == 1 ? answer(token(rt, "token-1")) : held);
        client.connect();
        rt.drain();
        rt.ws.activeConnection().sendToClient(authRequest());
        rt.drain();
        assertThat(callbackCount).hasValue(2);

        client.close();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        held.complete(AuthCallback.Result.of(token(rt, "token-2")));
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(rt.ws.connectAttempts).hasSize(1);
        assertThat(rt.ws.sent(Action.AUTH)).isEmpty();
    }

    /** Tokens never reach the log, at any level, through connecting, RTN22 re-authentication and a rejection. */
    @Test
    void RTN22_tokensAreNeverLogged() {
        List<String> logged = new ArrayList<>();
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(connected("conn-1", "key-1")));
        answerAuthWith(connected("conn-1", "key-2"));
        RealtimeClient client = callbackClient(
                rt,
                params -> answer(token(rt, "secret-token-" + callbackCount.incrementAndGet())),
                b -> b.logLevel(LogLevel.VERBOSE).logHandler((level, message, t) -> {
                    logged.add(message);
                    if (t != null) {
                        logged.add(String.valueOf(t));
                    }
                }));
        client.connect();
        rt.drain();
        rt.ws.activeConnection().sendToClient(authRequest());
        rt.drain();
        rt.ws.activeConnection()
                .sendToClient(ProtocolMessage.builder(Action.DISCONNECTED)
                        .error(ErrorInfo.of(40142, 401, "Token expired"))
                        .build());
        rt.drain();

        assertThat(callbackCount).hasValue(3);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(logged).isNotEmpty().noneSatisfy(m -> assertThat(m).contains("secret-token"));
    }

    @Test
    void RTN22a_forced_disconnect_reauth_failure_0() {
        RealtimeClient client = connectedClient("recovery-token-", "conn-1", "key-1");
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);

        rt.ws.activeConnection()
                .sendToClient(ProtocolMessage.builder(Action.DISCONNECTED)
                        .error(ErrorInfo.of(40142, 401, "Token expired"))
                        .build());
        rt.drain();

        ConnectionStateChange disconnected = changes.stream()
                .filter(c -> c.current() == ConnectionState.DISCONNECTED)
                .findFirst()
                .orElseThrow();
        assertThat(disconnected.reason().code()).isEqualTo(40142);
        // RTN15h2: a new token is obtained and the connection resumed with it.
        assertThat(callbackCount).hasValue(2);
        assertThat(rt.ws.connectAttempts).hasSize(2);
        assertThat(rt.ws.lastAttempt().queryParams())
                .containsEntry("accessToken", "recovery-token-2")
                .containsEntry("resume", "key-1");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }
}
