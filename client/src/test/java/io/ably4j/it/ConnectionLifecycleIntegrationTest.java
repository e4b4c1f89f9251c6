package io.ably4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.ConnectionState;
import io.ably4j.RealtimeClient;
import io.ably4j.it.UtsSandbox.Protocol;
import io.ably4j.it.UtsSandbox.StateLog;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * UTS {@code realtime/integration/connection_lifecycle_test.md} (RTN4b, RTN4c, RTN11, RTN12, RTN12a, RTN21) against
 * the emulator, in JSON and msgpack. The specs' clients of RTN4b and RTN4c use the default {@code autoConnect}; here
 * every client has {@code autoConnect: false} and is connected explicitly, because with ably4j's asynchronous connect
 * the INITIALIZED check right after construction would race with the automatic connection.
 */
class ConnectionLifecycleIntegrationTest {
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

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN4b_successful_connection_0(Protocol protocol) throws Exception {
        RealtimeClient client = sandbox.client(UtsSandbox.API_KEY, protocol);
        StateLog states = new StateLog(client);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);

        client.connect();
        states.await(ConnectionState.CONNECTING);
        states.await(ConnectionState.CONNECTED);
        assertThat(states.seen()).containsExactly(ConnectionState.CONNECTING, ConnectionState.CONNECTED);

        assertThat(client.connection().id()).isNotNull();
        assertThat(client.connection().key()).isNotNull();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().id()).matches("[a-zA-Z0-9_-]+");
        assertThat(client.connection().key()).matches("[a-zA-Z0-9_!-]+");
        assertThat(client.connection().errorReason()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN4c_graceful_close_0(Protocol protocol) throws Exception {
        RealtimeClient client = sandbox.client(UtsSandbox.API_KEY, protocol);
        StateLog states = new StateLog(client);
        client.connect();
        states.await(ConnectionState.CONNECTED);

        client.connection().close();
        states.await(ConnectionState.CLOSING);
        states.await(ConnectionState.CLOSED);
        assertThat(states.seen())
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.CLOSING,
                        ConnectionState.CLOSED);

        assertThat(client.connection().state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(client.connection().errorReason()).isNull();
        assertThat(client.connection().id()).isNull();
        assertThat(client.connection().key()).isNull();
    }

    @ParameterizedTest
    @EnumSource(Protocol.class)
    void RTN11_connect_reconnect_cycle_0(Protocol protocol) throws Exception {
        RealtimeClient client = sandbox.client(UtsSandbox.API_KEY, protocol);
        StateLog states = new StateLog(client);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.INITIALIZED);

        client.connect();
        states.await(ConnectionState.CONNECTED);
        String firstConnectionId = client.connection().id();

        client.connection().close();
        states.await(ConnectionState.CLOSED);

        client.connect();
        states.await(ConnectionState.CONNECTED);
        String secondConnectionId = client.connection().id();

        assertThat(firstConnectionId).isNotNull();
        assertThat(secondConnectionId).isNotNull().isNotEqualTo(firstConnectionId);
        assertThat(client.connection().errorReason()).isNull();
        // each connection went through CONNECTING to CONNECTED (RTN4b)
        assertThat(states.seen())
                .containsExactly(
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.CLOSING,
                        ConnectionState.CLOSED,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED);
    }
}
