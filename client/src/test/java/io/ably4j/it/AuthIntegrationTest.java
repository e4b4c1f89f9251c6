package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthCallback;
import io.ably4j.AuthOptions;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.it.UtsSandbox.StateLog;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import io.ably4j.types.TokenRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * UTS {@code realtime/integration/auth.md}, {@code auth/token_renewal_test.md} and {@code auth/token_request_test.md}
 * (RTC8, RSA8, RSA7, RSA4b, RSA9) against the emulator instead of Ably's sandbox. JWTs are made here, HS256 over the
 * sandbox key's secret with {@code kid} = the key name, as the specs' "third-party JWT library" would make them.
 */
class AuthIntegrationTest {
    private static UtsSandbox sandbox;

    @BeforeAll
    static void start() {
        sandbox = UtsSandbox.start();
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @AfterEach
    void closeClients() throws Exception {
        sandbox.closeClients();
    }

    /** An HS256 JWT for the sandbox key ({@code generate_jwt}). */
    static String jwt(long ttlMillis, @Nullable String clientId) {
        String key = UtsSandbox.API_KEY;
        String keyName = key.substring(0, key.indexOf(':'));
        String secret = key.substring(key.indexOf(':') + 1);
        long now = System.currentTimeMillis();
        String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + keyName + "\"}";
        String claims = "{\"iat\":" + now / 1000 + ",\"exp\":" + (now + ttlMillis) / 1000.0
                + (clientId == null ? "" : ",\"x-ably-clientId\":\"" + clientId + "\"") + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client of the sandbox authenticating with {@code callback} only (no key). */
    private static RealtimeClient tokenClient(AuthCallback callback, @Nullable String clientId, Protocol protocol) {
        return sandbox.client(
                UtsSandbox.API_KEY,
                protocol,
                b -> b.authOptions(AuthOptions.builder().authCallback(callback).build())
                        .clientId(clientId));
    }

    private static AuthCallback jwtCallback(long ttlMillis, @Nullable String clientId) {
        return AuthCallback.blocking(params -> AuthCallback.Result.token(jwt(ttlMillis, clientId)));
    }

    @Test
    void RTC8a_in_band_reauth_connected_0() throws Exception {
        RealtimeClient client = tokenClient(jwtCallback(3_600_000, null), null, Protocol.JSON);
        StateLog states = new StateLog(client);
        client.connect();
        states.await(ConnectionState.CONNECTED);
        String idBefore = client.connection().id();
        List<ConnectionStateChange> changes = Collections.synchronizedList(new ArrayList<>());
        client.connection().on(changes::add);

        TokenDetails token = UtsSandbox.await(client.auth().authorize());

        assertThat(token).isNotNull();
        assertThat(token.token()).isNotEmpty();
        assertThat(client.connection().id()).isEqualTo(idBefore);
        assertThat(changes).allSatisfy(c -> assertThat(c.current()).isEqualTo(c.previous()));
    }

    @Test
    void RTC8c_authorize_initiates_connection_0() throws Exception {
        RealtimeClient client = tokenClient(jwtCallback(3_600_000, null), null, Protocol.JSON);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);

        TokenDetails token = UtsSandbox.await(client.auth().authorize());
        UtsSandbox.await(client.connection().whenState(ConnectionState.CONNECTED));

        assertThat(token).isNotNull();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).isNotNull();
    }

    @Test
    void RSA8_token_auth_connect_0() throws Exception {
        RealtimeClient client = tokenClient(jwtCallback(3_600_000, null), null, Protocol.JSON);
        client.connect();
        UtsSandbox.await(client.connection().whenState(ConnectionState.CONNECTED));

        assertThat(client.connection().id()).isNotNull();
        assertThat(client.connection().errorReason()).isNull();
        assertThat(client.options().usesBasicAuth()).isFalse();
    }

    @Test
    void RSA7_matching_clientid_succeeds_0() throws Exception {
        String clientId = "test-client-" + UtsSandbox.randomId();
        RealtimeClient client = tokenClient(jwtCallback(3_600_000, clientId), clientId, Protocol.JSON);
        client.connect();
        UtsSandbox.await(client.connection().whenState(ConnectionState.CONNECTED));

        assertThat(client.auth().clientId()).isEqualTo(clientId);
    }

    @Test
    void RSA7_mismatched_clientid_fails_1() throws Exception {
        RealtimeClient client =
                tokenClient(jwtCallback(3_600_000, "token-client-id"), "wrong-client-id", Protocol.JSON);
        StateLog states = new StateLog(client);
        client.connect();

        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        assertThat(failed.reason()).isNotNull().extracting(e -> e.code()).isEqualTo(40102);
    }

    @Test
    void RSA4b_token_renewal_on_expiry_0() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AuthCallback callback = AuthCallback.blocking(
                params -> AuthCallback.Result.token(jwt(calls.incrementAndGet() == 1 ? 5_000 : 3_600_000, null)));
        RealtimeClient client = tokenClient(callback, null, Protocol.JSON);
        StateLog states = new StateLog(client);
        client.connect();
        states.await(ConnectionState.CONNECTED);
        assertThat(calls.get()).isEqualTo(1);

        // The server sends DISCONNECTED with 40142 when the 5 s token expires; the client renews and reconnects.
        ConnectionStateChange disconnected = states.await(ConnectionState.DISCONNECTED);
        assertThat(disconnected.reason())
                .isNotNull()
                .satisfies(e -> assertThat(e.code()).isBetween(40140, 40149));
        states.await(ConnectionState.CONNECTED);

        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
    }

    /** {@code creator}: a key-holding client that signs token requests (the UTS uses a REST client). */
    private static RealtimeClient creator() {
        return sandbox.client(UtsSandbox.API_KEY, Protocol.JSON);
    }

    @Test
    void RSA9a_token_request_server_accepted_0() throws Exception {
        RealtimeClient creator = creator();
        AuthCallback callback =
                params -> creator.auth().createTokenRequest(null, null).thenApply(AuthCallback.Result::of);
        RealtimeClient client = tokenClient(callback, null, Protocol.JSON);
        client.connect();
        UtsSandbox.await(client.connection().whenState(ConnectionState.CONNECTED));

        assertThat(client.connection().id()).isNotNull();
        assertThat(client.connection().errorReason()).isNull();
        assertThat(creator.connection().state()).isEqualTo(ConnectionState.INITIALIZED); // signed locally (RSA9)
    }

    @Test
    void RSA9_token_request_with_clientid_0() throws Exception {
        String clientId = "token-request-client-" + UtsSandbox.randomId();
        RealtimeClient creator = creator();
        AuthCallback callback = params -> creator.auth()
                .createTokenRequest(TokenParams.builder().clientId(clientId).build(), null)
                .thenApply((TokenRequest r) -> AuthCallback.Result.of(r));
        RealtimeClient client = tokenClient(callback, clientId, Protocol.JSON);
        client.connect();
        UtsSandbox.await(client.connection().whenState(ConnectionState.CONNECTED));

        assertThat(client.auth().clientId()).isEqualTo(clientId);
    }
}
