package io.ably4j.it;

import static io.ably4j.it.UtsSandbox.API_KEY;
import static io.ably4j.it.UtsSandbox.await;
import static io.ably4j.it.UtsSandbox.poll;
import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.HttpPaginatedResponse;
import io.ably4j.PaginatedResult;
import io.ably4j.RestClient;
import io.ably4j.Stats;
import io.ably4j.TokenRevocationTarget;
import io.ably4j.it.TokenAuthIntegrationBase.AuthRequest;
import io.ably4j.it.TokenAuthIntegrationBase.AuthResponse;
import io.ably4j.it.TokenAuthIntegrationBase.AuthServer;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A REST client whose tokens come from an authUrl (RSA8c) served by an HTTP server inside the test, against the
 * emulator: GET puts the authParams in the query (RSA8c1a), POST in a form body (RSA8c1b), the authHeaders go along
 * (RSA8c3), the token is obtained before the first request (RSA4) and renewed from the authUrl once Ably rejects it
 * (RSA4b): the app server's tokens are revoked, and the next request is answered with a token error, renewed and
 * sent again.
 */
class RestAuthUrlIntegrationTest {
    private static UtsSandbox sandbox;

    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void start() {
        sandbox = UtsSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String method : List.of("GET", "POST")) {
            for (Protocol protocol : Protocol.values()) {
                cases.add(Arguments.of(method, protocol));
            }
        }
        return cases.stream();
    }

    private RestClient rest(Protocol protocol, AuthOptions auth) {
        RestClient c = new RestClient(ClientOptions.builder()
                .authOptions(auth)
                .endpoint("localhost")
                .port(sandbox.port())
                .tls(false)
                .allowInsecureBasicAuthForLocalDevelopment(true)
                .useBinaryProtocol(protocol.binary())
                .build());
        opened.add(c);
        return c;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void RSA8c_RSA4b_restAuthUrlTokenRenewedAfterRejection(String method, Protocol protocol) throws Exception {
        RestClient admin = rest(protocol, AuthOptions.builder().key(API_KEY).build());
        String clientId = "authurl-" + UtsSandbox.randomId();
        AuthServer server = new AuthServer();
        opened.add(server);
        server.respond(request -> {
            TokenParams params =
                    TokenParams.builder().clientId(request.params().get("user")).build();
            return AuthResponse.json(
                    await(admin.auth().requestToken(params, null)).toJson());
        });
        RestClient client = rest(
                protocol,
                AuthOptions.builder()
                        .authUrl(server.url())
                        .authMethod(method)
                        .authParams(Map.of("user", clientId))
                        .authHeaders(Map.of("X-App-Session", "session-1"))
                        .build());

        HttpPaginatedResponse first = await(client.request("GET", "/channels/authurl/messages", 3));

        assertThat(first.statusCode()).isEqualTo(200);
        assertAuthRequest(poll(server.requests), method, clientId);
        TokenDetails firstToken = Objects.requireNonNull(client.auth().tokenDetails());
        assertThat(client.clientId()).isEqualTo(clientId); // RSA7b2: from the token
        assertThat(server.requests).isEmpty();

        await(admin.auth().revokeTokens(List.of(TokenRevocationTarget.clientId(clientId)), null));
        // tokens issued in the millisecond of the revocation are revoked too: wait for a later one
        long revokedAt = System.currentTimeMillis();
        while (System.currentTimeMillis() <= revokedAt + 1) {
            Thread.onSpinWait();
        }

        PaginatedResult<Stats> stats = await(client.stats()); // 40141, renewed from the authUrl, sent again

        assertThat(stats.items()).isEmpty();
        assertAuthRequest(poll(server.requests), method, clientId);
        assertThat(server.requests).as("one renewal").isEmpty();
        TokenDetails renewed = Objects.requireNonNull(client.auth().tokenDetails());
        assertThat(renewed.token()).isNotEqualTo(firstToken.token());
        assertThat(await(client.request("GET", "/channels/authurl/messages", 3)).statusCode())
                .isEqualTo(200);
        assertThat(server.requests).as("the renewed token is kept").isEmpty();
    }

    private static void assertAuthRequest(AuthRequest request, String method, String clientId) {
        assertThat(request.method()).isEqualTo(method);
        assertThat(request.params()).containsEntry("user", clientId);
        assertThat(request.header("X-App-Session")).isEqualTo("session-1");
        if (method.equals("GET")) {
            assertThat(request.body()).isEmpty();
        } else {
            assertThat(request.query()).isNull();
            assertThat(request.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        }
    }
}
