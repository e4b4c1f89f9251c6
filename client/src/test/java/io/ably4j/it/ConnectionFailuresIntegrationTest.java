package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.it.UtsSandbox.StateLog;
import io.ably4j.types.ErrorInfo;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UTS {@code realtime/integration/connection/connection_failures_test.md} (RTN14a, RTN14g) against the emulator: the
 * server refuses unknown credentials with a non-token error and the connection goes FAILED. The specs run in JSON
 * only; each case also runs in msgpack.
 */
class ConnectionFailuresIntegrationTest {
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

    /** Connects a client with {@code key} and returns the change into FAILED, having seen only CONNECTING first. */
    private static ConnectionStateChange connectUntilFailed(String key, Protocol protocol) throws Exception {
        RealtimeClient client = sandbox.client(key, protocol);
        StateLog states = new StateLog(client);
        client.connect();
        ConnectionStateChange failed = states.await(ConnectionState.FAILED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.FAILED);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason()).isNotNull().isEqualTo(failed.reason());
        return failed;
    }

    /**
     * The integration twin of the unit case {@code realtime/unit/RTN14a/invalid-key-failed-0} (same method name, in
     * {@code io.ably4j.ConnectionOpenFailuresTest}).
     */
    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN14a_invalid_key_failed_0(Protocol protocol) throws Exception {
        ErrorInfo error = Objects.requireNonNull(
                connectUntilFailed("invalid.key:secret", protocol).reason());

        assertThat(error.code()).isIn(40005, 40101);
        assertThat(error.statusCode()).isIn(401, 404);
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN14g_revoked_key_failed_0(Protocol protocol) throws Exception {
        ErrorInfo error = Objects.requireNonNull(
                connectUntilFailed("nonexistent.keyname:keysecret", protocol).reason());

        // not a token error (40140-40149), so RTN14g applies rather than a token renewal
        assertThat(error.code() < 40140 || error.code() >= 40150)
                .as("code %s outside 40140-40149", error.code())
                .isTrue();
    }
}
