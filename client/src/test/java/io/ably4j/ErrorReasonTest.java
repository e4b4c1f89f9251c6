package io.ably4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.testing.MockWebSocket;
import io.ably4j.types.ErrorInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/connection/error_reason_test.md} (RTN25). */
@NullUnmarked // tests pass nulls and read nullable results on purpose
class ErrorReasonTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private RealtimeClient failWith(ClientOptions options, int code, int status, String message) {
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            c.sendToClientAndClose(Fixtures.error(code, status, message));
        });
        return rt.client(options);
    }

    @Test
    void RTN25_error_reason_on_failed_0() {
        RealtimeClient client = failWith(
                ClientOptions.builder()
                        .key("invalid.key:secret")
                        .autoConnect(false)
                        .build(),
                40005,
                400,
                "Invalid API key");
        assertThat(client.connection().errorReason()).isNull();
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        ErrorInfo e = client.connection().errorReason();
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(40005);
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.message()).isEqualTo("Invalid API key");
    }

    @Test
    void RTN25_error_reason_disconnected_1() {
        rt.ws.onConnectionAttempt(MockWebSocket.PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(client.connection().errorReason()).isNotNull();
        assertThat(client.connection().errorReason().message()).isNotEmpty();
    }

    /** Adapted: the UTS assumes a 5 s TTL; the spec default connectionStateTtl is 120 s (DF1a). */
    @Test
    void RTN25_error_reason_suspended_2() {
        rt.ws.onConnectionAttempt(MockWebSocket.PendingConnection::respondWithRefused);
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofMillis(500)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        rt.advanceMillis(120_100);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.SUSPENDED);
        assertThat(client.connection().errorReason()).isNotNull();
        assertThat(client.connection().errorReason().code()).isEqualTo(80002);
        assertThat(client.connection().errorReason().message()).isNotEmpty();
    }

    @Test
    void RTN25_error_reason_token_error_3() {
        RealtimeClient client = failWith(
                ClientOptions.builder()
                        .token("expired_token")
                        .autoConnect(false)
                        .build(),
                40142,
                401,
                "Token expired");
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40171); // RSA4a2
        assertThat(client.connection().errorReason().cause().code()).isEqualTo(40142);
    }

    @Test
    void RTN25_error_reason_cleared_on_connect_4() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithRefused();
            } else {
                c.respondWithSuccess();
                c.sendToClient(Fixtures.connected("connection-id", "connection-key"));
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false).disconnectedRetryTimeout(Duration.ofMillis(100)));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.DISCONNECTED);
        assertThat(client.connection().errorReason()).isNotNull();
        rt.advanceMillis(150);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().errorReason()).isNull();
    }

    @Test
    void RTN25_error_reason_protocol_error_5() {
        RealtimeClient client = failWith(
                ClientOptions.builder()
                        .key("appId.keyId:keySecret")
                        .autoConnect(false)
                        .build(),
                50000,
                500,
                "Internal server error");
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        ErrorInfo e = client.connection().errorReason();
        assertThat(e.code()).isEqualTo(50000);
        assertThat(e.statusCode()).isEqualTo(500);
        assertThat(e.message()).isEqualTo("Internal server error");
    }

    @Test
    void RTN25_error_reason_in_state_change_6() {
        RealtimeClient client = failWith(
                ClientOptions.builder()
                        .key("appId.keyId:keySecret")
                        .autoConnect(false)
                        .build(),
                40003,
                400,
                "Access token invalid");
        List<ConnectionStateChange> failed = new ArrayList<>();
        client.connection().on(ConnectionEvent.FAILED, failed::add);
        client.connect();
        rt.drain();
        assertThat(failed).hasSize(1);
        ErrorInfo reason = failed.get(0).reason();
        assertThat(reason.code()).isEqualTo(40003);
        assertThat(reason.statusCode()).isEqualTo(400);
        assertThat(reason.message()).isEqualTo("Access token invalid");
        assertThat(client.connection().errorReason()).isEqualTo(reason);
    }

    @Test
    void RTN11d_errorReasonClearedByConnectFromFailed() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            if (attempts.incrementAndGet() == 1) {
                c.respondWithError(Fixtures.error(50000, 500, "boom"));
            } else {
                c.respondWithSuccess(Fixtures.connected());
            }
        });
        RealtimeClient client = rt.client(b -> b.autoConnect(false));
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);
        client.connect();
        rt.drain();
        assertThat(client.connection().state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.connection().errorReason()).isNull();
        assertThat(changes.get(0).current()).isEqualTo(ConnectionState.CONNECTING);
        assertThat(changes.get(0).reason()).isNull();
    }
}
