package io.ably4j.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.LogLevel;
import io.ably4j.RealtimeClient;
import io.ably4j.testing.FakeRuntime;
import io.ably4j.testing.Fixtures;
import io.ably4j.types.TokenDetails;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UTS {@code realtime/unit/auth/token_expiry_non_renewable_test.md} (RSA4a). */
@NullUnmarked // tests read nullable results on purpose
class TokenExpiryNonRenewableTest {
    private final FakeRuntime rt = new FakeRuntime();

    @AfterEach
    void closeClients() {
        rt.close();
    }

    private record Logged(LogLevel level, String message) {}

    @Test
    void RSA4a1_non_renewable_token_logs_warning_0() {
        rt.ws.onConnectionAttempt(c -> c.respondWithSuccess(Fixtures.connected("connection-id", "connection-key")));
        List<Logged> logged = new ArrayList<>();

        rt.client(ClientOptions.builder()
                .token("non-renewable-token")
                .autoConnect(false)
                .useBinaryProtocol(false)
                .logHandler((level, message, t) -> logged.add(new Logged(level, message)))
                .logLevel(LogLevel.INFO)
                .build());

        List<String> info = logged.stream()
                .filter(l -> l.level() == LogLevel.INFO)
                .map(Logged::message)
                .toList();
        assertThat(info).anySatisfy(m -> assertThat(m).contains("40171"));
        assertThat(info).anySatisfy(m -> assertThat(m).contains("https://help.ably.io/error/40171"));
        assertThat(logged).noneSatisfy(l -> assertThat(l.message()).contains("non-renewable-token"));
    }

    /** The RSA4a1 message is only for a token that cannot be renewed. */
    @Test
    void RSA4a1_renewableToken_logsNo40171() {
        List<String> logged = new ArrayList<>();
        rt.client(ClientOptions.builder()
                .key("appId.keyId:keySecret")
                .token("renewable-token")
                .autoConnect(false)
                .logHandler((level, message, t) -> logged.add(message))
                .logLevel(LogLevel.VERBOSE)
                .build());
        assertThat(logged).noneSatisfy(m -> assertThat(m).contains("40171"));
    }

    @Test
    void RSA4a2_token_error_non_renewable_failed_0() {
        rt.ws.onConnectionAttempt(c -> {
            c.respondWithSuccess();
            c.sendToClientAndClose(Fixtures.error(40142, 401, "Token expired"));
        });
        RealtimeClient client = rt.client(ClientOptions.builder()
                .token("expired-token")
                .autoConnect(false)
                .useBinaryProtocol(false)
                .build());
        List<ConnectionStateChange> changes = new ArrayList<>();
        client.connection().on(changes::add);

        client.connect();
        rt.drain();

        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40171);
        List<ConnectionStateChange> failed = changes.stream()
                .filter(c -> c.current() == ConnectionState.FAILED)
                .toList();
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).reason().code()).isEqualTo(40171);
    }

    /**
     * RSA4b1, RSA4a2: the local clock cannot prove a token expired (only Ably's time can), so a token that cannot be
     * renewed is presented, and the server's token error fails the connection without retries.
     */
    @Test
    void RSA4a2_nonRenewableTokenExpiredByTheLocalClock_isPresentedAndItsRejectionFails() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            attempts.incrementAndGet();
            c.respondWithSuccess();
            c.sendToClientAndClose(Fixtures.error(40142, 401, "Token expired"));
        });
        TokenDetails expired = TokenDetails.builder("expired-token")
                .expires(rt.scheduler.currentTimeMillis() - 1_000)
                .build();
        RealtimeClient client = rt.client(ClientOptions.builder()
                .authOptions(AuthOptions.builder().tokenDetails(expired).build())
                .autoConnect(false)
                .build());

        client.connect();
        rt.drain();
        rt.advanceMillis(300_000);

        assertThat(attempts).hasValue(1);
        assertThat(rt.ws.lastAttempt().queryParams()).containsEntry("accessToken", "expired-token");
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40171);
    }

    @Test
    void RSA4a2_token_error_non_renewable_no_retry_1() {
        AtomicInteger attempts = new AtomicInteger();
        rt.ws.onConnectionAttempt(c -> {
            attempts.incrementAndGet();
            c.respondWithSuccess();
            c.sendToClientAndClose(Fixtures.error(40140, 401, "Token error"));
        });
        RealtimeClient client = rt.client(ClientOptions.builder()
                .token("non-renewable-token")
                .autoConnect(false)
                .useBinaryProtocol(false)
                .build());

        client.connect();
        rt.drain();
        rt.advanceMillis(300_000);

        assertThat(attempts).hasValue(1);
        assertThat(client.connection().state()).isEqualTo(ConnectionState.FAILED);
        assertThat(client.connection().errorReason().code()).isEqualTo(40171);
    }
}
