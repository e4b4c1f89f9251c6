package io.ably4j.emulator.junit.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.ably4j.AuthOptions;
import io.ably4j.ClientOptions;
import io.ably4j.ConnectionEvent;
import io.ably4j.ConnectionState;
import io.ably4j.ConnectionStateChange;
import io.ably4j.RealtimeClient;
import io.ably4j.emulator.EventLog;
import io.ably4j.emulator.Faults;
import io.ably4j.emulator.ManualClock;
import io.ably4j.emulator.junit.EmulatorExtension;
import io.ably4j.emulator.junit.EmulatorKey;
import io.ably4j.types.ProtocolMessage.Action;
import io.ably4j.types.TokenDetails;
import io.ably4j.types.TokenParams;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The application's {@link OrderNotifier} on a client with token auth, against a new emulator per test on a manual
 * clock: the client renews its token when the emulator expires it (and resumes), and in place when the emulator asks
 * before expiry. The regions between {@code docs:} markers are quoted in {@code docs/testing.md}.
 */
// docs:begin token-renewal-test
class TokenRenewalTest {
    @RegisterExtension
    static EmulatorExtension ably =
            EmulatorExtension.builder().manualClock().perMethod().build(); // a fresh emulator per test

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A client that signs its own token requests with the key: 60 s tokens, renewed when needed. */
    static RealtimeClient tokenClient(ClientOptions.Builder options, String key) {
        return new RealtimeClient(options.authOptions(AuthOptions.builder()
                        .key(key)
                        .useTokenAuth(true)
                        .defaultTokenParams(TokenParams.builder().ttl(60_000L).build())
                        .build())
                .build());
    }

    @Test
    void renewsAnExpiredTokenAndResumes(ClientOptions.Builder options, @EmulatorKey String key, Faults faults)
            throws Exception {
        try (RealtimeClient client = tokenClient(options, key)) {
            client.connection().whenState(ConnectionState.CONNECTED).await(TIMEOUT);
            OrderNotifier notifier = new OrderNotifier(client);
            notifier.start().await();
            String connectionId = Objects.requireNonNull(client.connection().id());
            String firstToken = token(client);
            CompletableFuture<ConnectionStateChange> lost = new CompletableFuture<>();
            client.connection().once(ConnectionEvent.DISCONNECTED, lost::complete);
            CompletableFuture<ConnectionStateChange> back = new CompletableFuture<>();
            client.connection().once(ConnectionEvent.CONNECTED, back::complete);

            faults.expireToken(connectionId); // DISCONNECTED 40142, and the token is refused from now on

            assertThat(Objects.requireNonNull(lost.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                                    .reason())
                            .code())
                    .isEqualTo(40142);
            back.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(client.connection().id()).isEqualTo(connectionId); // resumed with a new token
            assertThat(token(client)).isNotEqualTo(firstToken);
            notifier.orderPlaced("order-3").await(); // and the component carries on
        }
    }

    @Test
    void renewsTheTokenInPlaceWhenAsked(
            ClientOptions.Builder options, @EmulatorKey String key, ManualClock clock, EventLog log) throws Exception {
        try (RealtimeClient client = tokenClient(options, key)) {
            client.connection().whenState(ConnectionState.CONNECTED).await(TIMEOUT);
            String connectionId = client.connection().id();
            String firstToken = token(client);
            CompletableFuture<ConnectionStateChange> update = new CompletableFuture<>();
            client.connection().once(ConnectionEvent.UPDATE, update::complete);

            // 31 s later the 60 s token is within the emulator's 30 s lead: it asks the client to re-authenticate
            clock.advance(Duration.ofSeconds(31));

            update.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS); // the new token was accepted, without reconnecting
            assertThat(client.connection().id()).isEqualTo(connectionId);
            assertThat(token(client)).isNotEqualTo(firstToken);
            assertThat(log.events(EventLog.frame(true, Action.AUTH.code()))).hasSize(1); // asked once
            assertThat(log.events(EventLog.frame(false, Action.AUTH.code()))).hasSize(1); // answered once
        }
    }

    static String token(RealtimeClient client) {
        TokenDetails details = Objects.requireNonNull(client.auth().tokenDetails());
        return details.token();
    }
}
// docs:end token-renewal-test
