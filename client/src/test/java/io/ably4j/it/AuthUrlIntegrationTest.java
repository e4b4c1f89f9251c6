package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.awaitFailure;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthOptions;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.it.UtsSandbox.StateLog;
import io.ably4j.types.AblyException;
import io.ably4j.types.ErrorInfo;
import io.ably4j.types.TokenParams;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Token authentication with an authUrl against the emulator (RSA8c): GET and POST, each response form, the authParams
 * and authHeaders as the app's auth server sees them; a 403 (RSA4d), an HTML answer and an oversized body (RSA4f).
 */
@Timeout(60)
class AuthUrlIntegrationTest extends TokenAuthIntegrationBase {
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
    void RSA8c_authUrlGetOrPost_servesEveryTokenForm(String method, Form form, Protocol protocol) throws Exception {
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

    /** An authUrl that answers 403 fails the connection for good: FAILED with 80019/403 (RSA4d). */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4d_authUrl403_failsTheConnection(Protocol protocol) throws Exception {
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
     * An authUrl that answers text/html gives a token of invalid format (RSA4f): connecting, that is 80019/401 with
     * the 40170 format error as its cause, and the connection goes DISCONNECTED (RSA4c2); an explicit {@code
     * requestToken} fails with 40170 itself (RSA4e).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RSA4f_authUrlHtmlResponse_isInvalid(Protocol protocol) throws Exception {
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
     * An authUrl body over 128 KiB (here a 2 MB text/plain "token") is not read to its end (RSA4f): connecting fails
     * with 80019/401 whose cause is the 40170 format error naming the limit, and the connection goes DISCONNECTED.
     */
    @Test
    void RSA4f_authUrlBodyOver128KiB_isNotRead_80019CausedBy40170() throws Exception {
        AuthServer server = authServer();
        server.respond(request -> new AuthResponse(200, "text/plain", "x".repeat(2 * 1024 * 1024)));
        RealtimeClient client = client(
                Protocol.JSON,
                AuthOptions.builder().authUrl(server.url()).build(),
                b -> b.disconnectedRetryTimeout(Duration.ofMinutes(1)));
        StateLog states = new StateLog(client);
        client.connect();

        ConnectionStateChange disconnected = states.await(ConnectionState.DISCONNECTED);
        ErrorInfo reason = Objects.requireNonNull(disconnected.reason());
        assertThat(reason.code()).isEqualTo(80019);
        assertThat(reason.statusCode()).isEqualTo(401);
        ErrorInfo cause = Objects.requireNonNull(reason.cause());
        assertThat(cause.code()).isEqualTo(40170);
        assertThat(cause.message()).contains("131072");
    }
}
